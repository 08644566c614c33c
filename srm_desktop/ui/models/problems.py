"""The problems model: the document's validation findings, errors first as validation orders
them (service by service, area by area)."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QGuiApplication

from srm_desktop.domain.validation import Finding, Severity
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.flat import FlatTableModel
from srm_desktop.ui.models.roles import FINDING_ROLE
from srm_desktop.ui.theme import problem_color

COL_SEVERITY: Final = 0
COL_WHERE: Final = 1
COL_MESSAGE: Final = 2
HEADERS: Final = ("Severity", "Where", "Problem")

Index = QModelIndex | QPersistentModelIndex


class ProblemsModel(FlatTableModel):
    headers = HEADERS

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._findings: list[Finding] = list(document.findings)
        document.findingsChanged.connect(self._reset)

    def _reset(self) -> None:
        self.beginResetModel()
        self._findings = list(self._doc.findings)
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def row_total(self) -> int:
        return len(self._findings)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        finding = self._findings[index.row()]
        col = index.column()
        if role == FINDING_ROLE:
            return finding
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_SEVERITY:
                return "Error" if finding.severity is Severity.ERROR else "Warning"
            if col == COL_WHERE:
                return self._where(finding)
            if col == COL_MESSAGE:
                return finding.message
        error = finding.severity is Severity.ERROR
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_SEVERITY and error:
            return QBrush(problem_color(QGuiApplication.palette()))
        if role == Qt.ItemDataRole.ToolTipRole:
            text = finding.describe(self._doc.project)
            if finding.code == "merge-conflict":
                text += "\nRight-click: Take Ours (Ctrl+Shift+O) or Take Theirs (Ctrl+Shift+T)"
            return text
        return None

    def _where(self, finding: Finding) -> str:
        project = self._doc.project
        parts = []
        if finding.service_id in project.service_index:
            parts.append(project.service(finding.service_id or "").name)
        if finding.area_id in project.area_index:
            parts.append(project.area(finding.area_id or "").name)
        if finding.party_id in project.party_index:
            parts.append(project.party(finding.party_id or "").name)
        return " › ".join(parts) or "Project"
