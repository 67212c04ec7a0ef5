"""The parent/child protocol: every figure is measured in a fresh interpreter, stdlib only on this side.

Why a process per figure: the 1M-row import leaves hundreds of MB behind, Qt can only be set up once per
process, and RSS and cold-start figures are meaningless in a process that already did other work. A child
prints exactly one ``BENCH-RESULT {json}`` line on stdout; its stderr (progress) goes straight to the terminal.
This module must stay light: the cold-start probe imports it before the first paint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parents[1]
MARKER: Final = "BENCH-RESULT "


class ChildFailed(RuntimeError):
    """A benchmark child exited badly or printed no result; the figure is reported as not measured."""


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment every child gets: headless Qt, the checkout on the path, no stray Python flags."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(ROOT)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra or {})
    return env


def run_child(
    module: str,
    args: Sequence[str] = (),
    *,
    env: Mapping[str, str] | None = None,
    interpreter_flags: Sequence[str] = (),
    timeout_s: float = 900,
    capture_stderr: bool = False,
) -> tuple[dict[str, Any], str]:
    """Run ``python -m module args`` from the repository root; return its result and (if asked) its stderr."""
    command = [sys.executable, *interpreter_flags, "-m", module, *args]
    proc = subprocess.run(
        command,
        cwd=ROOT,
        env=child_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if capture_stderr else None,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    results = [line[len(MARKER) :] for line in proc.stdout.splitlines() if line.startswith(MARKER)]
    if proc.returncode != 0 or not results:
        tail = (proc.stderr or "")[-2000:] if capture_stderr else "(see stderr above)"
        raise ChildFailed(f"{module} {' '.join(args)} exited with {proc.returncode}: {tail}")
    return json.loads(results[-1]), proc.stderr or ""


def emit(result: Mapping[str, Any]) -> None:
    """Hand the child's result to the parent (the only line the parent reads)."""
    print(MARKER + json.dumps(result), flush=True)


def progress(text: str) -> None:
    """A progress line on stderr, so a run of several minutes shows where it is."""
    print(f"  … {text}", file=sys.stderr, flush=True)


def memory_kb() -> dict[str, int]:
    """This process's memory from ``/proc/self/status`` (kB): resident, peak, anonymous and file-backed.

    RssFile matters here: the catalog connection maps up to 256 MB of the database file, and touched pages
    count as resident although the kernel can drop them at any time.
    """
    wanted = ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem")
    found: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in wanted:
                    found[key] = int(value.split()[0])
    except OSError:  # not Linux: the RSS figure is then reported as not measured
        pass
    return found
