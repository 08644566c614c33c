"""The project's own error types. Anything the user can cause surfaces as one of these."""

from __future__ import annotations


class SrmError(Exception):
    """An error a user can act on. ``str(err)`` is a complete one-line message."""


class InputError(SrmError):
    """A file or value that cannot be read: names the file and the place (line, JSON path, cell)."""

    def __init__(self, source: str, problem: str, where: str | None = None) -> None:
        self.source = source
        self.where = where
        self.problem = problem
        place = f"{source}: {where}" if where else source
        super().__init__(f"{place}: {problem}")


class EditError(SrmError):
    """An edit the domain refuses (unknown id, removing the last provider party...)."""
