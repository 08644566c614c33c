"""The window's front doors on the diff engine, on the 240k estate (issue 14).

* **What-if** recomputes on every change of the dialog's target: switching one entry of the
  1,000 and diffing the result must feel instant. Floor: the switch alone
  (``edits.update_service``, the edit *Apply* installs); target < 100 ms in all, so the combo
  never stutters.
* **The rule-book check** (``rule_update.pending_update``: a whole auto-fill and a diff) runs in
  a quiet worker after a stale project opens; reported for information (the window never waits
  for it).
* **Compare marks**: building the matrix's adapter over a 2 %-changed diff and asking every row
  whether it changed (what "changed only" does), for information.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from benchmarks.diff_ops import changed_copy
from benchmarks.measure import Result, median, paired, times_ms
from srm_desktop.domain import edits
from srm_desktop.domain.diff import diff_projects
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.rule_update import pending_update
from srm_desktop.domain.whatif import what_if

OLD_BOOK = "aws 2026.01.15"


def _marks(project: Project, other: Project) -> int:
    # The adapter is Qt-free but lives in ui/models; imported here so the domain part of the
    # suite does not load the ui package.
    from srm_desktop.ui.models.compare_marks import CompareMarks

    marks = CompareMarks(diff_projects(other, project), "other")
    areas = [a.id for a in project.visible_areas]
    return sum(1 for e in project.services for a in areas if marks.row_changed(e.id, a))


def run(project: Project, folder: Path, runs: int) -> list[Result]:
    provider = get_provider(project.provider)
    entry = next(e for e in project.services if e.service == "ec2")

    def switch() -> None:
        edits.update_service(project, provider, entry.id, service="ecs", variant="fargate")

    a, floor = paired(lambda: what_if(project, provider, entry.id, "ecs:fargate"), switch, runs)
    stale = replace(project, rule_book=OLD_BOOK)
    pending = times_ms(lambda: pending_update(stale, provider), runs)
    other = changed_copy(project)
    diff_only = times_ms(lambda: diff_projects(other, project), runs)
    marks = times_ms(lambda: _marks(project, other), runs)
    return [
        Result("what-if: switch one entry of 1,000 + diff", median(a), target="< 100 ms",
               limit=100.0, runs=a),
        Result("  the switch alone (edits.update_service)", median(floor), target="(info)",
               runs=floor),
        Result("  rule-book check (pending_update, in a worker)", median(pending),
               target="(info)", runs=pending),
        Result("  compare: marks + changed-only pass (incl. diff)", median(marks),
               "diff alone", median(diff_only), "(info)", runs=marks),
    ]  # fmt: skip
