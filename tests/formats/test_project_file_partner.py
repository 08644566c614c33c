"""A partner party (F21) in the project file, the CSV and the review workbook: read the same by
all three readers, written only where there is one (old files keep their bytes), shown as a
partner in the workbook's Legend, and the CSV's owner column keeps its four words."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from srm_desktop.domain.project import PartyKind
from srm_desktop.domain.provider import Provider
from srm_desktop.formats import project_file
from srm_desktop.formats.csv_export import dumps_csv
from srm_desktop.formats.project_file import dumps_project, load_project, loads_project
from srm_desktop.formats.workbook import export_workbook, read_change_set

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
THREE_TIER = EXAMPLES / "three-tier-web.srm"


def test_the_three_tier_example_names_its_msp_a_partner() -> None:
    project = load_project(THREE_TIER)
    assert project.party("northwind-ms").kind is PartyKind.PARTNER
    assert project.party("customer").kind is PartyKind.CUSTOMER


def test_every_reader_reads_a_partner_the_same_and_writes_it_back() -> None:
    data = THREE_TIER.read_bytes()
    lined = project_file._loads_lines(data, "t.srm")
    paired = project_file._loads_pairs(data, "t.srm")
    checked = project_file._loads_checked(data, "t.srm")
    assert lined == paired == checked
    assert dumps_project(checked) == data
    assert b'"kind": "partner"' in data


def test_files_without_a_partner_keep_their_bytes() -> None:
    for path in EXAMPLES.glob("*.srm"):
        data = path.read_bytes()
        assert dumps_project(loads_project(data, path.name)) == data, path.name


def test_a_partner_may_hold_team_template_letters() -> None:
    text = THREE_TIER.read_text().replace(
        '"team_template": {}', '"team_template": {\n    "guest-os": {"northwind-ms": "R"}\n  }'
    )
    project = loads_project(text.encode(), "t.srm")
    assert project.team_template["guest-os"] == {"northwind-ms": "R"}


def test_the_csv_owner_column_keeps_its_words_with_a_partner(aws: Provider) -> None:
    project = load_project(THREE_TIER)
    rows = list(csv.DictReader(io.StringIO(dumps_csv(project, aws))))
    assert {r["owner"] for r in rows} <= {"provider", "customer", "shared", "n/a"}
    web_os = {r["party"]: r for r in rows if (r["service_id"], r["area_id"]) == ("web", "guest-os")}
    assert web_os["Northwind Managed Services"]["raci"] == "R"
    assert {r["owner"] for r in web_os.values()} == {"customer"}


def test_the_workbook_shows_the_partner_and_reads_back(aws: Provider, tmp_path: Path) -> None:
    project = load_project(THREE_TIER)
    path = tmp_path / "review.xlsx"
    export_workbook(project, aws, path)
    book = openpyxl.load_workbook(path, read_only=True)
    legend = [
        [c for c in row if c is not None] for row in book["Legend"].iter_rows(values_only=True)
    ]
    book.close()
    assert ["Northwind Managed Services", "partner (customer side: acts for the customer)"] in [
        [str(c) for c in row] for row in legend
    ]
    change_set = read_change_set(project, aws, path)
    assert not change_set.problems
    assert not change_set.changes
