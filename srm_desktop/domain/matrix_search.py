"""What the matrix's search box finds: rows by any text a reviewer remembers, or by letters.

A row is one (service, area). Its text is the service's name, catalog key and name, variant
(key and name: "customer managed"), environment and notes; the area's name and group; the rule
that derived it ("aws.dynamodb.backup"); and the rationale and author of each overridden cell
("SEC-112", "DPO"). Each word of the query must be found in that text (case and ``-``/``_``
do not matter; "quoted words" are found together). A word written in RACI letters with a
slash, or after ``=`` ("R/A", "=A", "a/c"), also matches a row where a party holds those
letters (with or without others); with a party filter, only that party's column counts.

:func:`row_matches` states it for one row; :func:`matching_rows` answers for a whole project
at once (what the filter needs on each keystroke of a 30,000-row estate) and agrees with it
(``tests/domain/test_matrix_search.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain, compress, product
from operator import itemgetter

from srm_desktop.domain.project import Override, Project, Row, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import CANONICAL_VALUES, ORDER, letters_of

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_LETTERS_TERM = re.compile(r"=?[RACI](?:/[RACI])*", re.IGNORECASE)

RowKey = tuple[str, str]


def normalise(text: str) -> str:
    """Case-folded, with ``-``, ``_`` and line breaks read as spaces."""
    return text.casefold().replace("-", " ").replace("_", " ").replace("\n", " ")


@dataclass(frozen=True)
class Term:
    text: str  # normalised; "" for letters only ("=A": "a" is in nearly every name)
    #: The letters a cell must hold for the term to match as letters ("R/A" → {"R", "A"}).
    letters: frozenset[str] | None = None


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str) -> Query:
    terms = []
    for quoted, word in _TERM.findall(text):
        raw = quoted if quoted else word
        if not raw.strip():
            continue
        letters = None
        if not quoted and _LETTERS_TERM.fullmatch(raw) and ("/" in raw or raw.startswith("=")):
            letters = frozenset(ch for ch in raw.upper() if ch in ORDER)
        text = "" if letters is not None and raw.startswith("=") else normalise(raw.strip())
        terms.append(Term(text, letters))
    return Query(tuple(terms))


def service_text(entry: ServiceEntry, provider: Provider) -> str:
    """The searchable text of an inventory entry."""
    parts = [entry.name, entry.service, entry.environment, entry.notes]
    catalog = provider.catalog.get(entry.service)
    if catalog is not None:
        parts.append(catalog.name)
        variant = catalog.variant(entry.variant)
        if variant is not None:
            parts += [variant.key, variant.name]
    elif entry.variant:
        parts.append(entry.variant)
    if entry.category is not None:
        parts.append(entry.category.label)
    return normalise("\n".join(parts))


def holding(letters: frozenset[str]) -> frozenset[str]:
    """Every cell value that holds ``letters`` ("R/A" is held by R/A, R/A/C, R/A/I…)."""
    return frozenset(v for v in CANONICAL_VALUES if v and letters <= letters_of(v))


def _holds(cells: Iterable[str], letters: frozenset[str]) -> bool:
    return any(letters <= letters_of(cell) for cell in cells)


def row_matches(
    project: Project,
    provider: Provider,
    service_id: str,
    area_id: str,
    query: Query,
    party_id: str | None = None,
) -> bool:
    """Whether one row matches every term of ``query`` (the readable statement)."""
    entry = project.service(service_id)
    area = project.area(area_id)
    row = project.row(service_id, area_id)
    texts = [service_text(entry, provider), normalise(f"{area.name}\n{area.group}")]
    texts.append(normalise(row.rule or ""))
    for party in project.parties:
        override = project.overrides.get((service_id, area_id, party.id))
        if override is not None:
            texts.append(normalise(f"{override.rationale}\n{override.author}"))
    text = "\n".join(texts)
    column = project.party_index[party_id] if party_id is not None else None
    cells = list(row.raci) if column is None else [row.raci[column]]
    for term in query.terms:
        if term.text and term.text in text:
            continue
        if term.letters is not None and _holds(cells, term.letters):
            continue
        return False
    return True


class SearchIndex:
    """A project's searchable text, laid out so that a query reads each distinct text once:
    services, areas, and the distinct row and override objects (rows of one kind of entry and
    overrides made in one gesture are shared: a few thousand across 240,000 cells); the rows
    that hold a matching object are then picked out with C-level ``compress``.

    :meth:`update` rebuilds only the parts whose source changed (a cell edit gives new rows and
    overrides; the services and areas are the same objects), so typing a query never rebuilds
    anything: the filter asks :meth:`matching` on each keystroke."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.project: Project | None = None
        self._services: list[tuple[str, str]] = []
        self._areas: list[tuple[str, str]] = []
        self._keys: list[RowKey] = []  # every visible row, in matrix order
        self._visible: set[RowKey] = set()
        self._row_ids: list[int] = []  # id() of each visible row's Row
        self._rows: dict[int, Row] = {}  # the distinct Row objects
        self._note_keys: list[RowKey] = []  # the row of each override
        self._note_ids: list[int] = []
        self._notes: dict[int, Override] = {}
        self._texts: dict[str, str] = {}  # normalised rule ids and notes, by their text
        self._sources: dict[str, object] = {}

    def update(self, project: Project) -> SearchIndex:
        if project is self.project:
            return self
        changed = self._changed(
            services=project.services, areas=project.visible_areas, rows=project.rows,
            overrides=project.overrides,
        )  # fmt: skip
        if "services" in changed:
            self._services = [(e.id, service_text(e, self.provider)) for e in project.services]
        if "areas" in changed:
            self._areas = [(a.id, normalise(f"{a.name}\n{a.group}")) for a in project.visible_areas]
        if changed & {"services", "areas", "rows"}:
            self._index_rows(project)
        if "overrides" in changed:
            self._index_notes(project)
        self.project = project
        return self

    def _changed(self, **sources: object) -> set[str]:
        changed = {k for k, v in sources.items() if self._sources.get(k) is not v}
        self._sources = dict(sources)
        return changed

    def _index_rows(self, project: Project) -> None:
        services = [sid for sid, _ in self._services]
        areas = [aid for aid, _ in self._areas]
        self._keys = list(product(services, areas))
        self._visible = set(self._keys)
        no_rows: dict[str, Row] = {}
        rows = list(
            chain.from_iterable(
                map(by_area.get, areas)
                for by_area in (project.rows.get(s, no_rows) for s in services)
            )
        )
        self._row_ids = list(map(id, rows))
        self._rows = {i: r for i, r in zip(self._row_ids, rows, strict=True) if r is not None}

    def _index_notes(self, project: Project) -> None:
        overrides = project.overrides
        self._note_keys = list(map(_row_of_cell, overrides.keys()))
        notes = list(overrides.values())
        self._note_ids = list(map(id, notes))
        self._notes = dict(zip(self._note_ids, notes, strict=True))

    def _text(self, text: str) -> str:
        found = self._texts.get(text)
        if found is None:
            found = self._texts[text] = normalise(text)
        return found

    def matching(self, query: Query, party_id: str | None = None) -> set[RowKey]:
        """Every visible row of the indexed project that matches all terms of ``query``."""
        project = self.project
        assert project is not None, "update() the index with a project first"
        found: set[RowKey] | None = None
        for term in query.terms:
            rows = self._term_rows(project, term, party_id)
            found = rows if found is None else found & rows
            if not found:
                return set()
        return set(self._keys) if found is None else found

    def _term_rows(self, project: Project, term: Term, party_id: str | None) -> set[RowKey]:
        needle = term.text
        services = [sid for sid, _ in self._services]
        areas = [aid for aid, _ in self._areas]
        rows: set[RowKey] = set()
        rule_hits: set[int] = set()
        note_hits: set[int] = set()
        text = self._text
        if needle:
            hit_services = [sid for sid, text in self._services if needle in text]
            rows.update(product(hit_services, areas))
            hit_areas = [aid for aid, text in self._areas if needle in text]
            rows.update(product(services, hit_areas))
            rule_hits = {i for i, r in self._rows.items() if r.rule and needle in text(r.rule)}
            note_hits = {
                i
                for i, o in self._notes.items()
                if (o.rationale or o.author) and needle in text(f"{o.rationale}\n{o.author}")
            }
        if term.letters is not None:
            values = holding(term.letters)
            if party_id is None:
                rule_hits |= {i for i, r in self._rows.items() if not values.isdisjoint(r.raci)}
            else:
                column = project.party_index[party_id]
                rule_hits |= {i for i, r in self._rows.items() if r.raci[column] in values}
        if rule_hits:
            rows.update(compress(self._keys, map(rule_hits.__contains__, self._row_ids)))
        if note_hits:
            noted = compress(self._note_keys, map(note_hits.__contains__, self._note_ids))
            rows.update(k for k in noted if k in self._visible)
        return rows


_row_of_cell: Callable[[tuple[str, str, str]], RowKey] = itemgetter(0, 1)


def matching_rows(
    project: Project, provider: Provider, query: Query, party_id: str | None = None
) -> set[RowKey]:
    """Every visible row of ``project`` that matches ``query`` (an index built for one use)."""
    return SearchIndex(provider).update(project).matching(query, party_id)
