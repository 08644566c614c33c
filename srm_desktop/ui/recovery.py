"""Autosave and crash recovery: a copy of unsaved work in a per-user folder, never the user's file.

A few seconds after the last edit (and at least every ``max_wait`` while edits keep coming) the
document is written to ``<AppDataLocation>/recovery/<session>.srm`` -- atomically, with
``write_atomic`` -- plus a sidecar ``<session>.json`` naming the original file, the time and the
app version. A clean save, or returning to the saved state, or a clean close removes both. What is
left after a crash is offered at the next start.

Each running window holds ``<session>.lock`` (a ``QLockFile``) so a second running instance never
offers -- or deletes -- the recovery copy of a window that is still open; a crashed session's lock
is stale (its process is gone) and is taken over.

Threading: serialising and writing a large project on the UI thread stalls the event loop for a
quarter of a second, a stutter a few seconds after every pause in typing; from a worker thread
the stalls are an order of magnitude shorter (the GIL is shared, but released every few ms; the
numbers are in ``benchmarks/README.md``, "Numbers behind the UI's comments"). Projects are
immutable, so the copy is serialised and written by a one-thread executor; a generation counter
under a lock makes a discard (clean save, close) win over a write that was already in flight, so
a stale copy never reappears after the user saved.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal

from srm_desktop import __version__
from srm_desktop.domain.errors import SrmError
from srm_desktop.domain.project import Project
from srm_desktop.formats.atomic import write_atomic
from srm_desktop.formats.project_file import dumps_project

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

SUFFIX = ".srm"
META_SUFFIX = ".json"
LOCK_SUFFIX = ".lock"
DAMAGED_SUFFIX = ".damaged"

#: Tests point this at a temporary folder; ``None`` means the platform's per-user data folder.
folder_override: Path | None = None


def recovery_folder() -> Path:
    if folder_override is not None:
        return folder_override
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


@dataclass(frozen=True)
class RecoveryEntry:
    """One recovery copy on disk, as the start-up offer shows it."""

    data_path: Path
    original: Path | None
    taken_at: datetime
    app_version: str
    project_name: str

    @property
    def session(self) -> str:
        return self.data_path.stem

    def original_changed_since(self) -> bool:
        """True when the original file was written after this copy was taken."""
        if self.original is None:
            return False
        try:
            mtime = self.original.stat().st_mtime
        except OSError:
            return False
        return mtime > self.taken_at.timestamp() + 1


def _session_lock(folder: Path, session: str) -> QLockFile:
    lock = QLockFile(str(folder / (session + LOCK_SUFFIX)))
    lock.setStaleLockTime(0)  # held for a whole session: stale only when its process is gone
    return lock


def _read_meta(data_path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(data_path.with_suffix(META_SUFFIX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _entry(data_path: Path) -> RecoveryEntry:
    meta = _read_meta(data_path)
    original = meta.get("original")
    try:
        taken = datetime.fromisoformat(str(meta["taken_at"]))
    except (KeyError, ValueError):
        taken = datetime.fromtimestamp(data_path.stat().st_mtime, UTC)
    return RecoveryEntry(
        data_path=data_path,
        original=Path(original) if isinstance(original, str) and original else None,
        taken_at=taken,
        app_version=str(meta.get("app_version", "unknown")),
        project_name=str(meta.get("project_name", "")),
    )


class ClaimedEntry:
    """A leftover copy this process has locked while the user decides about it."""

    def __init__(self, entry: RecoveryEntry, lock: QLockFile) -> None:
        self.entry = entry
        self._lock = lock

    def read(self) -> bytes:
        return self.entry.data_path.read_bytes()

    def discard(self) -> None:
        _remove_files(self.entry.data_path)
        self.release()

    def set_aside(self) -> Path:
        """Rename a copy that cannot be read so it is not offered again; return the new name."""
        target = self.entry.data_path.with_name(self.entry.data_path.name + DAMAGED_SUFFIX)
        with contextlib.suppress(OSError):
            os.replace(self.entry.data_path, target)
        self.release()
        return target

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def _remove_files(data_path: Path) -> None:
    """Best effort: a copy that cannot be removed is offered again, which loses nothing."""
    for path in (data_path, data_path.with_suffix(META_SUFFIX)):
        with contextlib.suppress(OSError):
            path.unlink()


def leftover_entries(folder: Path | None = None) -> list[ClaimedEntry]:
    """Copies left by sessions that ended without cleaning up, newest first, each locked.

    Copies whose session is still running (its lock is live) are skipped.
    """
    folder = folder or recovery_folder()
    if not folder.is_dir():
        return []
    claimed: list[ClaimedEntry] = []
    for data_path in sorted(folder.glob("*" + SUFFIX)):
        lock = _session_lock(folder, data_path.stem)
        if not lock.tryLock(0):
            continue
        try:
            claimed.append(ClaimedEntry(_entry(data_path), lock))
        except OSError:  # vanished meanwhile
            lock.unlock()
    for lock_file in folder.glob("*" + LOCK_SUFFIX):  # sessions that crashed before a copy
        if not lock_file.with_suffix(SUFFIX).exists():
            orphan = _session_lock(folder, lock_file.stem)
            if orphan.tryLock(0):
                orphan.unlock()  # removes the stale lock file
    claimed.sort(key=lambda c: c.entry.taken_at, reverse=True)
    return claimed


class AutoSaver(QObject):
    """Keeps ``<session>.srm`` equal to the document a few seconds after each change.

    ``project()`` and ``original()`` are read on the UI thread when a write starts; the worker
    only sees the immutable project and a path.
    """

    written = Signal(str)  # the copy's path
    failed = Signal(str)  # a sentence for the status bar

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        delay_ms: int = 3000,
        max_wait_s: float = 30.0,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder or recovery_folder()
        self.session = f"{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.data_path = self.folder / (self.session + SUFFIX)
        self._max_wait = max_wait_s
        self._first_pending = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.write_now)
        self._generation = 0
        self._mutex = threading.Lock()
        # The worker (and concurrent.futures, ~4 ms to import) comes with the first copy.
        self._executor: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None
        self._lock: QLockFile | None = None
        self._source: tuple[Project, Path | None] | None = None
        self._closed = False

    # -- what to save ---------------------------------------------------------------------------

    def changed(self, project: Project, original: Path | None) -> None:
        """The document changed and differs from its file: schedule a copy (debounced)."""
        self._source = (project, original)
        now = time.monotonic()
        if not self._timer.isActive():
            self._first_pending = now
            self._timer.start()
        elif now - self._first_pending < self._max_wait:
            self._timer.start()  # restart: wait for a pause in the typing, up to max_wait

    def set_delay(self, delay_ms: int, max_wait_s: float | None = None) -> None:
        self._timer.setInterval(delay_ms)
        if max_wait_s is not None:
            self._max_wait = max_wait_s

    @property
    def scheduled(self) -> bool:
        return self._timer.isActive()

    def write_now(self, wait: bool = False) -> None:
        """Write the copy for the last :meth:`changed` state now (in the background)."""
        self._timer.stop()
        if self._source is None or self._closed:
            return
        project, original = self._source
        with self._mutex:
            generation = self._generation
        self._claim_session()
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="srm-autosave")
        future = self._executor.submit(self._write, project, original, generation)
        self._pending = future
        if wait:
            future.result()

    def wait(self) -> None:
        """Block until the copy in flight (if any) is on disk; for tests and shutdown."""
        if self._pending is not None:
            self._pending.result()

    def _claim_session(self) -> None:
        if self._lock is None:
            with contextlib.suppress(OSError):
                self.folder.mkdir(parents=True, exist_ok=True)
            lock = _session_lock(self.folder, self.session)
            if lock.tryLock(0):
                self._lock = lock

    def _write(self, project: Project, original: Path | None, generation: int) -> None:
        """Worker thread: serialise, then write unless a discard came in meanwhile."""
        try:
            data = dumps_project(project)
            meta = {
                "original": str(original) if original is not None else None,
                "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "app_version": __version__,
                "project_name": project.name,
                "pid": os.getpid(),
            }
            with self._mutex:
                if generation != self._generation:
                    return  # the document was saved or closed after this copy was asked for
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomic(self.data_path, data)
                write_atomic(
                    self.data_path.with_suffix(META_SUFFIX),
                    json.dumps(meta, indent=1).encode("utf-8"),
                )
        except (SrmError, OSError) as exc:
            self.failed.emit(f"Could not write the recovery copy: {exc}")
            return
        self.written.emit(str(self.data_path))

    # -- cleaning up ----------------------------------------------------------------------------

    def discard(self) -> None:
        """The document is saved (or closed on purpose): no copy is needed any more."""
        self._timer.stop()
        self._source = None
        with self._mutex:
            self._generation += 1
            _remove_files(self.data_path)

    def close(self) -> None:
        """A clean close: remove the copy and the session lock, stop the worker."""
        self.discard()
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def abandon(self) -> None:
        """Behave like a crash for tests: stop, keep the copy, drop the session lock."""
        self._timer.stop()
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
