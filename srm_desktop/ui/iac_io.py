"""File > Import Inventory from Code…: templates and Terraform JSON fill the inventory.

Reading a few templates takes milliseconds, so it runs on the UI thread; every file is read and
checked before the preview opens, and a bad file is one message naming it, with the project
untouched.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from srm_desktop.domain.errors import SrmError
from srm_desktop.ui import prompts
from srm_desktop.ui.document import Document

IAC_FILTER = (
    "Infrastructure code (*.yaml *.yml *.json *.template);;"
    "CloudFormation / SAM (*.yaml *.yml *.json *.template);;"
    "Terraform JSON (terraform show -json) (*.json);;All files (*)"
)


class IacImport(QObject):
    def __init__(self, window: QWidget, document: Document) -> None:
        super().__init__(window)
        self.window = window
        self.document = document

    def choose_and_import(self) -> None:
        folder = str(self.document.path.parent) if self.document.path else ""
        paths = prompts.open_paths(self.window, "Import Inventory from Code", folder, IAC_FILTER)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        # Imported here, not at module level: the IaC readers (PyYAML and the mapping tables)
        # cost ~45 ms that the window's first paint does not need.
        from srm_desktop.formats.iac.load import import_inventory

        doc = self.document
        try:
            found = import_inventory(doc.project, doc.provider, paths, doc.path)
        except SrmError as exc:
            prompts.error(self.window, "Cannot import inventory", str(exc))
            return
        documents, result = found.documents, found.result
        from srm_desktop.ui.dialogs.iac_preview import IacImportPreview

        project, provider = doc.project, doc.provider
        dialog = IacImportPreview(
            documents,
            found.inventory,
            result,
            provider.catalog,
            self.window,
            lambda keep: found.keeping_variants(project, provider, keep),
        )
        accepted = prompts.exec_dialog(dialog) and dialog.can_apply
        result = dialog.merged
        dialog.deleteLater()
        if accepted:
            names = ", ".join(d.source for d in documents)
            doc.editor.replace_project(result.project, f"Import Inventory from {names}")
