"""Autosave and crash recovery, as the user meets them: a copy appears a moment after an edit,
goes away with a save or a clean close, and after a crash the next start offers it back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from srm_desktop import __version__
from srm_desktop.domain.edits import CellChange
from srm_desktop.formats.project_file import dumps_project, load_project, save_project
from srm_desktop.ui import recovery
from srm_desktop.ui.document import Document
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.prompts import Choice, Recover

ROOT = Path(__file__).resolve().parents[2]


def edit(window: MainWindow, value: str = "C") -> None:
    doc = window.document
    doc.editor.set_cells([CellChange("rds", "backup", "security", value)], "Edit Cell")


def copies(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


def crash(window: MainWindow) -> None:
    """What a crash leaves: the copy on disk, no live locks. The window goes on with a new
    session (as the next start would), so closing it cannot clean up the crashed one's copy."""
    saver = window.file.autosave
    saver.wait()
    saver.abandon()
    window.file.autosave = recovery.AutoSaver(window.file)
    window.file._set_lock(None)
    window.file.watch.stop()


@pytest.fixture
def saved(window: MainWindow, tmp_path: Path) -> Path:
    path = tmp_path / "web.srm"
    save_project(window.document.project, path)
    assert window.file.load(path)
    return path


def test_an_edit_writes_a_recovery_copy_after_a_pause_never_the_users_file(
    window: MainWindow, saved: Path, isolated_recovery: Path, qtbot
) -> None:
    before = saved.read_bytes()
    window.file.autosave.set_delay(50)
    edit(window)
    assert copies(isolated_recovery) == []  # debounced: nothing yet
    qtbot.waitUntil(lambda: len(copies(isolated_recovery)) == 2, timeout=3000)
    data = next(isolated_recovery.glob("*.srm"))
    assert data.read_bytes() == dumps_project(window.document.project)
    meta = json.loads(data.with_suffix(".json").read_text())
    assert meta["original"] == str(saved)
    assert meta["app_version"] == __version__
    assert meta["taken_at"]
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == [".web.srm.lock", "web.srm"]


def test_a_save_an_undo_to_the_saved_state_and_a_clean_close_remove_the_copy(
    window: MainWindow, saved: Path, isolated_recovery: Path, stub_prompts
) -> None:
    saver = window.file.autosave
    edit(window)
    saver.write_now(wait=True)
    assert len(copies(isolated_recovery)) == 2
    window.document.undo_stack.undo()  # back to what the file holds
    assert copies(isolated_recovery) == []
    edit(window)
    saver.write_now(wait=True)
    assert window.file.save()
    assert copies(isolated_recovery) == []
    edit(window, "I")
    saver.write_now(wait=True)
    stub_prompts.save_answers = [Choice.DISCARD]
    assert window.close()
    assert copies(isolated_recovery) == []
    assert not (saved.parent / ".web.srm.lock").exists()


def test_after_a_crash_the_copy_is_offered_and_restores_a_modified_document(
    qtbot, window: MainWindow, saved: Path, isolated_recovery: Path, stub_prompts
) -> None:
    edit(window)
    edit(window, "I")
    expected = window.document.project
    window.file.autosave.write_now(wait=True)
    crash(window)

    fresh = MainWindow(Document(load_project(saved)))
    qtbot.addWidget(fresh)
    stub_prompts.recover_answers = [Recover.RESTORE]
    assert fresh.file.offer_recovery()
    name, original, taken, version, newer = stub_prompts.recover_offers[0]
    assert (name, original, version, newer) == ("web.srm", str(saved), __version__, False)
    assert str(taken)[:2] == "20"
    assert fresh.document.project == expected
    assert fresh.document.path == saved
    assert fresh.isWindowModified()
    assert fresh.windowTitle() == "web.srm[*] — SRM Desktop"
    # The copy now belongs to the new session; Save writes the original and removes it.
    assert len(copies(isolated_recovery)) == 2
    assert fresh.file.save()
    assert load_project(saved) == expected
    assert copies(isolated_recovery) == []
    fresh.close()


def test_discard_deletes_the_copy_and_later_keeps_it_for_the_next_start(
    qtbot, window: MainWindow, saved: Path, isolated_recovery: Path, stub_prompts
) -> None:
    edit(window)
    window.file.autosave.write_now(wait=True)
    crash(window)
    untouched = window.document.project
    stub_prompts.recover_answers = [Recover.LATER]
    assert not window.file.offer_recovery()
    assert len(copies(isolated_recovery)) == 2
    stub_prompts.recover_answers = [Recover.DISCARD]
    assert not window.file.offer_recovery()
    assert copies(isolated_recovery) == []
    assert window.document.project is untouched
    assert not window.file.offer_recovery()  # nothing left to offer


def test_a_running_windows_copy_is_not_offered_to_another_window(
    qtbot, window: MainWindow, saved: Path, isolated_recovery: Path
) -> None:
    edit(window)
    window.file.autosave.write_now(wait=True)
    other = MainWindow(Document(load_project(saved)))
    qtbot.addWidget(other)
    assert not other.file.offer_recovery()  # the stub would fail on an offer
    assert len(copies(isolated_recovery)) == 2


def test_an_untitled_project_is_recovered_untitled_and_save_asks_for_a_name(
    qtbot, window: MainWindow, isolated_recovery: Path, stub_prompts, tmp_path: Path
) -> None:
    edit(window)
    expected = window.document.project
    window.file.autosave.write_now(wait=True)
    crash(window)
    stub_prompts.recover_answers = [Recover.RESTORE]
    window.document.load(window.document.project, None)
    assert window.file.offer_recovery()
    assert stub_prompts.recover_offers[0][1] is None
    assert window.document.path is None
    assert window.document.modified
    assert window.document.project == expected
    stub_prompts.save_paths = [tmp_path / "rescued.srm"]
    assert window.file.save()
    assert load_project(tmp_path / "rescued.srm") == expected


def test_a_damaged_copy_is_reported_and_set_aside(
    window: MainWindow, isolated_recovery: Path, stub_prompts
) -> None:
    (isolated_recovery / "1-dead.srm").write_bytes(b'{"format": "srm-desktop/project", "sch')
    before = window.document.project
    stub_prompts.recover_answers = [Recover.RESTORE]
    assert not window.file.offer_recovery()
    title, text = stub_prompts.errors[0]
    assert title == "Could not restore the copy"
    assert "1-dead.srm" in text
    assert "kept as" in text
    assert window.document.project is before
    assert copies(isolated_recovery) == ["1-dead.srm.damaged"]
    assert not window.file.offer_recovery()


def test_a_failing_recovery_folder_says_so_in_the_status_bar(
    window: MainWindow, tmp_path: Path, qtbot
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    saver = recovery.AutoSaver(window.file, folder=blocker / "recovery")
    saver.failed.connect(window.file.message)
    window.file.autosave = saver
    edit(window)
    with qtbot.waitSignal(saver.failed, timeout=3000) as signal_:
        saver.write_now()
    assert "Could not write the recovery copy" in signal_.args[0]
    qtbot.waitUntil(lambda: "recovery copy" in window.statusBar().currentMessage(), timeout=3000)
    saver.close()


CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtWidgets import QApplication, QWidget
    from srm_desktop.domain.edits import CellChange
    from srm_desktop.formats.project_file import load_project
    from srm_desktop.ui import recovery
    from srm_desktop.ui.document import Document
    from srm_desktop.ui.file_ops import FileController
    from srm_desktop.ui.settings import Settings

    recovery.folder_override = Path(sys.argv[2])
    app = QApplication([])
    app.setOrganizationName("srm-desktop-test-child")
    path = Path(sys.argv[1])
    window = QWidget()
    doc = Document(load_project(path))
    files = FileController(window, doc, Settings())
    assert files.load(path)
    change = CellChange("rds", "backup", "security", "I")
    doc.editor.set_cells([change], "Edit")
    files.autosave.write_now(wait=True)
    print("autosaved", flush=True)
    time.sleep(60)
    """
)


def test_a_killed_process_leaves_a_copy_the_next_start_restores(
    qtbot, window: MainWindow, saved: Path, isolated_recovery: Path, stub_prompts, tmp_path: Path
) -> None:
    """A real crash: a child editor is killed with SIGKILL after autosaving; its session and
    file locks are stale, so this window takes the file and the copy over without asking."""
    window.file._set_lock(None)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": str(tmp_path / "child-config"),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(saved), str(isolated_recovery)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "autosaved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert (saved.parent / ".web.srm.lock").exists()  # left behind by the dead process
    stub_prompts.recover_answers = [Recover.RESTORE]
    assert window.file.offer_recovery()
    assert window.document.project.cell("rds", "backup", "security") == "I"
    assert window.document.path == saved
    assert window.document.modified
    assert not window.document.read_only  # the stale file lock was taken over
    assert window.file.lock is not None
    assert window.file.lock.held
