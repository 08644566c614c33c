"""A hypothesis state machine over the file lifecycle: edit, undo, redo, save, another program's
save (reload or keep), autosave, crash and recover -- on a real Document and FileController.

Invariants after every step:

* the file on disk always holds the document as of its last save (or the other program's
  version, once one was written);
* a document whose undo stack is at its clean index equals that file (so a document that differs
  from the file is always marked modified);
* the recovery copy holds the last autosave exactly, and there is none while the document is
  unmodified; recovering after a crash restores that autosave exactly, modified, for its file.

The converse "modified implies different" is deliberately not asserted: two edits that cancel
out leave the undo stack away from its clean index, as in every Qt editor.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtWidgets import QWidget

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.project_file import dumps_project, save_project
from srm_desktop.ui import prompts, recovery
from srm_desktop.ui.document import Document
from srm_desktop.ui.file_ops import FileController
from srm_desktop.ui.file_watch import DiskChange
from srm_desktop.ui.settings import Settings

from .conftest import Prompts

CELLS = [
    ("ec2", "backup", "platform"),
    ("ec2", "iam", "security"),
    ("s3", "server-encryption", "security"),
]
VALUES = ["R", "A", "C", "I", "R/A", ""]
RUNS = {"examples": 0, "steps": 0, "autosaves": 0, "recoveries": 0}


def _cell_value(project: Project, cell: tuple[str, str, str]) -> str:
    return project.cell(*cell)


class FileLifecycle(RuleBasedStateMachine):
    def __init__(self, root: Path, stub: Prompts) -> None:
        super().__init__()
        RUNS["examples"] += 1
        self.stub = stub
        self.folder = Path(tempfile.mkdtemp(dir=root))
        recovery.folder_override = self.folder / "recovery"
        self.path = self.folder / "m.srm"
        project = new_project(
            "Machine", get_provider("aws"), ["ec2", "s3:sse-kms-cmk"], ["Platform", "Security"]
        )
        save_project(project, self.path)
        self.saved = project  # what the file must hold
        self.autosaved: Project | None = None  # what the recovery copy must hold
        self.instances: list[tuple[QWidget, FileController]] = []
        self._start()
        assert self.files.load(self.path)

    def _start(self) -> None:
        widget = QWidget()
        self.doc = Document(new_project("Start", get_provider("aws")))
        self.files = FileController(widget, self.doc, Settings())
        self.instances.append((widget, self.files))

    def teardown(self) -> None:
        for widget, files in self.instances:
            files.close()
            widget.deleteLater()

    # -- rules ----------------------------------------------------------------------------------

    @rule(cell=st.sampled_from(CELLS), value=st.sampled_from(VALUES))
    def edit(self, cell: tuple[str, str, str], value: str) -> None:
        if _cell_value(self.doc.project, cell) == value:
            value = "I" if value != "I" else "C"
        self.doc.editor.set_cells([CellChange(*cell, value)], "Edit")
        RUNS["steps"] += 1

    @precondition(lambda self: self.doc.undo_stack.canUndo())
    @rule()
    def undo(self) -> None:
        self.doc.undo_stack.undo()
        RUNS["steps"] += 1

    @precondition(lambda self: self.doc.undo_stack.canRedo())
    @rule()
    def redo(self) -> None:
        self.doc.undo_stack.redo()
        RUNS["steps"] += 1

    @rule()
    def save(self) -> None:
        assert self.files.save()
        self.saved = self.doc.project
        RUNS["steps"] += 1

    @rule(value=st.sampled_from(VALUES), reload=st.booleans())
    def another_program_saves(self, value: str, reload: bool) -> None:
        theirs = edits.set_cells(
            self.saved, [CellChange(*CELLS[0], value)], rationale="theirs", author="x", at="t"
        )
        if theirs == self.saved:
            return
        mine = self.doc.project
        save_project(theirs, self.path, backup=False)
        self.stub.outside_answers = [
            prompts.OutsideAnswer.RELOAD if reload else prompts.OutsideAnswer.KEEP
        ]
        self.files.watch.check()  # what the watcher's timer does after the folder event
        assert self.stub.outside_answers == []
        self.saved = theirs
        if reload:
            assert self.doc.project == theirs
            assert not self.doc.modified
        else:
            assert self.doc.project is mine
            assert self.doc.modified
        assert self.files.watch.state() is DiskChange.UNCHANGED
        RUNS["steps"] += 1

    @rule()
    def autosave(self) -> None:
        self.files.autosave.write_now(wait=True)
        if self.doc.modified:
            self.autosaved = self.doc.project
            RUNS["autosaves"] += 1
        RUNS["steps"] += 1

    @rule(cell=st.sampled_from(CELLS), value=st.sampled_from(VALUES))
    def edit_then_pause(self, cell: tuple[str, str, str], value: str) -> None:
        """The usual rhythm: an edit, then the autosave timer fires."""
        self.edit(cell, value)
        self.autosave()

    @precondition(lambda self: self.autosaved is not None)
    @rule()
    def crash_and_recover(self) -> None:
        old = self.files
        old.autosave.abandon()
        old._set_lock(None)
        old.watch.stop()
        self._start()
        self.stub.recover_answers = [prompts.Recover.RESTORE]
        assert self.files.offer_recovery()
        assert self.stub.recover_answers == []
        assert self.doc.project == self.autosaved
        assert self.doc.modified
        assert self.doc.path == self.path
        RUNS["steps"] += 1
        RUNS["recoveries"] += 1

    # -- invariants -----------------------------------------------------------------------------

    @invariant()
    def file_holds_the_last_save(self) -> None:
        assert self.path.read_bytes() == dumps_project(self.saved)

    @invariant()
    def unmodified_means_equal_to_the_file(self) -> None:
        if not self.doc.modified:
            assert self.doc.project == self.saved

    @invariant()
    def recovery_copy_is_the_last_autosave(self) -> None:
        if not self.doc.modified:
            self.autosaved = None  # saved, undone to the saved state or reloaded: copy removed
        self.files.autosave.wait()
        copies = sorted(self.files.autosave.folder.glob("*.srm"))
        if self.autosaved is None:
            assert copies == []
        else:
            assert copies == [self.files.autosave.data_path]
            assert copies[0].read_bytes() == dumps_project(self.autosaved)


def test_file_lifecycle_state_machine(
    tmp_path: Path, stub_prompts: Prompts, isolated_recovery: Path
) -> None:
    run_state_machine_as_test(
        lambda: FileLifecycle(tmp_path, stub_prompts),  # type: ignore[arg-type]
        settings=settings(
            max_examples=50,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    print(f"state machine: {RUNS}")
    assert RUNS["examples"] >= 50
    assert RUNS["recoveries"] > 0
