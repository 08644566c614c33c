"""Progress and cancellation for long workbook work, without knowing who is watching.

The GUI runs an export or import in a worker thread and passes two plain callables: one that
receives ``(done, total)`` and one that says whether the user pressed Cancel. The CLI passes
neither. Nothing here knows about Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from srm_desktop.domain.errors import SrmError

ProgressCallback: TypeAlias = Callable[[int, int], None]
CancelCheck: TypeAlias = Callable[[], bool]


class Cancelled(SrmError):
    """The user cancelled; nothing was written or applied."""

    def __init__(self, what: str = "cancelled") -> None:
        super().__init__(what)


class Ticker:
    """Reports progress every ``every`` steps (not every cell: progress crosses threads) and
    polls ``cancelled()`` every ``poll`` steps, a few milliseconds of work apart: besides
    answering Cancel quickly, the poll is where a GUI worker gives way to its busy UI thread
    (see ``srm_desktop.ui.workers``)."""

    def __init__(
        self,
        total: int,
        progress: ProgressCallback | None,
        cancelled: CancelCheck | None,
        every: int = 500,
        poll: int = 25,
    ) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled
        self._every = every
        self._next = every
        self._poll = min(poll, every)
        self._next_poll = self._poll

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.done >= self._next_poll:
            self._next_poll = self.done + self._poll
            if self.done >= self._next:
                self._next = self.done + self._every
                self.check()
            elif self._cancelled is not None and self._cancelled():
                raise Cancelled()

    def poll(self) -> None:
        """Answer Cancel (and let a GUI worker give way) without counting progress: for work done
        before the rows are written, such as measuring every row for the page breaks."""
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        self.done = self.total
        self.check()
