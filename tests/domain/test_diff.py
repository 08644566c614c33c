"""The diff engine: entries, parties, areas and cells, old -> new, matched as a reviewer expects."""

from __future__ import annotations

import random
from dataclasses import replace

from srm_desktop.domain import edits
from srm_desktop.domain.diff import Change, ProjectDiff, diff_projects
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provenance import cell_source, effective_owner, owner_text, rule_of
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner


def test_a_project_against_itself_or_a_reload_has_no_differences(
    teams_project: Project,
) -> None:
    assert diff_projects(teams_project, teams_project).empty
    # Rebuilt rows and overrides (a file opened twice): equal content, other objects.
    rebuilt = teams_project.with_cells(
        rows={s: dict(r) for s, r in teams_project.rows.items()},
        overrides=dict(teams_project.overrides),
    )
    diff = diff_projects(teams_project, rebuilt)
    assert diff.empty
    assert diff.summary().text() == "no differences"


def test_an_override_shows_old_and_new_letters_source_and_rationale(
    teams_project: Project,
) -> None:
    edited = edits.set_cells(
        teams_project,
        [CellChange("ec2", "guest-os", "platform", "R")],
        rationale="the app team patches",
    )
    diff = diff_projects(teams_project, edited)
    [row] = diff.rows
    assert (row.entry.id, row.area.id) == ("ec2", "guest-os")
    [cell] = row.cells
    assert cell.key == ("ec2", "guest-os", "platform")
    assert (cell.old_letters, cell.new_letters) == ("R/A", "R")
    assert (cell.old_source, cell.new_source) == ("rule:aws.ec2.guest-os", "manual")
    assert (cell.old_rationale, cell.new_rationale) == ("", "the app team patches")
    assert diff.cell(("ec2", "guest-os", "platform")) is cell
    assert diff.summary().cells_changed == 1


def test_a_changed_owner_is_reported_on_its_row(teams_project: Project, aws: Provider) -> None:
    # The provider takes the guest OS over: provider R/A, every team informed.
    moved = edits.set_cells(
        teams_project,
        [CellChange("ec2", "guest-os", p.id, "I") for p in teams_project.parties[1:]]
        + [CellChange("ec2", "guest-os", "aws", "R/A")],
        rationale="managed OS offering",
    )
    [row] = diff_projects(teams_project, moved).rows
    assert (row.old_owner, row.new_owner) == (Owner.CUSTOMER, Owner.PROVIDER)
    assert row.owner_changed
    assert diff_projects(teams_project, moved).summary().owners_changed == 1


def test_a_rationale_edit_alone_is_a_change(teams_project: Project) -> None:
    key = ("s3", "customer-data", "security")
    first = edits.set_cells(teams_project, [CellChange(*key, "R")], rationale="first", at="t1")
    second = edits.set_rationale(first, key, "second reason")
    [cell] = diff_projects(first, second).cells
    assert (cell.old_letters, cell.new_letters) == ("R", "R")
    assert (cell.old_rationale, cell.new_rationale) == ("first", "second reason")
    # Who and when alone are not a change a reviewer reads.
    again = edits.set_rationale(first, key, "first", author="someone else", at="t2")
    assert diff_projects(first, again).empty


def test_entries_added_removed_and_changed_and_their_cells_counted_not_listed(
    teams_project: Project, aws: Provider
) -> None:
    changed = edits.update_service(teams_project, aws, "rds", name="orders database")
    changed, _removed = edits.remove_service(changed, "s3")
    changed = edits.add_service(changed, aws, ServiceEntry(id="sqs", name="Queue", service="sqs"))
    diff = diff_projects(teams_project, changed)
    kinds = {(c.change, c.entry.id) for c in diff.entries}
    assert kinds == {(Change.CHANGED, "rds"), (Change.REMOVED, "s3"), (Change.ADDED, "sqs")}
    [rds] = [c for c in diff.entries if c.entry.id == "rds"]
    assert [(f.field, f.old, f.new) for f in rds.fields] == [
        ("name", "Amazon RDS", "orders database")
    ]
    assert not diff.rows  # no cell of a kept entry changed
    per_entry = len(teams_project.visible_areas) * len(teams_project.parties)
    summary = diff.summary()
    assert (summary.cells_added, summary.cells_removed, summary.cells_changed) == (
        per_entry,
        per_entry,
        0,
    )
    assert "entries: 1 added, 1 removed, 1 changed" in summary.text()


def test_a_service_switch_changes_the_entry_and_its_rederived_cells(
    teams_project: Project, aws: Provider
) -> None:
    switched = edits.update_service(teams_project, aws, "ec2", service="lambda", variant="zip")
    diff = diff_projects(teams_project, switched)
    [entry] = diff.entries
    assert [f.field for f in entry.fields] == ["service", "variant"]
    guest = diff.by_row[("ec2", "guest-os")]
    assert (guest.old_owner, guest.new_owner) == (Owner.CUSTOMER, Owner.PROVIDER)
    assert all(c.new_source.startswith("rule:aws.") for c in guest.cells)


def test_entries_are_matched_by_name_when_their_ids_differ(teams_project: Project) -> None:
    # Another tool re-created the inventory: new ids, same names.
    renumbered = replace(
        teams_project,
        services=tuple(e.model_copy(update={"id": f"x-{e.id}"}) for e in teams_project.services),
        rows={f"x-{s}": r for s, r in teams_project.rows.items()},
        overrides={(f"x-{s}", a, p): o for (s, a, p), o in teams_project.overrides.items()},
    )
    diff = diff_projects(teams_project, renumbered)
    assert diff.empty
    assert diff.matched["x-ec2"] == "ec2"
    edited = edits.set_cells(renumbered, [CellChange("x-ec2", "network-config", "platform", "I")])
    [row] = diff_projects(teams_project, edited).rows
    assert (row.entry.id, row.old_entry.id) == ("x-ec2", "ec2")


def test_parties_and_areas_renamed_added_removed(teams_project: Project, aws: Provider) -> None:
    changed = edits.rename_party(teams_project, "security", "SecOps")
    changed = edits.remove_party(changed, aws, "data-owner")
    changed = edits.update_area(changed, "network-config", name="Network controls")
    changed = edits.update_area(changed, "logging", hidden=True)
    diff = diff_projects(teams_project, changed)
    parties = {(c.change, c.party.id) for c in diff.parties}
    assert parties == {(Change.RENAMED, "security"), (Change.REMOVED, "data-owner")}
    areas = {(c.change, c.area.id, tuple(f.field for f in c.fields)) for c in diff.areas}
    assert areas == {
        (Change.RENAMED, "network-config", ("name",)),
        (Change.CHANGED, "logging", ("hidden",)),
    }
    # The removed team's cells are removed cells, not changed ones.
    assert all(c.party_id != "data-owner" for c in diff.cells)
    assert diff.summary().cells_removed > 0


def test_reordering_parties_or_areas_changes_nothing(teams_project: Project) -> None:
    ids = [p.id for p in teams_project.parties]
    reordered = edits.reorder_parties(teams_project, [ids[0], *reversed(ids[1:])])
    reordered = edits.reorder_areas(reordered, [a.id for a in reversed(teams_project.areas)])
    assert diff_projects(teams_project, reordered).empty


def test_unrelated_projects_diff_as_everything_added_and_removed(aws: Provider) -> None:
    old = new_project("Old", aws, ["ec2", "rds"])
    new = new_project("New", aws, ["lambda", "dynamodb", "s3"], ["Platform"])
    diff = diff_projects(old, new)
    summary = diff.summary()
    assert (summary.entries_added, summary.entries_removed) == (3, 2)
    assert summary.cells_changed == 0
    assert summary.cells_added == new.cell_count
    assert summary.cells_removed == old.cell_count
    assert [f.field for f in diff.properties] == ["name"]


def test_the_fast_engine_agrees_with_a_cell_by_cell_comparison(
    teams_project: Project, aws: Provider
) -> None:
    """Random edits (overrides, resets, rationale edits, rows nobody overrode) and the engine's
    answer equal a plain walk over every cell with provenance's own functions."""
    rng = random.Random(3)
    project = teams_project
    for _round in range(4):
        keys = [
            (e.id, a.id, p.id)
            for e in project.services
            for a in project.visible_areas
            for p in project.parties
        ]
        picked = rng.sample(keys, 12)
        project = edits.set_cells(
            project,
            [CellChange(*k, rng.choice(["R", "A", "C", "I", "R/A", ""])) for k in picked[:8]],
            rationale=rng.choice(["review", "workshop"]),
        )
        project = edits.reset_to_rule(project, aws, picked[8:10])
        # A drifted row: letters changed with no override (an old tool, a hand edit).
        sid, aid, _pid = picked[11]
        row = project.row(sid, aid)
        rows = {s: dict(r) for s, r in project.rows.items()}
        rows[sid][aid] = row._replace(raci=tuple(reversed(row.raci)))
        drifted = project.with_cells(rows=rows)
        for old, new in ((teams_project, project), (project, drifted), (drifted, teams_project)):
            assert _plain(diff_projects(old, new), aws) == _engine(diff_projects(old, new))


def _engine(diff: ProjectDiff) -> set[tuple[object, ...]]:
    out: set[tuple[object, ...]] = set()
    for row in diff.rows:
        out.add((row.entry.id, row.area.id, "owner", row.old_owner_text, row.new_owner_text))
        for c in row.cells:
            out.add(
                (*c.key, c.old_letters, c.new_letters, c.old_source, c.new_source,
                 c.old_rationale, c.new_rationale)
            )  # fmt: skip
    return out


def _plain(diff: ProjectDiff, provider: Provider) -> set[tuple[object, ...]]:
    """The contract, cell by cell, for projects with the same entries, areas and parties."""
    old, new = diff.old, diff.new
    out: set[tuple[object, ...]] = set()
    for entry in new.services:
        for area in new.visible_areas:
            cells = []
            for party in new.parties:
                key = (entry.id, area.id, party.id)
                before = (
                    old.cell(*key),
                    cell_source(old, *key),
                    old.overrides[key].rationale if key in old.overrides else "",
                )
                after = (
                    new.cell(*key),
                    cell_source(new, *key),
                    new.overrides[key].rationale if key in new.overrides else "",
                )
                kind = (before[0], before[1] == "manual", before[2])
                if kind != (after[0], after[1] == "manual", after[2]):
                    cells.append((*key, before[0], after[0], before[1], after[1],
                                  before[2], after[2]))  # fmt: skip
            owners = [
                owner_text(
                    effective_owner(p, provider, entry.id, area.id),
                    rule_of(provider, p.row(entry.id, area.id)),
                )
                for p in (old, new)
            ]
            rules = old.row(entry.id, area.id).rule, new.row(entry.id, area.id).rule
            if cells or owners[0] != owners[1] or rules[0] != rules[1]:
                out.add((entry.id, area.id, "owner", *owners))
                out.update(cells)
    return out


def test_a_not_applicable_row_overridden_and_emptied_again_keeps_its_owner(
    teams_project: Project,
) -> None:
    touched = edits.set_cells(
        teams_project, [edits.CellChange("s3", "workload-image", "platform", "I")], rationale="x"
    )
    emptied = edits.set_cells(
        touched, [edits.CellChange("s3", "workload-image", "platform", "")], rationale="none"
    )
    [row] = diff_projects(teams_project, emptied).rows
    assert (row.old_owner, row.new_owner) == (Owner.NOT_APPLICABLE, Owner.NOT_APPLICABLE)
    assert not row.owner_changed
    [cell] = row.cells
    assert (cell.old_letters, cell.new_letters, cell.new_source) == ("", "", "manual")
    [back] = diff_projects(touched, emptied).rows
    assert (back.old_owner, back.new_owner) == (None, Owner.NOT_APPLICABLE)


def test_recorded_and_resolved_merge_conflicts_are_differences(
    teams_project: Project, aws: Provider
) -> None:
    """A merge that records a conflict, and Take Ours (which only drops the record), change
    the file: the diff says so instead of "no differences"."""
    from srm_desktop.domain.merge import merge_projects
    from srm_desktop.domain.resolve import resolve_conflict
    from srm_desktop.formats.diff_report import diff_document, dump_text, render_text

    key = ("ec2", "guest-os", "platform")
    at = "2026-11-30T10:00:00Z"
    ours = edits.set_cells(teams_project, [CellChange(*key, "A")], rationale="ours", at=at)
    theirs = edits.set_cells(teams_project, [CellChange(*key, "R")], rationale="theirs", at=at)
    merged = merge_projects(teams_project, ours, theirs, aws).project
    assert len(merged.conflicts) == 1

    recorded = diff_projects(ours, merged)
    assert not recorded.empty
    assert recorded.conflicts_recorded == merged.conflicts
    assert "1 merge conflict recorded" in recorded.summary().text()
    text = render_text(recorded, "ours.srm", "merged.srm")
    assert any(line.startswith("! ") and "merge conflict" in line for line in text.splitlines())
    assert diff_document(recorded, "a", "b")["conflicts"][0]["change"] == "added"
    assert "merge conflict" in dump_text(merged, aws)  # git diff's textconv shows it too

    resolved = resolve_conflict(merged, aws, merged.conflicts[0], "ours")
    taken = diff_projects(merged, resolved)
    assert not taken.empty
    assert not taken.rows  # no cell changed: only the record went
    assert taken.conflicts_resolved == merged.conflicts
    assert "1 merge conflict resolved" in taken.summary().text()
