"""Every modal question the editor asks, in one place, so tests replace them with stubs."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

PROJECT_FILTER = "SRM projects (*.srm);;All files (*)"
CSV_FILTER = "CSV files (*.csv)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_save_changes(parent: QWidget | None, name: str) -> Choice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to {name}?")
    box.setInformativeText("Your changes are lost if you don't save them.")
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    answer = box.exec()
    if answer == buttons.Save:
        return Choice.SAVE
    if answer == buttons.Discard:
        return Choice.DISCARD
    return Choice.CANCEL


def open_path(parent: QWidget | None, title: str, folder: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return Path(name) if name else None


def save_path(parent: QWidget | None, title: str, suggestion: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, suggestion, filters)
    return Path(name) if name else None


def error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def exec_dialog(dialog: QDialog) -> bool:
    """Run a modal dialog; True when accepted. Tests replace this to drive dialogs."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """A one-line question (a team's or an area's name); None when cancelled or blank."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


def open_paths(parent: QWidget | None, title: str, folder: str, filters: str) -> list[Path]:
    """Several files at once (Import Inventory from Code takes a stack's templates together)."""
    names, _ = QFileDialog.getOpenFileNames(parent, title, folder, filters)
    return [Path(n) for n in names]


# -- never lose work: recovery, outside changes, locks, damaged files -------------------------


class Recover(Enum):
    RESTORE = "restore"
    DISCARD = "discard"
    LATER = "later"


class OutsideAnswer(Enum):
    """The answer to "the file changed (or went) on disk"."""

    RELOAD = "reload"
    KEEP = "keep"
    SAVE = "save"


def _box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, info: str
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(info)
    return box


def _run(box: QMessageBox, answers: dict[object, Enum], default: Enum) -> Enum:
    box.exec()
    return answers.get(box.clickedButton(), default)


def recovery_box(
    parent: QWidget | None,
    name: str,
    original: str | None,
    taken: str,
    version: str,
    newer_on_disk: bool,
) -> tuple[QMessageBox, dict[object, Enum]]:
    """The start-up offer for a copy a crashed session left behind (built apart so it can be
    rendered and looked at)."""
    where = original or "an untitled project (never saved)"
    info = (
        "SRM Desktop did not close normally. It kept a copy of your unsaved changes.\n\n"
        f"File:\t{where}\nTaken:\t{taken} (SRM Desktop {version})\n\n"
        "Restore opens the copy with its changes unsaved, so you can check it and then save. "
        "Discard deletes the copy. Later keeps it for the next start."
    )
    if newer_on_disk:
        info += (
            "\n\nThe file was changed after this copy was taken. Saving the restored copy "
            "replaces it; the replaced version is kept as a .bak beside it."
        )
    box = _box(
        parent, QMessageBox.Icon.Warning, "Recover unsaved changes", f"Recover {name}?", info
    )
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 440px; }")  # a path fits
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(later)
    return box, {restore: Recover.RESTORE, discard: Recover.DISCARD, later: Recover.LATER}


def ask_recover(
    parent: QWidget | None,
    name: str,
    original: str | None,
    taken: str,
    version: str,
    newer_on_disk: bool,
) -> Recover:
    box, answers = recovery_box(parent, name, original, taken, version, newer_on_disk)
    choice = _run(box, answers, Recover.LATER)
    assert isinstance(choice, Recover)
    return choice


def outside_change_box(
    parent: QWidget | None, path: str, deleted: bool, dirty: bool
) -> tuple[QMessageBox, dict[object, Enum]]:
    name = Path(path).name
    if deleted:
        text = f"{name} was deleted or moved by another program."
        info = (
            f"{path} is gone. The project is still open here, unchanged. "
            "Save writes it back; Keep leaves it unsaved until you save."
        )
        box = _box(parent, QMessageBox.Icon.Warning, "File deleted", text, info)
        first = box.addButton("Save", QMessageBox.ButtonRole.AcceptRole)
        answers: dict[object, Enum] = {first: OutsideAnswer.SAVE}
    else:
        text = f"{name} was changed by another program."
        lost = (
            "Reload opens the version on disk; your unsaved changes here would be lost."
            if dirty
            else "Reload opens the version on disk."
        )
        info = f"{lost} Keep keeps the version open here; saving it then replaces the other."
        box = _box(parent, QMessageBox.Icon.Warning, "File changed on disk", text, info)
        first = box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole)
        answers = {first: OutsideAnswer.RELOAD}
    keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
    answers[keep] = OutsideAnswer.KEEP
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    return box, answers


def ask_outside_change(
    parent: QWidget | None, path: str, deleted: bool, dirty: bool
) -> OutsideAnswer:
    box, answers = outside_change_box(parent, path, deleted, dirty)
    choice = _run(box, answers, OutsideAnswer.KEEP)
    assert isinstance(choice, OutsideAnswer)
    return choice


def ask_open_read_only(parent: QWidget | None, path: str, owner: str) -> bool:
    """Another window has the file: True to open it read-only, False to cancel."""
    box = _box(
        parent,
        QMessageBox.Icon.Information,
        "File in use",
        f"{Path(path).name} is already open in {owner}.",
        "Open it read-only to look at it (Save then asks for a new name), or cancel. If that "
        "program is no longer running (it crashed on another computer), delete the hidden "
        f".{Path(path).name}.lock file beside the project and open it again.",
    )
    read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only


def ask_open_backup(parent: QWidget | None, problem: str, backup: str, taken: str) -> bool:
    """The file cannot be read but its backup can: True to open the backup as a copy."""
    box = _box(
        parent,
        QMessageBox.Icon.Critical,
        "Could not open the project",
        problem,
        f"The previous version, {backup} (saved {taken}), can be read. Open it as an untitled "
        "copy? The damaged file is not changed.",
    )
    open_backup = box.addButton("Open Backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(open_backup)
    box.exec()
    return box.clickedButton() is open_backup


def confirm(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """A warning that asks before going on; ``yes`` names what happens ("&Apply Anyway"), and
    "Go Back" is the default (Enter or Escape does nothing harmful). Tests replace this."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton("&Go Back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is go


def ask_author(parent: QWidget, login: str) -> str | None:
    """The name recorded on manual overrides, asked once (prefilled with the login name); None
    when cancelled. Tests replace this."""
    return ask_text(
        parent,
        "Your Name",
        "Manual overrides record who made them. Your name (change it later in Preferences):",
        login,
    )


def ask_include_changes(parent: QWidget | None, label: str) -> bool | None:
    """Export Workbook while comparing: add the Changes sheet (what changed since ``label``)?
    True/False, or None to cancel the export."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        "Export Workbook",
        f"Include a Changes sheet: what changed since {label}?",
        "The reviewers then see the changed cells, entries, parties and areas on a sheet of "
        "their own, after the Overview.",
    )
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Yes | buttons.No | buttons.Cancel)
    box.setDefaultButton(buttons.Yes)
    answer = box.exec()
    if answer == buttons.Cancel:
        return None
    return answer == buttons.Yes


class Refill(Enum):
    """The answer before an edit that fills the matrix again on a project an older rule book
    filled: review the update first, go on (the update lands unreviewed), or cancel."""

    REVIEW = "review"
    CONTINUE = "continue"
    CANCEL = "cancel"


def ask_refill_with_update(parent: QWidget | None, cells: int, action: str) -> Refill:
    """``action`` ("Edit Parties & Teams", "Auto-fill") fills the matrix again with the current
    rule book, which would apply a pending rule-book update to ``cells`` cells without the
    review. Review First is the default. Tests replace this."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        action,
        f"The built-in rule book was updated: {cells} cells of this project would change.",
        f"{action} fills the matrix again with the current rule book, so those cells would "
        "change without a review. Review them first (accept, or keep as overrides with a "
        "reason), then do this again.",
    )
    review = box.addButton("&Review First…", QMessageBox.ButtonRole.AcceptRole)
    go_on = box.addButton("&Continue", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(review)
    answer = _run(box, {review: Refill.REVIEW, go_on: Refill.CONTINUE}, Refill.CANCEL)
    return Refill(answer.value)
