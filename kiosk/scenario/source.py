"""Reading a scenario file's YAML with bounded time, memory and message size, before any value is trusted.

Why not plain ``yaml.safe_load``: a 400-byte file of nested aliases ("billion laughs") loads as a small graph
of shared lists, but any message or check that walks it expands it to gigabytes; 5,000 nested brackets
overflow the composer's recursion; a 5,000-digit number does not even convert to an ``int``. So the file is
first read as parser events — no objects built — counting depth and the size the document would have with
every alias expanded, and refused past :data:`MAX_DEPTH` or :data:`MAX_NODES`. Only then are objects built,
with integers too long to be a count kept as their text. Values are shown in messages through :func:`show`,
which never expands a structure and cuts at :data:`SHOWN_MAX` characters.
"""

from __future__ import annotations

import reprlib
from pathlib import Path
from typing import Any, Final

import yaml

MAX_BYTES: Final = 2_000_000
MAX_DEPTH: Final = 64
MAX_NODES: Final = 200_000
SHOWN_MAX: Final = 80
INT_DIGITS_MAX: Final = 30
"""Longer digit strings stay text: no count, weight or line number has 30 digits, but a barcode might."""


class SourceError(ValueError):
    """The file cannot be read as a scenario's YAML; ``str()`` says why, in one bounded line."""


_repr = reprlib.Repr(
    maxlevel=2, maxdict=4, maxlist=4, maxtuple=4, maxset=4, maxstring=60, maxother=60, maxlong=40
)


def show(value: object) -> str:
    """``value`` for a message: quoted like ``repr``, without expanding structures, at most ~80 characters."""
    text = _repr.repr(value)
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


class _Loader(yaml.SafeLoader):
    """``SafeLoader`` that keeps over-long integers as their text instead of failing to convert them."""


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    text = str(node.value)
    if sum(ch.isdigit() for ch in text) > INT_DIGITS_MAX:
        return text
    return int(loader.construct_yaml_int(node))


_Loader.add_constructor("tag:yaml.org,2002:int", _int)


def _measure(text: str) -> None:
    """Refuse documents nested too deep or that would be too big with their aliases expanded."""
    expanded: dict[str, int] = {}  # anchor -> size of its node, aliases expanded
    stack: list[tuple[str | None, list[int]]] = []
    total = [0]

    def add(size: int) -> None:
        counter = stack[-1][1] if stack else total
        counter[0] += size
        if counter[0] > MAX_NODES:
            raise SourceError(f"too many aliases: the document would expand beyond {MAX_NODES} values")

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append((event.anchor, [1]))
            if len(stack) > MAX_DEPTH:
                raise SourceError(f"nested too deep (more than {MAX_DEPTH} levels)")
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, (size,) = stack.pop()
            if anchor is not None:
                expanded[anchor] = size
            add(size)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                expanded[event.anchor] = 1
            add(1)
        elif isinstance(event, yaml.AliasEvent):
            add(expanded.get(str(event.anchor), 1))


def read_yaml(path: Path) -> Any:
    """The document in ``path``, or :class:`SourceError`. Bounded by :data:`MAX_BYTES` read."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise SourceError(f"larger than {MAX_BYTES // 1_000_000} MB; a scenario is a short text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(f"not UTF-8 text (line {line}, byte {exc.start + 1})") from None
    try:
        _measure(text)
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        raise SourceError(f"the file is not valid YAML: {str(exc)[:300]}") from None
