"""Three-way merge: clean merges of different changes, conflicts recorded (ours kept), the
derived layer recomputed, and conflicts resolved by taking ours or theirs."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.conflict import Conflict, ConflictKind
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.merge import MergeRefused, merge_projects
from srm_desktop.domain.project import CellKey, Override, Party, PartyKind, Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.resolve import resolve_conflict
from srm_desktop.domain.validation import Severity, validate, validate_plainly

AT = "2026-11-30T10:00:00Z"


def _set(project: Project, key: tuple[str, str, str], letters: str, why: str = "") -> Project:
    return edits.set_cells(project, [CellChange(*key, letters)], author="t", rationale=why, at=AT)


def _other(project: Project, key: tuple[str, str, str], *avoid: str) -> str:
    """Letters the cell does not hold (nor any of ``avoid``)."""
    held = project.cell(*key)
    return next(v for v in ("A", "R", "C", "I", "R/A", "") if v != held and v not in avoid)


def _cells_and_overrides(project: Project) -> tuple[dict[CellKey, str], dict[CellKey, Override]]:
    cells = {
        (e.id, a.id, p.id): project.cell(e.id, a.id, p.id)
        for e in project.services
        for a in project.areas
        for p in project.parties
    }
    return cells, dict(project.overrides.items())


# -- clean merges -----------------------------------------------------------------------------


def test_changes_to_different_cells_merge_cleanly(teams_project: Project, aws: Provider) -> None:
    a, b = ("ec2", "guest-os", "platform"), ("rds", "customer-data", "security")
    ours = _set(teams_project, a, _other(teams_project, a), "ours patches")
    theirs = _set(teams_project, b, _other(teams_project, b), "theirs classifies")
    result = merge_projects(teams_project, ours, theirs, aws)
    assert result.clean
    assert result.conflicts == ()
    merged = result.project
    assert merged.cell(*a) == ours.cell(*a)
    assert merged.overrides[a].rationale == "ours patches"
    assert merged.cell(*b) == theirs.cell(*b)
    assert merged.overrides[b].rationale == "theirs classifies"
    assert not [f for f in validate(merged, aws) if f.code == "merge-conflict"]


def test_the_same_change_on_both_sides_is_no_conflict(
    teams_project: Project, aws: Provider
) -> None:
    key = ("ec2", "guest-os", "platform")
    ours = _set(teams_project, key, "A", "agreed")
    theirs = _set(teams_project, key, "A", "agreed")
    result = merge_projects(teams_project, ours, theirs, aws)
    assert result.clean
    assert result.project.cell(*key) == "A"


def test_only_theirs_changed_gives_theirs(teams_project: Project, aws: Provider) -> None:
    rng = random.Random(7)
    keys = [
        (e.id, a.id, p.id)
        for e in teams_project.services
        for a in teams_project.areas
        for p in teams_project.parties
    ]
    theirs = teams_project
    for key in rng.sample(keys, 40):
        theirs = _set(theirs, key, _other(theirs, key), f"why {key}")
    theirs = edits.reset_to_rule(theirs, aws, list(theirs.overrides)[:5])
    result = merge_projects(teams_project, teams_project, theirs, aws)
    assert result.clean
    assert _cells_and_overrides(result.project) == _cells_and_overrides(theirs)


def test_entries_added_on_both_sides_keep_both_orders(demo: Project, aws: Provider) -> None:
    ours = edits.add_service(demo, aws, ServiceEntry(id="queue", name="Queue", service="sqs"), 1)
    theirs = edits.add_service(
        demo, aws, ServiceEntry(id="cache", name="Cache", service="elasticache"), 3
    )
    theirs = _set(theirs, ("cache", "iam", "customer"), "R", "they own it")
    merged = merge_projects(demo, ours, theirs, aws).project
    assert [s.id for s in merged.services] == ["ec2", "queue", "rds", "s3", "cache", "lambda"]
    # Theirs' new entry: rows derived from the rules, their manual cell kept.
    assert merged.cell("cache", "iam", "customer") == "R"
    assert merged.overrides[("cache", "iam", "customer")].rationale == "they own it"
    assert merged.rows["cache"]["version-lifecycle"] == theirs.rows["cache"]["version-lifecycle"]
    assert merged.rows["queue"] == ours.rows["queue"]


def test_entry_fields_merge_field_by_field(demo: Project, aws: Provider) -> None:
    ours = edits.update_service(demo, aws, "rds", name="Orders DB")
    theirs = edits.update_service(demo, aws, "rds", notes="multi-AZ")
    result = merge_projects(demo, ours, theirs, aws)
    assert result.clean
    entry = result.project.service("rds")
    assert (entry.name, entry.notes) == ("Orders DB", "multi-AZ")


def test_a_new_variant_on_theirs_rederives_the_entry_and_keeps_our_override(
    teams_project: Project, aws: Provider
) -> None:
    key = ("lambda", "app-security", "security")
    ours = _set(teams_project, key, _other(teams_project, key), "security reviews code")
    theirs = edits.update_service(teams_project, aws, "lambda", variant=None)
    merged = merge_projects(teams_project, ours, theirs, aws).project
    assert merged.service("lambda").variant is None
    expected = autofill(_set(theirs, key, ours.cell(*key), "security reviews code"), aws)[0]
    assert merged.rows["lambda"] == expected.rows["lambda"]
    assert merged.overrides[key].rationale == "security reviews code"


def test_a_team_added_on_one_side_and_cells_on_the_other_merge_and_rederive(
    teams_project: Project, aws: Provider
) -> None:
    key = ("ec2", "guest-os", "platform")
    ours = _set(teams_project, key, _other(teams_project, key), "ours")
    theirs = edits.add_party(
        teams_project, aws, Party(id="network", name="Network", kind=PartyKind.CUSTOMER)
    )
    result = merge_projects(teams_project, ours, theirs, aws)
    assert result.clean
    merged = result.project
    assert [p.id for p in merged.parties] == [p.id for p in theirs.parties]
    assert merged.cell(*key) == ours.cell(*key)
    # Every cell without an override is what the rules give the merged project.
    assert merged == autofill(merged, aws)[0]
    assert merged.team_template == theirs.team_template


def test_two_derivations_of_one_cell_are_not_a_conflict(
    teams_project: Project, aws: Provider
) -> None:
    ours = edits.update_service(teams_project, aws, "lambda", variant=None)
    template = {a: dict(r) for a, r in teams_project.team_template.items()}
    area = next(a for a, row in template.items() if row.get("platform"))
    template[area]["platform"] = "C" if template[area]["platform"] != "C" else "I"
    theirs = edits.set_team_template(teams_project, aws, template)
    result = merge_projects(teams_project, ours, theirs, aws)
    assert result.clean
    assert result.project == autofill(result.project, aws)[0]


def test_removed_on_one_side_and_untouched_on_the_other_is_removed(
    demo: Project, aws: Provider
) -> None:
    theirs = edits.remove_service(demo, "s3")[0]
    ours = _set(demo, ("ec2", "iam", "customer"), "R", "ours")
    result = merge_projects(demo, ours, theirs, aws)
    assert result.clean
    assert "s3" not in result.project.service_index
    assert "s3" not in result.project.rows


def test_properties_merge_one_by_one(demo: Project, aws: Provider) -> None:
    ours = replace(demo, name="Shop")
    theirs = replace(demo, owner="Platform team")
    merged = merge_projects(demo, ours, theirs, aws).project
    assert (merged.name, merged.owner, merged.id) == ("Shop", "Platform team", demo.id)


# -- conflicts --------------------------------------------------------------------------------


def test_the_same_cell_changed_differently_is_a_conflict_holding_ours(
    teams_project: Project, aws: Provider
) -> None:
    key = ("ec2", "guest-os", "platform")
    before = teams_project.cell(*key)
    ours = _set(teams_project, key, _other(teams_project, key), "we patch")
    theirs = _set(teams_project, key, _other(teams_project, key, ours.cell(*key)), "they patch")
    result = merge_projects(teams_project, ours, theirs, aws)
    assert not result.clean
    (conflict,) = result.conflicts
    assert conflict.kind is ConflictKind.CELL
    assert (conflict.service, conflict.area, conflict.party) == key
    assert conflict.base == {"letters": before}
    assert conflict.ours is not None
    assert conflict.ours["letters"] == ours.cell(*key)
    assert conflict.theirs is not None
    assert conflict.theirs["rationale"] == "they patch"
    merged = result.project
    assert merged.cell(*key) == ours.cell(*key)
    assert merged.overrides[key] == ours.overrides[key]
    assert merged.conflicts == (conflict,)
    findings = [f for f in validate(merged, aws) if f.code == "merge-conflict"]
    assert len(findings) == 1
    assert findings[0].severity is Severity.ERROR
    line = findings[0].describe(merged)
    assert "Amazon EC2 › Guest operating system › Platform" in line
    assert repr(ours.cell(*key)) in line
    assert repr(theirs.cell(*key)) in line
    assert validate(merged, aws) == validate_plainly(merged, aws)


def test_a_rationale_on_one_side_and_letters_on_the_other_is_a_conflict(
    teams_project: Project, aws: Provider
) -> None:
    key = ("ec2", "guest-os", "platform")
    base = _set(teams_project, key, _other(teams_project, key), "first")
    ours = edits.set_rationale(base, key, "reworded", at=AT)
    theirs = _set(base, key, _other(base, key), "")
    result = merge_projects(base, ours, theirs, aws)
    assert [c.kind for c in result.conflicts] == [ConflictKind.CELL]


def test_an_entry_renamed_differently_is_a_conflict(demo: Project, aws: Provider) -> None:
    ours = edits.update_service(demo, aws, "rds", name="Orders")
    theirs = edits.update_service(demo, aws, "rds", name="Billing", notes="new")
    result = merge_projects(demo, ours, theirs, aws)
    (conflict,) = result.conflicts
    assert (conflict.kind, conflict.service) == (ConflictKind.ENTRY, "rds")
    entry = result.project.service("rds")
    assert (entry.name, entry.notes) == ("Orders", "new")  # the other field still merged
    taken = resolve_conflict(result.project, aws, conflict, "theirs")
    assert taken.service("rds").name == "Billing"
    assert taken.conflicts == ()


def test_removed_by_ours_and_edited_by_theirs_restores_theirs_when_taken(
    demo: Project, aws: Provider
) -> None:
    key = ("s3", "customer-data", "customer")
    ours = edits.remove_service(demo, "s3")[0]
    theirs = _set(demo, key, _other(demo, key), "they classify")
    result = merge_projects(demo, ours, theirs, aws)
    (conflict,) = result.conflicts
    assert (conflict.kind, conflict.ours, conflict.theirs is not None) == (
        ConflictKind.ENTRY,
        None,
        True,
    )
    assert "s3" not in result.project.service_index
    line = next(f for f in validate(result.project, aws) if f.code == "merge-conflict")
    assert "removed" in line.message
    restored = resolve_conflict(result.project, aws, conflict, "theirs")
    assert restored.cell(*key) == theirs.cell(*key)
    assert restored.overrides[key].rationale == "they classify"
    assert restored.rows["s3"] == theirs.rows["s3"]
    assert not [f for f in validate(restored, aws) if f.code == "merge-conflict"]


def test_edited_by_ours_and_removed_by_theirs_keeps_ours(demo: Project, aws: Provider) -> None:
    ours = edits.update_service(demo, aws, "s3", notes="keep me")
    theirs = edits.remove_service(demo, "s3")[0]
    result = merge_projects(demo, ours, theirs, aws)
    (conflict,) = result.conflicts
    assert conflict.theirs is None
    assert result.project.service("s3").notes == "keep me"
    assert "s3" not in resolve_conflict(result.project, aws, conflict, "theirs").service_index


def test_a_property_changed_differently_is_a_conflict(demo: Project, aws: Provider) -> None:
    result = merge_projects(demo, replace(demo, name="Ours"), replace(demo, name="Theirs"), aws)
    (conflict,) = result.conflicts
    assert (conflict.kind, conflict.field) == (ConflictKind.PROPERTY, "name")
    assert result.project.name == "Ours"
    assert resolve_conflict(result.project, aws, conflict, "theirs").name == "Theirs"


def test_projects_of_different_providers_are_refused(demo: Project, aws: Provider) -> None:
    with pytest.raises(MergeRefused) as caught:
        merge_projects(demo, demo, replace(demo, provider="azure"), aws)
    assert caught.value.side == "theirs"


def test_unrelated_projects_are_refused(demo: Project, aws: Provider) -> None:
    """Another project id is another project: refused, naming the side, not merged into a
    file of conflicts."""
    other = replace(demo, id="00000000-0000-4000-8000-000000000000")
    with pytest.raises(MergeRefused) as caught:
        merge_projects(demo, demo, other, aws)
    assert caught.value.side == "theirs"
    assert "not the same project" in caught.value.problem
    with pytest.raises(MergeRefused) as caught:
        merge_projects(other, demo, demo, aws)
    assert caught.value.side == "base"


def test_an_earlier_conflict_resolved_on_one_side_stays_resolved(
    teams_project: Project, aws: Provider
) -> None:
    key = ("ec2", "guest-os", "platform")
    ours = _set(teams_project, key, "A", "ours")
    theirs = _set(teams_project, key, "R", "theirs")
    merged = merge_projects(teams_project, ours, theirs, aws).project
    resolved = resolve_conflict(merged, aws, merged.conflicts[0], "ours")
    still = _set(merged, ("rds", "iam", "platform"), "R", "later")
    again = merge_projects(merged, resolved, still, aws)
    assert again.project.conflicts == ()


# -- resolving --------------------------------------------------------------------------------


def _conflicted(project: Project, aws: Provider) -> tuple[Project, Conflict, Project]:
    key = ("ec2", "guest-os", "platform")
    ours = _set(project, key, "A", "we patch")
    theirs = _set(project, key, "R", "they patch")
    result = merge_projects(project, ours, theirs, aws)
    return result.project, result.conflicts[0], theirs


def test_take_ours_drops_the_record_and_keeps_the_cell(
    teams_project: Project, aws: Provider
) -> None:
    merged, conflict, _ = _conflicted(teams_project, aws)
    kept = resolve_conflict(merged, aws, conflict, "ours")
    assert kept.conflicts == ()
    assert kept.cell("ec2", "guest-os", "platform") == "A"
    assert merged.conflicts == (conflict,)  # the input is left alone


def test_take_theirs_puts_their_cell_and_override_in_place(
    teams_project: Project, aws: Provider
) -> None:
    merged, conflict, theirs = _conflicted(teams_project, aws)
    key = ("ec2", "guest-os", "platform")
    taken = resolve_conflict(merged, aws, conflict, "theirs")
    assert taken.conflicts == ()
    assert taken.cell(*key) == "R"
    assert taken.overrides[key] == theirs.overrides[key]
    assert validate(taken, aws) == validate_plainly(taken, aws)


def test_take_theirs_of_a_rule_cell_resets_it_to_the_rule(
    teams_project: Project, aws: Provider
) -> None:
    key = ("ec2", "guest-os", "platform")
    base = _set(teams_project, key, _other(teams_project, key), "first")
    ours = _set(base, key, _other(base, key), "changed")
    theirs = edits.reset_to_rule(base, aws, [key])
    result = merge_projects(base, ours, theirs, aws)
    (conflict,) = result.conflicts
    taken = resolve_conflict(result.project, aws, conflict, "theirs")
    assert key not in taken.overrides
    assert taken.cell(*key) == teams_project.cell(*key)


def test_resolving_a_conflict_twice_is_refused(teams_project: Project, aws: Provider) -> None:
    merged, conflict, _ = _conflicted(teams_project, aws)
    once = resolve_conflict(merged, aws, conflict, "ours")
    with pytest.raises(EditError, match="no such merge conflict"):
        resolve_conflict(once, aws, conflict, "theirs")


def test_a_partial_rederivation_keeps_the_rule_book_stamp(demo: Project, aws: Provider) -> None:
    stale = replace(demo, rule_book="aws 2020.01.01")
    theirs = edits.add_service(stale, aws, ServiceEntry(id="queue", name="Queue", service="sqs"))
    theirs = replace(theirs, rule_book=stale.rule_book)
    merged = merge_projects(stale, stale, theirs, aws).project
    assert "queue" in merged.service_index
    assert merged.rule_book == "aws 2020.01.01"  # the other rows were not filled again


def test_a_party_removed_by_ours_and_renamed_by_theirs(
    teams_project: Project, aws: Provider
) -> None:
    key = ("ec2", "iam", "security")
    ours = edits.remove_party(teams_project, aws, "security")
    theirs = edits.rename_party(teams_project, "security", "SecOps")
    theirs = _set(theirs, key, _other(theirs, key), "secops owns iam")
    result = merge_projects(teams_project, ours, theirs, aws)
    (conflict,) = result.conflicts
    assert (conflict.kind, conflict.party, conflict.ours) == (ConflictKind.PARTY, "security", None)
    merged = result.project
    assert "security" not in merged.party_index
    assert merged == replace(autofill(merged, aws)[0], conflicts=merged.conflicts)
    assert "SecOps" in next(f for f in validate(merged, aws) if f.code == "merge-conflict").message
    taken = resolve_conflict(merged, aws, conflict, "theirs")
    assert taken.party("security").name == "SecOps"
    assert taken.cell(*key) == theirs.cell(*key)
    assert taken.overrides[key].rationale == "secops owns iam"


def test_areas_merge_field_by_field(demo: Project, aws: Provider) -> None:
    ours = edits.update_area(demo, "backup", hidden=True)
    theirs = edits.update_area(demo, "backup", definition="Snapshots and restores")
    merged = merge_projects(demo, ours, theirs, aws).project
    area = merged.area("backup")
    assert (area.hidden, area.definition) == (True, "Snapshots and restores")


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_to_disjoint_cells_merge_to_both(
    seed: int, teams_project: Project, aws: Provider
) -> None:
    rng = random.Random(seed)
    keys = [
        (e.id, a.id, p.id)
        for e in teams_project.services
        for a in teams_project.areas
        for p in teams_project.parties
    ]
    picks = rng.sample(keys, 60)
    ours, theirs = teams_project, teams_project
    for key in picks[:30]:
        ours = _set(ours, key, rng.choice(["", "R", "A", "C", "I", "R/A"]), f"ours {key}")
    for key in picks[30:]:
        theirs = _set(theirs, key, rng.choice(["", "R", "A", "C", "I", "R/A"]), f"theirs {key}")
    result = merge_projects(teams_project, ours, theirs, aws)
    assert result.clean
    merged = result.project
    for key in picks[:30]:
        assert (merged.cell(*key), merged.overrides.get(key)) == (
            ours.cell(*key),
            ours.overrides.get(key),
        )
    for key in picks[30:]:
        assert (merged.cell(*key), merged.overrides.get(key)) == (
            theirs.cell(*key),
            theirs.overrides.get(key),
        )
    assert _cells_and_overrides(
        merge_projects(teams_project, ours, teams_project, aws).project
    ) == (_cells_and_overrides(ours))


@pytest.mark.parametrize(
    "theirs",
    [
        {"letters": "XYZ"},
        {"letters": "R", "rationale": "bad \x00 byte", "author": "", "at": ""},
        {"letters": "R", "rationale": "", "author": "", "at": "t" * 65},
    ],
)
def test_a_hand_edited_record_is_refused_not_written(
    teams_project: Project, aws: Provider, theirs: dict[str, str]
) -> None:
    merged, conflict, _ = _conflicted(teams_project, aws)
    edited = conflict.model_copy(update={"theirs": theirs})
    project = replace(merged, conflicts=(edited,))
    with pytest.raises(EditError, match="theirs cannot be put back"):
        resolve_conflict(project, aws, edited, "theirs")
