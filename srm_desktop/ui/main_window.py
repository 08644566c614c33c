"""The main window: tabs (Matrix, Inventory, Overview), the Details and Problems docks, menus,
status bar, drag and drop. File handling lives in ``file_ops``, actions in ``actions``; this
module wires them and handles the Project and Edit commands that need a view's selection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.validation import Finding
from srm_desktop.ui import prompts
from srm_desktop.ui.actions import Actions, build_menus, create_actions, name_shortcuts_in_tips
from srm_desktop.ui.compliance_io import ComplianceExports
from srm_desktop.ui.details import DetailsPanel
from srm_desktop.ui.document import Document, current_author
from srm_desktop.ui.file_ops import FileController, suggested_name
from srm_desktop.ui.filter_bar import FilterBar
from srm_desktop.ui.iac_io import IacImport
from srm_desktop.ui.inventory_view import InventoryView
from srm_desktop.ui.matrix_view import MatrixView
from srm_desktop.ui.overview_view import OverviewView
from srm_desktop.ui.problems_view import ProblemsView
from srm_desktop.ui.report_io import ReportActions
from srm_desktop.ui.settings import Settings
from srm_desktop.ui.theme import Theme, apply_theme
from srm_desktop.ui.workbook_io import WorkbookActions

if TYPE_CHECKING:  # the dialogs are imported when first opened: the first paint needs none
    from srm_desktop.domain.diff import ProjectDiff
    from srm_desktop.ui.compare_view import CompareController
    from srm_desktop.ui.dialogs.areas import AreasDialog
    from srm_desktop.ui.dialogs.parties import PartiesDialog
    from srm_desktop.ui.rule_book_check import RuleBookCheck
    from srm_desktop.ui.start_page import StartPage
    from srm_desktop.ui.team_view import TeamView

APP_NAME = "SRM Desktop"


def missing(path: Path) -> bool:
    try:
        return not path.is_file()
    except OSError:
        return True


TAB_MATRIX, TAB_INVENTORY, TAB_OVERVIEW = 0, 1, 2
TAB_TEAMS = 3


class MainWindow(QMainWindow):
    def __init__(self, document: Document | None = None, settings: Settings | None = None):
        super().__init__()
        self.document = document or Document(new_project("Untitled", get_provider("aws")))
        self.settings = settings or Settings()
        doc = self.document
        doc.setParent(self)
        doc.author = self.settings.author() or doc.author
        from srm_desktop.ui.author import ask_before_first_override

        ask_before_first_override(self, doc, self.settings)
        self.file = FileController(self, doc, self.settings)
        self.acts: Actions = create_actions(self, doc.undo_stack)
        self.recent_menu, self.view_menu = build_menus(self, self.acts)

        self.matrix = MatrixView(doc)
        self.filter_bar = FilterBar(doc)
        matrix_page = QWidget(self)
        page_layout = QVBoxLayout(matrix_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.filter_bar)
        page_layout.addWidget(self.matrix)
        self.inventory = InventoryView(doc)
        self.overview = OverviewView(doc)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Views")
        self.tabs.addTab(matrix_page, "Matrix")
        self.tabs.addTab(self.inventory, "Inventory")
        self.tabs.addTab(self.overview, "Overview")
        # The Teams tab's view is built when first shown (or asked for): a page holds its place.
        self._teams: TeamView | None = None
        self._teams_page = QWidget(self)
        QVBoxLayout(self._teams_page).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._teams_page, "Teams")
        self.tabs.currentChanged.connect(self._tab_shown)
        #: The tabs, or the start page while the window holds a new, empty, untitled project.
        self.central = QStackedWidget(self)
        self.central.addWidget(self.tabs)
        self.setCentralWidget(self.central)
        self._start_page: StartPage | None = None  # built the first time it is needed
        self._start_ready = False  # set once the window has been shown (see showEvent)
        self._start_left: str | None = None  # the project whose start page the user left
        self._details_hidden_for_start = False

        self.details = DetailsPanel(doc)
        self.details_dock = self._dock(
            "Details", self.details, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.problems = ProblemsView(doc)
        self.problems_dock = self._dock(
            "Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self._save_rationale_first()
        #: The Problems dock shows itself while there are findings and hides when there are
        #: none (an empty list is no use at 720 px), until the user shows or hides it by hand.
        self._problems_follow_count = True
        self._build_view_menu()
        name_shortcuts_in_tips(self)

        self.problem_label = QLabel(self)
        self.problem_label.setAccessibleName("Problem count")
        self.size_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.size_label)
        self.statusBar().addPermanentWidget(self.problem_label)

        self.workbook = WorkbookActions(self, doc, self.acts, self.file)
        self.compliance = ComplianceExports(self, doc, self.acts, self.file)
        self.report = ReportActions(self, doc, self.acts, self.file)
        self.iac = IacImport(self, doc)
        self._connect()
        self.setAcceptDrops(True)
        self._update_title()
        self._update_counts()
        self._rebuild_recent()
        self.resize(1280, 820)
        self._docks_sized = False
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
            self._docks_sized = True
        self._update_counts()  # after restoreState: the Problems dock follows the count
        self._build_see_changes()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._start_ready:
            # After the code that shows the window has run (srm-desktop FILE opens FILE just
            # after show()): only a window still empty then builds its start page.
            QTimer.singleShot(0, self._start_page_ready)
        if not self._docks_sized:  # first run: a modest Problems panel, a readable Details one
            self._docks_sized = True
            self.resizeDocks([self.problems_dock], [150], Qt.Orientation.Vertical)
            self.resizeDocks([self.details_dock], [340], Qt.Orientation.Horizontal)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower()}Dock")
        dock.setAccessibleName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_view_menu(self) -> None:
        for i, name in enumerate(("&Matrix", "&Inventory", "&Overview")):
            action = QAction(name, self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _checked=False, i=i: self.show_tab(i))
            self.view_menu.addAction(action)
        teams = QAction("T&eams", self)
        teams.setShortcut(QKeySequence("Ctrl+4"))
        teams.setStatusTip(
            "What each party is Responsible or Accountable for, and the load per team"
        )
        teams.triggered.connect(lambda _checked=False: self.tabs.setCurrentIndex(TAB_TEAMS))
        self.view_menu.addAction(teams)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.details_dock.toggleViewAction())
        problems = self.problems_dock.toggleViewAction()
        problems.triggered.connect(self._problems_toggled_by_hand)
        self.view_menu.addAction(problems)
        self.view_menu.addSeparator()
        self.theme_actions = self._build_theme_menu()

    def _build_theme_menu(self) -> dict[Theme, QAction]:
        """View ▸ Theme: follow the system, light or dark; remembered in the settings."""
        menu = self.view_menu.addMenu("&Theme")
        group = QActionGroup(self)
        chosen = self.settings.theme()
        actions = {}
        for theme, name in (
            (Theme.SYSTEM, "Follow &System"),
            (Theme.LIGHT, "&Light"),
            (Theme.DARK, "&Dark"),
        ):
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(theme == chosen)
            action.setActionGroup(group)
            action.triggered.connect(lambda _checked=False, t=theme: self.set_theme(t))
            actions[theme] = action
        self._apply_theme(chosen)
        return actions

    def set_theme(self, theme: Theme) -> None:
        self.theme_actions[theme].setChecked(True)
        self.settings.set_theme(theme)
        self._apply_theme(theme)
        if self._compare is not None:  # the strips with a style sheet do not follow by themselves
            self.compare_bar.restyle()
        if self._rule_book is not None:
            self.rule_book_banner.restyle()

    def _apply_theme(self, theme: Theme) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)

    def _problems_toggled_by_hand(self) -> None:
        self._problems_follow_count = False

    def _save_rationale_first(self) -> None:
        """A rationale being typed is saved before any command runs (Save, Export, Open…) and
        before a menu opens, as a spreadsheet commits the cell being edited; connected before
        every other handler, so it runs first. Undo and Redo are left out: in the box they are
        the text's own, and from the menu the menu's opening has saved it already."""
        skip = {self.acts.undo, self.acts.redo}
        for field in fields(self.acts):
            action = getattr(self.acts, field.name)
            if action not in skip:
                action.triggered.connect(self.details.commit)
        for menu in self.menuBar().findChildren(QMenu):
            menu.aboutToShow.connect(self.details.commit)

    def _connect(self) -> None:
        a, doc, f = self.acts, self.document, self.file
        a.new.triggered.connect(f.new)
        a.open.triggered.connect(f.open)
        a.save.triggered.connect(f.save)
        a.save_as.triggered.connect(f.save_as)
        a.export_csv.triggered.connect(f.export_csv)
        a.import_iac.triggered.connect(self.iac.choose_and_import)
        a.quit.triggered.connect(self.close)
        a.cut.triggered.connect(self._matrix_only(self.matrix.cut_selection))
        a.copy.triggered.connect(self._matrix_only(self.matrix.copy_selection))
        a.paste.triggered.connect(self._matrix_only(self.matrix.paste))
        a.clear.triggered.connect(self._matrix_only(self.matrix.clear_selection_cells))
        a.fill_down.triggered.connect(self._matrix_only(self.matrix.fill_down))
        a.find.triggered.connect(self.find_text)
        a.reset_to_rule.triggered.connect(self.reset_to_rule)
        a.edit_rationale.triggered.connect(self.edit_rationale)
        a.next_pane.triggered.connect(lambda: self.cycle_panes(1))
        a.previous_pane.triggered.connect(lambda: self.cycle_panes(-1))
        # Delete is the matrix's own key (the inventory and the text boxes keep theirs).
        a.clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.matrix.addAction(a.clear)
        a.add_service.triggered.connect(self.add_service)
        a.remove_service.triggered.connect(self.remove_services)
        a.properties.triggered.connect(self.edit_properties)
        a.parties.triggered.connect(self.edit_parties)
        a.areas.triggered.connect(self.edit_areas)
        a.preferences.triggered.connect(self.edit_preferences)
        a.autofill.triggered.connect(self.autofill)
        a.primer.triggered.connect(self.show_primer)
        a.about.triggered.connect(self.show_about)
        a.zoom_in.triggered.connect(lambda: self.zoom_matrix(1))
        a.zoom_out.triggered.connect(lambda: self.zoom_matrix(-1))
        a.zoom_reset.triggered.connect(lambda: self.zoom_matrix(0))
        f.recentChanged.connect(self._rebuild_recent)
        f.message.connect(self.show_message)
        self.matrix.message.connect(self.show_message)
        self.matrix.currentCellChanged.connect(self.details.show_cell)
        self.details.selected_cells = self.matrix.selected_keys
        self.matrix.selectionModel().selectionChanged.connect(self.details.selection_changed)
        self.details.backToMatrix.connect(self.focus_matrix)
        self.filter_bar.changed.connect(self.matrix.proxy.set_criteria)
        self.filter_bar.follow(self.matrix.proxy)
        self.overview.rowActivated.connect(self.show_row)
        self.problems.goTo.connect(self.go_to_finding)
        self.inventory.addRequested.connect(self.add_service)
        self.inventory.removeRequested.connect(self.remove_services)
        doc.undo_stack.cleanChanged.connect(self._clean_changed)
        doc.pathChanged.connect(self._update_title)
        doc.propertiesChanged.connect(self._update_title)
        doc.findingsChanged.connect(self._update_counts)
        doc.structureChanged.connect(self._update_counts)
        doc.structureChanged.connect(self._sync_start_page)
        doc.pathChanged.connect(self._sync_start_page)

    def _matrix_only(self, handler: object) -> object:
        def run() -> None:
            if self.tabs.currentIndex() != TAB_MATRIX:
                self.statusBar().showMessage("Cell editing works in the Matrix tab", 4000)
                return
            handler()  # type: ignore[operator]

        return run

    # -- status ---------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _update_title(self) -> None:
        doc = self.document
        name, file = doc.project.name, doc.display_name
        # The project's name beside the file's, unless the file is named after it ("Web", web.srm).
        same = suggested_name(name, ".srm").casefold() == file.casefold()
        shown = doc.title_name if same else f"{name} — {doc.title_name}"
        self.setWindowTitle(f"{shown}[*] — {APP_NAME}")
        self.setWindowModified(not self.document.undo_stack.isClean())

    def _update_counts(self) -> None:
        errors, warnings = self.document.counts()
        self.problem_label.setText(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        )
        project = self.document.project
        self.size_label.setText(
            f"{len(project.services)} services × {len(project.visible_areas)} areas × "
            f"{len(project.parties)} parties"
        )
        self.problems_dock.setWindowTitle(f"Problems ({errors + warnings})")
        if self._problems_follow_count:
            self.problems_dock.setVisible(errors + warnings > 0)

    def _rebuild_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.settings.recent_files()
        for i, path in enumerate(paths):
            action = menu.addAction(f"&{i + 1} {path.name}" if i < 9 else path.name)
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.file.open_recent(p))
        if paths:
            menu.addSeparator()
            clear = menu.addAction("Clear Recent Files")
            clear.triggered.connect(self._clear_recent)
        menu.setEnabled(bool(paths))

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self._rebuild_recent()

    # -- commands -------------------------------------------------------------------------------

    def show_primer(self) -> None:
        from srm_desktop.ui.dialogs.about import PrimerDialog

        dialog = PrimerDialog(self)
        prompts.exec_dialog(dialog)
        dialog.deleteLater()

    def show_about(self) -> None:
        from srm_desktop.ui.dialogs.about import show_about

        show_about(self)

    def find_text(self) -> None:
        self.show_tab(TAB_MATRIX)
        self.filter_bar.focus_text()

    # -- keyboard: the rationale and the panes ------------------------------------------------

    def edit_rationale(self) -> None:
        """Shift+F2: into the current cell's rationale, or (from Details) back to the matrix."""
        focus = QApplication.focusWidget()
        if focus is not None and self.details.isAncestorOf(focus):
            self.focus_matrix()
            return
        self.details_dock.show()
        self.details_dock.raise_()
        if self.tabs.currentIndex() != TAB_MATRIX or not self.details.focus_rationale():
            self.statusBar().showMessage(
                "Only a manual override has a rationale: select an overridden cell, or type a "
                "letter to override this one",
                6000,
            )

    def focus_matrix(self) -> None:
        self.show_tab(TAB_MATRIX)
        self.matrix.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _panes(self) -> list[tuple[QWidget, Callable[[], object]]]:
        """F6's ring, each pane with what focuses it: the matrix, the docks shown, then the
        Inventory and Overview tabs (a pane in a tab brings its tab forward)."""

        def tab(i: int, view: QWidget) -> Callable[[], object]:
            def focus() -> None:
                self.tabs.setCurrentIndex(i)
                view.setFocus(Qt.FocusReason.ShortcutFocusReason)

            return focus

        matrix_page = self.filter_bar.parentWidget() or self.matrix
        panes: list[tuple[QWidget, Callable[[], object]]] = [(matrix_page, self.focus_matrix)]
        if self._start_page is not None and self.start_page_shown:
            panes[0] = (self._start_page, self._start_page.focus_first)
        if self.details_dock.isVisible():
            panes.append((self.details_dock, self.details.focus_pane))
        if self.problems_dock.isVisible():
            panes.append((self.problems_dock, self.problems.setFocus))
        panes.append((self.inventory, tab(TAB_INVENTORY, self.inventory.table)))
        panes.append((self.overview, tab(TAB_OVERVIEW, self.overview.table)))

        def teams() -> None:
            self.tabs.setCurrentIndex(TAB_TEAMS)
            self.teams.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

        panes.append((self._teams_page, teams))
        return panes

    def cycle_panes(self, step: int) -> None:
        """F6 / Shift+F6: the next or previous pane, wrapping around."""
        panes = self._panes()
        focus = QApplication.focusWidget()
        here = next(
            (
                i
                for i, (w, _) in enumerate(panes)
                if focus is not None and (focus is w or w.isAncestorOf(focus))
            ),
            -1,
        )
        if here < 0:  # from nowhere (the tab bar, a toolbar): F6 to the matrix, Shift+F6 back
            here = -1 if step > 0 else 0
        _, focus_it = panes[(here + step) % len(panes)]
        focus_it()

    def reset_to_rule(self) -> None:
        if not self.document.editor.reset_to_rule(self.matrix.selected_keys()):
            self.statusBar().showMessage("No manual override selected", 4000)

    def add_service(self) -> None:
        from srm_desktop.ui.dialogs.catalog_picker import CatalogPicker

        dialog = CatalogPicker(self.document.project, self.document.provider, self)
        accepted = prompts.exec_dialog(dialog)
        entries = dialog.entries() if accepted else []
        dialog.deleteLater()
        if self.document.editor.add_services(entries):
            self.inventory.select_service(entries[0].id)
            names = ", ".join(e.name for e in entries)
            self.statusBar().showMessage(f"Added {names}", 6000)

    def remove_services(self) -> None:
        if self.tabs.currentIndex() == TAB_INVENTORY:
            ids = self.inventory.selected_service_ids()
        else:
            row = self.matrix.current_row_key()
            ids = [row[0]] if row is not None else []
        self.document.editor.remove_services(ids)

    def edit_properties(self) -> None:
        from srm_desktop.ui.dialogs.properties import PropertiesDialog

        dialog = PropertiesDialog(self.document.project, self)
        accepted = prompts.exec_dialog(dialog)
        values = dialog.values
        dialog.deleteLater()
        if accepted:
            self.document.editor.set_properties(**values)

    def edit_parties(self) -> None:
        from srm_desktop.ui.dialogs.parties import PartiesDialog

        self._edit_in_dialog(PartiesDialog, "Edit Parties & Teams")

    def edit_areas(self) -> None:
        from srm_desktop.ui.dialogs.areas import AreasDialog

        self._edit_in_dialog(AreasDialog, "Edit Responsibility Areas")

    def _edit_in_dialog(self, dialog_class: type[PartiesDialog | AreasDialog], text: str) -> None:
        """Dialogs that edit a working copy of the project: OK applies it as one undo step."""
        if not self._refill_allowed(text):
            return
        dialog = dialog_class(self.document.project, self.document.provider, self)
        accepted = prompts.exec_dialog(dialog) and dialog.changed
        project = dialog.project
        dialog.deleteLater()
        if accepted:
            self.document.editor.replace_project(project, text)

    def edit_preferences(self) -> None:
        from srm_desktop.ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.document.author, self)
        accepted = prompts.exec_dialog(dialog)
        author = dialog.author
        dialog.deleteLater()
        if accepted:
            self.settings.set_author(author)
            self.document.author = author or current_author()

    def autofill(self) -> None:
        if not self._refill_allowed("Auto-fill"):
            return
        report = self.document.editor.autofill()
        self.statusBar().showMessage(report, 8000)

    def show_row(self, service_id: str, area_id: str) -> None:
        self.tabs.setCurrentIndex(TAB_MATRIX)
        self.matrix.show_cell(service_id, area_id)
        self.filter_bar.set_criteria(self.matrix.proxy.criteria)

    def show_team_cell(self, service_id: str, area_id: str, party_id: str) -> None:
        """A row of the Teams tab: its cell selected in the matrix."""
        self.tabs.setCurrentIndex(TAB_MATRIX)
        self.matrix.show_cell(service_id, area_id, party_id)
        self.filter_bar.set_criteria(self.matrix.proxy.criteria)

    def go_to_finding(self, finding: Finding) -> None:
        if finding.service_id is None:
            return
        if finding.area_id is None:
            self.tabs.setCurrentIndex(TAB_INVENTORY)
            self.inventory.select_service(finding.service_id)
            return
        self.tabs.setCurrentIndex(TAB_MATRIX)
        self.matrix.show_cell(finding.service_id, finding.area_id, finding.party_id)
        self.filter_bar.set_criteria(self.matrix.proxy.criteria)

    def zoom_matrix(self, step: int) -> None:
        percent = self.matrix.zoom(step)
        self.statusBar().showMessage(f"Zoom {percent} %", 3000)

    # -- the start page -------------------------------------------------------------------------

    @property
    def start_page_shown(self) -> bool:
        return self._start_page is not None and self.central.currentWidget() is self._start_page

    def show_tab(self, index: int) -> None:
        """Ctrl+1/2/3, Find, F6 to the matrix: the tab, leaving the start page if it shows."""
        self.leave_start_page()
        self.tabs.setCurrentIndex(index)

    def leave_start_page(self) -> None:
        """The tabs instead of the start page, for this project (File ▸ New brings it back)."""
        if self.start_page_shown:
            self._start_left = self.document.project.id
            self._sync_start_page()

    def _start_page_ready(self) -> None:
        self._start_ready = True
        self._sync_start_page()

    def _wants_start_page(self) -> bool:
        doc = self.document
        if doc.project.services:  # a project that had services does not go back to it
            self._start_left = doc.project.id
        return doc.path is None and not doc.project.services and self._start_left != doc.project.id

    def _sync_start_page(self) -> None:
        if not self._start_ready:
            return
        if not self._wants_start_page():
            if self.start_page_shown:
                focus = QApplication.focusWidget()
                had_focus = (
                    focus is not None
                    and self._start_page is not None
                    and self._start_page.isAncestorOf(focus)
                )
                self.central.setCurrentWidget(self.tabs)
                self._restore_details()
                if had_focus:
                    self.matrix.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        page = self._start_page or self._build_start_page()
        if self.central.currentWidget() is not page:
            page.refresh()
            self.central.setCurrentWidget(page)
            # Details has nothing to say about a start page; it comes back with the matrix.
            self._details_hidden_for_start = self.details_dock.isVisible()
            self.details_dock.hide()
            page.focus_first()

    def _restore_details(self) -> None:
        if self._details_hidden_for_start:
            self._details_hidden_for_start = False
            self.details_dock.show()

    def _build_start_page(self) -> StartPage:
        from srm_desktop.ui.start_page import StartPage

        a = self.acts
        page = StartPage(self.settings, (a.import_iac, a.add_service, a.open), self.central)
        page.openRecent.connect(self.file.open_recent)
        page.openExample.connect(self.file.open_example)
        page.emptyMatrix.connect(self._empty_matrix)
        page.recentRemoved.connect(self._rebuild_recent)
        self.file.recentChanged.connect(page.refresh)
        self.central.addWidget(page)
        self._start_page = page
        return page

    def _empty_matrix(self) -> None:
        self.leave_start_page()
        self.focus_matrix()
        self.statusBar().showMessage(
            "An empty matrix: Project ▸ Add Services… (Ctrl+Shift+N) adds its first rows", 8000
        )

    def reopen_last_file(self) -> bool:
        """At a start without a file, if the user chose so on the start page: the most recent
        file, when it still exists."""
        if not self.settings.reopen_last():
            return False
        recent = self.settings.recent_files()
        if not recent or missing(recent[0]):
            return False
        return self.file.load(recent[0])

    # -- window events ----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.details.commit()
        if self.file.maybe_save():
            self.file.close()  # a clean close: recovery copy and file lock go
            self._restore_details()  # the dock's place is saved as the user left it
            self.settings.save_window(self.saveGeometry(), self.saveState())
            event.accept()
        else:
            event.ignore()

    def _dropped_paths(self, event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        suffixes = self.workbook.droppable_suffixes()
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in suffixes]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped_paths(event)
        if not paths:
            return
        event.acceptProposedAction()
        path = paths[0]
        if path.suffix.lower() == ".srm":
            if self.file.maybe_save():
                self.file.load(path)
        else:
            self.workbook.import_path(path)

    # -- see what changed (issue 14): what-if, the rule-book banner, the compare view ----------

    def _build_see_changes(self) -> None:
        """Connect the actions; the compare view and the rule-book banner are built when first
        needed (their modules, and the diff engine, cost the cold start tens of milliseconds,
        and most sessions need neither)."""
        a, doc = self.acts, self.document
        self._compare: CompareController | None = None
        self._rule_book: RuleBookCheck | None = None
        self.workbook.changes_since = self._changes_since
        a.what_if.triggered.connect(self.what_if)
        a.review_rule_book.triggered.connect(lambda: self.rule_book().review())
        a.compare_with.triggered.connect(lambda: self.comparer().compare_with())
        a.compare_git.triggered.connect(lambda: self.comparer().compare_with_last_commit())
        a.close_compare.triggered.connect(self._close_compare)
        a.close_compare.setEnabled(False)
        for menu in a.compare_git.associatedObjects():
            if isinstance(menu, QMenu):  # git is asked only when the File menu opens
                menu.aboutToShow.connect(self._update_compare_git)
        self._update_compare_git(ask_git=False)
        table = self.inventory.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addActions([a.add_service, a.remove_service, a.what_if])
        # The rule-book stamp is a string compare; the banner is built only for a stale one.
        self._stamp_timer = QTimer(self)
        self._stamp_timer.setSingleShot(True)
        self._stamp_timer.setInterval(250)
        self._stamp_timer.timeout.connect(self._check_stamp)
        doc.structureChanged.connect(self._stamp_timer.start)
        doc.undo_stack.indexChanged.connect(self._stamp_timer.start)
        self._stamp_timer.start()

    def _matrix_page_layout(self) -> QVBoxLayout:
        page = self.filter_bar.parentWidget()
        layout = page.layout() if page is not None else None
        assert isinstance(layout, QVBoxLayout)
        return layout

    def _check_stamp(self) -> None:
        if self._rule_book is not None:
            return  # it watches the document itself
        if self._stale():
            self.rule_book().check()

    def _refill_allowed(self, action: str) -> bool:
        """Edits that fill the whole matrix again ask first when an older rule book filled it
        (``RuleBookCheck.before_refill``); a current stamp costs one string compare."""
        return not self._stale() or self.rule_book().before_refill(action)

    def _stale(self) -> bool:
        from srm_desktop.domain.autofill import rule_book_is_stale

        return rule_book_is_stale(self.document.project, self.document.provider)

    def rule_book(self) -> RuleBookCheck:
        """The rule-book banner and review, built on first use."""
        if self._rule_book is None:
            from srm_desktop.ui.rule_book_check import RuleBookBanner, RuleBookCheck

            layout = self._matrix_page_layout()
            self.rule_book_banner = RuleBookBanner(self.filter_bar.parentWidget())
            layout.insertWidget(0, self.rule_book_banner)
            self._rule_book = RuleBookCheck(self, self.document, self.rule_book_banner)
            self._rule_book.message.connect(self.show_message)
            self.document.pathChanged.connect(self._rule_book.forget_dismissal)
        return self._rule_book

    def comparer(self) -> CompareController:
        """The compare view (bar, Changes pane, controller), built on first use. The pane sits
        beside the matrix in its tab, shown only while comparing (a dock shown and hidden with
        the mode would leave its tab group in the saved layout)."""
        if self._compare is None:
            from srm_desktop.ui.compare_view import ChangesPane, CompareBar, CompareController

            page = self.filter_bar.parentWidget()
            layout = self._matrix_page_layout()
            self.compare_bar = CompareBar(page)
            layout.insertWidget(layout.indexOf(self.filter_bar), self.compare_bar)
            self.changes_pane = ChangesPane(page)
            self.compare_split = QSplitter(Qt.Orientation.Horizontal, page)
            layout.replaceWidget(self.matrix, self.compare_split)
            self.compare_split.addWidget(self.matrix)
            self.compare_split.addWidget(self.changes_pane)
            self.compare_split.setStretchFactor(0, 1)
            self.compare_split.setCollapsible(0, False)
            layout.setStretchFactor(self.compare_split, 1)
            self.changes_pane.hide()
            compare = CompareController(
                self, self.document, self.matrix, self.compare_bar, self.changes_pane
            )
            compare.activeChanged.connect(self.acts.close_compare.setEnabled)
            compare.activeChanged.connect(self._place_changes_pane)
            compare.message.connect(self.show_message)
            self.changes_pane.goTo.connect(self._show_change)
            self._compare = compare
        return self._compare

    def _changes_since(self) -> tuple[ProjectDiff, str] | None:
        return self._compare.since() if self._compare is not None else None

    def _close_compare(self) -> None:
        if self._compare is not None:
            self._compare.close()

    def _place_changes_pane(self, comparing: bool) -> None:
        self.changes_pane.setVisible(comparing)
        if comparing:
            self.tabs.setCurrentIndex(TAB_MATRIX)
            width = self.compare_split.width()
            pane = min(360, width // 3)
            self.compare_split.setSizes([width - pane, pane])

    def _update_compare_git(self, ask_git: bool = True) -> None:
        """Compare With Last Commit is offered for a saved file git holds (git installed)."""
        if not ask_git or self.document.path is None:
            self.acts.compare_git.setEnabled(False)
            return
        from srm_desktop.formats.git_revision import committed

        can = committed(self.document.path)
        self.acts.compare_git.setEnabled(can)

    def _show_change(self, service_id: str, area_id: str | None) -> None:
        if area_id is None:
            self.tabs.setCurrentIndex(TAB_INVENTORY)
            self.inventory.select_service(service_id)
            return
        self.show_row(service_id, area_id)

    def what_if(self) -> None:
        """Project ▸ What If…: for the selected entry (Inventory) or the current row's."""
        from srm_desktop.ui.dialogs.what_if import WhatIfDialog

        doc = self.document
        if not doc.project.services:
            self.statusBar().showMessage("Add a service first: What If switches an entry", 6000)
            return
        if self.tabs.currentIndex() == TAB_INVENTORY:
            ids = self.inventory.selected_service_ids()
            entry_id = ids[0] if ids else None
        else:
            row = self.matrix.current_row_key()
            entry_id = row[0] if row is not None else None
        dialog = WhatIfDialog(doc.project, doc.provider, entry_id, self)
        accepted = prompts.exec_dialog(dialog)
        result, text = dialog.result_, dialog.switched_text()
        dialog.deleteLater()
        if accepted and result is not None and doc.editor.apply_what_if(result, text):
            self.statusBar().showMessage(f"{text}: {result.cells_changed} cells changed", 8000)

    # -- the Teams tab, built on first use ------------------------------------------------------

    @property
    def teams(self) -> TeamView:
        """The Teams tab's view, built the first time the tab is shown or this is asked (its
        module and widgets, ~4 ms, are not needed for the first paint)."""
        if self._teams is None:
            from srm_desktop.ui.team_view import TeamView

            self._teams = TeamView(self.document, self._teams_page)
            layout = self._teams_page.layout()
            assert layout is not None
            layout.addWidget(self._teams)
            self._teams.show()  # now, as a tab shown with it would be (its model waits for it)
            self._teams.cellActivated.connect(self.show_team_cell)
        return self._teams

    def _tab_shown(self, index: int) -> None:
        if index == TAB_TEAMS:
            self.teams  # noqa: B018 -- built for the tab now shown
