"""One lane per data folder, and a clean end on SIGINT/SIGTERM — both with real OS processes.

The lane lock is a kernel ``flock``: a second process is refused (exit 2, naming the folder and the holder's
pid) before it opens a journal, and the lock dies with its holder however it dies. ``kiosk demo`` runs
offscreen as a subprocess: a termination signal ends it with exit 0, no traceback, and the journal intact.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.datafolder import LOCK_FILE_NAME, DataFolderInUse, DataFolderLock
from kiosk.lane.clock import ManualClock
from kiosk.lane.states import LaneState
from kiosk.simulated import build_simulated_services

ROOT = Path(__file__).resolve().parents[2]
CODES = ("4620001205677", "4640001364051")
START_TIMEOUT_S = 30.0
SHUTDOWN_TIMEOUT_S = 5.0  # the target is 2 s (measured by hand: ~0.7 s); the margin is for a loaded machine

HOLD = """
import sys, time
from pathlib import Path
from kiosk.datafolder import DataFolderLock
DataFolderLock.acquire(Path(sys.argv[1]))
print("LOCKED", flush=True)
time.sleep(120)
"""


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_DATA_DIR": str(data_dir),
    }


def _holder_pid(folder: Path) -> str:
    try:
        return (folder / LOCK_FILE_NAME).read_text().strip()
    except FileNotFoundError:
        return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _until(condition: Callable[[], bool], what: str, timeout_s: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@contextmanager
def kiosk_demo(data_dir: Path, *extra: str) -> Iterator[subprocess.Popen[str]]:
    """``kiosk demo`` offscreen, started and ready (holding its lock, journal open); killed if left running."""
    child = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "demo", "--no-control-panel", *extra],
        cwd=ROOT,
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        folder = data_dir / "demo"
        _until(lambda: _holder_pid(folder) == str(child.pid), "the demo to lock its folder")
        _until(lambda: (folder / "kiosk.sqlite3").exists(), "the demo journal")
        yield child
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate(timeout=10)


def test_the_lock_refuses_a_second_process_and_dies_with_its_holder(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], env=_env(tmp_path), stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
        with pytest.raises(DataFolderInUse) as refused:
            DataFolderLock.acquire(tmp_path)
        assert refused.value.pid == holder.pid
        assert str(tmp_path) in str(refused.value) and str(holder.pid) in str(refused.value)
    finally:
        holder.send_signal(signal.SIGKILL)  # no clean-up of any kind: the kernel must drop the lock
        holder.wait(10)
    lock = DataFolderLock.acquire(tmp_path)
    assert lock.held
    lock.release()


def test_a_second_kiosk_on_the_folder_exits_2_before_opening_a_journal(tmp_path: Path) -> None:
    other_journal = tmp_path / "second.sqlite3"
    with kiosk_demo(tmp_path) as first:
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk.cli",
                "demo",
                "--no-control-panel",
                "--database",
                f"sqlite:///{other_journal}",
            ],
            cwd=ROOT,
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2, second.stderr
        assert str(tmp_path / "demo") in second.stderr and f"process {first.pid}" in second.stderr
        assert not other_journal.exists()
        assert first.poll() is None  # the first lane is untouched


def test_demo_and_production_lanes_use_different_folders(tmp_path: Path) -> None:
    with kiosk_demo(tmp_path):
        lock = DataFolderLock.acquire(tmp_path)  # the real lane's folder is free while the demo runs
        lock.release()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.expect_warnings("unfinished sale found at start-up")
def test_a_termination_signal_ends_the_demo_cleanly(tmp_path: Path, signum: int) -> None:
    control_port = _free_port()
    journal = tmp_path / "demo" / "kiosk.sqlite3"
    with kiosk_demo(tmp_path, "--control-port", str(control_port)) as demo:
        _until(lambda: " connected=1 " in _control(control_port, "STATUS"), "the scanner driver to connect")
        for code in CODES:
            assert _control(control_port, f"SCAN {code}") == "OK"
        _until(lambda: _journaled_lines(journal) == len(CODES), "the scans to be journaled")
        demo.send_signal(signum)
        _, stderr = demo.communicate(timeout=SHUTDOWN_TIMEOUT_S)
    assert demo.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
    with sqlite3.connect(journal) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    services = build_simulated_services(
        load_config(ROOT / "config"),
        database_url=f"sqlite:///{journal}",
        data_dir=tmp_path / "demo",
        clock=ManualClock(),
        tick=False,
    )
    try:  # the interrupted sale is whole: offered back with every line that was shown
        snapshot = services.lane.snapshot()
        assert snapshot.state is LaneState.ATTENDANT_REQUIRED
        assert [line.barcode for line in snapshot.lines] == list(CODES)
    finally:
        services.close()


def _control(port: int, line: str) -> str:
    """One command to the scanner simulator's control port; "" while it is not listening yet."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(f"{line}\n".encode())
            return conn.makefile("r", encoding="utf-8").readline().strip()
    except OSError:
        return ""


def _journaled_lines(journal: Path) -> int:
    try:
        with sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM sale_line").fetchone()[0])
    except sqlite3.OperationalError:
        return -1
