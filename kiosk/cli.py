"""``kiosk``: one command with subcommands (demo, run, scenario run, catalog import, diag).

Exit codes mean one thing each, in every command: 0 success; 1 a result that is not success (a scenario
expectation failed, ``diag`` found a device unhealthy); 2 bad input (arguments, configuration, scenario file,
catalog rows: the file, key or value is named, no traceback); 3 an internal error (one line naming the log file
that holds the traceback). Machine output is JSON; long work shows a progress bar.
The screen is a *front-end* found through the ``kiosk.frontends`` entry-point group, so this core package
never imports Qt or ``ui``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import KioskConfig, load_config
from kiosk.config.model import StorageSection
from kiosk.datafolder import DEMO_SUBFOLDER, DataFolderInUse, DataFolderLock, data_folder
from kiosk.errors import BadInput
from kiosk.logs import configure as configure_logging
from kiosk.logs import record_crash

if TYPE_CHECKING:  # rich (and pygments behind it) is imported only when printing: cold start
    from rich.console import Console

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3


def default_config_dir() -> Path | None:
    """``$KIOSK_CONFIG_DIR``, else ``./config``, else the source checkout's ``config/``, else built-in defaults."""
    env = os.environ.get("KIOSK_CONFIG_DIR")
    if env:
        return Path(env)
    for candidate in (Path.cwd() / "config", Path(__file__).resolve().parents[1] / "config"):
        if (candidate / "lane.toml").is_file():
            return candidate
    return None


def _console(*, stderr: bool) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True)


def _config_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None, help="configuration folder (default: ./config)")


def _global_flags(parser: argparse.ArgumentParser, default: object) -> None:
    """The flags every command takes. Subcommands declare them again with ``SUPPRESS`` defaults, so
    ``kiosk -v diag`` and ``kiosk diag -v`` both work and neither position resets the other."""
    parser.add_argument("-v", "--verbose", action="store_true", default=default, help="log at INFO level")
    parser.add_argument(
        "--log-json", action="store_true", default=default, help="one JSON object per log line"
    )


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080, got {text!r}") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"size out of range: {text}")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Open self-checkout kiosk",
        epilog="exit codes: 0 success, 1 a check failed, 2 bad input, 3 internal error (see the log file)",
    )
    _global_flags(parser, default=False)
    common = argparse.ArgumentParser(add_help=False)
    _global_flags(common, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for name, text in (
        ("demo", "the kiosk on simulators, with a control panel"),
        ("run", "the kiosk on real devices"),
    ):
        screen = sub.add_parser(name, help=text, description=text, parents=[common])
        _config_arg(screen)
        screen.add_argument("--fullscreen", action="store_true", help="fill the screen, no window frame")
        screen.add_argument("--size", type=_size, default=(1920, 1080), help="window size, e.g. 1024x768")
        screen.add_argument(
            "--database", default=None, help="database URL (default: from config / data folder)"
        )
        if name == "demo":
            screen.add_argument(
                "--no-control-panel", action="store_true", help="no simulator control panel beside the kiosk"
            )
            screen.add_argument(
                "--control-port",
                type=int,
                default=None,
                help="also accept scanner-simulator commands (SCAN <code>, GARBAGE, …) on this localhost TCP port",
            )

    scenario_parser = sub.add_parser("scenario", help="scenario files", parents=[common])
    scenario_parser.set_defaults(group=scenario_parser)
    scenario = scenario_parser.add_subparsers(dest="action", metavar="ACTION", title="actions")
    run = scenario.add_parser("run", help="play a scenario file", parents=[common])
    run.add_argument("file", type=Path, help="the scenario (YAML)")
    run.add_argument("--json", type=Path, default=None, help="write the JSON report here")
    run.add_argument(
        "--keep-dir", type=Path, default=None, help="keep the run's data (database) in this folder"
    )
    _config_arg(run)

    catalog_parser = sub.add_parser("catalog", help="catalog management", parents=[common])
    catalog_parser.set_defaults(group=catalog_parser)
    catalog = catalog_parser.add_subparsers(dest="action", metavar="ACTION", title="actions")
    imp = catalog.add_parser("import", help="import a catalog CSV (all-or-nothing)", parents=[common])
    imp.add_argument("file", type=Path, help="the catalog (CSV, see the catalog format document)")
    imp.add_argument("--skip-invalid", action="store_true", help="import the valid rows, list the rest")
    imp.add_argument("--ignore-unknown", action="store_true", help="ignore unknown columns")
    imp.add_argument(
        "--database",
        default=None,
        help="catalog database: a file path or URL (default: from config / data folder)",
    )
    _config_arg(imp)

    diag = sub.add_parser(
        "diag", help="device diagnostics: state, health, statistics (JSON)", parents=[common]
    )
    _config_arg(diag)
    diag.add_argument("--simulate", action="store_true", help="run the check against the simulators")
    diag.add_argument("--external", action="store_true", help="also run EXTERNAL health checks (may act)")
    diag.add_argument(
        "--unplug",
        action="append",
        default=[],
        metavar="ROLE",
        help="with --simulate: unplug this role's simulator first, to see a missing device (repeatable)",
    )
    return parser


def _log_level(args: argparse.Namespace) -> int:
    return logging.INFO if args.verbose else logging.WARNING


def _load(args: argparse.Namespace) -> KioskConfig:
    """The configuration, and from now on the lane id on every log line."""
    config = load_config(args.config if args.config is not None else default_config_dir())
    configure_logging(_log_level(args), config.lane.id, args.log_json)
    return config


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: 0 after --help, 2 for bad arguments (it printed why)
        return exc.code if isinstance(exc.code, int) else EXIT_INVALID
    configure_logging(_log_level(args), "-", args.log_json)
    try:
        return _run(args)
    except BadInput as exc:
        from rich.markup import escape

        _console(stderr=True).print(f"[red]{exc.kind}:[/] {escape(str(exc))}", highlight=False)
        return EXIT_INVALID
    except DataFolderInUse as exc:
        _console(stderr=True).print(f"[red]refused:[/] {exc}", highlight=False)
        return EXIT_INVALID
    except Exception as exc:  # a bug: one line for the person, the traceback for the developer
        summary = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        log = record_crash(f"internal error in 'kiosk {args.command}': {summary}")
        if log is None:
            logging.getLogger(__name__).exception("internal error")
            print(f"kiosk: internal error: {summary} (no log file could be written)", file=sys.stderr)
        else:
            print(f"kiosk: internal error: {summary}; the traceback is in {log}", file=sys.stderr)
        return EXIT_INTERNAL


def _run(args: argparse.Namespace) -> int:
    if args.command in ("scenario", "catalog") and args.action is None:
        args.group.print_help(sys.stderr)  # says what the actions are
        return EXIT_INVALID
    if args.command in ("demo", "run"):
        return _screen(args)
    if args.command == "scenario":
        return _scenario(args, _console(stderr=True))
    if args.command == "catalog":
        return _catalog_import(args, _console(stderr=True))
    return _diag(args)


def _frontend() -> Callable[..., int] | None:
    """The screen's ``run`` function from the ``kiosk.frontends`` entry point, or None if not installed."""
    frontends = {ep.name: ep for ep in entry_points(group="kiosk.frontends")}
    return frontends["qt"].load() if "qt" in frontends else None


def _screen(args: argparse.Namespace) -> int:
    """Paint first, start later: only the configuration is read before the window shows (see ui.app.run).

    The data folder's lane lock is taken before anything else, so a second lane on the folder is refused
    (exit 2) before it paints or opens the journal. The demo lives in its own sub-folder and ignores the
    configured database URLs: a demo sale must never reach a real lane's journal or catalog.
    """
    from kiosk.lane.deferred import DeferredLane

    config = _load(args)
    demo = args.command == "demo"
    lock = DataFolderLock.acquire(data_folder() / DEMO_SUBFOLDER if demo else data_folder())
    if demo:
        config = config.model_copy(update={"storage": StorageSection()})
    frontends = {ep.name: ep for ep in entry_points(group="kiosk.frontends")}
    if "qt" not in frontends:
        print("the Qt front-end is not installed (pip install -e .)", file=sys.stderr)
        return EXIT_INVALID
    run = frontends["qt"].load()
    run = _frontend()
    if run is None:
        print("the Qt front-end is not installed (pip install -e .)", file=sys.stderr)
        return EXIT_INVALID
    demo = args.command == "demo"
    control_ports = {"scanner": args.control_port} if demo and args.control_port is not None else None

    def start() -> object:
        if demo:
            from kiosk.simulated import build_simulated_services

            return build_simulated_services(
                config, database_url=args.database, lock=lock, control_ports=control_ports
            )
        from kiosk.bootstrap import build_services

        return build_services(config, database_url=args.database, lock=lock)

    try:
        code: int = run(
            DeferredLane(config.lane.language, config.lane.currency),
            start,
            languages=config.lane.languages,
            store_name=config.store.name,
            fullscreen=args.fullscreen,
            size=args.size,
            control_panel=demo and not args.no_control_panel,
        )
    finally:
        lock.release()
    return code


def _scenario(args: argparse.Namespace, console: Console) -> int:
    from rich.markup import escape

    from kiosk.scenario.runner import ScenarioRunner, StepFailed
    from kiosk.scenario.schema import ScenarioInvalid, load_scenario

    config_dir = args.config if args.config is not None else default_config_dir()
    try:
        scenario = load_scenario(args.file, config_dir)
    except ScenarioInvalid as exc:
        console.print(
            f"[red]invalid scenario[/] {escape(str(args.file))}: {escape(str(exc))}", highlight=False
        )
        return EXIT_INVALID
    if args.json is not None and (problem := _unwritable(args.json)) is not None:
        console.print(f"[red]cannot write the report:[/] {args.json}: {problem}", highlight=False)
        return EXIT_INVALID
    try:
        result = ScenarioRunner(scenario, config_dir, args.keep_dir).run()
    except StepFailed as exc:
        console.print(f"[red]scenario could not start:[/] {exc}", highlight=False)
        return EXIT_FAILED
    if args.json is not None:
        text = json.dumps(result.report, ensure_ascii=False, indent=2) + "\n"
        try:
            args.json.write_text(text, encoding="utf-8")
        except OSError as exc:
            console.print(f"[red]cannot write the report:[/] {args.json}: {exc.strerror}", highlight=False)
            return EXIT_INVALID
    _summary(result.report, _console(stderr=False))
    return EXIT_OK if result.ok else EXIT_FAILED


def _unwritable(path: Path) -> str | None:
    """Why ``path`` cannot take the report, checked before a run that may take minutes; None if it can."""
    if path.is_dir():
        return "is a folder"
    existed = path.exists()
    try:
        with path.open("a", encoding="utf-8"):
            pass
        if not existed:
            path.unlink()  # leave no empty report behind if the run never gets to write one
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _summary(report: dict[str, Any], console: Console) -> None:
    steps = report["steps"]
    sale = report["sale"]
    verdict = "[green]PASS[/]" if report["ok"] else "[red]FAIL[/]"
    console.print(
        f"{verdict} {report['scenario']}: {sum(s['ok'] for s in steps)}/{len(steps)} steps", highlight=False
    )
    for step in steps:
        if not step["ok"]:
            console.print(f"  step {step['index']} ({step['step']}): {step['error']}", highlight=False)
    lines = sum(1 for line in sale["lines"] if not line["voided"])
    console.print(
        f"  sale {sale['id'] or '-'}: {lines} lines, total {sale['totals']['gross']} {sale['currency']}, "
        f"{sale['status']}, state {sale['state']}",
        highlight=False,
    )


def _catalog_import(args: argparse.Namespace, console: Console) -> int:
    from kiosk.bootstrap import storage_urls
    from kiosk.catalog.console import run_import
    from kiosk.persistence import Database, DatabaseUrlError

    config = _load(args)
    if not args.file.is_file():
        console.print(f"[red]no such file:[/] {args.file}", highlight=False)
        return EXIT_INVALID
    try:
        database = Database.open(args.database or storage_urls(config)[1])
    except DatabaseUrlError as exc:
        console.print(f"[red]--database:[/] {exc}", highlight=False)
        return EXIT_INVALID
    try:
        report = run_import(
            database,
            args.file,
            currency=config.lane.currency,
            default_tax_rate=config.taxes.rate,
            default_weight_tol_g=config.taxes.default_weight_tol_g,
            skip_invalid=args.skip_invalid,
            ignore_unknown=args.ignore_unknown,
            console=console,
        )
    finally:
        database.close()
    return EXIT_OK if report is not None else EXIT_INVALID


def _diag(args: argparse.Namespace) -> int:
    from kiosk.diagnostics import run_diagnostics

    try:
        report = run_diagnostics(
            _load(args), simulate=args.simulate, external=args.external, unplug=args.unplug
        )
    except ValueError as exc:
        print(f"kiosk diag: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(json.dumps(report, ensure_ascii=False, indent=2))
    for name in report["unhealthy"]:
        checks = report["devices"][name]["health"]
        reason = checks.get("error") or "; ".join(c["text"] for c in checks["checks"] if not c["ok"])
        print(f"kiosk diag: {name} unhealthy: {reason}", file=sys.stderr)
    return EXIT_FAILED if report["unhealthy"] else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
