"""The change set is a domain object: applying it, refusing it, and importing it cheaply."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date

import pytest

from srm_desktop.domain.change_set import (
    Change,
    ChangeSet,
    FindingsPreview,
    Problem,
    findings_after,
)
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.validation import Severity


def test_importing_the_change_set_loads_neither_openpyxl_nor_the_workbook_package() -> None:
    probe = (
        "import sys, srm_desktop.domain.change_set, srm_desktop.formats.workbook.layout\n"
        "print(sorted(m for m in sys.modules if m.startswith('openpyxl')"
        " or m.startswith('srm_desktop.formats.workbook.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['srm_desktop.formats.workbook.layout']"


def test_apply_records_the_import_and_refuses_while_there_are_errors() -> None:
    aws = get_provider("aws")
    project = new_project("Demo", aws, ["ec2"], ["Platform"])
    ec2 = project.services[0].id
    change = Change(
        ec2, "guest-os", "platform", project.cell(ec2, "guest-os", "platform"), "C", "A1"
    )
    good = ChangeSet("review.xlsx", (change,))
    applied = good.apply(project, on=date(2026, 5, 1))
    assert applied.cell(ec2, "guest-os", "platform") == "C"
    assert applied.overrides[change.key].rationale == "imported from review.xlsx on 2026-05-01"
    bad = ChangeSet("review.xlsx", (change,), (Problem(Severity.ERROR, "A2", "'X'", "bad"),))
    assert bad.has_errors
    with pytest.raises(EditError):
        bad.apply(project)
    assert findings_after(ChangeSet("empty.xlsx"), project, aws) == ()


def _two_changes_and_an_error() -> tuple[ChangeSet, Project, str]:
    aws = get_provider("aws")
    project = new_project("Demo", aws, ["ec2"], ["Platform", "Security"])
    ec2 = project.services[0].id
    first = Change(
        ec2, "guest-os", "security", project.cell(ec2, "guest-os", "security"), "C", "H7"
    )
    second = Change(
        ec2, "logging", "security", project.cell(ec2, "logging", "security"), "I", "H20"
    )
    error = Problem(Severity.ERROR, "Matrix!G9", "'maybe'", "bad", ec2, "iam", "platform")
    return ChangeSet("review.xlsx", (first, second), (error,)), project, ec2


def test_a_subset_applies_only_the_ticked_changes_and_skipping_errors_applies_the_rest() -> None:
    change_set, project, ec2 = _two_changes_and_an_error()
    ticked = change_set.without([1])
    assert [c.area_id for c in ticked.changes] == ["guest-os"]
    assert change_set.only([1]).changes == (change_set.changes[1],)
    assert ticked.problems == change_set.problems  # the errors are still listed
    with pytest.raises(EditError):
        ticked.apply(project)  # errors block unless skipped
    applied = ticked.apply(project, skip_errors=True)
    assert applied.cell(ec2, "guest-os", "security") == "C"
    assert applied.cell(ec2, "logging", "security") == project.cell(ec2, "logging", "security")
    assert applied.cell(ec2, "iam", "platform") == project.cell(ec2, "iam", "platform")
    assert (ec2, "logging", "security") not in applied.overrides


def test_a_blocking_problem_cannot_be_skipped() -> None:
    change_set, project, _ = _two_changes_and_an_error()
    other = Problem(Severity.ERROR, "_srm_meta!B3", "'x'", "another project", blocks=True)
    blocked = ChangeSet(change_set.source, change_set.changes, (other,))
    with pytest.raises(EditError, match="another project"):
        blocked.apply(project, skip_errors=True)


def test_an_error_names_its_service_area_and_party_beside_the_cell() -> None:
    change_set, project, _ = _two_changes_and_an_error()
    problem = change_set.problems[0]
    assert problem.describe(project) == (
        "error: Matrix!G9 (Amazon EC2 › Identity & access management › Platform): 'maybe': bad"
    )
    assert problem.describe() == "error: Matrix!G9: 'maybe': bad"


def _random_change_set(project: Project, rnd: random.Random, count: int) -> ChangeSet:
    cells = [
        (e.id, a.id, p.id)
        for e in project.services
        for a in project.visible_areas
        for p in project.parties
    ]
    changes = []
    for sid, aid, pid in rnd.sample(cells, count):
        old = project.cell(sid, aid, pid)
        new = rnd.choice([v for v in ("", "R", "A", "R/A", "C", "I") if v != old])
        changes.append(Change(sid, aid, pid, old, new, "Matrix!A1"))
    return ChangeSet("review.xlsx", tuple(changes))


def test_the_row_by_row_recount_agrees_with_validating_the_whole_project() -> None:
    """The preview's live recount (FindingsPreview) says what findings_after says, for random
    ticked subsets: the same findings in the same order."""
    aws = get_provider("aws")
    project = new_project(
        "Demo", aws, ["ec2", "s3", "lambda", "rds"], ["Platform", "Security", "App"]
    )
    rnd = random.Random(13)
    for _ in range(25):
        change_set = _random_change_set(project, rnd, rnd.randint(1, 60))
        preview = FindingsPreview(change_set, project, aws)
        assert preview.findings() == findings_after(change_set, project, aws)
        ticked = [i for i in range(len(change_set.changes)) if rnd.random() < 0.5]
        assert preview.findings(ticked) == findings_after(change_set.only(ticked), project, aws)
