"""Schema migrations: each schema's fixture must open in every later version of the app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.validation import Severity, validate
from srm_desktop.formats import migrations
from srm_desktop.formats.migrations import SCHEMA_VERSION, migrate
from srm_desktop.formats.project_file import (
    dumps_project,
    load_project,
    loads_with_provider,
    read_project,
)

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


SCHEMA_1_EXAMPLES = sorted((FIXTURES / "schema-1-examples").glob("*.srm"))


@pytest.mark.parametrize("path", SCHEMA_1_EXAMPLES, ids=lambda p: p.stem)
def test_schema_1_examples_migrate_validate_and_keep_every_override(path: Path) -> None:
    """The three examples as released with schema 1 (rule book v1, 16 areas)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    old_overrides = {
        (row[0], row[1], party): note
        for row in raw["matrix"]
        if isinstance(row[-1], dict)
        for party, note in row[-1].items()
    }
    opened = read_project(path)
    project, provider = opened.project, opened.provider
    assert len(project.areas) == 23
    assert project.rule_book == f"aws {provider.rules.version}"
    notes = "\n".join(project.migration_notes)
    assert "rule book v2 added 7 areas" in notes
    assert "overrides and their rationales kept" in notes
    # every override survives with its letters, rationale, author and time
    assert {k: o.rationale for k, o in project.overrides.items()} == {
        k: v["rationale"] for k, v in old_overrides.items()
    }
    for (sid, aid, pid), note in old_overrides.items():
        override = project.overrides[(sid, aid, pid)]
        assert (override.author, override.at) == (note.get("author", ""), note.get("at", ""))
    old_letters = {
        (row[0], row[1], party): row[3 + [p["id"] for p in raw["parties"]].index(party)]
        for (row) in raw["matrix"]
        if isinstance(row[-1], dict)
        for party in row[-1]
    }
    for key, letters in old_letters.items():
        assert project.cell(*key) == letters
    assert [f for f in validate(project, provider) if f.severity is Severity.ERROR] == []
    # Saved, it is a current file that opens without notes.
    again = loads_with_provider(dumps_project(project), "saved.srm")[0]
    assert again.migration_notes == ()
    assert again == project


def test_a_user_renamed_area_keeps_its_name_through_the_migration(tmp_path: Path) -> None:
    raw = json.loads((FIXTURES / "schema-1.srm").read_text(encoding="utf-8"))
    for area in raw["areas"]:
        if area["id"] == "platform":
            area["name"] = "Middleware (ours)"
    path = tmp_path / "renamed.srm"
    path.write_text(json.dumps(raw), encoding="utf-8")
    project = read_project(path).project
    assert project.area("platform").name == "Middleware (ours)"
    assert project.area("server-encryption").name == "Encryption at rest"
    ids = [a.id for a in project.areas]
    assert ids.index("version-lifecycle") == ids.index("platform") + 1
