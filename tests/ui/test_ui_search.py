"""The matrix search box (issue 13, F6): rationales, notes, variants, rule ids and letters; a
"showing N of M rows" / "no match" count beside it; typing in a large matrix waits for a pause."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.provider import get_provider
from srm_desktop.ui.document import Document
from srm_desktop.ui.filter_bar import DEBOUNCE_ROWS
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.models.matrix import FIRST_PARTY
from tests.ui.conftest import shown_window


def search(qtbot, window: MainWindow, text: str) -> None:
    box = window.filter_bar.text
    box.clear()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter filters at once
    qtbot.wait(5)  # the count follows when the event loop next runs


def shown_rows(window: MainWindow) -> list[tuple[str, str]]:
    proxy = window.matrix.proxy
    source = window.matrix.source
    return [
        source.row_key(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())
    ]


def override(window: MainWindow, key: tuple[str, str, str], letters: str, why: str) -> None:
    from srm_desktop.domain.edits import CellChange

    editor = window.document.editor
    editor.set_cells([CellChange(*key, letters)], "Edit Cell")
    editor.set_rationale([key], why)


def test_a_rationale_word_finds_its_row_and_the_count_says_so(qtbot, window: MainWindow) -> None:
    override(window, ("rds", "backup", "security"), "C", "SEC-112: restores tested monthly")
    total = window.matrix.source.rowCount()
    search(qtbot, window, "sec-112")
    assert shown_rows(window) == [("rds", "backup")]
    assert window.filter_bar.count.isVisible()
    assert window.filter_bar.count.text() == f"showing 1 of {total:,} rows"


def test_notes_and_a_variant_name_are_searched(qtbot, window: MainWindow) -> None:
    window.document.editor.update_service("lambda", notes="PCI cardholder flow")
    areas = len(window.document.project.visible_areas)
    search(qtbot, window, "cardholder")
    assert {s for s, _ in shown_rows(window)} == {"lambda"}
    assert len(shown_rows(window)) == areas
    search(qtbot, window, '"customer managed"')  # S3's SSE-KMS with a customer managed key
    assert {s for s, _ in shown_rows(window)} == {"s3"}


def test_a_rule_id_is_searched(qtbot, window: MainWindow) -> None:
    rule = window.document.project.row("ec2", "guest-os").rule
    assert rule
    search(qtbot, window, rule)
    assert ("ec2", "guest-os") in shown_rows(window)


def test_letters_with_the_party_filter_list_what_a_team_is_accountable_for(
    qtbot, window: MainWindow
) -> None:
    bar = window.filter_bar
    bar.party.setCurrentIndex(bar.party.findData("security"))
    search(qtbot, window, "=A")
    project = window.document.project
    column = project.party_index["security"]
    rows = shown_rows(window)
    assert rows
    assert all("A" in project.row(s, a).raci[column] for s, a in rows)
    held = sum(
        "A" in project.row(s.id, a.id).raci[column]
        for s in project.services
        for a in project.visible_areas
    )
    assert len(rows) == held
    assert window.matrix.proxy.columnCount() == FIRST_PARTY + 1


def test_no_match_is_said_beside_the_box_and_in_the_grid(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "zzqx")
    assert window.matrix.proxy.rowCount() == 0
    assert window.filter_bar.count.text() == "no match for “zzqx”"
    assert window.matrix.empty_text().startswith("No row matches the filter")
    window.filter_bar.reset.click()
    qtbot.wait(5)
    assert window.matrix.proxy.rowCount() == window.matrix.source.rowCount()
    assert not window.filter_bar.count.isVisible()


def test_a_filter_keeping_every_row_still_counts(qtbot, window: MainWindow) -> None:
    total = window.matrix.source.rowCount()
    search(qtbot, window, "aws")  # a word of every rule id
    assert window.filter_bar.count.text() == f"showing {total:,} of {total:,} rows"


def test_an_edit_under_a_search_shows_the_row_it_now_matches(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "SEC-999")
    assert window.matrix.proxy.rowCount() == 0
    override(window, ("s3", "customer-data", "security"), "A", "SEC-999 the DPO signs off")
    assert shown_rows(window) == [("s3", "customer-data")]
    window.document.undo_stack.undo()  # the rationale
    assert window.matrix.proxy.rowCount() == 0


@pytest.fixture
def large(qtbot) -> Iterator[MainWindow]:
    aws = get_provider("aws")
    keys = [s.key for s in aws.catalog.services]
    project = new_project("Large", aws, (keys * 2)[: DEBOUNCE_ROWS // 20 + 20])
    assert len(project.services) * len(project.visible_areas) > DEBOUNCE_ROWS
    with shown_window(Document(project)) as win:
        yield win


def test_typing_in_a_large_matrix_filters_once_the_typing_pauses(qtbot, large: MainWindow) -> None:
    proxy = large.matrix.proxy
    total = proxy.rowCount()
    qtbot.keyClicks(large.filter_bar.text, "lambda")
    assert proxy.rowCount() == total  # not yet: each key restarted the wait
    assert proxy.criteria.text == ""
    qtbot.waitUntil(lambda: proxy.criteria.text == "lambda", timeout=2000)
    assert 0 < proxy.rowCount() < total
    qtbot.waitUntil(lambda: large.filter_bar.count.text().startswith("showing "))


def test_a_search_under_changed_only_says_no_changed_row_matches(
    qtbot, window: MainWindow, tmp_path
) -> None:
    """Comparing with "Changed only" ticked, a word that matches unchanged rows only: the
    count and the grid say that no *changed* row matches, and how to see the others (Clear
    filters keeps "Changed only")."""
    from srm_desktop.formats.project_file import save_project

    old = tmp_path / "v1.srm"
    save_project(window.document.project, old, backup=False)
    override(window, ("rds", "backup", "security"), "C", "restores tested monthly")
    window.comparer().compare_with_path(old)
    qtbot.waitUntil(lambda: window.comparer().active, timeout=15_000)
    window.compare_bar.changed_only.setChecked(True)
    search(qtbot, window, "lambda")
    assert window.matrix.proxy.rowCount() == 0
    assert window.filter_bar.count.text() == "no changed row matches “lambda”"
    assert "Changed only" in window.matrix.empty_text()
    window.filter_bar.reset.click()
    qtbot.wait(5)
    assert shown_rows(window) == [("rds", "backup")]
    search(qtbot, window, "backup")
    assert (
        window.filter_bar.count.text() == f"showing 1 of {window.matrix.source.rowCount():,} rows"
    )
