"""The compliance exports (``srm export --as oscal|crm|ccm``), each against the review workbook
export of the same project in the same run (issue 15: each ≤ 2× it, under 300 MB)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import Result, median, paired
from benchmarks.measure import traced_peak_mb as peak_mb
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.compliance import Kind
from srm_desktop.formats.compliance_workbooks import compliance_workbook_bytes
from srm_desktop.formats.oscal import oscal_bytes
from srm_desktop.formats.workbook.export import workbook_bytes
from srm_desktop.formats.workbook.printing import Paper


def run(project: Project, _folder: Path, runs: int, label: str = "") -> list[Result]:
    """One row per kind; the whole export in memory, as ``workbook_bytes`` is timed (the disk
    write is the same atomic write for all of them)."""
    provider = get_provider(project.provider)
    paper = Paper.A4

    def review() -> bytes:
        return workbook_bytes(project, provider, paper=paper)

    kinds: dict[str, Callable[[], bytes]] = {
        "oscal": lambda: oscal_bytes(project, provider),
        "crm": lambda: compliance_workbook_bytes(Kind.CRM, project, provider, paper=paper),
        "ccm": lambda: compliance_workbook_bytes(Kind.CCM, project, provider, paper=paper),
    }
    results = []
    for kind, export in kinds.items():
        size = len(export())
        a, b = paired(export, review, runs)
        results.append(
            Result(
                f"export --as {kind}{label} ({size / 1e6:.1f} MB)",
                median(a),
                "review workbook",
                median(b),
                "≤ 2× and < 300 MB",
                2.0,
                peak_mb(export),
                runs=a,
            )
        )
    return results
