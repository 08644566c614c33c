from __future__ import annotations

import random
from dataclasses import replace

import pytest

from srm_desktop.domain.autofill import autofill, autofill_plainly
from srm_desktop.domain.edits import CellChange, set_cells, update_service
from srm_desktop.domain.project import Project
from srm_desktop.domain.provenance import cell_source
from srm_desktop.domain.provider import Provider


def letters(project: Project, service: str, area: str) -> dict[str, str]:
    row = project.row(service, area)
    return {p.name: v for p, v in zip(project.parties, row.raci, strict=True)}


def test_new_project_is_filled_with_the_reference_raci_view(demo: Project) -> None:
    assert letters(demo, "ec2", "guest-os") == {"AWS": "", "Customer": "R/A"}
    assert letters(demo, "rds", "guest-os") == {"AWS": "R/A", "Customer": "I"}
    assert letters(demo, "rds", "backup") == {"AWS": "R", "Customer": "R/A"}
    assert demo.row("ec2", "guest-os").rule == "aws.ec2.guest-os"
    # Not applicable: a row without letters (S3 ships no workload image).
    assert letters(demo, "s3", "workload-image") == {"AWS": "", "Customer": ""}
    assert demo.rule_book.startswith("aws ")


def test_every_cell_records_its_source(demo: Project) -> None:
    for entry, area, row in demo.iter_rows():
        assert row.rule is not None, (entry.id, area.id)
        for party in demo.parties:
            assert cell_source(demo, entry.id, area.id, party.id) == f"rule:{row.rule}"


def test_autofill_never_touches_overrides(demo: Project, aws: Provider) -> None:
    edited = set_cells(
        demo,
        [CellChange("rds", "guest-os", "customer", "R/A")],
        author="ana",
        rationale="we run the DBA patch window",
    )
    # Someone breaks a non-overridden cell by hand (a bad merge in git, say).
    rows = dict(edited.rows)
    rows["ec2"] = {**rows["ec2"], "iam": rows["ec2"]["iam"]._replace(raci=("R", ""))}
    broken = replace(edited, rows=rows)

    filled, report = autofill(broken, aws)
    assert filled.cell("rds", "guest-os", "customer") == "R/A"  # override kept
    assert cell_source(filled, "rds", "guest-os", "customer") == "manual"
    assert letters(filled, "ec2", "iam") == {"AWS": "", "Customer": "R/A"}  # repaired
    assert report.overrides_kept == 1
    assert report.cells_changed == 2


def test_autofill_of_a_filled_project_changes_nothing_and_shares_rows(
    demo: Project, aws: Provider
) -> None:
    filled, report = autofill(demo, aws)
    assert filled is demo
    assert report.cells_changed == 0


def test_changing_the_variant_rederives_that_service(teams_project: Project, aws: Provider) -> None:
    assert teams_project.row("lambda", "guest-os").rule == "aws.lambda.image.guest-os"
    zipped = update_service(teams_project, aws, "lambda", variant="zip")
    assert zipped.row("lambda", "guest-os").rule != "aws.lambda.image.guest-os"
    assert zipped.cell("lambda", "guest-os", "aws") == "R/A"
    assert zipped.rows["ec2"] is teams_project.rows["ec2"]  # other services untouched


def test_teams_split_keeps_exactly_one_accountable(teams_project: Project) -> None:
    for _entry, _area, row in teams_project.iter_rows():
        if not any(row.raci):  # a not-applicable row has no letters at all
            continue
        assert sum("A" in v for v in row.raci) == 1
        assert any("R" in v for v in row.raci)


def test_unknown_catalog_service_keeps_its_rows(demo: Project, aws: Provider) -> None:
    services = tuple(
        s.model_copy(update={"service": "retired-service"}) if s.id == "s3" else s
        for s in demo.services
    )
    stale = replace(demo, services=services)
    filled, report = autofill(stale, aws)
    assert filled.rows["s3"] == demo.rows["s3"]
    assert report.unknown_services == ("s3",)


def _plain_rows(project: Project) -> dict[str, dict[str, tuple[str | None, tuple[str, ...]]]]:
    return {
        sid: {aid: (row.rule, row.raci) for aid, row in by_area.items()}
        for sid, by_area in project.rows.items()
    }


@pytest.mark.parametrize("seed", range(12))
def test_autofill_agrees_with_its_plain_statement(
    seed: int, teams_project: Project, demo: Project, aws: Provider
) -> None:
    """The fast auto-fill (memos by identity, shared rows) says what the plain one says."""
    rng = random.Random(seed)
    project = teams_project if seed % 2 else demo
    keys = [
        (e.id, a.id, p.id) for e in project.services for a in project.areas for p in project.parties
    ]
    picks = rng.sample(keys, k=20)
    letters = ["", "R", "A", "C", "I", "R/A", "C/I"]
    project = set_cells(
        project, [CellChange(*k, rng.choice(letters)) for k in picks], rationale="x"
    )
    rows = dict(project.rows)  # and some rows broken by hand, as a bad git merge would
    for sid in rng.sample(sorted(rows), k=2):
        rows[sid] = {a: r._replace(raci=("R",) * len(r.raci)) for a, r in rows[sid].items()}
    overrides = project.overrides
    if seed % 3 == 0:  # an entry with no rows yet (so no overrides either, as in a file)
        gone = project.services[-1].id
        rows.pop(gone)
        overrides = {k: v for k, v in overrides.items() if k[0] != gone}
    project = replace(project, rows=rows, overrides=overrides)
    fast, _ = autofill(project, aws)
    plain = autofill_plainly(project, aws)
    assert _plain_rows(fast) == _plain_rows(plain)
    assert fast.rule_book == plain.rule_book
    assert fast.overrides == project.overrides
