"""The problems found while reading a workbook, in the order a reader meets them."""

from __future__ import annotations

from srm_desktop.domain.change_set import Problem
from srm_desktop.domain.validation import Severity
from srm_desktop.formats.workbook import layout as L


class ProblemLog(list[Problem]):
    """A list of :class:`Problem` with a one-call :meth:`add` (every reading step shares one).

    At most ``limit`` problems are kept one by one (a 20 MB sheet of junk would otherwise list
    hundreds of thousands); the rest are counted, and :meth:`closed` ends the list with one line
    that says how many more there were, as an error when any of them was one."""

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.limit = L.MAX_PROBLEMS if limit is None else limit
        self.more_errors = 0
        self.more_warnings = 0

    def add(
        self,
        level: Severity,
        address: str,
        value: str,
        message: str,
        *,
        at: tuple[str | None, str | None, str | None] = (None, None, None),
        blocks: bool = False,
    ) -> None:
        """One problem; ``at`` is the (service, area, party) it is about, as far as known."""
        self.append(Problem(level, address, value, message, *at, blocks=blocks))

    def append(self, problem: Problem) -> None:
        if len(self) < self.limit:
            super().append(problem)
        elif problem.level is Severity.ERROR:
            self.more_errors += 1
        else:
            self.more_warnings += 1

    def closed(self, source: str) -> tuple[Problem, ...]:
        """Every problem kept, then the count of the others (if any)."""
        more = self.more_errors + self.more_warnings
        if not more:
            return tuple(self)
        level = Severity.ERROR if self.more_errors else Severity.WARNING
        summary = Problem(
            level,
            source,
            "",
            f"and {more:,} more problems not listed ({self.more_errors:,} errors, "
            f"{self.more_warnings:,} warnings): fix the ones above and import again",
        )
        return (*self, summary)
