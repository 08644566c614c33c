"""The review workbook (xlsx): export for stakeholders, and a safe import of their edits.

Pure Python on openpyxl; never imports Qt. Both directions take a ``progress(done, total)``
callback and a ``cancelled()`` check so the GUI can run them in a worker thread.
"""

from __future__ import annotations

from srm_desktop.formats.workbook.changeset import Change, ChangeSet, Level, Problem
from srm_desktop.formats.workbook.export import export_workbook, workbook_bytes
from srm_desktop.formats.workbook.importer import read_change_set
from srm_desktop.formats.workbook.progress import Cancelled

__all__ = [
    "Cancelled",
    "Change",
    "ChangeSet",
    "Level",
    "Problem",
    "export_workbook",
    "read_change_set",
    "workbook_bytes",
]
