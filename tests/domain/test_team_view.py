"""What is ours, per party (F10): one party's rows by service, every party's load, the areas
without an accountable team and the crowded teams; the counts kept current edit by edit agree
with counting again."""

from __future__ import annotations

import random

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Party, PartyKind, Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import CANONICAL_VALUES
from srm_desktop.domain.team_view import (
    CONSULTED_OR_INFORMED,
    RESPONSIBLE_OR_ACCOUNTABLE,
    Tally,
    fallback_areas,
    short_names,
    team_groups,
    team_item,
    team_load,
)


def _teams(aws: Provider) -> Project:
    return new_project("T", aws, ["ec2", "s3"], ["Platform", "Security", "App"])


def test_a_party_sees_its_r_and_a_rows_by_service_with_the_rule_text(aws: Provider) -> None:
    project = _teams(aws)
    groups = team_groups(project, aws, "security")
    assert [g.service_id for g in groups] == ["ec2", "s3"]
    ec2 = {i.area_id: i for i in groups[0].items}
    assert ec2["iam"].letters == "A"  # the template: Security signs off IAM
    assert "guest-os" not in ec2  # Security is only Consulted there
    rule = aws.rules.get(project.row("ec2", "iam").rule or "")
    assert rule is not None
    assert ec2["iam"].does == rule.customer_does
    provider_rows = team_groups(project, aws, "aws")[0].items
    physical = next(i for i in provider_rows if i.area_id == "physical")
    physical_rule = aws.rules.get(project.row("ec2", "physical").rule or "")
    assert physical_rule is not None
    assert physical.does == physical_rule.provider_does
    assert not ec2["iam"].overridden
    # Areas keep the project's order within a service.
    order = [a.id for a in project.visible_areas]
    assert [i.area_id for i in groups[0].items] == sorted(ec2, key=order.index)


def test_consulted_and_informed_rows_are_a_list_of_their_own(aws: Provider) -> None:
    project = _teams(aws)
    others = team_groups(project, aws, "security", CONSULTED_OR_INFORMED)
    letters = {i.letters for g in others for i in g.items}
    assert letters
    assert letters <= {"C", "I", "C/I"}
    ec2 = {i.area_id for i in others[0].items}
    assert "guest-os" in ec2
    assert "iam" not in ec2


def test_an_override_shows_with_its_rationale_and_leaves_the_list(aws: Provider) -> None:
    project = _teams(aws)
    changes = [CellChange("ec2", "iam", "app", "A"), CellChange("ec2", "iam", "security", "C")]
    moved = edits.set_cells(
        project, changes, author="t", rationale="App team signs off its own roles"
    )
    item = team_item(moved, aws, "app", "ec2", "iam")
    assert item is not None
    assert item.overridden
    assert item.rationale == "App team signs off its own roles"
    assert team_item(moved, aws, "security", "ec2", "iam") is None  # only C now


def test_the_load_counts_every_party_letter_on_visible_rows(aws: Provider) -> None:
    project = _teams(aws)
    load = team_load(project)
    by_id = {p.party.id: p for p in load.parties}
    rows = list(project.iter_rows())
    for party_index, party in enumerate(project.parties):
        expected_a = sum("A" in row.raci[party_index] for _e, _a, row in rows)
        expected_r = sum("R" in row.raci[party_index] for _e, _a, row in rows)
        assert (by_id[party.id].accountable, by_id[party.id].responsible) == (
            expected_a,
            expected_r,
        )
    # Every row has exactly one A, so the A's add up to the rows that have letters.
    assert sum(p.accountable for p in load.parties) == sum(any(r.raci) for _e, _a, r in rows)


def test_an_area_without_an_accountable_team_is_named_with_who_takes_it(aws: Provider) -> None:
    project = _teams(aws)  # no Data owner team: Customer data's A falls to Platform
    load = team_load(project)
    assert [(g.area_id, g.taken_by, g.rows) for g in load.gaps] == [
        ("customer-data", "platform", 2)
    ]
    single = new_project("S", aws, ["ec2"])
    assert fallback_areas(single) == []
    assert team_load(single).gaps == ()


def test_a_team_accountable_for_most_rows_is_flagged(aws: Provider) -> None:
    project = new_project("T", aws, ["ec2", "rds", "s3"], ["Platform", "Marketing"])
    crowded = dict(team_load(project).crowded)
    assert set(crowded) == {"platform"}
    assert crowded["platform"] > 0.5
    assert team_load(_teams(aws)).crowded == ()  # Security and Platform share them


def test_a_partner_is_not_a_team_and_takes_no_fallback(aws: Provider) -> None:
    project = new_project("P", aws, ["ec2"])
    msp = Party(id="msp", name="Northwind", kind=PartyKind.PARTNER)
    project = edits.add_party(project, aws, msp, index=1)  # before the customer, even
    assert project.customer_parties == (2, 1)  # the customer first, then the partner
    assert project.cell("ec2", "customer-data", "customer") == "R/A"
    assert project.cell("ec2", "customer-data", "msp") == ""
    assert team_load(project).gaps == ()
    assert team_load(project).crowded == ()


def test_counts_kept_edit_by_edit_agree_with_counting_again(aws: Provider) -> None:
    project = _teams(aws)
    tally = Tally.of(project)
    rng = random.Random(7)
    values = sorted(CANONICAL_VALUES)
    keys = [(e.id, a.id, p.id) for e, a, _r in project.iter_rows() for p in project.parties]
    for _ in range(60):
        picked = rng.sample(keys, rng.randint(1, 6))
        changes = [CellChange(s, a, p, rng.choice(values)) for s, a, p in picked]
        after = edits.set_cells(project, changes, author="t")
        tally.moved(project, after, [(s, a) for s, a, _p in picked])
        project = after
        assert tally.load(project) == team_load(project)


def test_short_names_are_unique_and_short() -> None:
    names = ["AWS", "Customer", "Northwind Managed Services", "Platform", "Platinum", "App"]
    parties = [Party(id=f"p{i}", name=n, kind=PartyKind.CUSTOMER) for i, n in enumerate(names)]
    marks = short_names(parties)
    assert marks == {
        "p0": "AWS",
        "p1": "Cu",
        "p2": "NMS",
        "p3": "Pl",
        "p4": "Pla",
        "p5": "App",
    }
    assert len({m.casefold() for m in marks.values()}) == len(names)


def test_short_names_leave_out_invisible_and_bidi_controls() -> None:
    """A mark is the Overview's only text in a cell: a U+202E in it would reverse what
    follows, and a party named with one would pose as another's mark."""
    names = ["\u202eSA", "Cu\u202estomer", "\u2066Northwind\u2069 Managed Services", "\u200f"]
    parties = [Party(id=f"p{i}", name=n, kind=PartyKind.CUSTOMER) for i, n in enumerate(names)]
    marks = short_names(parties)
    assert marks["p0"] == "SA"
    assert marks["p1"] == "Cu"
    assert marks["p2"] == "NMS"
    assert all(m.isprintable() and "\u202e" not in m for m in marks.values())
    assert all(0 < len(m) <= 3 for m in marks.values())
    assert len(set(marks.values())) == len(names)


def test_the_whole_list_is_the_row_by_row_answer(aws: Provider) -> None:
    """team_groups asks repeated questions once; it must list exactly what team_item says."""
    project = _teams(aws)
    rng = random.Random(3)
    values = sorted(CANONICAL_VALUES)
    keys = [(e.id, a.id, p.id) for e, a, _r in project.iter_rows() for p in project.parties]
    changes = [CellChange(s, a, p, rng.choice(values)) for s, a, p in rng.sample(keys, 40)]
    project = edits.set_cells(project, changes, author="t", rationale="why")
    for party in project.parties:
        for wanted in (RESPONSIBLE_OR_ACCOUNTABLE, CONSULTED_OR_INFORMED):
            listed = [i for g in team_groups(project, aws, party.id, wanted) for i in g.items]
            plain = [
                item
                for e, a, _r in project.iter_rows()
                if (item := team_item(project, aws, party.id, e.id, a.id, wanted)) is not None
            ]
            assert listed == plain
