"""Painting and editing cells: coloured letters, override and problem markers, service groups,
the four-check-box RACI editor and the combo box for choice columns."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPolygon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from srm_desktop.domain.raci import LETTER_MEANINGS, ORDER, Letter, canonical, letters_of
from srm_desktop.ui.models.matrix import COL_AREA, COL_SERVICE, FIRST_PARTY
from srm_desktop.ui.models.roles import (
    CHANGE_ROLE,
    CHOICES_ROLE,
    OVERRIDDEN_ROLE,
    PROBLEM_ROLE,
    ROW_KEY_ROLE,
)
from srm_desktop.ui.theme import (
    changed_marker_color,
    letter_color,
    override_marker_color,
    problem_color,
)

Index = QModelIndex | QPersistentModelIndex


class RaciEditor(QWidget):
    """Four check boxes, R A C I; typing a letter toggles its box, Enter commits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(6)
        self.boxes: dict[str, QCheckBox] = {}
        for letter in ORDER:
            box = QCheckBox(letter, self)
            box.setToolTip(LETTER_MEANINGS[Letter(letter)])
            box.setAccessibleName(LETTER_MEANINGS[Letter(letter)].split(":")[0])
            layout.addWidget(box)
            self.boxes[letter] = box
        self.setFocusProxy(self.boxes["R"])

    def letters(self) -> str:
        return canonical(k for k, b in self.boxes.items() if b.isChecked())

    def set_letters(self, value: str) -> None:
        held = letters_of(value)
        for k, b in self.boxes.items():
            b.setChecked(k in held)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text().upper()
        if text in self.boxes:
            self.boxes[text].toggle()
            return
        super().keyPressEvent(event)


class MatrixDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        column = index.column()
        if column < FIRST_PARTY and column != COL_SERVICE and column != COL_AREA:
            super().paint(painter, option, index)
            _paint_change(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect
        palette = opt.palette
        painter.save()
        if column == COL_SERVICE:
            self._paint_service(painter, opt, index, text)
        elif column == COL_AREA:
            if index.data(PROBLEM_ROLE):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(problem_color(palette))
                painter.drawEllipse(rect.left() + 4, rect.center().y() - 3, 7, 7)
            painter.setPen(palette.color(palette.ColorRole.Text))
            if opt.state & QStyle.StateFlag.State_Selected:
                painter.setPen(palette.color(palette.ColorRole.HighlightedText))
            painter.drawText(
                rect.adjusted(16, 0, -2, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                QFontMetrics(opt.font).elidedText(
                    text, Qt.TextElideMode.ElideRight, rect.width() - 18
                ),
            )
        else:
            self._paint_letters(painter, opt, index, text)
        painter.restore()
        _paint_change(painter, opt, index)

    def _paint_service(
        self, painter: QPainter, opt: QStyleOptionViewItem, index: Index, text: str
    ) -> None:
        rect = opt.rect
        palette = opt.palette
        model = index.model()
        above = model.index(index.row() - 1, 0) if index.row() > 0 else None
        first = above is None or above.data(ROW_KEY_ROLE)[0] != index.data(ROW_KEY_ROLE)[0]
        if first:
            painter.setPen(palette.color(palette.ColorRole.Mid))
            painter.drawLine(rect.topLeft(), rect.topRight())
            font = QFont(opt.font)
            font.setBold(True)
            painter.setFont(font)
            selected = opt.state & QStyle.StateFlag.State_Selected
            role = palette.ColorRole.HighlightedText if selected else palette.ColorRole.Text
            painter.setPen(palette.color(role))
            painter.drawText(
                rect.adjusted(4, 0, -2, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 6),
            )

    def _paint_letters(
        self, painter: QPainter, opt: QStyleOptionViewItem, index: Index, text: str
    ) -> None:
        rect = opt.rect
        palette = opt.palette
        overridden = bool(index.data(OVERRIDDEN_ROLE))
        font = QFont(opt.font)
        font.setBold(True)
        font.setItalic(overridden)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pieces = text.split("/") if text else []
        widths = [metrics.horizontalAdvance(p) for p in pieces]
        gap = metrics.horizontalAdvance("/") + 2
        total = sum(widths) + gap * max(0, len(pieces) - 1)
        x = rect.center().x() - total // 2
        baseline = rect.center().y() + (metrics.ascent() - metrics.descent()) // 2
        slash = palette.color(
            palette.ColorRole.HighlightedText if selected else palette.ColorRole.PlaceholderText
        )
        for n, (piece, width) in enumerate(zip(pieces, widths, strict=True)):
            if n:
                painter.setPen(
                    palette.color(palette.ColorRole.HighlightedText) if selected else slash
                )
                painter.drawText(x - gap, baseline, "/")
            color = (
                palette.color(palette.ColorRole.HighlightedText)
                if selected
                else letter_color(piece, palette)
            )
            painter.setPen(color)
            painter.drawText(x, baseline, piece)
            x += width + gap
        if overridden:
            size = max(6, rect.height() // 3)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(override_marker_color(palette))
            r = rect.topRight()
            painter.drawPolygon(
                QPolygon([r, r - QPoint(size, 0), r + QPoint(0, size)])  # top-right triangle
            )

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() < FIRST_PARTY:
            return super().createEditor(parent, option, index)
        return RaciEditor(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, RaciEditor):
            editor.set_letters(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, RaciEditor):
            model.setData(index, editor.letters(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        width = max(rect.width(), editor.sizeHint().width())
        editor.setGeometry(rect.x(), rect.y(), width, rect.height())


def _paint_change(painter: QPainter, opt: QStyleOptionViewItem, index: Index) -> None:
    """The compare view's mark on a changed (or new) item: a bar down its left edge and, for a
    changed cell, a small triangle in the bottom-left corner -- shape as well as colour, so the
    mark survives a grey-scale print or colour blindness (the tooltip says what it was)."""
    kind = index.data(CHANGE_ROLE)
    if not kind:
        return
    rect = opt.rect
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(changed_marker_color(opt.palette))
    painter.drawRect(rect.left(), rect.top(), 3, rect.height())
    if kind == "changed" and index.column() >= FIRST_PARTY:
        size = max(6, rect.height() // 3)
        corner = rect.bottomLeft() + QPoint(3, 0)
        painter.drawPolygon(QPolygon([corner, corner - QPoint(0, size), corner + QPoint(size, 0)]))
    painter.restore()


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box over the model's CHOICES_ROLE list; other columns edit as text."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        choices = index.data(CHOICES_ROLE)
        if not choices:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for key, label in choices:
            combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            current = index.data(Qt.ItemDataRole.EditRole)
            editor.setCurrentIndex(max(0, editor.findData(current)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
