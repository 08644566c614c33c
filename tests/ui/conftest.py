"""GUI test fixtures: settings in a temporary folder, modal dialogs stubbed, a sample window."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QDialog

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.ui import prompts, recovery
from srm_desktop.ui.application import APPLICATION, ORGANIZATION
from srm_desktop.ui.document import Document
from srm_desktop.ui.main_window import MainWindow

SERVICES = ["ec2", "elasticloadbalancing", "rds", "s3:sse-kms-cmk", "cloudfront", "lambda"]
TEAMS = ["Platform", "Security", "Application", "Data owner"]


@pytest.fixture(autouse=True)
def isolated_settings(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Never touch the user's real settings: QSettings writes INI files to a temporary folder."""
    folder = tmp_path_factory.mktemp("settings")
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION + " tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QSettings().clear()


@pytest.fixture(autouse=True)
def isolated_recovery(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Never touch the user's real recovery folder: autosave copies go to a temporary one."""
    folder = tmp_path_factory.mktemp("recovery")
    recovery.folder_override = folder
    yield folder
    recovery.folder_override = None


@pytest.fixture(autouse=True)
def author_question_answered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The once-ever "Your name" question before the first override: Cancel (the login name is
    kept), recorded for the tests that look at it."""
    asked: list[str] = []

    def ask_author(_parent: object, login: str) -> str | None:
        asked.append(login)
        return None

    monkeypatch.setattr(prompts, "ask_author", ask_author)
    return asked


@pytest.fixture(autouse=True)
def collect_in_ui_thread() -> Iterator[None]:
    """Unreachable Qt objects must die in the UI thread, not in a later test's worker."""
    yield
    gc.collect()


class Prompts:
    """Records what the window would have shown; answers the unsaved-changes question."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.save_answers: list[prompts.Choice] = []
        self.asked_save = 0
        self.open_paths: list[Path | None] = []
        self.save_paths: list[Path | None] = []
        self.recover_answers: list[prompts.Recover] = []
        self.recover_offers: list[tuple[object, ...]] = []
        self.outside_answers: list[prompts.OutsideAnswer] = []
        self.outside_asked: list[tuple[str, bool, bool]] = []
        self.read_only_answers: list[bool] = []
        self.read_only_asked: list[tuple[str, str]] = []
        self.backup_answers: list[bool] = []
        self.backup_asked: list[tuple[str, str]] = []
        self.refill_answers: list[prompts.Refill] = []
        self.refill_asked: list[tuple[int, str]] = []

    def ask_save_changes(self, _parent: object, _name: str) -> prompts.Choice:
        self.asked_save += 1
        assert self.save_answers, "unexpected Save/Discard/Cancel question"
        return self.save_answers.pop(0)

    def open_path(self, *_args: object) -> Path | None:
        assert self.open_paths, "unexpected Open dialog"
        return self.open_paths.pop(0)

    def save_path(self, *_args: object) -> Path | None:
        assert self.save_paths, "unexpected Save dialog"
        return self.save_paths.pop(0)

    def ask_recover(self, _parent: object, *offer: object) -> prompts.Recover:
        self.recover_offers.append(offer)
        assert self.recover_answers, f"unexpected recovery offer {offer}"
        return self.recover_answers.pop(0)

    def ask_outside_change(
        self, _parent: object, path: str, deleted: bool, dirty: bool
    ) -> prompts.OutsideAnswer:
        self.outside_asked.append((path, deleted, dirty))
        assert self.outside_answers, f"unexpected outside-change question about {path}"
        return self.outside_answers.pop(0)

    def ask_open_read_only(self, _parent: object, path: str, owner: str) -> bool:
        self.read_only_asked.append((path, owner))
        assert self.read_only_answers, "unexpected read-only offer"
        return self.read_only_answers.pop(0)

    def ask_open_backup(self, _parent: object, problem: str, backup: str, _taken: str) -> bool:
        self.backup_asked.append((problem, backup))
        assert self.backup_answers, "unexpected open-the-backup offer"
        return self.backup_answers.pop(0)

    def ask_refill_with_update(self, _parent: object, cells: int, action: str) -> prompts.Refill:
        self.refill_asked.append((cells, action))
        assert self.refill_answers, f"unexpected rule-book question before {action}"
        return self.refill_answers.pop(0)


@pytest.fixture(autouse=True)
def stub_prompts(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    stub = Prompts()
    monkeypatch.setattr(prompts, "ask_save_changes", stub.ask_save_changes)
    monkeypatch.setattr(prompts, "open_path", stub.open_path)
    monkeypatch.setattr(prompts, "save_path", stub.save_path)
    for name in (
        "ask_recover",
        "ask_outside_change",
        "ask_open_read_only",
        "ask_open_backup",
        "ask_refill_with_update",
    ):
        monkeypatch.setattr(prompts, name, getattr(stub, name))
    monkeypatch.setattr(prompts, "error", lambda _p, title, text: stub.errors.append((title, text)))
    monkeypatch.setattr(prompts, "info", lambda _p, title, text: stub.infos.append((title, text)))

    def no_dialog(dialog: object) -> bool:
        raise AssertionError(f"unexpected modal dialog {type(dialog).__name__}")

    monkeypatch.setattr(prompts, "exec_dialog", no_dialog)
    return stub


@pytest.fixture
def project() -> Project:
    return new_project("Web", get_provider("aws"), SERVICES, TEAMS)


@pytest.fixture
def document(project: Project) -> Document:
    return Document(project)


@pytest.fixture
def window(qtbot: object, document: Document) -> Iterator[MainWindow]:
    with shown_window(document) as win:
        yield win


@contextmanager
def shown_window(document: Document) -> Iterator[MainWindow]:
    """A main window on ``document``, shown, then closed without the unsaved-changes question
    (fixtures of windows on other projects use it as :func:`window` does)."""
    win = MainWindow(document)
    win.show()
    try:
        yield win
    finally:
        # Not qtbot.addWidget: pytest-qt would close the window before this teardown runs, and
        # a dirty window would ask Save/Discard/Cancel.
        document.undo_stack.setClean()
        win.close()
        win.deleteLater()


DialogT = TypeVar("DialogT", bound=QDialog)


def drive_dialogs(
    monkeypatch: pytest.MonkeyPatch, kind: type[DialogT], answer: Callable[[DialogT], bool]
) -> list[DialogT]:
    """Stub ``prompts.exec_dialog``: every dialog run must be a ``kind``; ``answer`` drives it
    and says whether it was accepted. Returns the dialogs run, in order (filled as they run)."""
    shown: list[DialogT] = []

    def exec_dialog(dialog: object) -> bool:
        assert isinstance(dialog, kind)
        shown.append(dialog)
        return answer(dialog)

    monkeypatch.setattr(prompts, "exec_dialog", exec_dialog)
    return shown
