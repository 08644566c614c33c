"""Resolving a merge conflict (``domain/resolve.py``): Take Theirs puts theirs' version back as
the app would have made it by hand."""

from __future__ import annotations

from srm_desktop.domain import edits
from srm_desktop.domain.merge import merge_projects
from srm_desktop.domain.project import PartyKind, Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.resolve import resolve_conflict
from srm_desktop.domain.validation import validate


def test_take_theirs_of_a_party_ours_made_a_partner_makes_it_a_customer_again(
    teams_project: Project, aws: Provider
) -> None:
    """Ours made Security an MSP partner under a new name, theirs only renamed it: taking
    theirs gives the customer party theirs' name, derived as a customer again."""
    ours = edits.set_party_kind(teams_project, aws, "security", PartyKind.PARTNER)
    ours = edits.rename_party(ours, "security", "Acme MSP")
    theirs = edits.rename_party(teams_project, "security", "SecOps")
    merged = merge_projects(teams_project, ours, theirs, aws).project
    (conflict,) = merged.conflicts
    assert merged.party("security").kind is PartyKind.PARTNER

    taken = resolve_conflict(merged, aws, conflict, "theirs")

    assert taken.party("security").name == "SecOps"
    assert taken.party("security").kind is PartyKind.CUSTOMER
    assert not taken.conflicts
    assert not [f for f in validate(taken, aws) if f.code == "merge-conflict"]
