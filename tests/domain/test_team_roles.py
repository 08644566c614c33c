"""Roles of the team template that no team has (F11), and partner parties (F21): the fallback
is said, the user's choice of who takes a role is kept in the template (so it survives save,
reopen and re-fill), and a partner stays on the customer's side without taking letters by
default."""

from __future__ import annotations

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Party, PartyKind, Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.team_roles import assign_role, role_gaps
from srm_desktop.domain.validation import Severity, validate, validate_plainly


def _teams(aws: Provider) -> Project:
    return new_project("T", aws, ["ec2", "s3"], ["Platform", "Security", "App"])


def test_a_role_no_team_has_is_named_with_its_areas_and_who_takes_it(aws: Provider) -> None:
    (gap,) = role_gaps(_teams(aws))
    assert gap.role.name == "Data owner"
    assert dict(gap.areas)["customer-data"] == "A"
    assert gap.accountable_areas == ("customer-data",)
    assert (gap.taken_by, gap.fallen) == ("platform", ("customer-data",))


def test_the_silent_fallback_is_a_warning_in_both_validations(aws: Provider) -> None:
    project = _teams(aws)
    found = [f for f in validate(project, aws) if f.code == "role-without-team"]
    assert [f.severity for f in found] == [Severity.WARNING]
    assert "Data owner" in found[0].message
    assert "Platform" in found[0].message
    assert "Customer data" in found[0].message
    assert validate(project, aws) == validate_plainly(project, aws)


def test_a_generic_customer_standing_for_the_rest_is_no_warning(aws: Provider) -> None:
    project = new_project("T", aws, ["ec2"], ["Customer", "Security"])
    assert role_gaps(project)  # the dialog still says which roles nobody is named for
    assert validate(project, aws) == []


def test_picking_who_takes_a_role_moves_its_letters_and_its_a(aws: Provider) -> None:
    project = assign_role(_teams(aws), aws, "data-owner", "security")
    assert project.cell("ec2", "customer-data", "security") == "A"
    assert project.cell("ec2", "customer-data", "platform") == ""
    assert project.cell("ec2", "backup", "security") == "C"  # the role's C goes along
    (gap,) = role_gaps(project)
    assert (gap.taken_by, gap.fallen) == ("security", ())
    assert not [f for f in validate(project, aws) if f.code == "role-without-team"]
    # Re-filling reads the choice from the template: nothing moves back.
    assert autofill(project, aws)[0].rows == project.rows


def test_a_role_can_move_on_and_go_back_to_the_default(aws: Provider) -> None:
    start = _teams(aws)
    to_security = assign_role(start, aws, "data-owner", "security")
    to_app = assign_role(to_security, aws, "data-owner", "app")
    assert to_app.cell("ec2", "customer-data", "app") == "R/A"
    assert to_app.cell("ec2", "customer-data", "security") == "C"  # its own role's letter
    back = assign_role(to_app, aws, "data-owner", None)
    assert back.team_template == start.team_template
    assert back.rows == start.rows


def test_a_role_goes_only_to_a_customer_side_party(aws: Provider) -> None:
    with pytest.raises(EditError):
        assign_role(_teams(aws), aws, "data-owner", "aws")
    with pytest.raises(EditError):
        assign_role(_teams(aws), aws, "chief-of-fun", "security")


# -- partners (F21) --------------------------------------------------------------------------


def test_a_party_becomes_a_partner_and_back(aws: Provider) -> None:
    project = new_project("P", aws, ["ec2"], ["Customer", "Northwind"])
    partner = edits.set_party_kind(project, aws, "northwind", PartyKind.PARTNER)
    assert partner.party("northwind").kind is PartyKind.PARTNER
    assert partner.party("northwind").customer_side
    back = edits.set_party_kind(partner, aws, "northwind", PartyKind.CUSTOMER)
    assert back.parties == project.parties
    assert back.rows == project.rows


def test_the_provider_and_the_last_customer_keep_their_kind(aws: Provider) -> None:
    project = new_project("P", aws, ["ec2"])
    with pytest.raises(EditError, match="provider"):
        edits.set_party_kind(project, aws, "aws", PartyKind.PARTNER)
    with pytest.raises(EditError, match="only customer"):
        edits.set_party_kind(project, aws, "customer", PartyKind.PARTNER)
    msp = Party(id="msp", name="MSP", kind=PartyKind.PARTNER)
    with_msp = edits.add_party(project, aws, msp)
    with pytest.raises(EditError, match="only customer"):
        edits.remove_party(with_msp, aws, "customer")
    assert edits.remove_party(with_msp, aws, "msp").parties == project.parties


def test_a_partners_letters_keep_the_row_the_customers(aws: Provider) -> None:
    """AWS's model: what a partner does for the customer is on the customer's side."""
    from srm_desktop.domain.edits import CellChange
    from srm_desktop.domain.provenance import effective_owner, owner_from_letters
    from srm_desktop.domain.rules import Owner

    project = edits.add_party(
        new_project("P", aws, ["ec2"]), aws, Party(id="msp", name="MSP", kind=PartyKind.PARTNER)
    )
    patched = edits.set_cells(
        project,
        [CellChange("ec2", "guest-os", "msp", "R"), CellChange("ec2", "guest-os", "customer", "A")],
        author="t",
        rationale="patching outsourced",
    )
    assert effective_owner(patched, aws, "ec2", "guest-os") is Owner.CUSTOMER
    assert owner_from_letters(patched, ("", "", "R/A")) is Owner.CUSTOMER
    assert validate(patched, aws) == validate_plainly(patched, aws)
    assert not [f for f in validate(patched, aws) if f.severity is Severity.ERROR]
