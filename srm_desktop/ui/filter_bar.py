"""The filter bar above the matrix: service, area, party, overridden only, problems only, text.

Its pieces flow onto a second (or third) line when the window is narrow, so the bar never sets
the window's minimum width (a 1280-px laptop or a half-screen tile keeps Details beside the
matrix)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QToolButton,
    QWidget,
)

from srm_desktop.domain.visible_text import visible
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.matrix_filter import MatrixFilter, MatrixFilterProxy

#: Typing in a matrix of more rows than this waits for a pause before filtering (each filter
#: of a 30,000-row estate takes a noticeable moment; a small matrix filters on every key).
DEBOUNCE_ROWS = 3000
DEBOUNCE_MS = 200

SEARCH_TIP = (
    "Finds rows by service, variant, notes, area, rule id or a rationale's words (SEC-112); "
    "every word must match. Letters: R/A or =A finds rows where a party holds them (with the "
    "Party filter, that party). Enter filters at once."
)


class FilterBar(QWidget):
    changed = Signal(object)  # MatrixFilter

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        layout = FlowLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.service = self._combo("Filter by service", 130)
        self.area = self._combo("Filter by responsibility area", 150)
        self.party = self._combo("Show one party's column", 100)
        self.overridden = QCheckBox("&Overridden only", self)
        self.overridden.setToolTip("Only rows with a manual override")
        self.problems = QCheckBox("Pro&blems only", self)
        self.problems.setToolTip("Only rows with a validation finding")
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Find text, rule, rationale, R/A…")
        self.text.setAccessibleName("Find text")
        self.text.setToolTip(SEARCH_TIP)
        self.text.setClearButtonEnabled(True)
        # Room for the placeholder and the clear button, no more: spare width on its line goes
        # to it (it expands), and on a narrow window it takes a line of its own.
        self.text.setMinimumWidth(
            self.fontMetrics().horizontalAdvance(self.text.placeholderText()) + 40
        )
        #: "showing 48 of 112 rows", "no match for …", beside the search box.
        self.count = QLabel(self)
        self.count.setAccessibleName("Rows shown")
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(DEBOUNCE_MS)
        self._typing.timeout.connect(self._emit)
        self.reset = QToolButton(self)
        self.reset.setText("Clear filters")
        self.reset.setAccessibleName("Clear filters")
        for label, widget in (
            ("Service:", self.service),
            ("Area:", self.area),
            ("Party:", self.party),
        ):
            # A caption and its combo move to the next line together.
            pair = QWidget(self)
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            caption = QLabel(label, pair)
            caption.setBuddy(widget)
            widget.setParent(pair)
            row.addWidget(caption)
            row.addWidget(widget)
            layout.addWidget(pair)
        layout.addWidget(self.overridden)
        layout.addWidget(self.problems)
        layout.addWidget(self.text)
        layout.addWidget(self.count)
        layout.addWidget(self.reset)
        self._populate()
        document.structureChanged.connect(self._populate)
        document.servicesChanged.connect(lambda _ids: self._populate())
        for combo in (self.service, self.area, self.party):
            combo.currentIndexChanged.connect(self._emit)
        self.overridden.toggled.connect(self._emit)
        self.problems.toggled.connect(self._emit)
        self.text.textChanged.connect(self._text_changed)
        self.text.returnPressed.connect(self.apply_now)
        self.reset.clicked.connect(self.clear)

    def _combo(self, name: str, width: int) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setMinimumContentsLength(width // 10)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def _populate(self) -> None:
        project = self.document.project
        lists = (
            (self.service, "All services", [(s.id, s.name) for s in project.services]),
            (self.area, "All areas", [(a.id, a.name) for a in project.visible_areas]),
            (self.party, "All parties", [(p.id, p.name) for p in project.parties]),
        )
        for combo, everything, items in lists:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for key, name in items:
                combo.addItem(visible(name), key)  # a U+202E shown, not obeyed
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)
        self._emit()

    def criteria(self) -> MatrixFilter:
        return MatrixFilter(
            service_id=self.service.currentData(),
            area_id=self.area.currentData(),
            party_id=self.party.currentData(),
            overridden_only=self.overridden.isChecked(),
            problems_only=self.problems.isChecked(),
            text=self.text.text().strip(),
        )

    def set_criteria(self, criteria: MatrixFilter) -> None:
        """Show ``criteria`` in the widgets (e.g. after the view cleared its filter)."""
        self.blockSignals(True)
        for combo, key in (
            (self.service, criteria.service_id),
            (self.area, criteria.area_id),
            (self.party, criteria.party_id),
        ):
            combo.setCurrentIndex(max(0, combo.findData(key)) if key else 0)
        self.overridden.setChecked(criteria.overridden_only)
        self.problems.setChecked(criteria.problems_only)
        self.text.setText(criteria.text)
        self.blockSignals(False)

    def clear(self) -> None:
        self.set_criteria(MatrixFilter())
        self._emit()

    def focus_text(self) -> None:
        self.text.setFocus()
        self.text.selectAll()

    def _emit(self) -> None:
        self._typing.stop()
        self.changed.emit(self.criteria())

    def apply_now(self) -> None:
        """Filter with what the bar shows now (typing may still be waiting)."""
        self._emit()

    def _text_changed(self) -> None:
        project = self.document.project
        if len(project.services) * len(project.visible_areas) > DEBOUNCE_ROWS:
            self._typing.start()  # restarted by each key: filters once the typing pauses
        else:
            self._emit()

    def follow(self, proxy: MatrixFilterProxy) -> None:
        """Show how many of the matrix's rows ``proxy`` lets through."""

        def update() -> None:
            self.show_count(
                proxy.rowCount(),
                proxy.sourceModel().rowCount(),
                proxy.criteria,
                changed_only=proxy.changed_only,
            )

        # A filter removes rows range by range (thousands of signals on a large estate): the
        # count is shown once, when the event loop next runs.
        later = QTimer(self)
        later.setSingleShot(True)
        later.setInterval(0)
        later.timeout.connect(update)
        for signal in (proxy.rowsInserted, proxy.rowsRemoved):
            signal.connect(later.start)
        proxy.modelReset.connect(later.start)
        proxy.layoutChanged.connect(later.start)
        self.changed.connect(later.start)  # a filter that keeps every row removes none
        update()

    def show_count(
        self, shown: int, total: int, criteria: MatrixFilter, *, changed_only: bool = False
    ) -> None:
        """``changed_only``: the compare view hides the unchanged rows too, so "no match" would
        wrongly say the words are found nowhere."""
        if not criteria.active:
            self.count.clear()
            self.count.hide()
            return
        which = "changed row" if changed_only else "row"
        if shown:
            text = f"showing {shown:,} of {total:,} rows"
        elif criteria.text:
            typed = criteria.text if len(criteria.text) <= 30 else criteria.text[:29] + "…"
            text = (
                f"no changed row matches “{typed}”" if changed_only else f"no match for “{typed}”"
            )
        else:
            text = f"no {which} matches"
        self.count.setText(text)
        self.count.setForegroundRole(
            QPalette.ColorRole.PlaceholderText if shown else QPalette.ColorRole.WindowText
        )
        self.count.show()


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new line where the width runs out; a line's spare
    width goes to its horizontally expanding items (the search field). Its minimum width is
    its widest item's, and its height follows its width (``heightForWidth``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        visible = self._visible()
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in visible) + self._gap() * max(0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width, height).grownBy(margins)

    def minimumSize(self) -> QSize:
        """The widest item alone on its line."""
        visible = self._visible()
        width = max((i.minimumSize().width() for i in visible), default=0)
        height = max((i.minimumSize().height() for i in visible), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def _gap(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else 6

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the items out in ``rect`` (only measure unless ``place``); the height used."""
        area = rect.marginsRemoved(self.contentsMargins())
        gap = self._gap()
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item in self._visible():
            width = min(item.sizeHint().width(), area.width())
            width = max(width, min(item.minimumSize().width(), area.width()))
            if lines[-1] and used + gap + width > area.width():
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + width
            lines[-1].append((item, width))
        y = area.top()
        for line in lines:
            if not line:
                continue
            height = max(item.sizeHint().height() for item, _ in line)
            if place:
                self._place(line, QPoint(area.left(), y), area.width(), height)
            y += height + gap
        margins: QMargins = self.contentsMargins()
        return y - gap - area.top() + margins.top() + margins.bottom()

    def _place(
        self, line: list[tuple[QLayoutItem, int]], origin: QPoint, width: int, height: int
    ) -> None:
        gap = self._gap()
        spare = width - sum(w for _, w in line) - gap * (len(line) - 1)
        growing = [
            i
            for i, (item, _) in enumerate(line)
            if item.expandingDirections() & Qt.Orientation.Horizontal
        ]
        x = origin.x()
        for index, (item, item_width) in enumerate(line):
            if growing and spare > 0 and index in growing:
                item_width += spare // len(growing)
            item_height = min(item.sizeHint().height(), height)
            top = origin.y() + (height - item_height) // 2
            item.setGeometry(QRect(x, top, item_width, item_height))
            x += item_width + gap
