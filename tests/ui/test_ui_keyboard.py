"""Keyboard all the way (walkthrough F3, F5, F19): Shift+F2 to the rationale and back, F6 and
Shift+F6 round the panes, Enter applies an import preview that nothing blocks, unique mnemonics
in every menu, every shortcut named in its tooltip, and accessible names on the views and docks."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QTableView,
)

from srm_desktop.domain.change_set import Change, ChangeSet, Problem
from srm_desktop.domain.validation import Severity
from srm_desktop.ui.dialogs.import_preview import ImportPreview
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.models.matrix import FIRST_PARTY

SECURITY = FIRST_PARTY + 2
KEY = ("ec2", "physical", "security")


def active(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def press(qtbot, keys: str) -> None:
    """A key sequence sent where the focus is, as the user's keyboard would."""
    target = QApplication.focusWidget()
    assert target is not None
    combo = QKeySequence(keys)[0]  # type: ignore[index]  # indexable in PySide6, not its stubs
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())


def test_shift_f2_goes_to_the_rationale_and_back(qtbot, window: MainWindow) -> None:
    active(qtbot, window)
    view = window.matrix
    view.setFocus()
    view.setCurrentIndex(view.proxy.index(0, SECURITY))
    qtbot.keyClick(view, Qt.Key.Key_I)
    press(qtbot, "Shift+F2")
    assert window.details.rationale.hasFocus()
    qtbot.keyClicks(window.details.rationale, "Reviewed with the SOC team")
    press(qtbot, "Shift+F2")
    assert view.hasFocus()
    assert window.document.project.overrides[KEY].rationale == "Reviewed with the SOC team"
    # Ctrl+Enter saves and comes back too; Escape comes back keeping what was typed.
    press(qtbot, "Shift+F2")
    qtbot.keyClicks(window.details.rationale, " (SEC-112)")
    qtbot.keyClick(window.details.rationale, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.hasFocus()
    assert window.document.project.overrides[KEY].rationale.endswith("(SEC-112)")
    press(qtbot, "Shift+F2")
    qtbot.keyClicks(window.details.rationale, "!")
    qtbot.keyClick(window.details.rationale, Qt.Key.Key_Escape)
    assert view.hasFocus()
    assert window.document.project.overrides[KEY].rationale.endswith("(SEC-112)!")


def test_shift_f2_on_a_rule_cell_says_why_nothing_happens(qtbot, window: MainWindow) -> None:
    active(qtbot, window)
    window.matrix.setFocus()
    window.matrix.setCurrentIndex(window.matrix.proxy.index(0, SECURITY))
    press(qtbot, "Shift+F2")
    assert window.matrix.hasFocus()
    assert "manual override" in window.statusBar().currentMessage()


def test_f6_cycles_the_panes_and_shift_f6_goes_back(qtbot, window: MainWindow) -> None:
    active(qtbot, window)
    window.problems_dock.show()
    window.matrix.setFocus()
    press(qtbot, "F6")
    focus = QApplication.focusWidget()
    assert focus is not None
    assert window.details.isAncestorOf(focus)
    press(qtbot, "F6")
    assert QApplication.focusWidget() is window.problems
    press(qtbot, "F6")
    assert window.tabs.currentIndex() == 1
    assert QApplication.focusWidget() is window.inventory.table
    press(qtbot, "F6")
    assert window.tabs.currentIndex() == 2
    assert QApplication.focusWidget() is window.overview.table
    press(qtbot, "F6")
    assert window.tabs.currentIndex() == 3
    assert QApplication.focusWidget() is window.teams.tree
    press(qtbot, "F6")
    assert window.tabs.currentIndex() == 0
    assert QApplication.focusWidget() is window.matrix
    press(qtbot, "Shift+F6")
    assert QApplication.focusWidget() is window.teams.tree


def _preview(qtbot, window: MainWindow, blocked: bool) -> ImportPreview:
    # Only a problem with the whole workbook blocks: a bad cell is skipped.
    problems = (
        (Problem(Severity.ERROR, "_srm_meta!B2", "'x'", "another project's", blocks=True),)
        if blocked
        else ()
    )
    change = Change("ec2", "physical", "security", "", "C", "Matrix!F3")
    dialog = ImportPreview(
        window.document.project, ChangeSet("review.xlsx", (change,), problems), window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_enter_applies_an_import_preview_that_nothing_blocks(qtbot, window: MainWindow) -> None:
    dialog = _preview(qtbot, window, blocked=False)
    apply = dialog.buttons.button(QDialogButtonBox.StandardButton.Apply)
    assert apply.text() == "&Apply 1 change"
    assert apply.isDefault()
    qtbot.keyClick(dialog.findChild(QTableView), Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_enter_does_not_cancel_a_blocked_preview(qtbot, window: MainWindow) -> None:
    dialog = _preview(qtbot, window, blocked=True)
    qtbot.keyClick(dialog.findChild(QTableView), Qt.Key.Key_Return)
    assert dialog.isVisible()
    qtbot.keyClick(dialog.findChild(QTableView), Qt.Key.Key_Escape)
    assert dialog.result() == dialog.DialogCode.Rejected


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _menus(window: MainWindow) -> list[tuple[str, list[QAction]]]:
    menus = [("menu bar", window.menuBar().actions())]
    for menu in window.menuBar().findChildren(QMenu):
        menu.aboutToShow.emit()  # Open Recent and the like fill themselves when shown
        menus.append((menu.title(), menu.actions()))
    return menus


def test_every_menu_has_unique_mnemonics(window: MainWindow) -> None:
    clashes = []
    for title, actions in _menus(window):
        seen: dict[str, str] = {}
        for action in actions:
            if action.isSeparator():
                continue
            key = _mnemonic(action.text())
            if key is None:
                continue
            if key in seen:
                clashes.append(f"{title}: {seen[key]!r} and {action.text()!r} share {key!r}")
            seen[key] = action.text()
    assert clashes == []


def test_every_command_has_a_mnemonic(window: MainWindow) -> None:
    """The File, Edit, Project and Help commands (the View menu's dock toggles are named by
    their docks' titles, which count problems)."""
    a = window.acts
    missing = [
        action.text()
        for action in vars(a).values()
        if isinstance(action, QAction) and _mnemonic(action.text()) is None
    ]
    assert missing == []


def test_every_shortcut_is_named_in_menu_and_tooltip(window: MainWindow) -> None:
    unnamed = []
    for title, actions in _menus(window):
        for action in actions:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and keys not in action.toolTip():
                unnamed.append(f"{title}: {action.text()!r} ({keys}) tip {action.toolTip()!r}")
    assert unnamed == []
    assert window.acts.clear.shortcut().toString() == "Del"
    assert window.acts.reset_to_rule.shortcut().toString()


def test_views_and_docks_have_accessible_names(window: MainWindow) -> None:
    widgets = {
        "matrix": window.matrix,
        "inventory": window.inventory.table,
        "overview": window.overview.table,
        "problems": window.problems,
        "details dock": window.details_dock,
        "problems dock": window.problems_dock,
        "details": window.details.body_scroll,
        "rationale": window.details.rationale,
        "tabs": window.tabs,
    }
    unnamed = [name for name, widget in widgets.items() if not widget.accessibleName()]
    assert unnamed == []


def test_mnemonics_shown_together_in_the_window_are_unique(window: MainWindow) -> None:
    """Alt+letter of a button, check box or buddied label beside the menu bar's titles: two on
    screen at once make the key only move the focus between them (Alt+H reached Help or the
    compare bar's check box, Alt+V View or the rule-book banner's Review)."""
    window.comparer().bar.show()  # the strips shown while comparing and for a stale rule book
    window.rule_book().banner.show()
    clashes = []
    for tab in range(window.tabs.count()):
        window.show_tab(tab)
        QCoreApplication.processEvents()
        seen: dict[str, str] = {}
        texts = [a.text() for a in window.menuBar().actions()]
        texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()]
        texts += [
            label.text()
            for label in window.findChildren(QLabel)
            if label.isVisible() and label.buddy() is not None
        ]
        for text in texts:
            key = _mnemonic(text)
            if key is None:
                continue
            if key in seen:
                clashes.append(f"{window.tabs.tabText(tab)}: {seen[key]!r} and {text!r}")
            seen[key] = text
    assert clashes == []
