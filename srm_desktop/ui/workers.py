"""Slow work off the UI thread, with a progress dialog and Cancel.

A job is a plain function ``fn(progress, cancelled) -> T`` (the signature the workbook code
takes). It runs in a ``QThread``; it reports through signals, which Qt queues to the UI thread,
and never touches a widget. Cancel sets a flag the job polls; the job then raises. As Anki's
``QueryOp[T]``, a :class:`BackgroundTask` ends in exactly one of three typed outcomes:
``succeeded(T)``, ``failed(message)`` or ``cancelled()`` -- then ``ended()``.

The job also gives way to the UI thread. Both threads need Python's interpreter lock, and a busy
worker keeps it except at 5 ms switch points: UI-thread work in Python (a revalidation after an
edit) then runs at half speed, and a repaint that calls a Python delegate per cell waits up to
5 ms per call -- hundreds of milliseconds of frozen window during an export. So the UI thread
stamps a heartbeat every 10 ms, and each time the job polls ``cancelled()`` while the heartbeat is
stale, the job sleeps (releasing the lock) until the event loop has caught up.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import Final, Generic, TypeVar, cast

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from srm_desktop.domain.errors import SrmError

T = TypeVar("T")

#: ``fn(progress, cancelled) -> T``: what a :class:`BackgroundTask` runs.
JobFn = Callable[[Callable[[int, int], None], Callable[[], bool]], T]

#: The UI thread's heartbeat interval, and when a missing beat means the UI thread is busy.
HEARTBEAT_MS: Final[int] = 10
STALE_SECONDS: Final[float] = 0.025
#: The longest the job waits for the UI at one poll: past it, the UI thread is blocked (in
#: ``wait()``, say) rather than busy, and waiting longer would only slow the job down.
MAX_WAIT_SECONDS: Final[float] = 0.1
#: A quiet task's progress dialog shows after this long: never (Qt's int milliseconds).
NEVER_MS: Final[int] = 2**31 - 1


_paused = 0


def _pause_gc() -> None:
    global _paused
    if _paused == 0:
        gc.disable()
    _paused += 1


def _resume_gc() -> None:
    global _paused
    _paused = max(0, _paused - 1)
    if _paused == 0:
        gc.enable()


class _Job(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    stopped = Signal()
    done = Signal()

    def __init__(self, fn: JobFn[object]) -> None:
        super().__init__()
        self._fn = fn
        self.cancel_flag = threading.Event()
        #: ``time.monotonic()`` of the UI thread's last heartbeat (written there, read here).
        self.ui_beat = time.monotonic()
        self._blocked_beat = -1.0

    def cancelled(self) -> bool:
        """The job's poll: gives way to a busy UI thread, then says whether to stop."""
        if not self.cancel_flag.is_set() and time.monotonic() - self.ui_beat > STALE_SECONDS:
            self._give_way()
        return self.cancel_flag.is_set()

    def _give_way(self) -> None:
        beat = self.ui_beat
        if beat == self._blocked_beat:
            return  # already waited in vain since this beat: the UI thread is blocked, not busy
        deadline = time.monotonic() + MAX_WAIT_SECONDS
        while time.monotonic() - self.ui_beat > STALE_SECONDS and not self.cancel_flag.is_set():
            if time.monotonic() > deadline:
                self._blocked_beat = self.ui_beat
                return
            time.sleep(0.002)

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self.progressed.emit, self.cancelled)
        except SrmError as exc:
            if self.cancel_flag.is_set():
                self.stopped.emit()
            else:
                self.failed.emit(str(exc))
        except Exception as exc:  # a bug must still end the job and reach the user
            self.failed.emit(f"unexpected error: {exc!r}")
        else:
            self.succeeded.emit(result)
        self.done.emit()


class BackgroundTask(QObject, Generic[T]):
    """One running job with its progress dialog, ending in exactly one of ``succeeded(T)``,
    ``failed(message)`` or ``cancelled()``, then ``ended()``.

    Connect through :meth:`on_success` for a typed callback; the signal carries an ``object``
    (Qt signals are not generic).
    """

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    ended = Signal()

    def __init__(
        self, parent: QWidget, title: str, label: str, fn: JobFn[T], *, quiet: bool = False
    ) -> None:
        """``quiet``: the progress dialog never shows (work the user did not ask for and need
        not wait for, such as the rule-book check after opening a file)."""
        super().__init__(parent)
        self.quiet = quiet
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(NEVER_MS if quiet else 300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self._thread = QThread(self)
        self.job = _Job(fn)
        self.job.moveToThread(self._thread)
        self._thread.started.connect(self.job.run)
        self.job.progressed.connect(self._progress)
        # Methods of this (UI-thread) object, not lambdas: PySide runs a lambda in the emitting
        # thread, and these touch the progress dialog.
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        self.job.stopped.connect(self._cancelled)
        # Direct: QThread.quit is thread-safe, and the UI thread may be blocked in wait().
        self.job.done.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self.dialog.canceled.connect(self.cancel)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)

    @Slot()
    def _beat(self) -> None:
        self.job.ui_beat = time.monotonic()

    def on_success(self, callback: Callable[[T], None]) -> None:
        """Call ``callback(result)`` on the UI thread when the job succeeds."""
        self.succeeded.connect(lambda result: callback(cast(T, result)))

    def cancel(self) -> None:
        self.job.cancel_flag.set()

    def start(self) -> None:
        # A garbage collection triggered inside the worker would destroy unreachable Qt objects
        # from the wrong thread (and crash): collect now, in the UI thread, and pause automatic
        # collection until the job ends.
        gc.collect()
        _pause_gc()
        self._beat()
        self._heartbeat.start()
        self._thread.start()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if self.quiet:
            return
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._end()
        self.succeeded.emit(result)
        self.ended.emit()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._end()
        self.failed.emit(message)
        self.ended.emit()

    @Slot()
    def _cancelled(self) -> None:
        self._end()
        self.cancelled.emit()
        self.ended.emit()

    def _end(self) -> None:
        self._heartbeat.stop()
        _resume_gc()
        self.dialog.reset()
        self.dialog.hide()
