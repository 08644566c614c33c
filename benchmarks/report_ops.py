"""The readable report: HTML and PDF (Qt's own printing) of the same project, each against the
review-workbook export of that project measured in the same run (issue 15: each ≤ 2× the
workbook, under 300 MB).

Both report times include building the content (``build_report``: one pass over the matrix,
the heat map, validation for the open findings); the PDF's also lays out and paints every page.
Peak memory is measured in a fresh process that opens the project file and writes the report:
its whole peak RSS (interpreter, project, Qt and the report), the number the 300 MB limit is
about, where a peak measured inside this process would hide behind memory it already holds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.measure import Result, median, paired
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.report.html import report_html
from srm_desktop.formats.report.model import build_report
from srm_desktop.formats.workbook.export import workbook_bytes

NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)


_CHILD = """
import json, resource, sys
from srm_desktop.cli import main
code = main(["report", sys.argv[1], "-o", sys.argv[2]], out=open("/dev/null", "w"))
assert code == 0
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
"""


def child_peak_mb(path: Path, out: Path) -> float:
    """Peak RSS (MB) of a fresh ``srm report PATH -o OUT`` process, start to finish."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(out)],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return float(json.loads(result.stdout.strip().splitlines()[-1]))


def run(project: Project, path: Path, runs: int, label: str = "") -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from srm_desktop.render.pdf import ensure_app, report_pdf

    ensure_app()
    provider = get_provider(project.provider)

    def workbook() -> bytes:
        return workbook_bytes(project, provider, now=NOW)

    def html() -> bytes:
        return report_html(build_report(project, provider)).encode("utf-8")

    def pdf() -> bytes:
        return report_pdf(build_report(project, provider))

    pdf()  # the first PDF loads fonts; a user's second export is the common case
    results = []
    for name, fn in (("HTML", html), ("PDF", pdf)):
        a, b = paired(fn, workbook, runs)
        peak = child_peak_mb(path, path.with_name(f"report.{name.lower()}"))
        results.append(
            Result(f"report {name}{label}", median(a), "workbook export", median(b), "≤ 2× and "
                   "< 300 MB", 2.0, peak, runs=a)
        )  # fmt: skip
    return results
