"""The transition table as a Mermaid state diagram: ``python -m kiosk.lane.diagram`` writes docs/lane-transitions.md.

Generated, never edited by hand; ``tests/lane/test_diagram.py`` fails when the file differs from the table.
Each arrow is one (state, message) entry that may change the state, labelled with the message, its guard and
the handler function; entries that only ever stay are listed per state below the diagram.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.lane.states import LaneState as S
from kiosk.lane.table import GLOBAL, NOT_YET_REACHABLE, TABLE, Transition

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "lane-transitions.md"


def _name(function: object) -> str:
    module = getattr(function, "__module__", "").rsplit(".", 1)[-1]
    return f"{module}.{getattr(function, '__name__', '?')}"


def _label(message: type, entry: Transition) -> str:
    guard = f" [{_name(entry.guard)}]" if entry.guard else ""
    return f"{message.__name__}{guard} / {_name(entry.handler)}"


def render() -> str:
    lines = [
        "# Lane transitions",
        "",
        "Generated from `kiosk/lane/table.py` by `python -m kiosk.lane.diagram`; do not edit by hand.",
        "An arrow is labelled `Message [guard] / handler`; a handler may also stay where it is.",
        "",
        "```mermaid",
        "stateDiagram-v2",
        f"    [*] --> {S.OUT_OF_SERVICE.value}",
    ]
    for state, row in TABLE.items():
        for message, entry in row.items():
            for target in sorted(entry.targets):
                lines.append(f"    {state.value} --> {target.value}: {_label(message, entry)}")
    for state in sorted(NOT_YET_REACHABLE):
        lines.append(f"    note right of {state.value}: not reachable yet (a later issue)")
    lines += ["```", "", "## Messages handled without leaving the state", ""]
    for state, row in TABLE.items():
        staying = [_label(msg, e) for msg, e in row.items() if not e.targets]
        if staying:
            lines.append(f"- **{state.value}**: " + "; ".join(f"`{s}`" for s in staying))
    everywhere = "; ".join(f"`{_label(msg, e)}`" for msg, e in GLOBAL.items())
    lines += ["", f"In every reachable state: {everywhere}.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else OUTPUT
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
