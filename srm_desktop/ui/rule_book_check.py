"""The rule-book banner (issue 14): when the open project was filled by an older built-in rule
book and a re-fill would change cells no override holds, a non-blocking strip above the matrix
says so -- "The rule book was updated: 14 cells would change — Review… / Dismiss".

Opening must stay fast, so the check is two steps: comparing the project's stamp with the
current rule book's (a string compare, on every open and edit) and, only when they differ,
``rule_update.pending_update`` (a whole auto-fill and a diff) in a quiet worker a moment after
the window has painted. *Review…* opens the review dialog; its answer is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from srm_desktop.domain.autofill import rule_book_is_stale
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import Project
from srm_desktop.ui import prompts
from srm_desktop.ui.document import Document
from srm_desktop.ui.workers import BackgroundTask

if TYPE_CHECKING:
    from srm_desktop.domain.rule_update import RuleUpdate

#: How long after an open or an edit the stamp is looked at (the first paint comes first).
CHECK_DELAY_MS = 250


class RuleBookBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ruleBookBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setAccessibleName("Rule-book update")
        self.restyle()
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.review_button = QPushButton("Revie&w…", self)  # Alt+V is View, Alt+R Save Rationale
        self.dismiss_button = QPushButton("Dismiss", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.review_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def restyle(self) -> None:
        """A coloured edge, so the strip stands out from the dark chrome's tooltip grey too.
        Set again after View ▸ Theme: the children of a widget with a style sheet keep the
        palette they were polished with."""
        self.setStyleSheet("")  # the same sheet again would not polish the strip again
        self.setStyleSheet(
            "#ruleBookBanner { background: palette(tool-tip-base); border: 1px solid palette(mid);"
            " border-left: 4px solid palette(highlight); }"
        )


def banner_text(update: RuleUpdate) -> str:
    stamps = f"({update.old_stamp} → {update.new_stamp})"
    cells = update.cell_count
    if cells:
        return f"The rule book was updated {stamps}: {cells} cell{'s' * (cells != 1)} would change."
    rows = update.row_count
    return (
        f"The rule book was updated {stamps}: no cell would change; "
        f"{rows} row{'s' * (rows != 1)} would cite other rules."
    )


class RuleBookCheck(QObject):
    """Watches the open project's rule-book stamp and runs the review."""

    message = Signal(str)

    def __init__(self, window: QWidget, document: Document, banner: RuleBookBanner) -> None:
        super().__init__(window)
        self.window, self.document, self.banner = window, document, banner
        #: The pending update of the current project, once computed (None: none, or not yet).
        self.update: RuleUpdate | None = None
        self.task: BackgroundTask[RuleUpdate] | None = None
        self._dismissed: tuple[Path | None, str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        document.structureChanged.connect(self._timer.start)
        document.undo_stack.indexChanged.connect(self._timer.start)
        banner.review_button.clicked.connect(self.review)
        banner.dismiss_button.clicked.connect(self.dismiss)

    def stale(self, project: Project) -> bool:
        """The project records a rule book other than the built-in one (a string compare)."""
        return rule_book_is_stale(project, self.document.provider)

    def check(self) -> None:
        """Show, update or hide the banner for the project as it is now."""
        self._timer.stop()
        project = self.document.project
        if not self.stale(project):
            self.update = None
            self.banner.hide()
            return
        if self.update is not None and self.update.project is project:
            self._show(self.update)
            return
        if self.task is not None:
            return  # one at a time; the one running checks again when it ends
        from srm_desktop.domain.rule_update import pending_update

        provider = self.document.provider

        def job(_p: Callable[[int, int], None], _c: Callable[[], bool]) -> RuleUpdate:
            return pending_update(project, provider)

        task = BackgroundTask(self.window, "Rule book", "Checking the rule book…", job, quiet=True)
        task.on_success(self._computed)
        task.ended.connect(lambda: self._ended(project))
        self.task = task
        task.start()

    def _computed(self, update: RuleUpdate) -> None:
        if update.project is self.document.project:
            self.update = update
            self._show(update)

    def _ended(self, project: Project) -> None:
        """Check again only if the project changed meanwhile (a failed check is not retried
        for the same project: the next edit or open tries again)."""
        self.task = None
        if self.document.project is not project:
            self._timer.start()

    def _show(self, update: RuleUpdate) -> None:
        dismissed = self._dismissed == (self.document.path, update.old_stamp)
        if not update.stale or update.empty or dismissed:
            self.banner.hide()
            return
        self.banner.label.setText(banner_text(update))
        self.banner.show()

    def dismiss(self) -> None:
        """Hide the banner for this file until it is opened again (Project ▸ Review Rule-Book
        Update… still offers the review)."""
        self._dismissed = (self.document.path, self.document.project.rule_book)
        self.banner.hide()

    def forget_dismissal(self) -> None:
        self._dismissed = None

    def before_refill(self, action: str) -> bool:
        """Whether ``action``, an edit that fills the whole matrix again (Parties & Teams,
        Areas, Auto-fill), may go on. On a project an older rule book filled, a re-fill would
        apply the pending update unreviewed and record the new rule book, so the banner would
        vanish with nothing reviewed: ask first, and offer the review."""
        doc = self.document
        if not self.stale(doc.project):
            return True
        update = self.update
        if update is None or update.project is not doc.project:
            from srm_desktop.domain.rule_update import pending_update

            update = pending_update(doc.project, doc.provider)
        if update.empty:
            return True
        answer = prompts.ask_refill_with_update(self.window, update.cell_count, action)
        if answer is prompts.Refill.REVIEW:
            self.review()
        return answer is prompts.Refill.CONTINUE

    # -- the review -----------------------------------------------------------------------------

    def review(self) -> None:
        from srm_desktop.domain.rule_update import pending_update
        from srm_desktop.ui.dialogs.rule_book_review import RuleBookReview

        doc = self.document
        update = self.update
        if update is None or update.project is not doc.project:
            update = pending_update(doc.project, doc.provider)
        if update.empty and not update.stale:
            prompts.info(
                self.window,
                "Rule book",
                f"The project is filled by the current rule book ({update.new_stamp}): "
                "nothing to review.",
            )
            return
        dialog = RuleBookReview(update, self.window)
        accepted = prompts.exec_dialog(dialog)
        everything = dialog.accept_all
        ticked, kept, why = dialog.ticked(), dialog.kept, dialog.rationale.text().strip()
        dialog.deleteLater()
        if not accepted:
            return
        accept = sorted(update.cell_keys) if everything else ticked
        try:
            done = doc.editor.review_rule_book(
                update, accept=accept, keep=[] if everything else kept, rationale=why
            )
        except EditError as exc:
            prompts.error(self.window, "Review the Rule-Book Update", str(exc))
            return
        if done:
            left = update.cell_count - len(accept) - (0 if everything else len(kept))
            self.message.emit(
                f"Rule book: {len(accept)} cells accepted, {0 if everything else len(kept)} "
                f"kept as overrides" + (f", {left} left for later" if left else "")
            )
        self.check()
