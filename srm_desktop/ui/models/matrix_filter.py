"""The matrix filter: by service, area and party, overridden or problem rows only, and the
search text (``domain.matrix_search``: names, variants, notes, rule ids, rationales, letters)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from srm_desktop.domain.matrix_search import (
    Query,
    RowKey,
    SearchIndex,
    parse_query,
    row_matches,
)
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.matrix import FIRST_PARTY, MatrixModel


@dataclass(frozen=True)
class MatrixFilter:
    service_id: str | None = None
    area_id: str | None = None
    party_id: str | None = None
    overridden_only: bool = False
    problems_only: bool = False
    text: str = ""

    @property
    def active(self) -> bool:
        return self != MatrixFilter()


class MatrixFilterProxy(QSortFilterProxyModel):
    """Rows pass when they match every set criterion; a party filter also shows only that
    party's column and the rows where it holds a letter.

    Qt asks ``filterAcceptsRow`` about every row on each reset of the model (30,000 for a large
    estate, among them the one that opens a file on the way to the first paint). A Python
    override costs a call from C++ into Python per row, ~20 ms per reset, even when it only
    answers "yes". So the class does not override it: while a criterion is set, the instance
    carries :meth:`_accepts_row` as its ``filterAcceptsRow`` (PySide calls a virtual method
    found in the instance's ``__dict__``, "duck punching", as it calls a class override), and
    with no criterion it carries nothing, so Qt's own C++ method answers (no filter pattern is
    ever set: it accepts every row).
    """

    def __init__(self, model: MatrixModel, document: Document, parent: QObject | None = None):
        super().__init__(parent)
        self._doc = document
        self._model = model
        self._filter = MatrixFilter()
        self._active = False
        #: The compare view's "changed only" (kept apart from the filter bar's criteria).
        self._changed_only = False
        self._query = Query(())
        self._searching = False
        self._index: SearchIndex | None = None  # built at the first search
        #: The rows the search text matches in ``_matched_project``; rows Qt asks about after
        #: an edit (a newer project) are checked one by one, until so many are asked that
        #: matching them all at once is cheaper.
        self._matches: set[RowKey] = set()
        self._matched_project: object = None
        self._stale_checks = 0
        self._stale_project: object = None
        self.setSourceModel(model)

    @property
    def criteria(self) -> MatrixFilter:
        return self._filter

    def set_criteria(self, criteria: MatrixFilter) -> None:
        if criteria == self._filter:
            return
        columns_change = criteria.party_id != self._filter.party_id
        same_search = criteria.text == self._filter.text and not columns_change
        self.beginFilterChange()
        self._filter = criteria
        if not same_search or self._doc.project is not self._matched_project:
            self._query = parse_query(criteria.text)  # a combo or a box alone keeps the set
            self._searching = bool(self._query)
            self._match_all()
        self._set_active(criteria.active or self._changed_only)
        if columns_change:
            self.endFilterChange(QSortFilterProxyModel.Direction.Both)
        else:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def active(self) -> bool:
        """Whether a criterion is set (rows are then checked in Python)."""
        return self._active

    def _set_active(self, active: bool) -> None:
        # A search alone (the usual case while typing) is answered by a set look-up per row.
        only_text = (
            self._searching
            and not self._changed_only
            and self._filter == MatrixFilter(text=self._filter.text)
        )
        accepts = self._accepts_searched_row if only_text else self._accepts_row
        if active == self._active and (not active or accepts == self.__dict__["filterAcceptsRow"]):
            return
        self._active = active
        if active:
            setattr(self, "filterAcceptsRow", accepts)  # noqa: B010
        else:
            delattr(self, "filterAcceptsRow")

    def _accepts_searched_row(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if self._doc.project is self._matched_project:
            return self._model.row_key(source_row) in self._matches
        return self._accepts_row(source_row, source_parent)

    def _accepts_row(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        f = self._filter
        if self._changed_only and not self._model.row_changed(source_row):
            return False
        sid, aid = self._model.row_key(source_row)
        if f.service_id is not None and sid != f.service_id:
            return False
        if f.area_id is not None and aid != f.area_id:
            return False
        project = self._doc.project
        if f.party_id is not None and not project.cell(sid, aid, f.party_id):
            return False
        if f.overridden_only and (sid, aid) not in project.overridden_rows:
            return False
        if f.problems_only and not self._doc.has_problem(sid, aid):
            return False
        return not self._searching or self._text_matches(sid, aid)

    def _match_all(self) -> None:
        """The rows the search text matches, for the document's current project."""
        project = self._doc.project
        self._matched_project = project
        self._stale_checks = 0
        if not self._query:
            self._matches = set()
            return
        if self._index is None:
            self._index = SearchIndex(self._doc.provider)
        self._matches = self._index.update(project).matching(self._query, self._filter.party_id)

    def _text_matches(self, sid: str, aid: str) -> bool:
        project = self._doc.project
        if project is not self._matched_project:
            if project is not self._stale_project:  # count per version: one pass's rows
                self._stale_project, self._stale_checks = project, 0
            self._stale_checks += 1
            if self._stale_checks <= 256:
                return row_matches(
                    project, self._doc.provider, sid, aid, self._query, self._filter.party_id
                )
            self._match_all()
        return (sid, aid) in self._matches

    def filterAcceptsColumn(
        self, source_column: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        pid = self._filter.party_id
        if pid is None or source_column < FIRST_PARTY:
            return True
        return self._model.party_id(source_column) == pid

    # -- the compare view ---------------------------------------------------------------------

    @property
    def changed_only(self) -> bool:
        return self._changed_only

    def set_changed_only(self, on: bool) -> None:
        """Only the rows that changed since the compared version (the compare view's filter;
        the model answers which, and none outside compare)."""
        if on == self._changed_only:
            return
        self.beginFilterChange()
        self._changed_only = on
        self._set_active(self._filter.active or on)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refilter_changed(self) -> None:
        """The compared diff was recomputed: which rows changed may differ."""
        if self._changed_only:
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
