"""What every ``srm`` command shares: the exit codes, and opening a project with its provider
(:func:`srm_desktop.formats.project_file.open_project`, which the window uses too)."""

from __future__ import annotations

from srm_desktop.formats.project_file import open_project

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_OK", "open_project"]
