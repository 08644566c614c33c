"""New, open, save, close: the title, the modified flag and the unsaved-changes question."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from srm_desktop.domain.edits import CellChange
from srm_desktop.formats.project_file import load_project, save_project
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.prompts import Choice
from srm_desktop.ui.settings import Settings

FIXTURES = Path(__file__).parents[1] / "formats" / "fixtures"


def edit(window: MainWindow) -> None:
    doc = window.document
    change = CellChange("rds", "backup", "security", "C")
    doc.editor.set_cells([change], "Edit Cell")


def test_title_names_the_file_and_shows_the_modified_flag(window: MainWindow) -> None:
    assert window.windowTitle() == "Web — untitled.srm[*] — SRM Desktop"
    assert not window.isWindowModified()
    edit(window)
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert not window.isWindowModified()


def test_cancel_keeps_a_dirty_document_open(window: MainWindow, stub_prompts) -> None:
    edit(window)
    stub_prompts.save_answers = [Choice.CANCEL]
    assert not window.close()
    assert window.isVisible()
    assert stub_prompts.asked_save == 1
    assert window.document.project.cell("rds", "backup", "security") == "C"


def test_discard_closes(window: MainWindow, stub_prompts) -> None:
    edit(window)
    stub_prompts.save_answers = [Choice.DISCARD]
    assert window.close()


def test_save_as_then_reopen_gives_the_same_project(
    window: MainWindow, stub_prompts, tmp_path: Path
) -> None:
    edit(window)
    target = tmp_path / "web"
    stub_prompts.save_paths = [target]
    window.acts.save.trigger()
    saved = tmp_path / "web.srm"
    assert saved.exists()
    assert window.windowTitle() == "web.srm[*] — SRM Desktop"
    assert not window.isWindowModified()
    assert load_project(saved) == window.document.project
    assert Settings().recent_files() == [saved.resolve()]
    # Open it again over a dirty document: asked first, then loaded.
    edit(window)
    window.document.undo_stack.undo()
    window.document.editor.set_cells([CellChange("ec2", "physical", "aws", "")], "Clear")
    stub_prompts.save_answers = [Choice.DISCARD]
    stub_prompts.open_paths = [saved]
    window.acts.open.trigger()
    assert window.document.project.cell("ec2", "physical", "aws") == "R/A"
    assert window.document.project.cell("rds", "backup", "security") == "C"
    assert window.document.undo_stack.count() == 0


def test_a_bad_file_is_reported_with_its_name(window: MainWindow, stub_prompts, tmp_path) -> None:
    bad = tmp_path / "broken.srm"
    bad.write_text("{not json", encoding="utf-8")
    before = window.document.project
    assert not window.file.load(bad)
    assert stub_prompts.errors
    assert "broken.srm" in stub_prompts.errors[0][1]
    assert window.document.project is before


def test_a_failed_save_keeps_the_document_dirty(
    window: MainWindow, stub_prompts, tmp_path: Path
) -> None:
    edit(window)
    stub_prompts.save_paths = [tmp_path / "missing-folder" / "x.srm"]
    assert not window.file.save()
    assert stub_prompts.errors
    assert "x.srm" in stub_prompts.errors[0][1]
    assert window.isWindowModified()


def test_a_missing_recent_file_is_removed_with_a_message(
    window: MainWindow, stub_prompts, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.srm"
    Settings().add_recent(gone)
    window._rebuild_recent()
    actions = [a for a in window.recent_menu.actions() if a.text().endswith("gone.srm")]
    actions[0].trigger()
    assert "no longer exists" in stub_prompts.errors[0][1]
    assert Settings().recent_files() == []


def test_dropping_a_project_file_opens_it(
    window: MainWindow, project, tmp_path: Path, qtbot
) -> None:
    path = tmp_path / "dropped.srm"
    save_project(project, path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.document.path == path
    assert window.windowTitle().startswith("Web — dropped.srm")


def test_geometry_is_saved_on_close(window: MainWindow) -> None:
    window.resize(900, 700)
    assert window.close()
    assert Settings().geometry() is not None


def test_an_older_file_opens_migrated_says_what_moved_and_saves_current(
    window: MainWindow, tmp_path: Path, stub_prompts
) -> None:
    old = tmp_path / "old.srm"
    old.write_bytes((FIXTURES / "schema-1.srm").read_bytes())
    assert window.file.load(old)
    ((title, text),) = stub_prompts.infos
    assert title == "Opened from an older version"
    assert "added 7 areas" in text
    assert "1 override(s) stayed on Backup & disaster recovery" in text
    assert old.read_bytes() == (FIXTURES / "schema-1.srm").read_bytes()  # untouched so far
    assert window.isWindowModified()
    override = window.document.project.overrides[("rds", "backup", "security")]
    assert override.author == "Ana Lopez"
    window.file.save()
    assert b'"schema_version": 2' in old.read_bytes()
    assert not window.isWindowModified()
