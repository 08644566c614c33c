from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srm_desktop.domain import edits
from srm_desktop.domain.areas import Area
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Party, PartyKind, Project, ServiceEntry
from srm_desktop.domain.provenance import cell_source
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.domain.validation import validate


def test_set_cells_records_an_override_and_leaves_the_input_alone(demo: Project) -> None:
    before = demo.cell("ec2", "guest-os", "customer")
    edited = edits.set_cells(
        demo,
        [CellChange("ec2", "guest-os", "customer", "R")],
        author="ana",
        rationale="patching is outsourced",
        at="2026-11-28T10:00:00Z",
    )
    assert demo.cell("ec2", "guest-os", "customer") == before
    assert edited.cell("ec2", "guest-os", "customer") == "R"
    override = edited.overrides[("ec2", "guest-os", "customer")]
    assert (override.author, override.rationale, override.at) == (
        "ana",
        "patching is outsourced",
        "2026-11-28T10:00:00Z",
    )
    assert edited.rows["rds"] is demo.rows["rds"]


def test_setting_the_same_letters_invents_no_override(demo: Project) -> None:
    same = demo.cell("ec2", "iam", "customer")
    assert edits.set_cells(demo, [CellChange("ec2", "iam", "customer", same)]) is demo


def test_set_cells_refuses_unknown_ids_and_bad_letters(demo: Project) -> None:
    with pytest.raises(EditError, match="no party with id 'ops'"):
        edits.set_cells(demo, [CellChange("ec2", "iam", "ops", "R")])
    with pytest.raises(EditError, match="not canonical"):
        edits.set_cells(demo, [CellChange("ec2", "iam", "customer", "A/R")])


def test_snapshot_and_restore_is_an_exact_inverse(demo: Project) -> None:
    keys = [("ec2", "iam", "customer"), ("s3", "logging", "aws")]
    snapshot = edits.snapshot_cells(demo, keys)
    edited = edits.set_cells(demo, [CellChange(*k, "C") for k in keys], rationale="x")
    assert edits.restore_cells(edited, snapshot) == demo


def test_reset_to_rule_drops_the_override(demo: Project, aws: Provider) -> None:
    key = ("rds", "guest-os", "customer")
    edited = edits.set_cells(demo, [CellChange(*key, "R/A")], rationale="DBA team")
    reset = edits.reset_to_rule(edited, aws, [key])
    assert key not in reset.overrides
    assert reset.cell(*key) == demo.cell(*key)
    assert reset == demo


def test_remove_and_restore_service_round_trip(demo: Project) -> None:
    edited = edits.set_cells(demo, [CellChange("s3", "iam", "customer", "R")], rationale="x")
    removed_project, removed = edits.remove_service(edited, "s3")
    assert "s3" not in removed_project.rows
    assert not any(k[0] == "s3" for k in removed_project.overrides)
    assert edits.restore_service(removed_project, removed) == edited


def test_add_service_fills_its_rows(demo: Project, aws: Provider) -> None:
    entry = ServiceEntry(id="queue", name="Order queue", service="sqs", variant=None)
    added = edits.add_service(demo, aws, entry, index=0)
    assert added.services[0] is entry
    assert added.row("queue", "server-encryption").rule is not None
    assert validate(added, aws) == []
    with pytest.raises(EditError, match="already exists"):
        edits.add_service(added, aws, entry)


def test_category_override_uses_category_defaults_only(demo: Project, aws: Provider) -> None:
    from srm_desktop.domain.catalog import Category

    edited = edits.update_service(demo, aws, "rds", category=Category.INFRASTRUCTURE)
    assert edited.row("rds", "guest-os").rule == "aws.default.infrastructure.guest-os"
    assert edited.cell("rds", "guest-os", "customer") == "R/A"
    assert edits.update_service(edited, aws, "rds", category=None) == demo


def test_splitting_the_customer_into_teams(demo: Project, aws: Provider) -> None:
    security = Party(id="security", name="Security", kind=PartyKind.CUSTOMER)
    split = edits.add_party(demo, aws, security)
    renamed = edits.rename_party(split, "customer", "Platform")
    assert [p.name for p in renamed.parties] == ["AWS", "Platform", "Security"]
    assert split.team_template["iam"] == {"security": "A"}
    assert split.cell("ec2", "iam", "security") == "A"
    assert split.cell("ec2", "iam", "customer") == "R"
    assert validate(split, aws) == []
    back = edits.remove_party(split, aws, "security")
    assert back.rows == demo.rows
    with pytest.raises(EditError, match="only customer party"):
        edits.remove_party(back, aws, "customer")
    with pytest.raises(EditError, match="provider party"):
        edits.remove_party(split, aws, "aws")


def test_reorder_parties_moves_the_letters_with_them(teams_project: Project) -> None:
    order = [p.id for p in reversed(teams_project.parties)]
    moved = edits.reorder_parties(teams_project, order)
    for party in teams_project.parties:
        assert moved.cell("ec2", "iam", party.id) == teams_project.cell("ec2", "iam", party.id)
    with pytest.raises(EditError):
        edits.reorder_parties(teams_project, order[:-1])


def test_team_template_edit_rederives(teams_project: Project, aws: Provider) -> None:
    template = {a: dict(r) for a, r in teams_project.team_template.items()}
    template["iam"] = {"application": "R/A", "security": "C"}
    edited = edits.set_team_template(teams_project, aws, template)
    assert edited.cell("ec2", "iam", "application") == "R/A"
    assert edited.cell("ec2", "iam", "platform") == ""
    with pytest.raises(EditError, match="customer parties"):
        edits.set_team_template(teams_project, aws, {"iam": {"aws": "R"}})


def test_custom_area_starts_empty_and_can_be_hidden_and_moved(demo: Project, aws: Provider) -> None:
    area = Area(id="dr-drills", name="DR drills", group="Operations")
    added = edits.add_area(demo, aws, area)
    assert added.row("ec2", "dr-drills").raci == ("", "")
    assert cell_source(added, "ec2", "dr-drills", "aws") == "manual"
    assert {f.code for f in validate(added, aws)} == {"no-accountable", "no-responsible"}
    hidden = edits.update_area(added, "dr-drills", hidden=True)
    assert validate(hidden, aws) == []
    order = ["dr-drills", *[a.id for a in demo.areas]]
    assert edits.reorder_areas(hidden, order).areas[0].id == "dr-drills"


def test_names_are_checked_when_entered(demo: Project, aws: Provider) -> None:
    with pytest.raises(ValueError, match="control character"):
        edits.update_service(demo, aws, "ec2", name="web\x07fleet")
    with pytest.raises(ValueError, match="at most 32767"):
        edits.update_service(demo, aws, "ec2", notes="x" * 40_000)


_cells = st.tuples(
    st.sampled_from(["ec2", "rds", "s3", "lambda"]),
    st.sampled_from(["guest-os", "iam", "backup", "logging"]),
    st.sampled_from(["aws", "customer"]),
    st.sampled_from(["", "R", "A", "R/A", "C", "I", "R/A/C/I"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_cells, min_size=1, max_size=12))
def test_any_cell_edits_undo_exactly(changes: list[tuple[str, str, str, str]]) -> None:
    project = new_project("Demo", get_provider("aws"), ["ec2", "rds", "s3", "lambda"])
    keys = list(dict.fromkeys(c[:3] for c in changes))
    snapshot = edits.snapshot_cells(project, keys)
    edited = edits.set_cells(project, [CellChange(*c) for c in changes], rationale="r")
    assert edits.restore_cells(edited, snapshot) == project
