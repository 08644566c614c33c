"""The review workbook (xlsx): export for stakeholders, and a safe import of their edits.

Pure Python on openpyxl; never imports Qt. Both directions take a ``progress(done, total)``
callback and a ``cancelled()`` check so the GUI can run them in a worker thread.

The names below load on first use: importing the package (or its ``layout``) does not import
the exporter or the reader, and so not openpyxl. The change set they produce is a domain object
(:mod:`srm_desktop.domain.change_set`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from srm_desktop.formats.workbook.export import export_workbook, workbook_bytes
    from srm_desktop.formats.workbook.importer import read_change_set
    from srm_desktop.formats.workbook.progress import Cancelled

__all__ = ["Cancelled", "export_workbook", "read_change_set", "workbook_bytes"]

_HOMES = {
    "Cancelled": "progress",
    "export_workbook": "export",
    "workbook_bytes": "export",
    "read_change_set": "importer",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
