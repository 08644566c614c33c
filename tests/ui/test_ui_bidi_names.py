"""Bidi and other invisible control characters in names are shown, not obeyed (issue 12, D15).

A service named "Payments\u202egnp.exe" reads as "Paymentsexe.png" wherever the text is
rendered: the window and the review workbook show the control character as ⟨U+202E⟩ instead,
and the workbook still imports (names are compared as they are shown).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from srm_desktop.domain.edits import rename_party, update_service
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.formats.workbook import export_workbook, read_change_set
from srm_desktop.formats.workbook import layout as L
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.inventory import COL_NAME, InventoryModel
from srm_desktop.ui.models.matrix import COL_SERVICE, FIRST_PARTY, MatrixModel

SPOOF = "Payments\u202egnp.exe"


def _project() -> tuple[Project, Provider]:
    aws = get_provider("aws")
    project = new_project("Bidi", aws, ["s3"], ["Platform", "Security"])
    project = update_service(project, aws, "s3", name=SPOOF)
    return rename_party(project, "security", "Sec\u202eurity"), aws


def test_the_window_shows_the_control_character(qtbot: object) -> None:
    project, _ = _project()
    document = Document(project)
    matrix = MatrixModel(document)
    assert matrix.index(0, COL_SERVICE).data() == "Payments⟨U+202E⟩gnp.exe"
    header = matrix.headerData(FIRST_PARTY + 2, Qt.Orientation.Horizontal)
    assert header == "Sec⟨U+202E⟩urity"
    inventory = InventoryModel(document)
    assert inventory.index(0, COL_NAME).data() == "Payments⟨U+202E⟩gnp.exe"
    assert inventory.index(0, COL_NAME).data(Qt.ItemDataRole.EditRole) == SPOOF


def test_the_workbook_shows_it_and_still_imports_untouched(tmp_path: Path) -> None:
    project, aws = _project()
    path = tmp_path / "bidi.xlsx"
    export_workbook(project, aws, path)
    sheet = openpyxl.load_workbook(path)[L.MATRIX]
    values = {c.value for row in sheet.iter_rows(min_row=2) for c in row if c.value}
    assert "Payments⟨U+202E⟩gnp.exe" in values
    assert "Sec⟨U+202E⟩urity" in values
    assert not any(isinstance(v, str) and "\u202e" in v for v in values)
    result = read_change_set(project, aws, path)
    assert not result.changes
    assert not result.has_errors


def test_the_compare_views_changes_pane_shows_the_control_character(qtbot, tmp_path: Path) -> None:
    """Compare a project with the version before a party and an entry were renamed to spoofing
    names: the Changes pane lists them as ⟨U+202E⟩, never reversed by the character."""
    from srm_desktop.formats.project_file import save_project
    from srm_desktop.ui.main_window import MainWindow

    aws = get_provider("aws")
    before = new_project("Bidi", aws, ["s3"], ["Platform", "Security"])
    old = tmp_path / "before.srm"
    save_project(before, old, backup=False)
    project, _ = _project()
    document = Document(project)
    window = MainWindow(document)
    window.show()
    try:
        window.comparer().compare_with_path(old)
        qtbot.waitUntil(lambda: window.comparer().active, timeout=15_000)
        pane = window.changes_pane
        texts: list[str] = []
        stack = [pane.topLevelItem(i) for i in range(pane.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            texts += [item.text(0), item.toolTip(0)]
            stack += [item.child(i) for i in range(item.childCount())]
        assert any("Sec⟨U+202E⟩urity" in t for t in texts)
        assert any("Payments⟨U+202E⟩gnp.exe" in t for t in texts)
        assert not [t for t in texts if "\u202e" in t]
    finally:
        document.undo_stack.setClean()
        window.close()
        window.deleteLater()


def test_the_overviews_tooltips_and_marks_show_the_control_character(qtbot) -> None:
    """The Overview by accountable team names the party only in its tooltip and a short mark:
    neither may be reversed by a U+202E in a name."""
    from srm_desktop.ui.models.overview import BY_OWNER, BY_TEAM, OverviewModel

    project, _ = _project()
    model = OverviewModel(Document(project))
    tip = Qt.ItemDataRole.ToolTipRole
    for colour_by in (BY_TEAM, BY_OWNER):
        model.set_colour_by(colour_by)
        texts = [
            str(model.index(r, c).data(role))
            for r in range(model.rowCount())
            for c in range(model.columnCount())
            for role in (Qt.ItemDataRole.DisplayRole, tip, Qt.ItemDataRole.AccessibleTextRole)
        ]
        assert not [t for t in texts if "\u202e" in t]
        assert any("Payments⟨U+202E⟩gnp.exe ›" in t for t in texts)
    model.set_colour_by(BY_TEAM)
    assert any("Sec⟨U+202E⟩urity" in str(model.index(0, c).data(tip)) for c in range(23))


def test_the_import_preview_shows_the_control_character(qtbot, tmp_path: Path) -> None:
    """A returned workbook changes a cell of the spoofing party: the preview's changes show the
    entry's and the party's names with ⟨U+202E⟩, as the matrix does."""
    from srm_desktop.ui.dialogs.import_preview import ImportPreview

    project, aws = _project()
    path = tmp_path / "bidi.xlsx"
    export_workbook(project, aws, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[L.MATRIX]
    keys = {c.value: c.column for c in sheet[1] if c.value}
    security = keys["srm:party:security"]
    sheet.cell(3, security).value = "C" if sheet.cell(3, security).value != "C" else "I"
    workbook.save(path)
    change_set = read_change_set(project, aws, path)
    assert change_set.changes
    preview = ImportPreview(project, change_set, None, aws)
    texts = [
        str(model.index(r, c).data(role))
        for model in (preview.changes_model,)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ]
    assert not [t for t in texts if "\u202e" in t]
    assert "Sec⟨U+202E⟩urity" in texts
    assert "Payments⟨U+202E⟩gnp.exe" in texts
    preview.deleteLater()


def test_the_filter_bar_parties_dialog_and_report_options_show_the_control_character(
    qtbot,
) -> None:
    """The combo boxes and lists that name entries and parties, and the role line's rich text,
    which a name with markup would also have broken."""
    from srm_desktop.domain.edits import rename_party as rename
    from srm_desktop.ui.dialogs.parties import PartiesDialog
    from srm_desktop.ui.dialogs.report_options import ReportOptionsDialog
    from srm_desktop.ui.filter_bar import FilterBar

    project, aws = _project()
    bar = FilterBar(Document(project))
    combos = (bar.service, bar.party)
    shown = [c.itemText(i) for c in combos for i in range(c.count())]
    assert "Payments⟨U+202E⟩gnp.exe" in shown
    assert "Sec⟨U+202E⟩urity" in shown
    report = ReportOptionsDialog(project, Path("r.pdf"))
    assert "Only Sec⟨U+202E⟩urity" in [
        report.party_box.itemText(i) for i in range(report.party_box.count())
    ]
    # Platform stands in for the roles no team has; named with markup and a U+202E
    dialog = PartiesDialog(rename(project, "platform", "R&D <b>\u202eops"), aws)
    listed = [dialog.parties.item(i).text() for i in range(dialog.parties.count())]
    assert "R&D <b>⟨U+202E⟩ops   (customer)" in listed
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("R&amp;D &lt;b&gt;⟨U+202E⟩ops" in t for t in texts)
    assert not [t for t in shown + listed + texts if "\u202e" in t]
    for widget in (bar, report, dialog):
        widget.deleteLater()
