"""The open file under outside pressure, through the window: another program changes or deletes
it, a second window opens it, it is damaged or from a newer version, or the save itself fails.
Each test checks what the user is told, the document's state and the bytes on disk."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.project import Project
from srm_desktop.formats.atomic import backup_path
from srm_desktop.formats.project_file import dumps_project, load_project, save_project
from srm_desktop.ui.document import Document
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.prompts import OutsideAnswer

ROOT = Path(__file__).resolve().parents[2]
CELL = ("rds", "backup", "security")


def edit(window: MainWindow, value: str = "C") -> None:
    doc = window.document
    doc.editor.set_cells([CellChange(*CELL, value)], "Edit Cell")


def other_program_writes(path: Path, project: Project, value: str = "A") -> Project:
    """Another editor saves the file the usual way: a new file renamed over the old one."""
    from srm_desktop.domain import edits

    changed = edits.set_cells(project, [CellChange(*CELL, value)], author="other", at="t")
    tmp = path.with_name("other-editor.tmp")
    tmp.write_bytes(dumps_project(changed))
    os.replace(tmp, path)
    return changed


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def saved(window: MainWindow, tmp_path: Path) -> Path:
    path = tmp_path / "web.srm"
    save_project(window.document.project, path)
    assert window.file.load(path)
    window.file.watch._timer.setInterval(20)
    return path


# -- outside changes --------------------------------------------------------------------------


def test_another_programs_save_is_noticed_and_reload_shows_it(
    window: MainWindow, saved: Path, stub_prompts, qtbot
) -> None:
    edit(window)
    stub_prompts.outside_answers = [OutsideAnswer.RELOAD]
    theirs = other_program_writes(saved, window.document.project)
    qtbot.waitUntil(lambda: bool(stub_prompts.outside_asked), timeout=3000)
    assert stub_prompts.outside_asked == [(str(saved), False, True)]  # dirty: changes lost
    assert window.document.project == theirs
    assert not window.isWindowModified()
    # Still watched after the rename dropped the old inode: a second change is noticed too.
    stub_prompts.outside_answers = [OutsideAnswer.RELOAD]
    again = other_program_writes(saved, window.document.project, "I")
    qtbot.waitUntil(lambda: len(stub_prompts.outside_asked) == 2, timeout=3000)
    assert stub_prompts.outside_asked[1] == (str(saved), False, False)
    assert window.document.project == again


def test_keep_marks_the_document_modified_and_save_writes_it_over_theirs(
    window: MainWindow, saved: Path, stub_prompts, qtbot
) -> None:
    mine = window.document.project
    stub_prompts.outside_answers = [OutsideAnswer.KEEP]
    theirs = other_program_writes(saved, mine)
    qtbot.waitUntil(lambda: bool(stub_prompts.outside_asked), timeout=3000)
    assert window.document.project is mine
    assert window.isWindowModified()
    assert window.file.save()
    assert load_project(saved) == mine
    assert load_project(backup_path(saved)) == theirs  # their version is the .bak, not lost
    qtbot.wait(150)
    assert len(stub_prompts.outside_asked) == 1  # our own save did not prompt


def test_our_own_saves_a_touch_and_an_identical_rewrite_never_prompt(
    window: MainWindow, saved: Path, qtbot
) -> None:
    for value in ("C", "I", "A"):
        edit(window, value)
        assert window.file.save()
        qtbot.wait(60)
    os.utime(saved)
    data = saved.read_bytes()
    tmp = saved.with_name("same.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, saved)
    qtbot.wait(150)  # the stub fails on any outside-change question


def test_a_deleted_file_is_reported_and_save_writes_it_back(
    window: MainWindow, saved: Path, stub_prompts, qtbot
) -> None:
    stub_prompts.outside_answers = [OutsideAnswer.SAVE]
    saved.unlink()
    qtbot.waitUntil(lambda: bool(stub_prompts.outside_asked), timeout=3000)
    assert stub_prompts.outside_asked == [(str(saved), True, False)]
    assert load_project(saved) == window.document.project
    assert not window.isWindowModified()


def test_a_deleted_file_kept_stays_modified_until_saved(
    window: MainWindow, saved: Path, stub_prompts, qtbot
) -> None:
    stub_prompts.outside_answers = [OutsideAnswer.KEEP]
    saved.unlink()
    qtbot.waitUntil(lambda: bool(stub_prompts.outside_asked), timeout=3000)
    assert window.isWindowModified()
    assert not saved.exists()
    qtbot.wait(100)
    assert len(stub_prompts.outside_asked) == 1  # asked once, not on every folder event


def test_a_change_not_yet_noticed_is_asked_about_before_saving_over_it(
    window: MainWindow, saved: Path, stub_prompts
) -> None:
    """Saving right after another program wrote (before the watcher's timer fires, or on a
    file system without notifications) still asks first; Reload cancels the save."""
    edit(window)
    theirs = other_program_writes(saved, load_project(saved), "R")
    stub_prompts.outside_answers = [OutsideAnswer.RELOAD]
    assert not window.file.save()
    assert load_project(saved) == theirs
    assert window.document.project == theirs


def test_a_reload_of_a_half_written_file_keeps_the_version_here(
    window: MainWindow, saved: Path, stub_prompts, qtbot
) -> None:
    edit(window)
    mine = window.document.project
    stub_prompts.outside_answers = [OutsideAnswer.RELOAD]
    saved.write_bytes(saved.read_bytes()[:100])  # a non-atomic writer, caught mid-write
    qtbot.waitUntil(lambda: bool(stub_prompts.outside_asked), timeout=3000)
    assert stub_prompts.errors[0][0] == "Could not reload the project"
    assert "the version here is kept" in stub_prompts.errors[0][1]
    assert window.document.project is mine
    assert window.isWindowModified()


# -- two windows on one file ------------------------------------------------------------------


def test_a_second_window_is_offered_the_file_read_only(
    qtbot, window: MainWindow, saved: Path, stub_prompts, tmp_path: Path
) -> None:
    second = MainWindow(Document(window.document.project))
    qtbot.addWidget(second)
    stub_prompts.read_only_answers = [False]
    before = second.document.project
    assert not second.file.load(saved)
    assert second.document.project is before  # cancel: nothing opened
    stub_prompts.read_only_answers = [True]
    assert second.file.load(saved)
    path, owner = stub_prompts.read_only_asked[1]
    assert path == str(saved)
    assert f"process {os.getpid()}" in owner
    assert second.windowTitle() == "web.srm (read-only)[*] — SRM Desktop"
    edit(second)
    stub_prompts.save_paths = [tmp_path / "copy.srm"]  # Save asks for another name
    assert second.file.save()
    assert load_project(tmp_path / "copy.srm") == second.document.project
    assert second.windowTitle() == "Web — copy.srm[*] — SRM Desktop"
    assert load_project(saved) == window.document.project  # the first window's file untouched
    # Save As onto the file the first window holds is refused.
    stub_prompts.save_paths = [saved]
    edit(second, "I")
    assert not second.file.save_as()
    assert "is open in" in stub_prompts.errors[-1][1]
    second.document.undo_stack.setClean()


def test_a_stale_lock_from_a_killed_process_is_taken_over_silently(
    window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "crashed.srm"
    save_project(window.document.project, path)
    code = (
        "import sys,time;from pathlib import Path;from srm_desktop.ui.file_lock import FileLock;"
        "l=FileLock(Path(sys.argv[1]));print(l.acquire().value,flush=True);time.sleep(60)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "acquired"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert (tmp_path / ".crashed.srm.lock").exists()
    assert window.file.load(path)  # the stub would fail on a read-only question
    assert not window.document.read_only


# -- newer and damaged files ------------------------------------------------------------------


def test_a_file_from_a_newer_version_is_refused_and_never_touched(
    window: MainWindow, stub_prompts, tmp_path: Path
) -> None:
    path = tmp_path / "future.srm"
    doc = json.loads(dumps_project(window.document.project))
    doc["schema_version"] = 99
    doc["hologram"] = {"fields": "this version does not know"}
    path.write_text(json.dumps(doc))
    save_project(window.document.project, backup_path(path))  # a .bak is NOT offered here
    before, current = path.read_bytes(), window.document.project
    assert not window.file.load(path)
    title, text = stub_prompts.errors[0]
    assert title == "Could not open the project"
    assert "written by a newer SRM Desktop" in text
    assert "future.srm" in text
    assert window.document.project is current
    assert window.document.path != path
    assert path.read_bytes() == before


def test_a_damaged_file_offers_its_backup_as_an_untitled_copy(
    window: MainWindow, stub_prompts, tmp_path: Path
) -> None:
    path = tmp_path / "damaged.srm"
    good = window.document.project
    save_project(good, path)
    edit(window)
    save_project(window.document.project, path)  # now damaged.srm.bak holds `good`
    path.write_bytes(b"<<<<<<< HEAD\n" + path.read_bytes())  # a git merge conflict
    damaged = path.read_bytes()
    stub_prompts.backup_answers = [False]
    current = window.document.project
    window.document.undo_stack.setClean()
    assert not window.file.load(path)
    problem, backup = stub_prompts.backup_asked[0]
    assert "damaged.srm" in problem
    assert backup == "damaged.srm.bak"
    assert window.document.project is current
    stub_prompts.backup_answers = [True]
    assert not window.file.load(path)
    assert window.document.project == good
    assert window.document.path is None
    assert window.isWindowModified()
    assert window.windowTitle() == "Web — untitled.srm[*] — SRM Desktop"
    assert path.read_bytes() == damaged
    stub_prompts.save_paths = [tmp_path / "fixed.srm"]
    assert window.file.save()
    assert path.read_bytes() == damaged


def test_a_damaged_file_without_a_backup_is_just_refused(
    window: MainWindow, stub_prompts, tmp_path: Path
) -> None:
    path = tmp_path / "empty.srm"
    path.write_bytes(b"")
    assert not window.file.load(path)
    assert "empty.srm" in stub_prompts.errors[0][1]
    assert stub_prompts.backup_asked == []


# -- failing saves ----------------------------------------------------------------------------


def failed_save(window: MainWindow, stub_prompts, path: Path) -> str:
    before = path.read_bytes()
    edit(window, "I")
    assert not window.file.save()
    assert window.isWindowModified()
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []
    title, text = stub_prompts.errors[-1]
    assert title == "Could not save the project"
    assert str(path) in text
    return text


def test_a_failing_rename_says_which_path_and_why(
    window: MainWindow, saved: Path, stub_prompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert "the disk is full" in failed_save(window, stub_prompts, saved)


def test_a_failing_fsync_keeps_the_file(
    window: MainWindow, saved: Path, stub_prompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    def io_error(_fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", io_error)
    assert "Input/output error" in failed_save(window, stub_prompts, saved)


def test_permission_denied_is_reported(
    window: MainWindow, saved: Path, stub_prompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root ignores folder permissions, so the refusal is injected where the OS would raise."""

    real_open = os.open

    def denied(file: str, flags: int, *args: int, **kwargs: int) -> int:
        if flags & os.O_CREAT and str(file).startswith(str(saved.parent)):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    assert "permission denied" in failed_save(window, stub_prompts, saved)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_is_reported(window: MainWindow, saved: Path, stub_prompts) -> None:
    saved.parent.chmod(0o555)
    try:
        assert "permission denied" in failed_save(window, stub_prompts, saved)
    finally:
        saved.parent.chmod(0o755)


def test_a_full_disk_mid_write_keeps_the_file(
    window: MainWindow, saved: Path, stub_prompts
) -> None:
    limit = saved.stat().st_size + 200
    from srm_desktop.domain import edits

    big = edits.update_service(
        window.document.project, window.document.provider, "ec2", notes="n" * 30_000
    )
    window.document.set_project(big)
    old = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, old[1]))
    try:
        text = failed_save(window, stub_prompts, saved)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old)
        signal.signal(signal.SIGXFSZ, handler)
    assert "larger than this system allows" in text


def test_a_folder_removed_mid_session_is_noticed_and_the_save_says_so(
    window: MainWindow, tmp_path: Path, stub_prompts, qtbot
) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "web.srm"
    save_project(window.document.project, path)
    assert window.file.load(path)
    window.file.watch._timer.setInterval(20)
    stub_prompts.outside_answers = [OutsideAnswer.KEEP]
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    qtbot.waitUntil(lambda: bool(stub_prompts.outside_asked), timeout=3000)
    assert stub_prompts.outside_asked[0][1] is True  # reported as deleted
    assert not window.file.save()
    assert "does not exist (any more)" in stub_prompts.errors[-1][1]
    assert str(path) in stub_prompts.errors[-1][1]
    assert window.isWindowModified()
