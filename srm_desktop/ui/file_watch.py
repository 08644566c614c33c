"""Noticing when another program changes or deletes the open file.

``QFileSystemWatcher`` watches the file *and* its folder: editors, git and our own saves replace
a file by renaming a new one over it, and the watcher then drops the file's path (it watched the
old inode); the folder's event tells us to look again and re-add it.

Events come in bursts (write, chmod, rename...), so they only start a short timer; when it fires
the file's identity (inode, size, mtime) is compared with what we last loaded or saved, and only
if that differs is the content hashed. Our own saves record what they wrote, so they never look
like an outside change, and a ``touch`` or a rewrite with identical bytes is not one either.
"""

from __future__ import annotations

import hashlib
import os
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal


class DiskChange(Enum):
    """What happened to the watched file since we last loaded or saved it."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    DELETED = "deleted"


Stamp = tuple[int, int, int]  # inode, size, mtime in ns


def _stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


#: When the content just read or written is hashed, in the background of the event loop.
HASH_AFTER_MS = 500


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileWatcher(QObject):
    """Watches one path; emits ``changedOutside`` with :class:`DiskChange` after a quiet moment."""

    changedOutside = Signal(object)  # DiskChange.CHANGED or DiskChange.DELETED

    def __init__(self, parent: QObject | None = None, *, debounce_ms: int = 300) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.check)
        self.path: Path | None = None
        self._stamp: Stamp | None = None
        self._digest: str | None = None
        self._unhashed: bytes | None = None  # the content remembered, until its digest is taken
        self._reported: DiskChange = DiskChange.UNCHANGED
        self.paused = False

    # -- what we know ---------------------------------------------------------------------------

    def watch(self, path: Path | None, data: bytes | None = None) -> None:
        """Watch ``path``, whose content we just loaded or saved as ``data``."""
        self.stop()
        self.path = path
        if path is None:
            return
        self.remember(data)
        self._rewatch()
        folder = str(path.parent)
        if folder not in self._watcher.directories():
            self._watcher.addPath(folder)

    def remember(self, data: bytes | None) -> None:
        """The file now holds ``data`` (we wrote or read it, or the user kept the in-app
        version of a change): the current disk state is no longer news."""
        if self.path is None:
            return
        self._stamp = _stamp(self.path)
        # Hashing a large estate (~5 ms CPU for 6 MB) waits until the window has painted the
        # file just opened (a zero timer would run before the first paint); a comparison
        # before then hashes first.
        self._digest, self._unhashed = (
            (None, data) if data is not None else (self._disk_digest(), None)
        )
        if data is not None:
            QTimer.singleShot(HASH_AFTER_MS, self, self._known_digest)
        self._reported = DiskChange.UNCHANGED if self._stamp is not None else DiskChange.DELETED

    def stop(self) -> None:
        self._timer.stop()
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        self.path = None
        self._stamp = self._digest = self._unhashed = None
        self._reported = DiskChange.UNCHANGED

    # -- events ---------------------------------------------------------------------------------

    def _poke(self, _path: str = "") -> None:
        self._timer.start()

    def _rewatch(self) -> None:
        path = self.path
        if path is not None and path.exists() and str(path) not in self._watcher.files():
            self._watcher.addPath(str(path))

    def _known_digest(self) -> str | None:
        if self._unhashed is not None:
            self._digest, self._unhashed = _digest(self._unhashed), None
        return self._digest

    def _disk_digest(self) -> str | None:
        if self.path is None:
            return None
        try:
            return _digest(self.path.read_bytes())
        except OSError:
            return None

    def state(self) -> DiskChange:
        """Compare the disk with what we last knew, now (no debounce, no signal)."""
        if self.path is None:
            return DiskChange.UNCHANGED
        stamp = _stamp(self.path)
        if stamp is None:
            return DiskChange.DELETED
        if stamp == self._stamp:
            return DiskChange.UNCHANGED
        digest = self._disk_digest()
        if digest is None:
            return DiskChange.DELETED
        if digest == self._known_digest():
            self._stamp = stamp  # same bytes, new inode or mtime (touch, identical rewrite)
            return DiskChange.UNCHANGED
        return DiskChange.CHANGED

    def check(self) -> None:
        """Re-watch the path and report a change once (the same change is not reported twice)."""
        self._timer.stop()
        self._rewatch()
        if self.paused:
            return
        state = self.state()
        if state is DiskChange.UNCHANGED:
            self._reported = DiskChange.UNCHANGED
            return
        if state is self._reported and state is DiskChange.DELETED:
            return
        self._reported = state
        self.changedOutside.emit(state)
