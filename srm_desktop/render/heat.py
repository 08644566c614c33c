"""The owner heat map in the PDF, painted with ``QPainter`` rather than laid out as a text table.

A 1,000-service estate's map is 165 rows × 31 cells; as a ``QTextDocument`` table that was a
quarter of the PDF's time (every cell is a frame to lay out and four borders to paint). Painted
directly it is a rectangle and a letter per cell, the area names can stand upright over their
columns (rich text cannot turn text), and the column headers repeat on every page of the map.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPaintDevice, QPainter, QPen

from srm_desktop.domain.rules import Owner
from srm_desktop.formats.report import wording as say
from srm_desktop.formats.report.model import HeatMap
from srm_desktop.formats.report.text import owner_colour, visible

_NAVY = "#203864"
_GRID = "#BFBFBF"
_HEAD = "#E8ECF4"
_MUTED = "#505050"


class HeatPages:
    """The heat map cut into pages of ``width`` × ``height`` device pixels."""

    def __init__(self, heat: HeatMap, device: QPaintDevice, width: float, height: float) -> None:
        self.heat = heat
        self.width = width
        self.height = height
        self.pt = device.logicalDpiY() / 72.0
        self.family = "DejaVu Sans"
        self.cell_font = self._font(9, bold=True)
        self.text_font = self._font(9)
        self.title_font = self._font(14, bold=True)
        self.body_font = self._font(9.5)
        self.device = device
        metrics = QFontMetricsF(self.text_font, device)
        self.pad = 2.5 * self.pt
        self.label_width = width * 0.22
        self.column = (width - self.label_width) / max(1, len(heat.areas))
        longest = max((metrics.horizontalAdvance(visible(a.name)) for a in heat.areas), default=0)
        self.header = min(longest + 3 * self.pad, height * 0.4)
        self.line = metrics.height()
        self.rows = [self._row_height(visible(r.label), metrics) for r in heat.rows]
        self.intro = self._intro_height()
        self.pages = self._cut()

    def _font(self, size: float, *, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    def _row_height(self, label: str, metrics: QFontMetricsF) -> float:
        box = QRectF(0, 0, self.label_width - 2 * self.pad, 1e6)
        flags = int(Qt.TextFlag.TextWordWrap)
        return max(metrics.boundingRect(box, flags, label).height(), self.line) + 2 * self.pad

    def _key(self) -> str:
        heat = self.heat
        key = ", ".join(f"{letter} {meaning}" for letter, meaning in say.owner_key(heat))
        text = f"Key: {key}. {say.heat_rows_note(heat)}"
        if heat.left_out:
            text += " " + say.heat_left_out_note(", ".join(heat.left_out))
        return visible(text)

    def _intro_height(self) -> float:
        title = QFontMetricsF(self.title_font, self.device).height() * 1.6
        box = QRectF(0, 0, self.width, 1e6)
        key = QFontMetricsF(self.body_font, self.device).boundingRect(
            box, int(Qt.TextFlag.TextWordWrap), self._key()
        )
        return title + key.height() + 3 * self.pad

    def _cut(self) -> list[range]:
        """Row ranges per page: the first page also holds the title and the key."""
        pages: list[range] = []
        start, used = 0, self.intro + self.header
        for index, height in enumerate(self.rows):
            if used + height > self.height and index > start:
                pages.append(range(start, index))
                start, used = index, self.header
            used += height
        pages.append(range(start, len(self.rows)))
        return pages

    def __len__(self) -> int:
        return len(self.pages)

    def paint(self, painter: QPainter, page: int) -> None:
        y = 0.0
        if page == 0:
            y = self._paint_intro(painter)
        y = self._paint_header(painter, y)
        for index in self.pages[page]:
            y = self._paint_row(painter, index, y)

    def _paint_intro(self, painter: QPainter) -> float:
        painter.setFont(self.title_font)
        painter.setPen(QColor(_NAVY))
        height = QFontMetricsF(self.title_font, self.device).height()
        painter.drawText(QRectF(0, 0, self.width, height), say.HEADING["heat"])
        y = height * 1.6
        painter.setFont(self.body_font)
        painter.setPen(QColor(_MUTED))
        box = QRectF(0, y, self.width, self.intro - y)
        painter.drawText(box, int(Qt.TextFlag.TextWordWrap), self._key())
        return self.intro

    def _paint_header(self, painter: QPainter, y: float) -> float:
        painter.fillRect(QRectF(0, y, self.width, self.header), QColor(_HEAD))
        painter.setPen(QPen(QColor(_GRID), 0))
        painter.drawRect(QRectF(0, y, self.width, self.header))
        painter.setFont(self._font(9, bold=True))
        painter.setPen(QColor("#000000"))
        painter.drawText(
            QRectF(self.pad, y, self.label_width - 2 * self.pad, self.header - self.pad),
            int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft),
            "Service",
        )
        painter.setFont(self.text_font)
        ascent = QFontMetricsF(self.text_font, self.device).ascent()
        for i, area in enumerate(self.heat.areas):
            x = self.label_width + i * self.column
            painter.setPen(QPen(QColor(_GRID), 0))
            painter.drawLine(QPointF(x, y), QPointF(x, y + self.header))
            painter.setPen(QColor("#000000"))
            painter.save()
            painter.translate(x + self.column / 2 + ascent / 2.6, y + self.header - self.pad)
            painter.rotate(-90)
            painter.drawText(QPointF(0, 0), visible(area.name))
            painter.restore()
        return y + self.header

    def _paint_row(self, painter: QPainter, index: int, y: float) -> float:
        row = self.heat.rows[index]
        height = self.rows[index]
        painter.setPen(QColor("#000000"))
        painter.setFont(self.text_font)
        box = QRectF(self.pad, y + self.pad, self.label_width - 2 * self.pad, height)
        painter.drawText(box, int(Qt.TextFlag.TextWordWrap), visible(row.label))
        painter.setFont(self.cell_font)
        for i, owners in enumerate(row.owners):
            cell = QRectF(self.label_width + i * self.column, y, self.column, height)
            self._paint_cell(painter, cell, owners)
        painter.setPen(QPen(QColor(_GRID), 0))
        painter.drawRect(QRectF(0, y, self.width, height))
        painter.drawLine(QPointF(self.label_width, y), QPointF(self.label_width, y + height))
        return y + height

    def _paint_cell(self, painter: QPainter, cell: QRectF, owners: Sequence[Owner]) -> None:
        centre = int(Qt.AlignmentFlag.AlignCenter)
        if len(owners) == 1:
            fill, text = owner_colour(owners[0])
            painter.fillRect(cell, QColor(f"#{fill}"))
            painter.setPen(QColor(f"#{text}"))
            painter.drawText(cell, centre, owners[0].letter)
        else:  # none ("–"), or a kind whose entries disagree: every owner, on no colour
            painter.setPen(QColor("#000000"))
            painter.drawText(cell, centre, "/".join(o.letter for o in owners) or "–")
        painter.setPen(QPen(QColor("#FFFFFF"), 0))
        painter.drawLine(cell.topRight(), cell.bottomRight())
