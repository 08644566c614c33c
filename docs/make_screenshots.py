"""Render the README's screenshots from the examples, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py

Writes docs/images/{main-window,details,overview,laptop-1280x720,dark,import-preview,
iac-preview,start-page,catalog-picker,search}.png. The import
preview comes from a real round trip: the serverless example exported to a workbook, edited the
way a stakeholder would (letters typed in odd forms, a rationale, one unreadable value), read
back.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import openpyxl
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QDialog, QTabWidget, QWidget

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
EXAMPLE = ROOT / "examples" / "serverless-api.srm"
SIZE = (1360, 820)


def _isolate_settings() -> None:
    """Never read or write the user's real settings or recovery folder."""
    folder = tempfile.mkdtemp(prefix="srm-shots-")
    os.environ["XDG_CONFIG_HOME"] = folder
    os.environ["XDG_DATA_HOME"] = folder
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


def _save(widget: QWidget, name: str) -> None:
    QCoreApplication.processEvents()
    path = OUT / name
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def _stakeholder_edit(source: Path, target: Path) -> None:
    """What a security lead does to the Matrix sheet before sending it back."""
    workbook = openpyxl.load_workbook(source)
    sheet = workbook["Matrix"]
    keys = {cell.value: cell.column for cell in sheet[1] if cell.value}
    rows = {
        (sheet.cell(r, keys["srm:service_id"]).value, sheet.cell(r, keys["srm:area_id"]).value): r
        for r in range(3, sheet.max_row + 1)
    }
    security = keys["srm:party:security"]
    platform = keys["srm:party:platform"]
    rationale = keys["srm:rationale"]
    row = rows[("handlers", "app-security")]
    sheet.cell(row, security).value = "c, i"  # typed loosely: read as C/I
    sheet.cell(row, rationale).value = "Security reviews dependency scans every sprint"
    sheet.cell(rows[("orders", "backup")], platform).value = " R "
    sheet.cell(rows[("keys", "iam")], security).value = "RA"
    sheet.cell(rows[("api", "firewall")], security).value = "yes"  # not RACI: an error
    workbook.save(target)


def main() -> None:
    _isolate_settings()
    from srm_desktop.ui.application import create_app

    app = create_app([])
    from srm_desktop.ui import prompts
    from srm_desktop.ui.main_window import MainWindow

    OUT.mkdir(parents=True, exist_ok=True)
    window = MainWindow()
    window.file.load(EXAMPLE)
    window.resize(*SIZE)
    window.show()
    window.matrix.show_cell("pdf", "guest-os", "application")
    _save(window, "main-window.png")
    # The Details panel on a rule-derived cell: owner, what AWS does, what you do, evidence.
    window.matrix.show_cell("handlers", "version-lifecycle", "platform")
    _save(window.details_dock, "details.png")
    window.tabs.setCurrentIndex(2)
    _save(window, "overview.png")
    window.tabs.setCurrentIndex(0)
    # A 1280x720 laptop: the filter bar wraps, Details stays beside the matrix, and the Problems
    # dock (no findings) takes no room.
    window.resize(1280, 720)
    window.matrix.show_cell("api", "firewall", "security")
    _save(window, "laptop-1280x720.png")
    from srm_desktop.ui.theme import Theme

    window.set_theme(Theme.DARK)
    window.resize(*SIZE)
    window.matrix.show_cell("pdf", "guest-os", "application")
    _save(window, "dark.png")
    window.set_theme(Theme.SYSTEM)

    from srm_desktop.domain.provider import get_provider
    from srm_desktop.formats.workbook import export_workbook, read_change_set
    from srm_desktop.ui.dialogs.import_preview import ImportPreview

    with tempfile.TemporaryDirectory() as tmp:
        exported = Path(tmp) / "orders-api-review.xlsx"
        returned = Path(tmp) / "orders-api-review (security lead).xlsx"
        project = window.document.project
        export_workbook(project, get_provider("aws"), exported)
        _stakeholder_edit(exported, returned)
        change_set = read_change_set(project, get_provider("aws"), returned).with_findings(
            project, get_provider("aws")
        )
        preview = ImportPreview(project, change_set, window, get_provider("aws"))
        preview.show()
        preview.findChild(QTabWidget).setCurrentIndex(0)  # type: ignore[union-attr]
        _save(preview, "import-preview.png")
        preview.close()

        template = (
            ROOT.parent
            / "shared"
            / "fixtures"
            / "iac"
            / "cfn"
            / ("awscfn-templates__WebApp_webapp.json")
        )
        if template.exists():

            def grab(dialog: QDialog) -> bool:
                dialog.show()
                _save(dialog, "iac-preview.png")
                return False  # cancel: the screenshot is all we want

            prompts.exec_dialog = grab
            window.iac.import_paths([template])
        else:
            print(f"skipped iac-preview.png: {template} is absent", file=sys.stderr)
    window.document.undo_stack.setClean()
    window.close()
    app.processEvents()
    _start_pick_and_search(app)


def _start_pick_and_search(app: QCoreApplication) -> None:
    """Issue 13's finding and adding (F6, F7, F13), at 1280×720: the start page of a first
    window, Add Services with "api gw" typed and three services ticked, and a search of the
    matrix by a rationale's words."""
    from PySide6.QtCore import Qt

    from srm_desktop.ui import prompts
    from srm_desktop.ui.dialogs.catalog_picker import CatalogPicker
    from srm_desktop.ui.main_window import MainWindow
    from srm_desktop.ui.settings import Settings

    settings = Settings()
    settings.clear_recent()
    documents = Path(tempfile.mkdtemp(prefix="srm-shots-")) / "Documents"
    documents.mkdir()
    (documents / "orders-api.srm").write_bytes(EXAMPLE.read_bytes())
    for path in (documents / "payments-2025.srm", documents / "orders-api.srm"):
        settings.add_recent(path)  # the first no longer exists: greyed, with the reason
    window = MainWindow()
    window.resize(1280, 720)
    window.show()
    for _ in range(5):
        app.processEvents()
    window.statusBar().clearMessage()
    _save(window, "start-page.png")

    def pick(dialog: QDialog) -> bool:
        assert isinstance(dialog, CatalogPicker)
        dialog.show()
        for typed in ("lamda", "ddb", "s3"):
            dialog.search.setText(typed)
            dialog.results.item(0).setCheckState(Qt.CheckState.Checked)
        dialog.search.setText("api gw")
        _save(dialog, "catalog-picker.png")
        return False

    prompts.exec_dialog = pick
    window.add_service()
    window.file.load(EXAMPLE)
    window.filter_bar.text.setText('"personal data"')
    window.filter_bar.apply_now()
    window.matrix.show_cell("invoices", "customer-data", "security")
    window.statusBar().clearMessage()
    _save(window, "search.png")
    window.document.undo_stack.setClean()
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
