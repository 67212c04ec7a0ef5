"""The lane's data folder, and the OS lock that lets only one lane process use it.

Two kiosk processes on one data folder would both "own" the unfinished sale: the second recovers (and may
void) the sale the first is still selling. So a lane takes an exclusive ``flock`` on ``<folder>/lane.lock``
before it opens the journal, and holds it for its life. The kernel drops the lock when the process dies —
however it dies (SIGKILL, power cut) — so there is no stale pidfile to clean up; the pid written into the
file is only there to name the holder in the refusal. The lock is taken even when the journal lives on a
database server, because the folder also names the lane's own identity on this machine.

``kiosk demo`` uses ``<data folder>/demo`` (:data:`DEMO_SUBFOLDER`), so demo sales never reach a real lane.

The folder holds sales, staff activity and logs, so the folders the kiosk creates there are ``0700`` and its
files ``0600``, whatever the umask (a shop PC's shared account or a lax umask must not make sales readable by
everyone). Folders that already exist are left as they are: an IT department may have set them up on purpose.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Final, Self

from platformdirs import user_data_dir

APP_NAME: Final = "open-sco-kiosk"
DATA_DIR_ENV: Final = "KIOSK_DATA_DIR"
LOCK_FILE_NAME: Final = "lane.lock"
DEMO_SUBFOLDER: Final = "demo"
PRIVATE_DIR_MODE: Final = 0o700
PRIVATE_FILE_MODE: Final = 0o600


def data_folder() -> Path:
    """``$KIOSK_DATA_DIR`` when set (kiosk images, tests), else the platform's per-user data folder."""
    return Path(os.environ.get(DATA_DIR_ENV) or user_data_dir(APP_NAME, appauthor=False))


def private_dir(path: Path) -> Path:
    """Create ``path`` (and any missing parents) as ``0700`` folders; existing folders are not touched."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:  # created meanwhile by another process: not ours to change
            continue
        os.chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask; this is not
    return path


def open_private(path: Path, flags: int = os.O_WRONLY | os.O_CREAT | os.O_APPEND) -> int:
    """``os.open`` a file the kiosk creates, ``0600`` whatever the umask; returns the descriptor."""
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
    except OSError:
        os.close(fd)
        raise
    return fd


class DataFolderInUse(Exception):
    """Another live process holds the folder's lane lock (the CLI exits 2 with this message)."""

    def __init__(self, folder: Path, pid: int | None) -> None:
        holder = f"process {pid}" if pid is not None else "another process"
        super().__init__(f"the data folder {folder} is in use by {holder}: one lane per data folder")
        self.folder = folder
        self.pid = pid


class DataFolderLock:
    """An exclusive, non-blocking ``flock`` on a data folder, held until :meth:`release` or process exit.

    The descriptor is not inherited by child processes started with exec (Python's default), so a spawned
    worker cannot keep a dead lane's folder locked.
    """

    def __init__(self, folder: Path, fd: int) -> None:
        self.folder = folder
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: Path) -> Self:
        """Lock ``folder`` (created if missing) or raise :class:`DataFolderInUse` naming the holder's pid."""
        private_dir(folder)
        fd = open_private(folder / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise DataFolderInUse(folder, pid) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(folder, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Unlock (idempotent). The file stays: removing it would race with a process about to lock it."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the last descriptor of the open file releases the flock


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
