from __future__ import annotations

from srm_desktop.domain.teams import default_template, spread

CUSTOMERS = ["platform", "security", "application", "data-owner"]


def test_single_customer_takes_the_customer_letters() -> None:
    assert spread("R/A", ["customer"], None) == ["R/A"]
    assert spread("I", ["customer"], None) == ["I"]


def test_template_spreads_an_accountable_row_over_teams() -> None:
    row = {"platform": "R/A", "security": "C", "application": "I"}
    assert spread("R/A", CUSTOMERS, row) == ["R/A", "C", "I", ""]


def test_provider_owned_row_informs_only_the_accountable_team() -> None:
    row = {"platform": "R", "security": "A"}
    assert spread("I", CUSTOMERS, row) == ["", "I", "", ""]


def test_missing_letters_fall_back_to_the_first_team() -> None:
    # A custom area with no template entry still gets exactly one A and an R.
    assert spread("R/A", CUSTOMERS, None) == ["R/A", "", "", ""]
    assert spread("R/A", CUSTOMERS, {"security": "A"}) == ["R", "A", "", ""]


def test_a_template_with_two_accountable_teams_keeps_the_first() -> None:
    assert spread("R/A", CUSTOMERS, {"platform": "A", "security": "R/A"}) == ["A", "R", "", ""]


def test_team_names_map_to_roles_by_name_and_alias() -> None:
    template = default_template()
    assert template.role_for("Platform") is not None
    assert template.role_for("  SecOps ") is not None
    assert template.role_for("dev team") is not None
    assert template.role_for("Marketing") is None
    made = template.for_parties([("ops", "Cloud Ops"), ("sec", "InfoSec"), ("mkt", "Marketing")])
    assert made["guest-os"] == {"ops": "R/A", "sec": "C"}
    assert "mkt" not in {p for row in made.values() for p in row}


def test_reference_examples_of_the_default_template() -> None:
    areas = default_template().areas
    assert areas["guest-os"] == {"platform": "R/A", "security": "C", "application": "I"}
    assert areas["iam"]["platform"] == "R"
    assert areas["iam"]["security"] == "A"
    assert areas["app-security"] == {"application": "R/A", "security": "C"}
    assert areas["customer-data"]["data-owner"] == "A"
    assert areas["customer-data"]["application"] == "R"
