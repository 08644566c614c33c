"""The compliance exports by kind: one entry point for the CLI and the window.

``oscal`` needs only the standard library; ``crm`` and ``ccm`` load the workbook machinery
(openpyxl's styles), so each kind imports its writer only when it runs.
"""

from __future__ import annotations

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
    if target == "-" and kind is Kind.OSCAL:
        return
    suffix = Path(target).suffix.lower()
    if suffix != kind.suffix:
        found = suffix or "no extension"
        raise InputError(target, f"a {kind.label} is written as {kind.suffix}, not {found}")


def export_compliance(
    kind: Kind,
    project: Project,
    provider: Provider,
    path: Path | str,
    *,
    now: datetime | None = None,
) -> int:
    """Write ``kind`` atomically to ``path`` (a failed export leaves no file); returns how many
    controls it lists."""
    if kind is Kind.OSCAL:
        from srm_desktop.formats.oscal import export_oscal

        return export_oscal(project, provider, path, now=now)
    from srm_desktop.formats.compliance_workbooks import export_compliance_workbook

    return export_compliance_workbook(kind, project, provider, path, now=now)
