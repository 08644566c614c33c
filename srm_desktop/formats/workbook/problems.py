"""The problems found while reading a workbook, in the order a reader meets them."""

from __future__ import annotations

from srm_desktop.domain.change_set import Problem
from srm_desktop.domain.validation import Severity


class ProblemLog(list[Problem]):
    """A list of :class:`Problem` with a one-call :meth:`add` (every reading step shares one)."""

    def add(self, level: Severity, address: str, value: str, message: str) -> None:
        self.append(Problem(level, address, value, message))
