"""Schema migrations: each schema's fixture must open in every later version of the app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from srm_desktop.domain.errors import InputError
from srm_desktop.formats import migrations
from srm_desktop.formats.migrations import SCHEMA_VERSION, migrate
from srm_desktop.formats.project_file import dumps_project, load_project

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_schema_1_fixture_opens_with_its_content() -> None:
    """A file written by 0.1.0. When schema 2 arrives, this runs the 1 -> 2 migration."""
    project = load_project(FIXTURES / "schema-1.srm")
    assert project.name == "Schema 1 fixture"
    assert [p.name for p in project.parties] == ["AWS", "Platform", "Security"]
    assert project.cell("rds", "backup", "security") == "C"
    assert project.overrides[("rds", "backup", "security")].author == "Ana Lopez"
    assert project.row("rds", "guest-os").rule == "aws.rds.custom.guest-os"


def test_current_files_are_written_at_the_current_schema() -> None:
    project = load_project(FIXTURES / "schema-1.srm")
    assert json.loads(dumps_project(project))["schema_version"] == SCHEMA_VERSION


def test_migrations_run_in_order_on_the_raw_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def one_to_two(doc: dict[str, Any]) -> dict[str, Any]:
        seen.append(doc["schema_version"])
        doc["parties"] = doc.pop("columns")
        return doc

    def two_to_three(doc: dict[str, Any]) -> dict[str, Any]:
        seen.append(doc["schema_version"])
        doc["name"] = doc["name"].strip()
        return doc

    monkeypatch.setitem(migrations.MIGRATIONS, 1, one_to_two)
    monkeypatch.setitem(migrations.MIGRATIONS, 2, two_to_three)
    raw = {"format": migrations.FORMAT_ID, "schema_version": 1, "columns": [], "name": " X "}
    doc = migrate(raw, "old.srm", current=3)
    assert seen == [1, 2]
    assert doc == {"format": migrations.FORMAT_ID, "schema_version": 3, "parties": [], "name": "X"}


def test_a_failing_migration_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(migrations.MIGRATIONS, 1, lambda doc: doc["missing"])
    raw = {"format": migrations.FORMAT_ID, "schema_version": 1}
    with pytest.raises(InputError, match=r"old\.srm: cannot migrate from schema 1: KeyError"):
        migrate(raw, "old.srm", current=2)


def test_a_gap_in_the_chain_is_reported() -> None:
    raw = {"format": migrations.FORMAT_ID, "schema_version": SCHEMA_VERSION}
    with pytest.raises(
        InputError, match=f"no migration from schema {SCHEMA_VERSION} to {SCHEMA_VERSION + 1}"
    ):
        migrate(raw, "old.srm", current=SCHEMA_VERSION + 1)


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (SCHEMA_VERSION + 1, "written by a newer SRM Desktop"),
        (0, "schema_version 0 does not exist"),
        (True, "must be a whole number"),
        (1.0, "must be a whole number"),
    ],
)
def test_versions_that_cannot_be_read(version: object, message: str) -> None:
    raw = {"format": migrations.FORMAT_ID, "schema_version": version}
    with pytest.raises(InputError, match=message):
        migrate(raw, "x.srm")


def test_a_file_from_the_future_is_its_own_error_class() -> None:
    """The window decides not to offer the ``.bak`` by the class, not by the message's words."""
    raw = {"format": migrations.FORMAT_ID, "schema_version": SCHEMA_VERSION + 1}
    with pytest.raises(migrations.NewerSchemaError) as caught:
        migrate(raw, "future.srm")
    assert isinstance(caught.value, InputError)
    assert caught.value.version == SCHEMA_VERSION + 1
