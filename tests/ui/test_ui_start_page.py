"""The start page (issue 13, F7): a new, empty, untitled window offers recent files, the
examples, New from Infrastructure Code, Add Services and Open instead of a blank grid."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.resources import example_files
from srm_desktop.formats.project_file import save_project
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.catalog_picker import CatalogPicker
from srm_desktop.ui.document import Document
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.settings import Settings
from srm_desktop.ui.start_page import PATH_ROLE, StartPage, missing_reason

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "serverless-api.srm"


def empty_window(qtbot) -> Iterator[MainWindow]:
    win = MainWindow(Document(new_project("Untitled", get_provider("aws"))))
    win.resize(1280, 720)
    win.show()
    qtbot.waitUntil(lambda: win.start_page_shown)
    yield win
    win.document.undo_stack.setClean()
    win.close()
    win.deleteLater()


@pytest.fixture
def recent(tmp_path: Path) -> list[Path]:
    """Two recent files, the second since deleted."""
    kept = tmp_path / "kept.srm"
    save_project(new_project("Kept", get_provider("aws"), ["s3"]), kept, backup=False)
    gone = tmp_path / "gone.srm"
    settings = Settings()
    settings.add_recent(gone)
    settings.add_recent(kept)
    return [kept.resolve(), gone.resolve()]


@pytest.fixture
def empty(qtbot, recent: list[Path]) -> Iterator[MainWindow]:
    yield from empty_window(qtbot)


def page_of(window: MainWindow) -> StartPage:
    page = window.central.currentWidget()
    assert isinstance(page, StartPage)
    return page


def rows(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def test_a_new_window_shows_the_start_page_not_a_blank_grid(empty: MainWindow) -> None:
    page = page_of(empty)
    assert page.isVisible()
    assert not empty.tabs.isVisible()
    assert not empty.details_dock.isVisible()  # nothing to explain yet
    assert empty.minimumSizeHint().width() <= 1024


def test_recent_files_are_listed_and_a_missing_one_is_greyed_with_the_reason(
    empty: MainWindow, recent: list[Path]
) -> None:
    page = page_of(empty)
    kept, gone = recent
    assert [page.recent.item(i).data(PATH_ROLE) for i in range(2)] == [kept, gone]
    assert "(not found)" not in page.recent.item(0).text()
    assert page.recent.item(1).text().endswith("(not found)")
    enabled = page.recent.item(0).foreground().color()
    assert page.recent.item(1).foreground().color() != enabled
    assert missing_reason(gone) == "not found"
    assert missing_reason(gone.parent) == "not a file"


def test_enter_on_the_first_recent_file_opens_it(qtbot, empty: MainWindow, recent) -> None:
    page = page_of(empty)
    assert QApplication.focusWidget() is page.recent  # the keyboard starts there
    qtbot.keyClick(page.recent, Qt.Key.Key_Return)
    assert empty.document.path == recent[0]
    assert not empty.start_page_shown
    assert empty.tabs.isVisible()
    assert empty.details_dock.isVisible()  # back with the matrix


def test_delete_drops_a_recent_file(qtbot, empty: MainWindow, recent) -> None:
    page = page_of(empty)
    page.recent.setCurrentRow(1)
    qtbot.keyClick(page.recent, Qt.Key.Key_Delete)
    assert Settings().recent_files() == [recent[0]]
    assert page.recent.count() == 1
    assert empty.recent_menu.actions()[0].statusTip() == str(recent[0])


def test_the_shipped_examples_open_as_untitled_copies(qtbot, empty: MainWindow) -> None:
    page = page_of(empty)
    names = rows(page.examples)
    assert len(names) == len(example_files()) >= 3
    assert any(n.startswith("Orders API (serverless)  —  8 services") for n in names)
    row = next(i for i, n in enumerate(names) if n.startswith("Orders API"))
    assert page.examples.item(row).data(PATH_ROLE) == EXAMPLE
    before = Settings().recent_files()
    page.examples.setCurrentRow(row)
    page.examples.setFocus()
    qtbot.keyClick(page.examples, Qt.Key.Key_Return)
    doc = empty.document
    assert doc.project.name == "Orders API (serverless)"
    assert doc.path is None  # saving asks where: never into the package
    assert not doc.modified
    assert len(doc.project.services) == 8
    assert Settings().recent_files() == before
    assert not empty.start_page_shown


def test_the_examples_are_found_where_the_package_is_installed() -> None:
    """The examples ship as srm_desktop.examples (tests/test_packaging.py builds the wheel);
    in a checkout the examples folder itself."""
    assert [p.name for p in example_files()] == sorted(
        p.name for p in (ROOT / "examples").glob("*.srm")
    )


def test_add_services_from_the_start_page_shows_the_matrix(
    monkeypatch, qtbot, empty: MainWindow
) -> None:
    def drive(dialog: object) -> bool:
        assert isinstance(dialog, CatalogPicker)
        qtbot.keyClicks(dialog.search, "api gw")
        return True

    monkeypatch.setattr(prompts, "exec_dialog", drive)
    page = page_of(empty)
    qtbot.mouseClick(page.add_services, Qt.MouseButton.LeftButton)
    assert [s.service for s in empty.document.project.services] == ["apigateway"]
    assert not empty.start_page_shown
    assert empty.matrix.isVisible()
    assert empty.matrix.proxy.rowCount() > 0


def test_the_commands_are_the_window_actions(
    monkeypatch, qtbot, empty: MainWindow, stub_prompts
) -> None:
    """Open… and New from Infrastructure Code… are File ▸ Open and File ▸ Import Inventory
    from Code (here both file dialogs are cancelled)."""
    fired: list[str] = []
    empty.acts.open.triggered.connect(lambda: fired.append("open"))
    empty.acts.import_iac.triggered.connect(lambda: fired.append("iac"))
    stub_prompts.open_paths.append(None)
    templates: list[str] = []
    monkeypatch.setattr(prompts, "open_paths", lambda _w, title, *_a: templates.append(title))
    page = page_of(empty)
    qtbot.mouseClick(page.open_file, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.from_code, Qt.MouseButton.LeftButton)
    assert fired == ["open", "iac"]
    assert stub_prompts.open_paths == []  # File ▸ Open asked for its file
    assert templates == ["Import Inventory from Code"]
    assert empty.start_page_shown


def test_empty_matrix_shows_a_hint_and_new_brings_the_start_page_back(
    qtbot, empty: MainWindow
) -> None:
    page = page_of(empty)
    qtbot.mouseClick(page.empty, Qt.MouseButton.LeftButton)
    assert not empty.start_page_shown
    assert empty.matrix.isVisible()
    assert empty.matrix.empty_text().startswith("No services yet")
    empty.acts.new.trigger()  # nothing changed: no question
    assert empty.start_page_shown


def test_ctrl_1_leaves_the_start_page(qtbot, empty: MainWindow) -> None:
    view = next(a for a in empty.view_menu.actions() if a.text() == "&Matrix")
    view.trigger()
    assert not empty.start_page_shown
    assert empty.tabs.currentIndex() == 0


def test_an_opened_empty_project_shows_the_grid_hint_not_the_start_page(
    qtbot, tmp_path: Path
) -> None:
    path = tmp_path / "empty.srm"
    save_project(new_project("Empty", get_provider("aws")), path, backup=False)
    win = MainWindow(Document(new_project("Untitled", get_provider("aws"))))
    win.show()
    qtbot.waitUntil(lambda: win.start_page_shown)
    assert win.file.load(path)
    assert not win.start_page_shown
    assert win.matrix.empty_text().startswith("No services yet")
    win.close()
    win.deleteLater()


def test_a_window_with_services_never_builds_the_start_page(qtbot, window: MainWindow) -> None:
    qtbot.wait(20)
    assert window._start_page is None
    assert not window.start_page_shown
    assert window.matrix.empty_text() == ""


def test_a_filter_hiding_every_row_says_so(window: MainWindow) -> None:
    window.filter_bar.text.setText("zzqx-nothing")
    window.filter_bar.apply_now()
    assert window.matrix.proxy.rowCount() == 0
    assert window.matrix.empty_text().startswith("No row matches the filter")


def test_reopen_last_file_is_a_preference_off_by_default(
    qtbot, empty: MainWindow, recent: list[Path]
) -> None:
    page = page_of(empty)
    assert not page.reopen.isChecked()
    assert not empty.reopen_last_file()
    assert empty.document.path is None
    page.reopen.setChecked(True)
    assert Settings().reopen_last()
    assert empty.reopen_last_file()
    assert empty.document.path == recent[0]


def test_every_start_control_is_named_for_assistive_technology(empty: MainWindow) -> None:
    page = page_of(empty)
    for widget in (page, page.from_code, page.add_services, page.open_file, page.empty):
        assert widget.accessibleName()
    assert page.recent.accessibleName() == "Recent files"
    assert page.examples.accessibleName() == "Examples"


_START_WITH_A_FILE = """
import sys, tempfile
from pathlib import Path
from PySide6.QtCore import QSettings
from srm_desktop.ui.application import create_app
app = create_app([])
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
from srm_desktop.ui.main_window import MainWindow
window = MainWindow()
window.show()
window.file.load(Path(sys.argv[1]))  # as srm-desktop FILE: right after show()
for _ in range(5):
    app.processEvents()
print(window.start_page_shown, "srm_desktop.ui.start_page" in sys.modules)
"""


def test_a_start_with_a_file_never_loads_the_start_page() -> None:
    """Cold start: the start page is built (and its module imported) only for a window that
    is still empty once the code showing it has run."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", _START_WITH_A_FILE, str(EXAMPLE)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert out.stdout.split() == ["False", "False"]
