"""A horizontal header that writes its labels bottom-up, so narrow heat-map columns stay
readable (the overview has one column per responsibility area)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget


class RotatedHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None, max_chars: int = 26) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._max_chars = max_chars

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        metrics = self.fontMetrics()
        longest = 0
        model = self.model()
        if model is not None:
            for section in range(model.columnCount()):
                text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
                longest = max(longest, metrics.horizontalAdvance(text))
        cap = metrics.horizontalAdvance("M") * self._max_chars
        return QSize(base.width(), min(longest, cap) + 16)

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        style = self.style()
        painter.save()
        style.drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        model = self.model()
        text = str(model.headerData(logical_index, Qt.Orientation.Horizontal) or "")
        metrics = self.fontMetrics()
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.height() - 10)
        painter.translate(rect.center().x() + metrics.ascent() // 2 - 2, rect.bottom() - 6)
        painter.rotate(-90)
        painter.setPen(self.palette().color(self.palette().ColorRole.ButtonText))
        painter.drawText(0, 0, text)
        painter.restore()
