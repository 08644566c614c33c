from __future__ import annotations

import random
from dataclasses import replace

import pytest

from benchmarks.generate import examples, large_project
from srm_desktop.domain.edits import CellChange, set_cells, update_area
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.validation import Severity, has_errors, validate, validate_plainly
from srm_desktop.formats.project_file import load_project


def codes(project: Project, aws: Provider) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(f.code, f.service_id, f.area_id, f.party_id) for f in validate(project, aws)]


def test_fresh_projects_validate_cleanly(
    demo: Project, teams_project: Project, aws: Provider
) -> None:
    assert validate(demo, aws) == []
    assert validate(teams_project, aws) == []


def test_two_accountable_parties_is_an_error_naming_both(demo: Project, aws: Provider) -> None:
    edited = set_cells(
        demo, [CellChange("ec2", "iam", "aws", "A")], author="ana", rationale="shared admin"
    )
    findings = validate(edited, aws)
    assert [(f.code, f.service_id, f.area_id) for f in findings] == [
        ("several-accountable", "ec2", "iam")
    ]
    line = findings[0].describe(edited)
    assert line.startswith("error: Amazon EC2 › Identity & access management:")
    assert "AWS, Customer" in line


def test_missing_a_and_r_and_shared_without_customer_r(demo: Project, aws: Provider) -> None:
    edited = set_cells(
        demo,
        [
            CellChange("ec2", "guest-os", "customer", "C"),  # no A, no R left
            CellChange("rds", "backup", "customer", "A"),  # shared by rule, customer lost its R
        ],
        author="ana",
        rationale="testing",
    )
    assert codes(edited, aws) == [
        ("no-accountable", "ec2", "guest-os", None),
        ("no-responsible", "ec2", "guest-os", None),
        ("shared-no-customer-r", "rds", "backup", None),
    ]
    assert has_errors(validate(edited, aws))


def test_override_without_rationale_is_a_warning_on_its_cell(demo: Project, aws: Provider) -> None:
    edited = set_cells(demo, [CellChange("s3", "logging", "customer", "R/A/C")], author="ana")
    findings = validate(edited, aws)
    assert [(f.severity, f.code, f.party_id) for f in findings] == [
        (Severity.WARNING, "override-no-rationale", "customer")
    ]
    assert not has_errors(findings)


def test_hand_edited_cell_that_differs_from_its_rule_is_flagged(
    demo: Project, aws: Provider
) -> None:
    rows = dict(demo.rows)
    rows["s3"] = {**rows["s3"], "iam": rows["s3"]["iam"]._replace(raci=("R", "R/A"))}
    findings = validate(replace(demo, rows=rows), aws)
    assert [(f.code, f.party_id) for f in findings] == [("differs-from-rule", "aws")]


def test_hidden_areas_are_not_checked(demo: Project, aws: Provider) -> None:
    edited = set_cells(demo, [CellChange("ec2", "backup", "customer", "")], rationale="n/a")
    assert codes(edited, aws)
    areas = tuple(a.model_copy(update={"hidden": a.id == "backup"}) for a in edited.areas)
    assert codes(replace(edited, areas=areas), aws) == []


# -- the fast validate against its plain, row-by-row statement -----------------------------------


def _random_edits(project: Project, aws: Provider, seed: int) -> Project:
    """Letters changed at random (some with, some without a rationale), an area hidden, an entry
    on an unknown variant: every check gets something to find."""
    rng = random.Random(seed)
    keys = [
        (e.id, a.id, p.id) for e in project.services for a in project.areas for p in project.parties
    ]
    for rationale in ("", "agreed"):
        picks = rng.sample(keys, k=min(len(keys), rng.randint(1, 25)))
        changes = [CellChange(s, a, p, rng.choice(RANDOM_LETTERS)) for s, a, p in picks]
        project = set_cells(project, changes, author="t", rationale=rationale)
    if rng.random() < 0.5:
        project = update_area(project, rng.choice(project.areas).id, hidden=True)
    if rng.random() < 0.3:
        first = project.services[0]
        project = replace(
            project,
            services=(first.model_copy(update={"variant": "warp"}), *project.services[1:]),
        )
    return project


RANDOM_LETTERS = ["", "R", "A", "C", "I", "R/A", "R/C", "A/C", "C/I", "R/A/C/I"]


def test_validate_agrees_with_its_plain_statement_on_the_examples(aws: Provider) -> None:
    for path in examples():
        project = load_project(path)
        assert validate(project, aws) == validate_plainly(project, aws), path.name


def test_validate_agrees_with_its_plain_statement_on_a_generated_estate(aws: Provider) -> None:
    estate = large_project(120)  # the benchmark's estate, smaller: 120 entries x 30 areas
    found = validate(estate, aws)
    assert found  # the estate's manual letters make findings of several kinds
    assert found == validate_plainly(estate, aws)


@pytest.mark.parametrize("seed", range(40))
def test_validate_agrees_with_its_plain_statement_after_random_edits(
    seed: int, teams_project: Project, demo: Project, aws: Provider
) -> None:
    project = _random_edits(teams_project if seed % 2 else demo, aws, seed)
    assert validate(project, aws) == validate_plainly(project, aws)
