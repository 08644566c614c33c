"""A project as an older rule book left it, shared by the domain's and the window's tests of
the rule-book review (``test_rule_update.py``, ``tests/ui/test_ui_rule_book_review.py``)."""

from __future__ import annotations

from dataclasses import replace

from srm_desktop.domain import edits
from srm_desktop.domain.project import Project, Row

OLD_BOOK = "aws 2026.01.15"


def filled_by_an_older_book(project: Project) -> Project:
    """``project`` as an older rule book left it: EC2's guest OS was the provider's, RDS backup
    came from a rule since retired, and a reviewer's override on S3 that must survive."""
    project = edits.set_cells(
        project,
        [edits.CellChange("s3", "customer-data", "security", "R/A")],
        rationale="data owner signs off",
    )
    rows = {sid: dict(by_area) for sid, by_area in project.rows.items()}
    guest = rows["ec2"]["guest-os"]
    rows["ec2"]["guest-os"] = Row(guest.rule, ("R/A",) + ("I",) * (len(guest.raci) - 1))
    backup = rows["rds"]["backup"]
    rows["rds"]["backup"] = Row("aws.rds.backup-2025", backup.raci)
    return replace(project.with_cells(rows=rows), rule_book=OLD_BOOK)
