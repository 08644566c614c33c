"""One editor per project file: a ``QLockFile`` beside the file while a window has it open.

Two windows saving the same file would silently overwrite each other's work, so the second one
is offered the file read-only instead. The lock is ``.<name>.lock`` in the file's folder (hidden,
next to the file, so it works for every program on every machine that sees the folder).

Staleness: a lock is held for as long as the file is open -- hours -- so an age limit would
hand the file to a second window while the first is still editing. The stale lock time is
therefore 0 (no age limit) and a lock counts as stale only when ``QLockFile`` sees that the
process that wrote it is gone (same host, pid not running or running another program); that is
the crash case, and the next window takes the lock over without asking.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QLockFile


class LockState(Enum):
    ACQUIRED = "acquired"
    HELD_ELSEWHERE = "held elsewhere"
    UNAVAILABLE = "unavailable"  # the folder refuses a lock file (read-only, permissions)


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    app: str

    def describe(self) -> str:
        who = self.app or "another program"
        return f"{who} (process {self.pid} on {self.host or 'an unknown computer'})"


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


class FileLock:
    """The lock for one project file; :meth:`acquire` once, :meth:`release` when done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = QLockFile(str(lock_path(path)))
        self._lock.setStaleLockTime(0)
        self.owner: LockOwner | None = None

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    def acquire(self) -> LockState:
        """Take the lock (recovering a stale one); say who holds it if another window does."""
        if self._lock.tryLock(0):
            return LockState.ACQUIRED
        error = self._lock.error()
        if error is QLockFile.LockError.LockFailedError:
            info = self._lock.getLockInfo()  # (pid, host, app); pid 0 when unreadable
            pid, host, app = (info[0], info[1], info[2]) if len(info) == 3 else (0, "", "")
            self.owner = LockOwner(int(pid), str(host), str(app)) if pid else None
            return LockState.HELD_ELSEWHERE
        return LockState.UNAVAILABLE

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
