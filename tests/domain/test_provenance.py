"""One home for ownership and provenance: the rule's owner, the effective owner, a cell's source."""

from __future__ import annotations

from srm_desktop.domain.edits import CellChange, set_cells
from srm_desktop.domain.project import Project
from srm_desktop.domain.provenance import (
    cell_source,
    effective_owner,
    explain_cell,
    row_rationale,
    rule_owner,
)
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner


def test_effective_owner_follows_the_rule_until_a_cell_is_overridden(
    demo: Project, aws: Provider
) -> None:
    assert effective_owner(demo, aws, "ec2", "physical") is Owner.PROVIDER
    assert effective_owner(demo, aws, "ec2", "guest-os") is Owner.CUSTOMER
    moved = set_cells(
        demo,
        [CellChange("s3", "physical", "aws", "I"), CellChange("s3", "physical", "customer", "R/A")],
        rationale="our own colocation",
    )
    assert rule_owner(moved, aws, "s3", "physical") is Owner.PROVIDER
    assert effective_owner(moved, aws, "s3", "physical") is Owner.CUSTOMER


def test_both_sides_responsible_reads_as_shared_and_no_letters_as_no_owner(
    demo: Project, aws: Provider
) -> None:
    shared = set_cells(demo, [CellChange("ec2", "guest-os", "aws", "R")])
    assert effective_owner(shared, aws, "ec2", "guest-os") is Owner.SHARED
    empty = set_cells(
        demo,
        [CellChange("ec2", "guest-os", "aws", ""), CellChange("ec2", "guest-os", "customer", "")],
    )
    assert effective_owner(empty, aws, "ec2", "guest-os") is None


def test_cell_source_is_manual_only_for_overridden_cells(demo: Project, aws: Provider) -> None:
    row = demo.row("rds", "guest-os")
    assert cell_source(demo, "rds", "guest-os", "customer") == f"rule:{row.rule}"
    edited = set_cells(demo, [CellChange("rds", "guest-os", "customer", "R")])
    assert cell_source(edited, "rds", "guest-os", "customer") == "manual"
    assert cell_source(edited, "rds", "guest-os", "aws") == f"rule:{row.rule}"


def test_row_rationale_names_parties_only_when_their_reasons_differ(
    teams_project: Project,
) -> None:
    one = set_cells(
        teams_project,
        [
            CellChange("ec2", "guest-os", "platform", "R"),
            CellChange("ec2", "guest-os", "security", "A"),
        ],
        rationale="golden AMI pipeline",
    )
    assert row_rationale(one, "ec2", "guest-os") == "golden AMI pipeline"
    two = set_cells(one, [CellChange("ec2", "guest-os", "application", "C")], rationale="told")
    assert row_rationale(two, "ec2", "guest-os").splitlines() == [
        "Platform, Security: golden AMI pipeline",
        "Application: told",
    ]


def test_explain_cell_gives_rule_letters_and_override(demo: Project, aws: Provider) -> None:
    edited = set_cells(
        demo, [CellChange("ec2", "guest-os", "customer", "R")], rationale="AWS SSM patches"
    )
    explained = explain_cell(edited, aws, ("ec2", "guest-os", "customer"))
    assert explained.letters == "R"
    assert explained.rule_letters == "R/A"
    assert explained.override is not None
    assert explained.override.rationale == "AWS SSM patches"
    assert explained.source == "manual"
    assert explained.rule_owner is Owner.CUSTOMER
