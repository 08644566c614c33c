"""What-if: an entry switched to another service or variant, in words a meeting understands."""

from __future__ import annotations

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.whatif import find_entry, what_if


def test_switching_ec2_to_fargate_moves_patching_to_the_provider(
    teams_project: Project, aws: Provider
) -> None:
    result = what_if(teams_project, aws, "ec2", "ecs:fargate")
    assert (result.switched.service, result.switched.variant) == ("ecs", "fargate")
    assert result.project.service("ec2").service == "ecs"
    assert teams_project.service("ec2").service == "ec2"  # nothing changed in the input
    platform = result.diff.by_row[("ec2", "platform")]
    assert platform.new_owner_text == "Provider"
    shifts = {s.party.id: s for s in result.parties}
    assert "platform" in {a.id for a in shifts["platform"].stops}
    assert "platform" in {a.id for a in shifts["aws"].starts}
    # The counts are the rows of the entry where the party holds R or A.
    for shift in result.parties:
        index = teams_project.party_index[shift.party.id]
        before = sum(
            1
            for a in teams_project.visible_areas
            if {"R", "A"} & set(teams_project.row("ec2", a.id).raci[index].split("/"))
        )
        assert shift.before == before
        assert shift.after == shift.kept + len(shift.starts)
    assert result.cells_changed == result.diff.summary().cells_changed > 0


def test_each_party_gets_one_sentence(teams_project: Project, aws: Provider) -> None:
    result = what_if(teams_project, aws, "ec2", "ecs:fargate")
    platform = next(s for s in result.parties if s.party.id == "platform")
    assert platform.sentence() == (
        f"Platform stops owning guest operating system and platform patching on 2 rows; "
        f"still owns {platform.kept}."
    )
    sentences = result.sentences()
    assert sentences[0].startswith("AWS starts owning guest operating system, platform patching")
    assert sentences[-1].startswith("No change for ")


def test_overrides_survive_the_switch(teams_project: Project, aws: Provider) -> None:
    agreed = edits.set_cells(
        teams_project,
        [edits.CellChange("ec2", "guest-os", "security", "R/A")],
        rationale="hardened images",
    )
    result = what_if(agreed, aws, "ec2", "lambda")
    assert result.project.cell("ec2", "guest-os", "security") == "R/A"
    assert result.project.overrides[("ec2", "guest-os", "security")].rationale == (
        "hardened images"
    )
    assert result.diff.cell(("ec2", "guest-os", "security")) is None


def test_the_same_target_changes_nothing(teams_project: Project, aws: Provider) -> None:
    result = what_if(teams_project, aws, "ec2", "ec2")
    assert result.unchanged
    assert result.diff.empty
    assert result.sentences() == ["No party starts or stops owning any row."]


def test_unknown_entries_and_targets_name_the_closest(
    teams_project: Project, aws: Provider
) -> None:
    assert find_entry(teams_project, "amazon ec2").id == "ec2"
    assert find_entry(teams_project, "rds").id == "rds"
    with pytest.raises(EditError, match=r"closest: .*Amazon EC2"):
        find_entry(teams_project, "Amazon EC3")
    with pytest.raises(EditError, match="closest: lambda"):
        what_if(teams_project, aws, "ec2", "lamda")
    with pytest.raises(EditError, match="variants: ec2, fargate"):
        what_if(teams_project, aws, "ec2", "ecs:fargot")
