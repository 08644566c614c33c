from __future__ import annotations

import csv
import io

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.csv_export import COLUMNS, dumps_csv


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_columns_are_the_contract(demo: Project, aws: Provider) -> None:
    header = dumps_csv(demo, aws).splitlines()[0]
    assert header == "service_id,service,category,area_id,area,party,raci,source,owner"
    assert tuple(header.split(",")) == COLUMNS


def test_one_line_per_visible_cell_with_canonical_letters(demo: Project, aws: Provider) -> None:
    rows = read(dumps_csv(demo, aws))
    assert len(rows) == demo.cell_count == 4 * len(demo.visible_areas) * 2
    ec2_guest = [r for r in rows if r["service_id"] == "ec2" and r["area_id"] == "guest-os"]
    assert [(r["party"], r["raci"], r["source"]) for r in ec2_guest] == [
        ("AWS", "", "rule:aws.ec2.guest-os"),
        ("Customer", "R/A", "rule:aws.ec2.guest-os"),
    ]
    assert {r["category"] for r in rows} == {"infrastructure", "container", "abstracted"}


def test_overrides_are_manual_and_hidden_areas_left_out(demo: Project, aws: Provider) -> None:
    edited = edits.set_cells(demo, [CellChange("s3", "iam", "aws", "C")], rationale="x")
    edited = edits.update_area(edited, "backup", hidden=True)
    rows = read(dumps_csv(edited, aws))
    key = ("s3", "iam", "AWS")
    cell = next(r for r in rows if (r["service_id"], r["area_id"], r["party"]) == key)
    assert (cell["raci"], cell["source"]) == ("C", "manual")
    assert not any(r["area_id"] == "backup" for r in rows)


def test_names_with_commas_quotes_and_newlines_survive(demo: Project, aws: Provider) -> None:
    edited = edits.update_service(demo, aws, "ec2", name='Web fleet, "blue"')
    rows = read(dumps_csv(edited, aws))
    assert rows[0]["service"] == 'Web fleet, "blue"'


def test_the_owner_column_names_every_owner_including_not_applicable(
    demo: Project, aws: Provider
) -> None:
    rows = read(dumps_csv(demo, aws))
    owner = {(r["service_id"], r["area_id"]): r["owner"] for r in rows}
    assert owner[("ec2", "physical")] == "provider"
    assert owner[("ec2", "guest-os")] == "customer"
    assert owner[("rds", "version-lifecycle")] == "shared"
    assert owner[("s3", "workload-image")] == "n/a"
    assert {r["raci"] for r in rows if r["owner"] == "n/a"} == {""}
