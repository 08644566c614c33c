"""Painting and editing cells: coloured letters, override, rationale and problem markers,
service blocks (the name bold on a block's first row, dimmed on the others, so it shows
wherever the block is scrolled) and area groups, the four-button RACI editor and the combo box
for choice columns."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QPolygon
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from srm_desktop.domain.raci import LETTER_MEANINGS, ORDER, Letter, canonical, letters_of
from srm_desktop.ui.models.matrix import COL_AREA, COL_SERVICE, FIRST_PARTY
from srm_desktop.ui.models.roles import (
    CHANGE_ROLE,
    CHOICES_ROLE,
    GROUP_ROLE,
    OVERRIDDEN_ROLE,
    PROBLEM_ROLE,
    RATIONALE_ROLE,
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
    """Four toggle buttons, R A C I, sharing the cell's width (four check boxes spilled into
    the next party's column); typing a letter toggles its button, Enter commits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(1)
        self.boxes: dict[str, QToolButton] = {}
        for letter in ORDER:
            box = QToolButton(self)
            box.setText(letter)
            box.setCheckable(True)
            box.setAutoRaise(True)
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            box.setMinimumWidth(14)
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


#: Secondary text (a block's name after its first row, an area's group).
_DIM = QPalette.ColorRole.PlaceholderText


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
        painter.save()
        if column == COL_SERVICE:
            self._paint_service(painter, opt, index, text)
        elif column == COL_AREA:
            self._paint_area(painter, opt, index, text)
        else:
            self._paint_letters(painter, opt, index, text)
        painter.restore()
        _paint_change(painter, opt, index)

    @staticmethod
    def _starts_block(index: Index) -> bool:
        model = index.model()
        above = model.index(index.row() - 1, 0) if index.row() > 0 else None
        return above is None or above.data(ROW_KEY_ROLE)[0] != index.data(ROW_KEY_ROLE)[0]

    def _paint_service(
        self, painter: QPainter, opt: QStyleOptionViewItem, index: Index, text: str
    ) -> None:
        rect = opt.rect
        palette = opt.palette
        first = self._starts_block(index)
        font = QFont(opt.font)
        selected = opt.state & QStyle.StateFlag.State_Selected
        if first:
            painter.setPen(palette.color(palette.ColorRole.Mid))
            painter.drawLine(rect.topLeft(), rect.topRight())
            font.setBold(True)
            role = palette.ColorRole.HighlightedText if selected else palette.ColorRole.Text
        else:  # dimmed: the block's name wherever the block is scrolled to
            role = palette.ColorRole.HighlightedText if selected else _DIM
        painter.setFont(font)
        painter.setPen(palette.color(role))
        painter.drawText(
            rect.adjusted(4, 0, -2, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 6),
        )

    def _paint_area(
        self, painter: QPainter, opt: QStyleOptionViewItem, index: Index, text: str
    ) -> None:
        """The area's name; its group, dimmed at the right, where a group starts in a block."""
        rect = opt.rect
        palette = opt.palette
        if index.data(PROBLEM_ROLE):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(problem_color(palette))
            painter.drawEllipse(rect.left() + 4, rect.center().y() - 3, 7, 7)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        metrics = QFontMetrics(opt.font)
        space = rect.width() - 18
        group = str(index.data(GROUP_ROLE) or "")
        model = index.model()
        above = model.index(index.row() - 1, index.column()) if index.row() > 0 else None
        new_group = self._starts_block(index) or (
            above is not None and above.data(GROUP_ROLE) != group
        )
        if group and new_group:
            small = QFont(opt.font)
            small.setPointSizeF(max(6.0, opt.font.pointSizeF() * 0.85))
            small_metrics = QFontMetrics(small)
            # The name comes first; the group takes what is left, shortened if it must be.
            room = min(
                small_metrics.horizontalAdvance(group), space - 8 - metrics.horizontalAdvance(text)
            )
            label = small_metrics.elidedText(group, Qt.TextElideMode.ElideRight, room)
            if room >= small_metrics.horizontalAdvance("Net…") and label:
                width = small_metrics.horizontalAdvance(label) + 4
                painter.setFont(small)
                painter.setPen(
                    palette.color(QPalette.ColorRole.HighlightedText if selected else _DIM)
                )
                painter.drawText(
                    QRect(rect.right() - width - 2, rect.top(), width, rect.height()),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    label,
                )
                painter.setFont(opt.font)
                space -= width
        role = palette.ColorRole.HighlightedText if selected else palette.ColorRole.Text
        painter.setPen(palette.color(role))
        painter.drawText(
            rect.adjusted(16, 0, -2, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, space),
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
            if index.data(RATIONALE_ROLE):  # the why is written: a dot below the corner
                dot = max(3, rect.height() // 7)
                painter.drawEllipse(rect.right() - dot - 2, rect.bottom() - dot - 2, dot, dot)

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
        editor.setGeometry(option.rect)  # within the cell: never over the next party's column


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
