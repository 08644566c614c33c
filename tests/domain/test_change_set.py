"""The change set is a domain object: applying it, refusing it, and importing it cheaply."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from srm_desktop.domain.change_set import Change, ChangeSet, Problem, findings_after
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.factory import new_project
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
