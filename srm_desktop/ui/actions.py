"""Every action of the main window, declared once with its standard shortcut, and the menus.

Handlers are connected by the main window; here an action is only text, shortcut, tip and
place in the menus, so the keyboard map can be read in one screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

Key = QKeySequence.StandardKey


@dataclass
class Actions:
    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    import_workbook: QAction
    import_iac: QAction
    export_workbook: QAction
    export_csv: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    cut: QAction
    copy: QAction
    paste: QAction
    clear: QAction
    fill_down: QAction
    find: QAction
    reset_to_rule: QAction
    preferences: QAction
    add_service: QAction
    remove_service: QAction
    parties: QAction
    areas: QAction
    autofill: QAction
    primer: QAction
    about: QAction


def _action(
    window: QMainWindow,
    text: str,
    shortcut: Key | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if isinstance(shortcut, Key):
        action.setShortcuts(shortcut)
    elif shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


def create_actions(window: QMainWindow, undo_stack: QUndoStack) -> Actions:
    undo = undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(Key.Undo)
    redo = undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts(Key.Redo)
    return Actions(
        new=_action(window, "&New", Key.New, "Start a new, empty project"),
        open=_action(window, "&Open…", Key.Open, "Open a project file"),
        save=_action(window, "&Save", Key.Save, "Save the project"),
        save_as=_action(window, "Save &As…", Key.SaveAs, "Save the project under a new name"),
        import_workbook=_action(
            window, "&Import Workbook…", None, "Read a reviewed workbook back as a change set"
        ),
        import_iac=_action(
            window,
            "Import Inventory from &Code…",
            None,
            "Fill the inventory from CloudFormation, SAM or Terraform JSON",
        ),
        export_workbook=_action(
            window, "&Export Workbook…", None, "Write the review workbook (.xlsx)"
        ),
        export_csv=_action(window, "Export &CSV…", None, "Write the matrix as a flat CSV file"),
        quit=_action(window, "&Quit", Key.Quit, "Quit SRM Desktop"),
        undo=undo,
        redo=redo,
        cut=_action(window, "Cu&t", Key.Cut, "Copy the selected cells and clear them"),
        copy=_action(window, "&Copy", Key.Copy, "Copy the selected cells as tab-separated text"),
        paste=_action(window, "&Paste", Key.Paste, "Paste tab-separated letters into the matrix"),
        clear=_action(window, "C&lear Cells", None, "Remove the letters of the selected cells"),
        fill_down=_action(window, "Fill &Down", "Ctrl+D", "Copy the top row of the selection down"),
        find=_action(window, "&Find…", Key.Find, "Filter the matrix by text"),
        reset_to_rule=_action(
            window,
            "&Reset to Rule",
            None,
            "Drop the selected overrides; take the rule's letters",
        ),
        preferences=_action(
            window, "Pre&ferences…", Key.Preferences, "Your name on manual overrides"
        ),
        add_service=_action(
            window, "&Add Service…", "Ctrl+Shift+N", "Add a service from the catalog"
        ),
        remove_service=_action(
            window, "&Remove Service", None, "Remove the selected inventory entries"
        ),
        parties=_action(
            window, "&Parties && Teams…", None, "Add, rename, remove or reorder parties"
        ),
        areas=_action(
            window,
            "Responsibility &Areas…",
            None,
            "Add, rename, regroup, hide or reorder the matrix rows",
        ),
        autofill=_action(
            window, "Auto-&fill", "Ctrl+Shift+F", "Re-apply the rules (manual overrides are kept)"
        ),
        primer=_action(window, "&Primer", Key.HelpContents, "Shared responsibility and RACI"),
        about=_action(window, "&About SRM Desktop", None),
    )


def build_menus(window: QMainWindow, a: Actions) -> tuple[QMenu, QMenu]:
    """The menu bar; returns the Open Recent and View menus, which the window fills."""
    bar = window.menuBar()
    file = bar.addMenu("&File")
    file.addActions([a.new, a.open])
    recent = file.addMenu("Open &Recent")
    file.addActions([a.save, a.save_as])
    file.addSeparator()
    file.addActions([a.import_workbook, a.import_iac])
    file.addActions([a.export_workbook, a.export_csv])
    file.addSeparator()
    file.addAction(a.quit)
    edit = bar.addMenu("&Edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.cut, a.copy, a.paste, a.clear, a.fill_down])
    edit.addSeparator()
    edit.addActions([a.find, a.reset_to_rule])
    edit.addSeparator()
    edit.addAction(a.preferences)
    view = bar.addMenu("&View")
    project = bar.addMenu("&Project")
    project.addActions([a.add_service, a.remove_service])
    project.addSeparator()
    project.addActions([a.parties, a.areas, a.autofill])
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.primer, a.about])
    return recent, view
