"""The optional ``conflicts`` section a merge writes: read the same by all three readers, written
only when there are conflicts, refused in one line when damaged."""

from __future__ import annotations

import json

import pytest

from benchmarks.generate import large_project
from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.merge import merge_projects
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.formats import project_file
from srm_desktop.formats.project_file import dumps_project, loads_project


def _every_kind(project: Project, aws: Provider) -> Project:
    """A merge leaving a conflict of each kind (a cell, an entry removed by ours, a property)."""
    first = project.services[0].id
    party = project.parties[-1].id
    key = (first, "iam", party)
    base = edits.add_service(project, aws, ServiceEntry(id="queue", name="Queue", service="sqs"))
    ours = edits.set_cells(base, [CellChange(*key, "R")], rationale='we "own" it\nreally', at="t")
    ours = edits.remove_service(ours, "queue")[0]
    ours = edits.update_service(ours, aws, first, name="Ours é")
    theirs = edits.set_cells(base, [CellChange(*key, "C")], rationale="they do", at="t")
    theirs = edits.set_cells(
        theirs, [CellChange("queue", "iam", party, "A")], rationale="q", at="t"
    )
    theirs = edits.update_service(theirs, aws, first, name="Theirs")
    merged = merge_projects(base, ours, theirs, aws).project
    assert {c.kind.value for c in merged.conflicts} == {"cell", "entry"}
    return merged


def test_conflicts_read_the_same_on_all_three_paths(teams_project: Project, aws: Provider) -> None:
    project = _every_kind(teams_project, aws)
    data = dumps_project(project)
    lined = project_file._loads_lines(data, "m.srm")
    paired = project_file._loads_pairs(data, "m.srm")
    checked = project_file._loads_checked(data, "m.srm")
    assert lined == paired == checked == project
    assert lined.conflicts == project.conflicts
    assert dumps_project(checked) == data
    # One conflict per line, before the matrix (so the line reader still finds it at the end).
    lines = data.decode().splitlines()
    start = lines.index('  "conflicts": [')
    assert lines[start + 1].startswith('    {"kind": "')
    assert start < lines.index('  "matrix": [')


def test_a_large_file_with_conflicts_passes_the_shape_check(aws: Provider) -> None:
    estate = large_project(180)
    project = _every_kind(estate, aws)
    data = dumps_project(project)
    assert len(data) >= project_file._SHAPE_CHECKED_FROM
    assert loads_project(data) == project
    assert project_file._loads_checked(data, "big.srm") == project


def test_no_conflicts_no_key(teams_project: Project) -> None:
    data = dumps_project(teams_project)
    assert b'"conflicts"' not in data
    assert loads_project(data) == teams_project


@pytest.mark.parametrize(
    ("record", "where"),
    [
        ({"kind": "cell", "service": "ec2", "surprise": 1}, "$.conflicts[0].surprise"),
        ({"kind": "merge", "service": "ec2"}, "$.conflicts[0].kind"),
        ({"kind": "cell", "service": "Not An Id"}, "$.conflicts[0].service"),
        ({"kind": "cell", "ours": {"letters": ["R"]}}, "$.conflicts[0].ours.letters"),
    ],
)
def test_a_damaged_conflict_is_one_line_naming_its_place(
    teams_project: Project, record: dict[str, object], where: str
) -> None:
    doc = json.loads(dumps_project(teams_project))
    doc["conflicts"] = [record]
    with pytest.raises(InputError) as caught:
        loads_project(json.dumps(doc).encode(), "m.srm")
    assert caught.value.where is not None
    assert caught.value.where.startswith(where)
    assert "\n" not in str(caught.value)
