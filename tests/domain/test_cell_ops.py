"""The pure helpers behind the matrix gestures: TSV ranges and bulk cell plans."""

from __future__ import annotations

import pytest

from srm_desktop.domain import cell_ops
from srm_desktop.domain.clipboard import format_tsv, parse_tsv, shape
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider


@pytest.fixture
def project() -> Project:
    """A web workload split over four teams, as the matrix-editing tests use it."""
    services = ["ec2", "elasticloadbalancing", "rds", "s3:sse-kms-cmk", "cloudfront", "lambda"]
    teams = ["Platform", "Security", "Application", "Data owner"]
    return new_project("Web", get_provider("aws"), services, teams)


def test_tsv_round_trips_a_grid_with_awkward_cells() -> None:
    grid = [["R/A", "", 'say "hi"'], ["line\nbreak", "tab\there", "I"]]
    assert parse_tsv(format_tsv(grid)) == grid


def test_tsv_reads_excel_line_ends_and_a_missing_final_newline() -> None:
    assert parse_tsv("R\tA\r\nC\tI") == [["R", "A"], ["C", "I"]]
    assert parse_tsv("R\t\n") == [["R", ""]]
    assert parse_tsv("") == []


def test_toggle_adds_where_missing_then_removes_from_all(project: Project) -> None:
    keys = [("ec2", "guest-os", p.id) for p in project.parties[1:4]]
    changes = cell_ops.toggle_letter(project, keys, "I")
    assert {c.letters for c in changes} <= {"I", "R/I", "A/I", "R/A/I", "C/I"}
    from srm_desktop.domain.edits import set_cells

    after = set_cells(project, changes)
    assert all("I" in after.cell(*k) for k in keys)
    undo = cell_ops.toggle_letter(after, keys, "I")
    assert len(undo) == 3


def test_fill_down_copies_the_top_row_per_party(project: Project) -> None:
    rows = [("ec2", "physical"), ("ec2", "network-infra"), ("ec2", "guest-os")]
    changes = cell_ops.fill_down(project, rows, ["aws"])
    assert [(c.area_id, c.letters) for c in changes] == [("guest-os", "R/A")]


def test_paste_parses_letters_and_rejects_words(project: Project) -> None:
    rows = [("ec2", "physical"), ("ec2", "network-infra")]
    changes = cell_ops.paste(project, rows, ["aws", "platform"], [["ar", "c"], ["", "R,I"]])
    assert {(c.area_id, c.party_id, c.letters) for c in changes} >= {
        ("ec2" and "physical", "platform", "C"),
        ("network-infra", "platform", "R/I"),
        ("network-infra", "aws", ""),
    }
    with pytest.raises(cell_ops.PasteError, match="row 2, column 1"):
        cell_ops.paste(project, rows, ["aws"], [["R"], ["yes"]])


def test_clipboard_shape_counts_the_longest_row() -> None:
    assert shape([["R", "A"], ["C"]]) == (2, 2)
    assert shape([["R"]]) == (1, 1)
    assert shape([]) == (0, 0)


def test_fill_down_covers_the_selection_or_one_row_and_the_row_above() -> None:
    assert cell_ops.fill_down_rows([4, 2, 3]) == [2, 3, 4]
    assert cell_ops.fill_down_rows([5]) == [4, 5]  # copies the row above, as Excel does
    assert cell_ops.fill_down_rows([0]) == [0]  # nothing above the first row
    assert cell_ops.fill_down_rows([]) == []


def test_one_value_fills_the_whole_selection() -> None:
    assert cell_ops.paste_region([2, 3, 4], [3, 5], (1, 1), (10, 7)) == ([2, 3, 4], [3, 5])
    assert cell_ops.paste_region([2], [3], (1, 1), (10, 7)) == ([2], [3])


def test_a_block_on_one_cell_extends_down_and_right_to_its_shape() -> None:
    assert cell_ops.paste_region([2], [3], (2, 3), (10, 7)) == ([2, 3], [3, 4, 5])


def test_a_block_is_clipped_by_the_table_edge_and_the_selection() -> None:
    assert cell_ops.paste_region([8], [5], (4, 4), (10, 7)) == ([8, 9], [5, 6])
    assert cell_ops.paste_region([1, 2, 3], [3, 4], (2, 5), (10, 7)) == ([1, 2], [3, 4])
    assert cell_ops.paste_region([1, 2], [3], (0, 0), (10, 7)) == ([], [])


def test_fills_selection_only_for_a_single_value() -> None:
    assert cell_ops.fills_selection((1, 1))
    assert not cell_ops.fills_selection((1, 2))
    assert not cell_ops.fills_selection((0, 0))
