"""The matrix search (issue 13, F6): rationales, notes, variants, rule ids and letters, and the
whole-project answer agreeing with the row-by-row statement."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from srm_desktop.domain.edits import CellChange, set_cells, update_service
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.matrix_search import (
    SearchIndex,
    matching_rows,
    parse_query,
    row_matches,
)
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import letters_of
from srm_desktop.formats.project_file import load_project

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.srm"))


def plainly(project: Project, provider: Provider, text: str, party: str | None = None):
    query = parse_query(text)
    return {
        (s.id, a.id)
        for s in project.services
        for a in project.visible_areas
        if row_matches(project, provider, s.id, a.id, query, party)
    }


@pytest.fixture
def reviewed(aws: Provider, teams_project: Project) -> Project:
    """Security took the A of S3's customer data, SEC-112; the RDS entry has notes."""
    project = set_cells(
        teams_project,
        [CellChange("s3", "customer-data", "security", "R/A")],
        author="Ana Lopez",
        rationale="SEC-112: the DPO signs off",
    )
    return update_service(project, aws, "rds", notes="PCI scope", environment="prod-eu")


def test_query_words_and_letters() -> None:
    assert [t.text for t in parse_query('SEC-112 "customer managed"').terms] == [
        "sec 112",
        "customer managed",
    ]
    (ra,) = parse_query("R/A").terms
    assert (ra.text, ra.letters) == ("r/a", frozenset("RA"))
    (a,) = parse_query("=a").terms  # letters only: "a" is in nearly every name
    assert (a.text, a.letters) == ("", frozenset("A"))
    (raci,) = parse_query("raci").terms  # a word, not letters: no slash, no "="
    assert raci.letters is None
    assert not parse_query('  "" ')


@pytest.mark.parametrize(
    ("typed", "rows"),
    [
        ("SEC-112", {("s3", "customer-data")}),  # a rationale's ticket number
        ("sec 112", {("s3", "customer-data")}),  # - and space alike
        ("dpo", {("s3", "customer-data")}),  # a rationale's word, any case
        ("lopez", {("s3", "customer-data")}),  # who made the override
        ("pci", "rds"),  # an entry's notes: every row of it
        ("prod-eu", "rds"),  # its environment
        ('"customer managed"', "s3"),  # a variant's name (SSE-KMS with a customer managed key)
        ("sse-kms-cmk", "s3"),  # and its key
        ("fargate", "ecs"),
        ("rds pci", "rds"),  # every word must match
        ("rds zzz", set()),
    ],
)
def test_what_a_reviewer_remembers_finds_the_row(
    aws: Provider, reviewed: Project, typed: str, rows: set[tuple[str, str]] | str
) -> None:
    expected = (
        {("" + rows, a.id) for a in reviewed.visible_areas} if isinstance(rows, str) else rows
    )
    assert matching_rows(reviewed, aws, parse_query(typed)) == expected
    assert plainly(reviewed, aws, typed) == expected


def test_a_rule_id_finds_the_rows_it_derived(aws: Provider, reviewed: Project) -> None:
    rule = reviewed.row("lambda", "guest-os").rule
    assert rule
    found = matching_rows(reviewed, aws, parse_query(rule))
    assert ("lambda", "guest-os") in found
    assert all(rule in (reviewed.row(s, a).rule or "") for s, a in found)


def test_letters_find_the_rows_a_party_holds_them_in(aws: Provider, reviewed: Project) -> None:
    holds = {
        (s.id, a.id)
        for s in reviewed.services
        for a in reviewed.visible_areas
        if any({"R", "A"} <= letters_of(c) for c in reviewed.row(s.id, a.id).raci)
    }
    assert holds
    assert matching_rows(reviewed, aws, parse_query("R/A")) == holds
    security = matching_rows(reviewed, aws, parse_query("=A"), party_id="security")
    column = reviewed.party_index["security"]
    assert ("s3", "customer-data") in security
    assert all("A" in reviewed.row(s, a).raci[column] for s, a in security)


def test_hidden_areas_are_never_found(aws: Provider, reviewed: Project) -> None:
    area = reviewed.area("customer-data")
    hidden = type(reviewed)(
        **{
            **{f: getattr(reviewed, f) for f in reviewed.__dataclass_fields__},
            "areas": tuple(
                a.model_copy(update={"hidden": True}) if a.id == area.id else a
                for a in reviewed.areas
            ),
        }
    )
    assert matching_rows(hidden, aws, parse_query("SEC-112")) == set()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_fast_answer_agrees_with_the_plain_statement_on_the_examples(
    aws: Provider, path: Path
) -> None:
    project = load_project(path)
    words = {w for s in project.services for w in s.name.split()} | {"R/A", "=C", "patch", "n"}
    words |= {o.rationale.split()[0] for o in project.overrides.values() if o.rationale}
    for typed in sorted(words):
        assert matching_rows(project, aws, parse_query(typed)) == plainly(project, aws, typed), (
            typed
        )
        party = project.parties[-1].id
        fast = matching_rows(project, aws, parse_query(typed), party)
        assert fast == plainly(project, aws, typed, party), typed


def test_the_index_follows_edits_and_agrees_after_random_ones(
    aws: Provider, teams_project: Project
) -> None:
    rng = random.Random(13)
    index = SearchIndex(aws)
    project = teams_project
    keys = [
        (s.id, a.id, p.id)
        for s in project.services
        for a in project.visible_areas
        for p in project.parties
    ]
    for step in range(20):
        key = rng.choice(keys)
        letters = rng.choice(["R", "A", "C/I", "R/A", ""])
        project = set_cells(
            project, [CellChange(*key, letters)], rationale=f"ticket T-{step % 4}", author="Bo"
        )
        for typed in ("T-1", "t 2", "R/A", "=I", "bo", "platform"):
            fast = index.update(project).matching(parse_query(typed))
            assert fast == plainly(project, aws, typed), (step, typed)


def test_a_new_project_is_searched_fresh(aws: Provider) -> None:
    index = SearchIndex(aws)
    first = new_project("One", aws, ["s3"])
    second = new_project("Two", aws, ["sqs"])
    assert index.update(first).matching(parse_query("s3"))
    assert index.update(second).matching(parse_query("s3")) == set()
