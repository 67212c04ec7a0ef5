"""What the figures were measured on: recorded next to them, because every figure is only true for one box."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _first_line_with(path: str, prefix: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip() if ":" in line else line[len(prefix) :].strip()
    except OSError:
        pass
    return None


def _ram() -> str:
    total_kb = _first_line_with("/proc/meminfo", "MemTotal")
    if total_kb is None:
        return "unknown"
    return f"{int(total_kb.split()[0]) / 1024**2:.1f} GiB"


def _os_name() -> str:
    pretty = _first_line_with("/etc/os-release", "PRETTY_NAME=")
    return pretty.strip('"') if pretty else platform.platform()


def _filesystem(path: Path) -> str:
    """Filesystem type and device under ``path``: fsync cost (the journal commit) depends on it."""
    best = ("", "unknown", "unknown")
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                device, mount_point, fstype, *_ = line.split()
                if str(path.resolve()).startswith(mount_point) and len(mount_point) >= len(best[0]):
                    best = (mount_point, fstype, device)
    except OSError:
        pass
    return f"{best[1]} on {best[2]} (mounted at {best[0] or '?'})"


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _qt() -> str:
    try:
        from PySide6 import QtCore, __version__
    except ImportError:
        return "not installed"
    return f"{__version__} (Qt {QtCore.qVersion()})"


def machine_info(data_dir: Path, pinned_cpu: int | None) -> dict[str, str]:
    """Label → value, in the order they are printed and written to the report."""
    cpus = os.cpu_count() or 0
    allowed = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    return {
        "CPU": _first_line_with("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "Cores": f"{cpus} logical ({allowed} allowed to this process)",
        "Pinned to": f"CPU {pinned_cpu} (all children inherit it)"
        if pinned_cpu is not None
        else "not pinned",
        "RAM": _ram(),
        "OS": _os_name(),
        "Kernel": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "PySide6": _qt(),
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy": _package("sqlalchemy"),
        "pyserial": _package("pyserial"),
        "Data filesystem": _filesystem(data_dir),
    }
