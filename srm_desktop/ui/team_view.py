"""The Teams tab: what one party holds, and the load of every party (F10).

Pick a party: the rows it is Responsible or Accountable for, by service, with the rule's "what
the customer does" text and any override's rationale; its Consulted and Informed rows in a list
of their own when asked for. Beside them, a bar chart of R and A per party, the areas where the
template names no accountable customer team, and any team holding most of the customer's A's.
Double-clicking a row selects its cell in the matrix.

The lists and the counts follow edits and undo through the document's signals, row by row
(``ui/models/team.py``, ``domain/team_view.Tally``): a keystroke in a 240k-cell estate does
not count the estate again. While the tab is hidden nothing is kept current; showing it lists
and counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.palette import palette as colours
from srm_desktop.domain.project import CellKey, PartyKind, Project
from srm_desktop.domain.team_view import (
    CONSULTED_OR_INFORMED,
    RESPONSIBLE_OR_ACCOUNTABLE,
    Tally,
    TeamLoad,
    has_teams,
)
from srm_desktop.domain.visible_text import visible
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.roles import ROW_KEY_ROLE
from srm_desktop.ui.models.team import COL_DOES, COL_LETTERS, COL_OVERRIDE, COL_WHAT, TeamModel
from srm_desktop.ui.theme import is_dark

_KIND_WORD = {
    PartyKind.PROVIDER: "provider",
    PartyKind.CUSTOMER: "customer",
    PartyKind.PARTNER: "partner",
}


def party_label(name: str, kind: PartyKind) -> str:
    return f"{visible(name)} ({_KIND_WORD[kind]})"


class LoadChart(QWidget):
    """R and A per party as horizontal bars, each with its letter and count beside it (colour
    never stands alone), painted directly: no chart library for two bars a party."""

    partyClicked = Signal(str)

    _BAR = 11
    _GAP = 3
    _ROW_GAP = 9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Load per party")
        self.rows: list[tuple[str, str, int, int]] = []  # party id, name, R, A
        self.selected: str | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(False)

    def set_rows(self, rows: Sequence[tuple[str, str, int, int]], selected: str | None) -> None:
        self.rows = list(rows)
        self.selected = selected
        self.setAccessibleDescription(
            "; ".join(f"{name}: R {r}, A {a}" for _pid, name, r, a in self.rows)
        )
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return 2 * self._BAR + self._GAP + self._ROW_GAP

    def sizeHint(self) -> QSize:
        return QSize(280, max(1, len(self.rows)) * self._row_height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(180, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)  # the chosen party's name is bold: measure every name so
        dark = is_dark(self.palette())
        text = self.palette().color(self.foregroundRole())
        name_width = (
            min(
                max((metrics.horizontalAdvance(n) for _p, n, _r, _a in self.rows), default=0),
                self.width() // 2,
            )
            + 12
        )
        count_width = metrics.horizontalAdvance("A 0000") + 8
        span = max(10, self.width() - name_width - count_width - 4)
        top_count = max((max(r, a) for _p, _n, r, a in self.rows), default=0) or 1
        y = 4
        for pid, name, r, a in self.rows:
            painter.setFont(bold if pid == self.selected else self.font())
            painter.setPen(text)
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_width - 6)
            box = QRectF(0, y, name_width - 6, 2 * self._BAR + self._GAP)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown
            )
            for k, (letter, count) in enumerate((("R", r), ("A", a))):
                colour = colours().letter(letter)
                assert colour is not None
                swatch = colour.on(dark)
                bar_y = y + k * (self._BAR + self._GAP)
                width = span * count / top_count
                painter.setPen(QColor(f"#{swatch.text}"))
                painter.setBrush(QColor(f"#{swatch.fill}"))
                painter.drawRect(QRectF(name_width, bar_y, max(width, 1.0), self._BAR))
                painter.setFont(self.font())
                painter.setPen(text)
                painter.drawText(
                    QRectF(name_width + width + 4, bar_y - 3, count_width, self._BAR + 6),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    f"{letter} {count}",
                )
            y += self._row_height()
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = int((event.position().y() - 4) // self._row_height())
        if 0 <= row < len(self.rows):
            self.partyClicked.emit(self.rows[row][0])


class TeamView(QWidget):
    #: (service id, area id, party id) to select in the matrix.
    cellActivated = Signal(str, str, str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._tally: Tally | None = None
        self._counted: Project | None = None  # the project the tally counts
        self._shown = False

        self.party = QComboBox(self)
        self.party.setAccessibleName("Party")
        self.party.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.party.setMinimumContentsLength(30)
        party_label_widget = QLabel("Part&y:", self)  # Alt+P: Project menu; Alt+R: Save Rationale
        party_label_widget.setBuddy(self.party)
        self.show_ci = QCheckBox("Show &Consulted / Informed", self)
        self.show_ci.setToolTip("Also list the rows the party is Consulted or Informed on")
        self.summary = QLabel(self)
        self.summary.setAccessibleName("Party summary")
        self.summary.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(party_label_widget)
        bar.addWidget(self.party)
        bar.addWidget(self.show_ci)
        bar.addStretch(1)

        self.model = TeamModel(document, RESPONSIBLE_OR_ACCOUNTABLE, self)
        self.others_model = TeamModel(document, CONSULTED_OR_INFORMED, self)
        self.tree = self._tree(self.model, "Responsible or Accountable")
        self.others_tree = self._tree(self.others_model, "Consulted or Informed")
        self.others_label = QLabel("<b>Consulted or Informed</b>", self)
        others = QWidget(self)
        others_layout = QVBoxLayout(others)
        others_layout.setContentsMargins(0, 0, 0, 0)
        others_layout.addWidget(self.others_label)
        others_layout.addWidget(self.others_tree)
        self.others = others
        lists = QSplitter(Qt.Orientation.Vertical, self)
        main_list = QWidget(self)
        main_layout = QVBoxLayout(main_list)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(QLabel("<b>Responsible or Accountable</b>: what is ours", self))
        main_layout.addWidget(self.tree)
        lists.addWidget(main_list)
        lists.addWidget(others)
        others.hide()

        self.chart = LoadChart(self)
        self.notes = QLabel(self)
        self.notes.setAccessibleName("Load findings")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("<b>Load per party</b> (rows with R, rows with A)", self))
        side_layout.addWidget(self.chart)
        side_layout.addWidget(self.notes)
        side_layout.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(lists)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        side.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 34)
        split.setChildrenCollapsible(False)
        self.splitter = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

        self.party.currentIndexChanged.connect(self._party_chosen)
        self.show_ci.toggled.connect(self._show_others)
        self.chart.partyClicked.connect(self.select_party)
        document.structureChanged.connect(self._structure_changed)
        document.servicesChanged.connect(self._recount)
        document.cellsChanged.connect(self._cells_changed)
        self._fill_parties()

    def _tree(self, model: TeamModel, name: str) -> QTableView:
        """A list of the party's rows: a table, service headings and area rows (see
        ``ui/models/team.py`` for why not a tree)."""
        table = QTableView(self)
        table.setModel(model)
        table.setAccessibleName(name)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 6)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        em = self.fontMetrics().horizontalAdvance("M")
        for column, mode, width in (
            (COL_WHAT, QHeaderView.ResizeMode.Interactive, em * 19),
            (COL_LETTERS, QHeaderView.ResizeMode.Fixed, em * 5),
            (COL_DOES, QHeaderView.ResizeMode.Stretch, 0),
            (COL_OVERRIDE, QHeaderView.ResizeMode.Interactive, em * 12),
        ):
            header.setSectionResizeMode(column, mode)
            if width:
                header.resizeSection(column, width)
        table.doubleClicked.connect(lambda index, m=model: self._activated(m, index))
        table.activated.connect(lambda index, m=model: self._activated(m, index))
        return table

    # -- the party -----------------------------------------------------------------------------

    def _fill_parties(self) -> None:
        project = self._doc.project
        current = self.party_id
        self.party.blockSignals(True)
        self.party.clear()
        for party in project.parties:
            self.party.addItem(party_label(party.name, party.kind), party.id)
        ids = [p.id for p in project.parties]
        if current not in ids:
            first = project.customer_parties[0] if project.customer_parties else 0
            current = ids[first] if ids else None
        self.party.setCurrentIndex(ids.index(current) if current in ids else -1)
        self.party.blockSignals(False)
        self._party_chosen()

    @property
    def party_id(self) -> str | None:
        data = self.party.currentData()
        return str(data) if data is not None else None

    def select_party(self, party_id: str) -> None:
        i = self.party.findData(party_id)
        if i >= 0:
            self.party.setCurrentIndex(i)

    def _party_chosen(self, _index: int = 0) -> None:
        self.model.set_party(self.party_id)
        self.others_model.set_party(self.party_id)
        self._update_load()

    def _show_others(self, on: bool) -> None:
        self.others.setVisible(on)
        self.others_model.set_active(on and self._shown)

    # -- keeping current -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._shown = True
        self.model.set_active(True)
        self.others_model.set_active(self.show_ci.isChecked())
        self._update_load()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._shown = False
        self.model.set_active(False)
        self.others_model.set_active(False)

    def _structure_changed(self) -> None:
        self._tally = None
        self._fill_parties()  # counts again, once, through _party_chosen

    def _recount(self, _changed: object = None) -> None:
        self._tally = None
        self._update_load()

    def _cells_changed(self, keys: Sequence[CellKey]) -> None:
        before, after = self._counted, self._doc.project
        if self._tally is not None and before is not None and before.parties == after.parties:
            self._tally.moved(before, after, [(s, a) for s, a, _p in keys])
            self._counted = after
        else:
            self._tally = None
        self._update_load()

    def load(self) -> TeamLoad:
        """The counts as of the current project (counting it first if they are not kept)."""
        project, counted = self._doc.project, self._counted
        kept = (
            self._tally is not None
            and counted is not None
            and counted.rows is project.rows  # a change of name or owner leaves the rows
            and counted.parties == project.parties
            and counted.areas == project.areas
        )
        if not kept or self._tally is None:
            self._tally = Tally.of(project)
        self._counted = project
        return self._tally.load(project)

    def _update_load(self) -> None:
        if not self._shown:
            self._tally = None  # hidden: no counting on each edit; counted again when shown
            return
        load = self.load()
        project = self._doc.project
        rows = [
            (p.party.id, visible(p.party.name), p.responsible, p.accountable) for p in load.parties
        ]
        self.chart.set_rows(rows, self.party_id)
        _set_text(self.notes, _notes(project, load))
        self._update_summary(load)

    def _update_summary(self, load: TeamLoad) -> None:
        pid = self.party_id
        mine = next((p for p in load.parties if p.party.id == pid), None)
        if mine is None:
            _set_text(self.summary, "")
            return
        services = len(self.model.groups)
        _set_text(
            self.summary,
            f"<b>{escape(visible(mine.party.name))}</b>: Responsible in "
            f"{_count(mine.responsible, 'row')}, Accountable in {mine.accountable}, Consulted "
            f"in {mine.consulted}, Informed in {mine.informed} — R or A in "
            f"{_count(services, 'service')}. Double-click a row to select its cell in the matrix.",
        )

    def _activated(self, model: TeamModel, index: QModelIndex) -> None:
        key = index.data(ROW_KEY_ROLE)
        pid = self.party_id
        if key is not None and pid is not None:
            self.cellActivated.emit(key[0], key[1], pid)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _set_text(label: QLabel, text: str) -> None:
    """A label's text, only when it differs: a new text lays the tab out again (a repaint of
    the whole window after every edit)."""
    if label.text() != text:
        label.setText(text)


def _notes(project: Project, load: TeamLoad) -> str:
    """The load's findings in words: areas with no accountable team, crowded teams."""
    lines = []
    if load.gaps:
        by_party: dict[str, list[str]] = {}
        for gap in load.gaps:
            by_party.setdefault(gap.taken_by, []).append(
                f"{escape(visible(project.area(gap.area_id).name))} ({gap.rows})"
            )
        for pid, areas in by_party.items():
            who = escape(visible(project.party(pid).name))
            lines.append(
                f"<b>No accountable customer team</b> in the team template for {len(areas)} "
                f"area{'s' * (len(areas) != 1)}: {', '.join(areas)} — {who} takes the A by "
                "default. Choose who takes it in Project ▸ Parties &amp; Teams."
            )
    for pid, share in load.crowded:
        who = escape(visible(project.party(pid).name))
        lines.append(
            f"<b>Many A's:</b> {who} is Accountable for {share:.0%} of the rows the customer "
            "teams are accountable for."
        )
    if not lines and not has_teams(project):
        lines.append(
            "The customer is not split into teams: its party is Accountable for every row on "
            "the customer's side. Add teams in Project ▸ Parties &amp; Teams."
        )
    elif not lines:
        lines.append("Every area has an accountable customer team; no team holds most A's.")
    return "<br><br>".join(lines)
