"""Choose drivers by name from configuration: an explicit dict plus the ``kiosk.drivers`` entry-point group.

No import-time self-registration and no mutable module state: :meth:`DriverRegistry.default` builds a fresh
registry each time it is called. Settings are checked against the driver constructor's keyword parameters and
their annotations, so a typo in a config file fails at start-up with the driver, key and reason.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from drivers.base import Device
from drivers.scanner.fake import FakeScanner
from drivers.scanner.serial_scanner import SerialScanner

ENTRY_POINT_GROUP = "kiosk.drivers"

DriverSource = type[Device] | EntryPoint
"""A built-in class, or a third-party entry point loaded only when a configuration names it."""


def _type_name(hint: object) -> str:
    return getattr(hint, "__name__", None) or str(hint)


def _matches(value: object, hint: object) -> bool:
    """``isinstance`` for the annotations drivers use: classes, ``X | Y``, ``None``. ``bool`` is not an
    ``int`` here (``baudrate = true`` is a typo), and an ``int`` is a fine ``float``. Hints that are not
    classes (``Callable[...]``, ``Literal``) pass through; the driver validates those itself."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        return any(_matches(value, arg) for arg in typing.get_args(hint))
    if hint is None or hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


@dataclass(frozen=True, slots=True)
class DriverRegistry:
    drivers: Mapping[str, DriverSource]

    @classmethod
    def default(cls, plugins: Iterable[EntryPoint] | None = None) -> DriverRegistry:
        """Built-in drivers plus installed ``kiosk.drivers`` entry points (or ``plugins``, for tests).

        A plugin may not reuse a built-in or another plugin's name: silently shadowing a driver would make
        the configuration mean something different depending on what happens to be installed.
        """
        drivers: dict[str, DriverSource] = {"serial_scanner": SerialScanner, "fake_scanner": FakeScanner}
        for ep in entry_points(group=ENTRY_POINT_GROUP) if plugins is None else plugins:
            if ep.name in drivers:
                raise ValueError(
                    f"driver {ep.name!r}: entry point {ep.value!r} clashes with an existing driver"
                )
            drivers[ep.name] = ep
        return cls(drivers)

    def names(self) -> list[str]:
        return sorted(self.drivers)

    def driver_class(self, driver: str) -> type[Device]:
        source = self.drivers.get(driver)
        if source is None:
            raise ValueError(f"unknown driver {driver!r}; known: {', '.join(self.names())}")
        if isinstance(source, type):
            return source
        try:
            loaded = source.load()
        except Exception as exc:  # a broken plugin must be reported by name, whatever it raised
            raise ValueError(f"driver {driver!r}: cannot load entry point {source.value!r}: {exc}") from exc
        if not (isinstance(loaded, type) and issubclass(loaded, Device)):
            raise ValueError(f"driver {driver!r}: entry point {source.value!r} is not a Device class")
        return loaded

    def create(self, driver: str, name: str, settings: Mapping[str, object]) -> Device:
        """Build a device from configuration; ``ValueError`` naming the driver and key if anything is wrong."""
        cls = self.driver_class(driver)
        self.validate(driver, cls, settings)
        try:
            return cls(name, **settings)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"driver {driver!r}, device {name!r}: {exc}") from exc

    @staticmethod
    def validate(driver: str, cls: type[Device], settings: Mapping[str, object]) -> None:
        params = {
            p.name: p
            for p in list(inspect.signature(cls).parameters.values())[1:]  # the first one is the device name
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        }
        hints = typing.get_type_hints(cls.__init__)
        for key, value in settings.items():
            if key not in params:
                known = ", ".join(params) or "none"
                raise ValueError(f"driver {driver!r}: unknown setting {key!r}; known settings: {known}")
            hint = hints.get(key)
            if hint is not None and not _matches(value, hint):
                raise ValueError(
                    f"driver {driver!r}: setting {key!r} must be {_type_name(hint)}, "
                    f"got {type(value).__name__} {value!r}"
                )
        missing = [n for n, p in params.items() if p.default is p.empty and n not in settings]
        if missing:
            raise ValueError(f"driver {driver!r}: missing required setting {missing[0]!r}")
