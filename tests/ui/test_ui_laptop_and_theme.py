"""The window fits a 1280x720 laptop and a half-screen tile (F4); View ▸ Theme switches light,
dark and the system's look, and the matrix's colours follow (F9, F22)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.palette import palette
from srm_desktop.domain.rules import Owner
from srm_desktop.formats.project_file import load_project
from srm_desktop.ui.document import Document
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.models.matrix import COL_OWNER
from srm_desktop.ui.settings import Settings
from srm_desktop.ui.theme import Theme, apply_theme, is_dark
from tests.ui.conftest import shown_window

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def example_window(qtbot: object) -> Iterator[MainWindow]:
    with shown_window(Document(load_project(EXAMPLES / "three-tier-web.srm"))) as win:
        yield win


@pytest.fixture(autouse=True)
def back_to_the_system_look(qapp: QApplication) -> Iterator[None]:
    yield
    apply_theme(qapp, Theme.SYSTEM)


def test_the_window_fits_a_half_screen_tile(example_window: MainWindow) -> None:
    assert example_window.minimumSizeHint().width() <= 1024
    assert example_window.filter_bar.minimumSizeHint().width() <= 400
    example_window.resize(1280, 720)
    QCoreApplication.processEvents()
    assert example_window.width() == 1280


def test_the_filter_bar_wraps_when_narrow(example_window: MainWindow) -> None:
    bar = example_window.filter_bar
    layout = bar.layout()
    assert layout is not None
    wide, narrow = layout.heightForWidth(2000), layout.heightForWidth(500)
    assert narrow > wide  # more lines, nothing cut off
    example_window.resize(700, 600)
    QCoreApplication.processEvents()
    for child in (bar.service, bar.area, bar.party, bar.text, bar.reset):
        right = child.mapTo(bar, child.rect().topRight()).x()
        assert right <= bar.width(), child.accessibleName()


def test_clicking_cells_with_long_rule_ids_never_widens_the_window(
    example_window: MainWindow,
) -> None:
    before = example_window.minimumSizeHint().width()
    project = example_window.document.project
    for entry in project.services:
        for area in project.visible_areas[:6]:
            example_window.matrix.show_cell(entry.id, area.id, project.parties[0].id)
            QCoreApplication.processEvents()
    assert example_window.minimumSizeHint().width() == before


def test_an_empty_problems_dock_takes_no_room_until_there_is_a_problem(
    example_window: MainWindow, qtbot: object
) -> None:
    win = example_window
    win.document.revalidate()
    errors, warnings = win.document.counts()
    assert errors + warnings == 0, "the example is clean"
    assert not win.problems_dock.isVisible()
    entry, area = win.document.project.services[0], win.document.project.visible_areas[0]
    party = win.document.project.parties[0]
    win.document.editor.set_cells(
        [_change(win, entry.id, area.id, party.id, "A")], "two accountable"
    )
    win.document.revalidate()
    if sum(win.document.counts()) == 0:  # the party already held the A: give another one too
        other = win.document.project.parties[1]
        win.document.editor.set_cells([_change(win, entry.id, area.id, other.id, "A")], "x")
        win.document.revalidate()
    assert sum(win.document.counts()) > 0
    assert win.problems_dock.isVisible()
    # Hidden by hand: it stays hidden, whatever the count does.
    win.problems_dock.toggleViewAction().trigger()
    assert not win.problems_dock.isVisible()
    win.document.undo_stack.undo()
    win.document.revalidate()
    win.document.undo_stack.redo()
    win.document.revalidate()
    assert not win.problems_dock.isVisible()


def _change(_win: MainWindow, service: str, area: str, party: str, letters: str) -> CellChange:
    return CellChange(service, area, party, letters)


def _owner_brush(win: MainWindow) -> str:
    model = win.matrix.source
    brush = model.data(model.index(0, COL_OWNER), Qt.ItemDataRole.BackgroundRole)
    return brush.color().name().upper()


def test_dark_theme_takes_the_palettes_dark_variants_and_is_remembered(
    example_window: MainWindow, qapp: QApplication
) -> None:
    win = example_window
    owners = palette().owners
    win.theme_actions[Theme.DARK].trigger()
    assert is_dark(QGuiApplication.palette())
    QCoreApplication.processEvents()
    assert is_dark(win.matrix.palette())
    dark_fills = {f"#{c.dark.fill}" for c in owners.values()}
    assert _owner_brush(win) in dark_fills
    assert Settings().theme() == Theme.DARK

    win.theme_actions[Theme.LIGHT].trigger()
    assert not is_dark(QGuiApplication.palette())
    assert _owner_brush(win) in {f"#{c.light.fill}" for c in owners.values()}
    assert Settings().theme() == Theme.LIGHT
    assert owners[Owner.CUSTOMER].light.fill != owners[Owner.CUSTOMER].dark.fill


def test_the_remembered_theme_is_applied_by_the_next_window(
    qtbot: object, qapp: QApplication
) -> None:
    Settings().set_theme(Theme.DARK)
    win = MainWindow()
    try:
        assert win.theme_actions[Theme.DARK].isChecked()
        assert is_dark(QGuiApplication.palette())
        win.theme_actions[Theme.SYSTEM].trigger()
        assert Settings().theme() == Theme.SYSTEM
        assert not is_dark(QGuiApplication.palette())  # offscreen's own look is light
    finally:
        win.close()
        win.deleteLater()


def test_details_lets_a_long_rule_id_wrap_instead_of_clipping(
    example_window: MainWindow,
) -> None:
    win = example_window
    project = win.document.project
    rule_id, sid, aid = max(
        (row.rule or "", e.id, a.id) for e, a, row in project.iter_rows() if row.rule
    )
    win.matrix.show_cell(sid, aid, project.parties[1].id)
    QCoreApplication.processEvents()
    text = win.details.source.text()
    assert rule_id not in text  # as one unbreakable word it would be clipped in a narrow dock
    assert text.replace("\u200b", "").count(rule_id) == 1
    assert text.count("\u200b") >= rule_id.count(".")


def test_the_compare_bar_and_rule_book_banner_follow_a_theme_switch(
    example_window: MainWindow, qapp: QApplication
) -> None:
    """The two strips above the matrix carry a style sheet (their coloured edge), which keeps
    the palette they were polished with: built in dark, they stayed dark-on-light (light grey
    text on the light window) after View ▸ Theme ▸ Light, and the other way round."""
    from srm_desktop.ui.theme import changed_marker_color

    win = example_window
    win.theme_actions[Theme.DARK].trigger()
    win.comparer()
    win.rule_book()
    bar, banner = win.compare_bar, win.rule_book_banner
    bar.mark(changed_marker_color(bar.palette()))
    bar.show()
    banner.show()
    QCoreApplication.processEvents()
    text = QPalette.ColorRole.WindowText
    for theme in (Theme.LIGHT, Theme.DARK):
        win.theme_actions[theme].trigger()
        QCoreApplication.processEvents()
        app = QGuiApplication.palette()
        assert bar.label.palette().color(text) == app.color(text)
        assert bar.palette().color(QPalette.ColorRole.Window) == app.color(
            QPalette.ColorRole.Window
        )
        assert changed_marker_color(app).name() in bar.styleSheet()
        tip = QPalette.ColorRole.ToolTipText
        assert banner.label.palette().color(tip) == app.color(tip)
