"""Every action of the main window, declared once with its standard shortcut, and the menus.

Handlers are connected by the main window; here an action is only text, shortcut, tip and
place in the menus, so the keyboard map can be read in one screen. Each menu's mnemonics are
unique, and every tooltip ends with the action's shortcut (``tests/ui/test_ui_keyboard.py``).
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
    edit_rationale: QAction
    next_pane: QAction
    previous_pane: QAction
    preferences: QAction
    add_service: QAction
    remove_service: QAction
    properties: QAction
    parties: QAction
    areas: QAction
    autofill: QAction
    primer: QAction
    about: QAction
    export_oscal: QAction
    export_crm: QAction
    export_ccm: QAction
    # -- see what changed (issue 14) --
    what_if: QAction
    review_rule_book: QAction
    compare_with: QAction
    compare_git: QAction
    close_compare: QAction
    export_report: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction


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
    _tip_with_shortcut(action, tip)
    return action


def name_shortcuts_in_tips(window: QMainWindow) -> None:
    """Actions the window adds to the menus itself (View ▸ Matrix, Ctrl+1…) get the same
    tooltip ending as the declared ones; call once the menus are complete."""
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and keys not in action.toolTip():
                _tip_with_shortcut(action, action.statusTip())


def _tip_with_shortcut(action: QAction, tip: str) -> None:
    """A tooltip that names the shortcut, as the menu does ("Save the project (Ctrl+S)")."""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    tip = tip or action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    action.setToolTip(f"{tip} ({keys})" if keys else tip)


def create_actions(window: QMainWindow, undo_stack: QUndoStack) -> Actions:
    undo = undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(Key.Undo)
    _tip_with_shortcut(undo, "Undo the last edit")
    redo = undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts(Key.Redo)
    _tip_with_shortcut(redo, "Redo the edit just undone")
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
        export_csv=_action(window, "Export CS&V…", None, "Write the matrix as a flat CSV file"),
        quit=_action(window, "&Quit", Key.Quit, "Quit SRM Desktop"),
        undo=undo,
        redo=redo,
        cut=_action(window, "Cu&t", Key.Cut, "Copy the selected cells and clear them"),
        copy=_action(window, "&Copy", Key.Copy, "Copy the selected cells as tab-separated text"),
        paste=_action(window, "&Paste", Key.Paste, "Paste tab-separated letters into the matrix"),
        clear=_action(window, "C&lear Cells", "Delete", "Remove the letters of the selected cells"),
        fill_down=_action(window, "Fill &Down", "Ctrl+D", "Copy the top row of the selection down"),
        find=_action(window, "&Find…", Key.Find, "Filter the matrix by text"),
        reset_to_rule=_action(
            window,
            "Re&set to Rule",
            "Ctrl+M",  # LibreOffice's "clear direct formatting": back to what is derived
            "Drop the selected overrides; take the rule's letters",
        ),
        # Excel's Shift+F2 edits the cell's comment; here the cell's rationale, and back.
        edit_rationale=_action(
            window,
            "Edit Rat&ionale",
            "Shift+F2",
            "Write why the current cell differs from the rule; again to go back to the matrix",
        ),
        next_pane=_action(
            window,
            "Next &Pane",
            "F6",
            "Move the focus to the next pane: Matrix, Details, Problems, Inventory, Overview",
        ),
        previous_pane=_action(
            window, "Pre&vious Pane", "Shift+F6", "Move the focus to the previous pane"
        ),
        preferences=_action(
            window, "Pr&eferences…", Key.Preferences, "Your name on manual overrides"
        ),
        add_service=_action(
            window,
            "&Add Services…",
            "Ctrl+Shift+N",
            "Add services from the catalog (several at once)",
        ),
        remove_service=_action(
            window, "&Remove Service", None, "Remove the selected inventory entries"
        ),
        properties=_action(
            window,
            "Pr&operties…",
            None,
            "The project's name, description, owner and review",
        ),
        parties=_action(
            window, "&Parties && Teams…", None, "Add, rename, remove or reorder parties"
        ),
        areas=_action(
            window,
            "Responsibility Ar&eas…",
            None,
            "Add, rename, regroup, hide or reorder the matrix rows",
        ),
        autofill=_action(
            window, "Auto-&fill", "Ctrl+Shift+F", "Re-apply the rules (manual overrides are kept)"
        ),
        primer=_action(window, "&Primer", Key.HelpContents, "Shared responsibility and RACI"),
        about=_action(window, "&About SRM Desktop", None),
        export_oscal=_action(
            window,
            "&OSCAL Component Definition…",
            None,
            "Write the matrix per NIST SP 800-53 control as OSCAL JSON",
        ),
        export_crm=_action(
            window,
            "Customer &Responsibility Matrix…",
            None,
            "Write a FedRAMP-style customer responsibility matrix (.xlsx)",
        ),
        export_ccm=_action(
            window, "&CCM SSRM Workbook…", None, "Write a CSA CCM v4 SSRM workbook (.xlsx)"
        ),
        what_if=_action(
            window,
            "&What If…",
            None,
            "Switch an entry to another service or variant and see what would change first",
        ),
        review_rule_book=_action(
            window,
            "Review Rule-&Book Update…",
            None,
            "The cells a newer built-in rule book would change, rule by rule, with sources",
        ),
        compare_with=_action(
            window,
            "Co&mpare With…",
            None,
            "Mark what changed since another version of the project (.srm)",
        ),
        compare_git=_action(
            window,
            "Compare With &Last Commit",
            None,
            "Mark what changed since the file's last git commit",
        ),
        close_compare=_action(
            window, "Close Com&pare", None, "Back to the plain matrix (ends the compare view)"
        ),
        export_report=_action(
            window,
            "E&xport Report…",  # P is Close Com&pare's, the rest of its letters are taken
            None,
            "Write the readable report (PDF or HTML) for readers without Excel",
        ),
        zoom_in=_zoom_in(window),
        zoom_out=_action(window, "Zoom O&ut", Key.ZoomOut, "Smaller letters in the matrix"),
        zoom_reset=_action(window, "&Reset Zoom", "Ctrl+0", "The matrix at its normal size"),
    )


def _zoom_in(window: QMainWindow) -> QAction:
    """Ctrl++ and Ctrl+= (the same key without Shift, as browsers and LibreOffice take it)."""
    action = _action(window, "Zoom I&n", Key.ZoomIn, "Larger letters in the matrix")
    keys = {k.toString(): k for k in [*action.shortcuts(), QKeySequence("Ctrl+=")]}
    action.setShortcuts(list(keys.values()))
    _tip_with_shortcut(action, "Larger letters in the matrix")
    return action


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
    file.addAction(a.export_report)
    compliance = file.addMenu("Expor&t")
    compliance.addActions([a.export_oscal, a.export_crm, a.export_ccm])
    file.addSeparator()
    file.addActions([a.compare_with, a.compare_git, a.close_compare])
    file.addSeparator()
    file.addAction(a.quit)
    edit = bar.addMenu("&Edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.cut, a.copy, a.paste, a.clear, a.fill_down])
    edit.addSeparator()
    edit.addActions([a.find, a.reset_to_rule, a.edit_rationale])
    edit.addSeparator()
    edit.addAction(a.preferences)
    view = bar.addMenu("&View")
    view.addActions([a.next_pane, a.previous_pane])
    view.addSeparator()
    view.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
    view.addSeparator()
    project = bar.addMenu("&Project")
    project.addActions([a.add_service, a.remove_service])
    project.addSeparator()
    project.addActions([a.properties, a.parties, a.areas, a.autofill])
    project.addSeparator()
    project.addActions([a.what_if, a.review_rule_book])
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.primer, a.about])
    return recent, view
