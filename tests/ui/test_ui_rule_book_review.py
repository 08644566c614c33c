"""A project filled by an older rule book: a banner, the review by rule, one undo step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from srm_desktop.domain.autofill import rule_book_stamp
from srm_desktop.domain.project import Project, Row
from srm_desktop.domain.rule_update import pending_update
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.rule_book_review import RuleBookReview
from srm_desktop.ui.document import Document
from srm_desktop.ui.main_window import MainWindow
from tests.domain.rule_book_fixtures import OLD_BOOK, filled_by_an_older_book

from .conftest import Prompts, drive_dialogs, shown_window


@pytest.fixture
def stale_window(qtbot: QtBot, project: Project) -> Iterator[MainWindow]:
    with shown_window(Document(filled_by_an_older_book(project))) as win:
        yield win


def _review(
    monkeypatch: pytest.MonkeyPatch, answer: Callable[[RuleBookReview], bool]
) -> list[RuleBookReview]:
    return drive_dialogs(monkeypatch, RuleBookReview, answer)


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


def test_a_refill_on_a_stale_project_asks_before_applying_the_update_unreviewed(
    stale_window: MainWindow, stub_prompts: Prompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parties & Teams, Areas and Auto-fill fill the whole matrix again with today's rule book;
    on a stale project that would land the update unreviewed and hide the banner. They ask:
    Review First opens the review (and not the edit), Continue goes on, Cancel changes nothing."""
    doc = stale_window.document
    stale = doc.project
    pending = pending_update(stale, doc.provider).cell_count
    assert pending > 0

    stub_prompts.refill_answers = [prompts.Refill.CANCEL]
    stale_window.autofill()
    assert doc.project is stale
    assert stub_prompts.refill_asked == [(pending, "Auto-fill")]

    shown: list[object] = []

    def exec_dialog(dialog: object) -> bool:
        shown.append(dialog)
        return False  # looked at, then cancelled

    monkeypatch.setattr(prompts, "exec_dialog", exec_dialog)
    stub_prompts.refill_answers = [prompts.Refill.REVIEW]
    stale_window.edit_parties()
    assert [type(d) for d in shown] == [RuleBookReview]  # the review, not the parties dialog
    assert doc.project is stale

    stub_prompts.refill_answers = [prompts.Refill.CONTINUE]
    stale_window.edit_areas()
    assert type(shown[-1]).__name__ == "AreasDialog"

    stub_prompts.refill_answers = [prompts.Refill.CONTINUE]
    stale_window.autofill()
    assert doc.project.rule_book == rule_book_stamp(doc.provider)  # the user chose to go on
    assert not stub_prompts.refill_answers


def test_a_refill_on_a_current_project_asks_nothing(window: MainWindow) -> None:
    before = window.document.project
    window.autofill()  # the stub fails on any rule-book question
    assert window.document.project.rule_book == before.rule_book
