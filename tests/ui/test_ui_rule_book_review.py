"""A project filled by an older rule book: a banner, the review by rule, one undo step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from srm_desktop.domain import edits
from srm_desktop.domain.autofill import rule_book_stamp
from srm_desktop.domain.project import Project, Row
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.rule_book_review import RuleBookReview
from srm_desktop.ui.document import Document
from srm_desktop.ui.main_window import MainWindow

OLD_BOOK = "aws 2026.01.15"


def filled_by_an_older_book(project: Project) -> Project:
    """``project`` as an older rule book left it (as ``tests/domain/test_rule_update.py``):
    EC2's guest OS was the provider's, RDS backup cited a rule since retired, and an S3 override
    that must survive."""
    project = edits.set_cells(
        project,
        [edits.CellChange("s3", "customer-data", "security", "R/A")],
        rationale="data owner signs off",
    )
    rows = {sid: dict(by_area) for sid, by_area in project.rows.items()}
    guest = rows["ec2"]["guest-os"]
    rows["ec2"]["guest-os"] = Row(guest.rule, ("R/A",) + ("I",) * (len(guest.raci) - 1))
    backup = rows["rds"]["backup"]
    rows["rds"]["backup"] = Row("aws.rds.backup-2025", backup.raci)
    return replace(project.with_cells(rows=rows), rule_book=OLD_BOOK)


@pytest.fixture
def stale_window(qtbot: QtBot, project: Project) -> Iterator[MainWindow]:
    document = Document(filled_by_an_older_book(project))
    win = MainWindow(document)
    win.show()
    yield win
    document.undo_stack.setClean()
    win.close()
    win.deleteLater()


def _review(
    monkeypatch: pytest.MonkeyPatch, answer: Callable[[RuleBookReview], bool]
) -> list[RuleBookReview]:
    shown: list[RuleBookReview] = []

    def exec_dialog(dialog: object) -> bool:
        assert isinstance(dialog, RuleBookReview)
        shown.append(dialog)
        return answer(dialog)

    monkeypatch.setattr(prompts, "exec_dialog", exec_dialog)
    return shown


def _banner_up(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: window._rule_book is not None and window.rule_book_banner.isVisible(),
        timeout=10_000,
    )


def test_a_stale_project_shows_the_banner_and_a_fresh_one_does_not(
    qtbot: QtBot, stale_window: MainWindow, window: MainWindow
) -> None:
    _banner_up(qtbot, stale_window)
    update = stale_window.rule_book().update
    assert update is not None
    assert update.cell_count > 0
    text = stale_window.rule_book_banner.label.text()
    assert text.startswith(f"The rule book was updated ({OLD_BOOK} → ")
    assert f"{update.cell_count} cells would change" in text
    # non-blocking: the matrix is there and takes edits while the banner shows
    assert stale_window.matrix.isVisible()

    assert window.document.project.rule_book == rule_book_stamp(window.document.provider)
    qtbot.wait(600)  # past the check's delay
    assert window._rule_book is None  # a current stamp: no banner built, nothing computed

    stale_window.rule_book_banner.dismiss_button.click()
    assert not stale_window.rule_book_banner.isVisible()
    stale_window.rule_book().check()
    assert not stale_window.rule_book_banner.isVisible()  # dismissed stays dismissed


def test_accept_some_keep_one_as_an_override_then_undo(
    qtbot: QtBot, stale_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _banner_up(qtbot, stale_window)
    doc = stale_window.document
    stale, depth = doc.project, doc.undo_stack.count()
    update = stale_window.rule_book().update
    assert update is not None
    keys = sorted(update.cell_keys)
    kept_key = ("ec2", "guest-os", "platform")
    assert kept_key in keys

    def answer(dialog: RuleBookReview) -> bool:
        # grouped by rule, with the rule's citation
        top = dialog.tree.topLevelItem(0)
        assert top is not None
        assert top.text(0).startswith("aws.ec2.guest-os — ")
        dialog.tree.setCurrentItem(top)
        assert "https://docs.aws.amazon.com/" in dialog.citation.toPlainText()
        dialog.set_ticked(kept_key, False)
        dialog.keep_button.setChecked(True)
        dialog.apply_button.click()  # no rationale yet: refused in words
        assert dialog.result() != RuleBookReview.DialogCode.Accepted
        assert "rationale" in dialog.error.text()
        dialog.rationale.setText("we run our own AMI pipeline")
        dialog.apply_button.click()
        return dialog.result() == RuleBookReview.DialogCode.Accepted

    _review(monkeypatch, answer)
    stale_window.rule_book_banner.review_button.click()

    done = doc.project
    assert doc.undo_stack.count() == depth + 1
    assert doc.undo_stack.undoText() == "Review Rule-Book Update"
    assert done.cell(*kept_key) == stale.cell(*kept_key) == "I"
    assert done.overrides[kept_key].rationale == "we run our own AMI pipeline"
    assert done.overrides[kept_key].author == doc.author
    for key in keys:
        if key != kept_key:
            assert done.cell(*key) == update.filled.cell(*key), key
    assert done.cell("s3", "customer-data", "security") == "R/A"  # the old override stays
    assert done.rule_book == rule_book_stamp(doc.provider)  # nothing left pending
    qtbot.waitUntil(lambda: not stale_window.rule_book_banner.isVisible(), timeout=5_000)

    doc.undo_stack.undo()
    assert doc.project is stale  # exactly as before
    _banner_up(qtbot, stale_window)


def test_accept_some_leave_the_rest_for_later_keeps_the_banner_with_the_rest(
    qtbot: QtBot, stale_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _banner_up(qtbot, stale_window)
    doc = stale_window.document
    update = stale_window.rule_book().update
    assert update is not None
    later = sorted(update.cell_keys)[:2]

    def answer(dialog: RuleBookReview) -> bool:
        for key in later:
            dialog.set_ticked(key, False)
        dialog.apply_button.click()  # "leave them for later" is the default
        return dialog.result() == RuleBookReview.DialogCode.Accepted

    _review(monkeypatch, answer)
    stale_window.acts.review_rule_book.trigger()  # the menu's way in
    assert doc.project.rule_book == OLD_BOOK  # two cells still pending
    assert all(doc.project.cell(*k) == update.project.cell(*k) for k in later)
    assert all(k not in doc.project.overrides for k in later)

    def refreshed() -> bool:
        now = stale_window.rule_book().update
        return now is not None and now.project is doc.project

    qtbot.waitUntil(refreshed, timeout=10_000)
    assert "2 cells would change" in stale_window.rule_book_banner.label.text()
    assert stale_window.rule_book_banner.isVisible()


def test_accept_all_records_the_current_rule_book(
    qtbot: QtBot, stale_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _banner_up(qtbot, stale_window)
    doc = stale_window.document

    def answer(dialog: RuleBookReview) -> bool:
        dialog.accept_all_button.click()
        return dialog.result() == RuleBookReview.DialogCode.Accepted

    _review(monkeypatch, answer)
    stale_window.rule_book_banner.review_button.click()
    assert doc.project.rule_book == rule_book_stamp(doc.provider)
    assert doc.undo_stack.undoText() == "Accept Rule-Book Update"
    assert doc.project.row("rds", "backup").rule == "aws.rds.backup"
    qtbot.waitUntil(lambda: not stale_window.rule_book_banner.isVisible(), timeout=5_000)


def test_a_stamp_behind_with_no_cell_to_change_is_recorded_by_accept_all(
    qtbot: QtBot, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a rule id moved (same letters): the banner says no cell changes, and accepting
    records the current rule book so validate stops warning."""
    rows = {sid: dict(by_area) for sid, by_area in project.rows.items()}
    backup = rows["rds"]["backup"]
    rows["rds"]["backup"] = Row("aws.rds.backup-2025", backup.raci)
    document = Document(replace(project.with_cells(rows=rows), rule_book=OLD_BOOK))
    window = MainWindow(document)
    window.show()
    try:
        _banner_up(qtbot, window)
        assert "no cell would change; 1 row would cite other rules" in (
            window.rule_book_banner.label.text()
        )

        def answer(dialog: RuleBookReview) -> bool:
            assert dialog.ticked() == []
            dialog.accept_all_button.click()
            return dialog.result() == RuleBookReview.DialogCode.Accepted

        _review(monkeypatch, answer)
        window.rule_book_banner.review_button.click()
        assert document.project.rule_book == rule_book_stamp(document.provider)
        assert document.project.row("rds", "backup").rule == "aws.rds.backup"
        qtbot.waitUntil(lambda: not window.rule_book_banner.isVisible(), timeout=5_000)
    finally:
        document.undo_stack.setClean()
        window.close()
        window.deleteLater()
