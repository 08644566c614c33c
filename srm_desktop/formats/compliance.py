"""The compliance exports by kind: one entry point for the CLI and the window.

``oscal`` needs only the standard library; ``crm`` and ``ccm`` load the workbook machinery
(openpyxl's styles), so each kind imports its writer only when it runs, and the window can import
this module at start-up without the workbook package (``tests/ui/test_ui_application.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider


class Kind(StrEnum):
    """The compliance exports, by their ``--as`` name."""

    OSCAL = "oscal"
    CRM = "crm"
    CCM = "ccm"

    @property
    def label(self) -> str:
        return {
            "oscal": "OSCAL component definition",
            "crm": "customer responsibility matrix",
            "ccm": "CCM SSRM workbook",
        }[self.value]

    @property
    def suffix(self) -> str:
        """The file type each kind writes."""
        return ".json" if self is Kind.OSCAL else ".xlsx"


def parse_kind(text: str) -> Kind:
    """``--as`` read forgivingly as to case; anything else names the known kinds."""
    try:
        return Kind(text.strip().lower())
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        raise InputError("--as", f"unknown export kind {text!r} (known: {known})") from None


def check_target(kind: Kind, target: str) -> None:
    """Refuse a file name whose type is not what ``kind`` writes, before any work: a CRM saved
    as ``.csv`` would open as garbage."""
    if target == "-":
        if kind is Kind.OSCAL:
            return
        raise InputError(
            target, f"{_a(kind.label)} cannot go to standard output: name a .xlsx file"
        )
    suffix = Path(target).suffix.lower()
    if suffix != kind.suffix:
        found = suffix or "no extension"
        raise InputError(target, f"{_a(kind.label)} is written as {kind.suffix}, not {found}")


def _a(label: str) -> str:
    """The label with its article: an OSCAL component definition, a CCM SSRM workbook."""
    return f"{'an' if label[:1] in 'AEIOUaeiou' else 'a'} {label}"


def export_compliance(
    kind: Kind,
    project: Project,
    provider: Provider,
    path: Path | str,
    *,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write ``kind`` atomically to ``path`` (a failed or cancelled export leaves no file);
    returns how many controls it lists. ``progress``/``cancelled`` as for the review workbook:
    Cancel raises :class:`Cancelled` before anything is written."""
    # Imported here: the window imports this module at start-up, the workbook package is not.
    from srm_desktop.formats.workbook.progress import Ticker

    # one step per control of the rollup (two frameworks at most) and per inventory entry
    ticker = Ticker(len(project.services) + 200, progress, cancelled, every=1, poll=1)
    if kind is Kind.OSCAL:
        from srm_desktop.formats.oscal import export_oscal

        return export_oscal(project, provider, path, now=now, tick=ticker.step)
    from srm_desktop.formats.compliance_workbooks import export_compliance_workbook

    return export_compliance_workbook(kind, project, provider, path, now=now, tick=ticker.step)
