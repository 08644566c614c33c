"""The ``.srm`` project file: JSON that diffs well in git and opens fast.

Layout (schema 1)::

    {
      "format": "srm-desktop/project",
      "schema_version": 1,
      "id": "...", "name": "...", "description": "...", "provider": "aws",
      ("owner" and "review", one-line texts, follow "description" when they are not empty)
      "parties": [ {one party per line} ],
      "areas": [ {one area per line} ],
      "team_template": { "area": {party: letters} per line },
      "services": [ {one inventory entry per line} ],
      ("conflicts": [ {one merge conflict per line} ], only while a merge left some)
      "matrix": [
        ["service id", "area id", "rule id or null", letters of party 1, letters of party 2, ...],
        [..., {"party id": {"rationale": "...", "author": "...", "at": "..."}}],
        ...
      ]
    }

One matrix row per line, in inventory then area order. A row with manual overrides carries them
in a trailing object, so the letters and the rationale that explains them sit on the same line:
editing one cell -- override included -- changes exactly one line. Rows are arrays (not objects),
so a 240,000-cell project is one small list per row and loads at close to ``json.loads`` speed.
Output is deterministic: same project, same bytes.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from srm_desktop.domain.areas import Area
from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.conflict import Conflict
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.layered import plain
from srm_desktop.domain.project import (
    CellKey,
    Override,
    Party,
    PartyKind,
    Project,
    Row,
    ServiceEntry,
)
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.domain.raci import CANONICAL_VALUES, RaciParseError, parse
from srm_desktop.domain.text import Ident, LongText, Name, OptionalName
from srm_desktop.formats.atomic import write_atomic
from srm_desktop.formats.migrations import (
    FORMAT_ID,
    MIGRATION_NOTES,
    SCHEMA_VERSION,
    NewerSchemaError,
    migrate,
)
from srm_desktop.formats.reading import read_input
from srm_desktop.formats.strict_json import (
    MAX_FILE_BYTES,
    NotStrict,
    from_pairs,
    json_path,
    line_column,
    loads,
    loads_pairs,
    object_from_pairs,
    shape_problem,
)


class _OverrideRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rationale: LongText = ""
    author: LongText = ""
    at: str = Field(default="", max_length=64)


class _Document(BaseModel):
    """The file's shape; the matrix rows are checked by hand for speed."""

    model_config = ConfigDict(extra="forbid")
    format: str
    schema_version: int
    id: str = Field(min_length=1, max_length=100)
    name: Name
    description: LongText = ""
    owner: OptionalName = ""
    review: OptionalName = ""
    provider: Ident
    rule_book: str = Field(default="", max_length=100)
    parties: list[Party] = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)
    team_template: dict[str, dict[str, str]] = {}
    services: list[ServiceEntry] = []
    conflicts: list[Conflict] = []
    matrix: list[Any] = []


#: What each top-level key may hold (:func:`~srm_desktop.formats.strict_json.shape_problem`):
#: plain values, arrays of objects of plain values, the template's objects of objects, and the
#: matrix's rows of plain values with an optional object of party -> override record.
_SHAPES: dict[str, str] = dict.fromkeys(_Document.model_fields, "") | {
    "parties": "[{",
    "areas": "[{",
    "services": "[{",
    "team_template": "{{",
    "conflicts": "[{{{",
    "matrix": "[[{{",
}


# -- reading ----------------------------------------------------------------------------------


def load_project(path: Path | str) -> Project:
    """Read and fully check a project file; any problem is an :class:`InputError`."""
    return loads_project(_read(path), str(path))


def _read(path: Path | str) -> bytes:
    return read_input(path, limit=MAX_FILE_BYTES, kind="project file")


class OpenedProject(NamedTuple):
    """A project file as opened: the project, its provider, and the exact bytes it came from
    (the window's outside-change watch compares the file against them)."""

    project: Project
    provider: Provider
    data: bytes


def open_project(path: Path | str) -> tuple[Project, Provider]:
    """The project at ``path`` and its provider -- how the CLI and the window open a file.

    Any problem is an :class:`InputError` naming the file; an unknown provider names the
    place (``demo.srm: $.provider: unknown provider 'x'``).
    """
    opened = read_project(path)
    return opened.project, opened.provider


def read_project(path: Path | str) -> OpenedProject:
    """:func:`open_project`, keeping the bytes read."""
    data = _read(path)
    project, provider = loads_with_provider(data, str(path))
    if project.migration_notes:
        project = _refill(project, provider)
    return OpenedProject(project, provider, data)


def open_bytes(data: bytes, source: str) -> tuple[Project, Provider]:
    """:func:`open_project` for bytes that did not come from a file of their own (a git
    revision, ``srm diff --git``): the same checks, the same re-fill of an older file."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(source, f"is larger than {MAX_FILE_BYTES // 2**20} MB")
    project, provider = loads_with_provider(data, source)
    if project.migration_notes:
        project = _refill(project, provider)
    return project, provider


def _refill(project: Project, provider: Provider) -> Project:
    """A file of an older schema was filled by an older rule book, on fewer areas: auto-fill
    it with the current one. Every override and its rationale is kept as it was; the cells no
    override holds take the current rules, and the note says how many changed. (Without this the
    rows would keep letters whose rule ids now mean something else.)"""
    filled, report = autofill(project, provider)
    note = (
        f"re-derived from rule book {filled.rule_book}: {report.cells_changed} cells changed; "
        f"all {report.overrides_kept} overrides and their rationales kept"
    )
    return replace(filled, migration_notes=(*project.migration_notes, note))


def loads_with_provider(data: bytes, source: str) -> tuple[Project, Provider]:
    """:func:`loads_project` and the project's provider (an unknown one is bad input)."""
    project = loads_project(data, source)
    try:
        provider = get_provider(project.provider)
    except InputError:
        problem = f"unknown provider {project.provider!r}"
        raise InputError(source, problem, "$.provider") from None
    return project, provider


def loads_project(data: bytes, source: str = "<project>") -> Project:
    """Check and build a project from a file's bytes; any problem is an :class:`InputError`.

    Two paths, one result. A file the app wrote is well-formed, so it is first read by
    :func:`_loads_fast`, which checks equal parts of the matrix once and gives up -- without a
    message -- at anything unusual; :func:`_loads_checked` then reads it again, check by check in
    file order, and names the first problem. The fast path only ever returns what the checked
    path returns for the same bytes, so error messages and results do not depend on it.
    """
    with _cyclic_gc_paused():
        try:
            return _loads_lines(data, source)
        except _NOT_FAST:
            pass
        _check_shape(data, source)
        try:
            return _loads_pairs(data, source)
        except _NOT_FAST:
            pass
        return _loads_checked(data, source)


def _check_shape(data: bytes, source: str) -> None:
    """Refuse an unknown top-level key, or a value nested where the file has none, before a
    single value is built: :class:`InputError` naming the key (and the line of the bracket).

    A file of another kind, or of a newer version, is named as such first, as
    :func:`_loads_checked` would (found by a search, not a parse).
    """
    if len(data) < _SHAPE_CHECKED_FROM:
        return  # parsed whole for less than 50 MB: the checked path names the first problem
    found = shape_problem(data, _SHAPES)
    if found is None:
        return
    _refuse_foreign(data, source)
    if found.problem == "unknown key":
        raise InputError(source, _UNKNOWN_KEY, found.path)
    where = f"{found.path} ({line_column(data, found.offset)})"
    raise InputError(source, "an array or object where a project file has none", where)


#: Files from this size are shape-checked before they are parsed (below it, a parse of the
#: worst JSON costs < 50 MB, and the messages keep the checked path's order: JSON, then keys).
_SHAPE_CHECKED_FROM = 1024 * 1024
_UNKNOWN_KEY = "unknown key (this version of SRM Desktop does not know it)"
_FORMAT = re.compile(rb'"format"\s*:\s*("(?:[^"\\]|\\.)*")')
_VERSION = re.compile(rb'"schema_version"\s*:\s*(\d{1,9})(?![\d.eE])')


def _refuse_foreign(text: bytes, source: str) -> None:
    """Another kind of JSON file, or a file of a newer schema: said so, not its first key."""
    match = _FORMAT.search(text)
    try:
        fmt = None if match is None else json.loads(match[1])
    except ValueError:
        fmt = match[0].decode(errors="replace") if match is not None else None
    if fmt != FORMAT_ID:
        found = "no 'format' key" if fmt is None else f"format {_short(fmt)}"
        raise InputError(source, f"not an SRM Desktop project ({found}; expected {FORMAT_ID!r})")
    version = _VERSION.search(text)
    if version is not None and int(version[1]) > SCHEMA_VERSION:
        raise NewerSchemaError(source, int(version[1]), SCHEMA_VERSION)


def _loads_checked(data: bytes, source: str) -> Project:
    raw = migrate(loads(data, source), source)
    notes = tuple(raw.pop(MIGRATION_NOTES, ()))
    try:
        doc = _Document.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise InputError(source, _pydantic_message(err) + more, json_path(err["loc"])) from None
    project = _build(doc, source)
    return replace(project, migration_notes=notes) if notes else project


#: What makes the fast path give a file to the checked one: a refusal (named there), a
#: duplicate key, a value of the wrong type or an unknown id, or a file of an older schema.
_NOT_FAST = (NotStrict, InputError, ValidationError, KeyError, TypeError, RecursionError)


def _loads_fast(data: bytes, source: str) -> Project:
    """The project of a well-formed current-schema file, else one of :data:`_NOT_FAST`:
    :func:`_loads_lines` for a file laid out as the app writes it, else :func:`_loads_pairs`.
    (:func:`loads_project` checks the document's shape between the two.)"""
    try:
        return _loads_lines(data, source)
    except _NOT_FAST:
        pass
    return _loads_pairs(data, source)


def _loads_pairs(data: bytes, source: str) -> Project:
    """Objects arrive as tuples of pairs
    (:func:`~srm_desktop.formats.strict_json.loads_pairs`): the header is turned into dicts as
    :func:`~srm_desktop.formats.strict_json.loads` would give them and checked by the same
    models; the matrix is read by :func:`_rows_from_pairs`.
    """
    top = object_from_pairs(loads_pairs(data))
    matrix = top.pop("matrix", [])
    if type(matrix) is not list:
        raise NotStrict("the matrix is not an array")
    return _build(_header(top, source), source, partial(_rows_from_pairs, matrix))


def _header(top: dict[str, Any], source: str) -> _Document:
    """The file's document without its matrix, from the top object's pairs (fast paths)."""
    raw = {key: from_pairs(value) for key, value in top.items()}
    version = raw.get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:
        raise NotStrict("not the current schema")  # migrations work on plain dicts
    return _Document.model_validate(migrate(raw, source))


#: How :func:`dumps_project` opens and closes the matrix: its rows sit between these, one per
#: line, separated by ",\n".
_MATRIX_OPEN = '\n  "matrix": [\n'
_MATRIX_CLOSE = "\n  ]\n}\n"
#: One matrix row as the app writes it: the service id as a JSON string without escapes or
#: control characters (so its text is its value), then the rest of the line.
_MATRIX_LINE = re.compile(r'^    \["([^"\\\x00-\x1f]*)"([^\n]*)\n', re.MULTILINE)


def _loads_lines(data: bytes, source: str) -> Project:
    """The fast path for a file laid out exactly as :func:`dumps_project` writes it, else
    :class:`NotStrict` (or another of :data:`_NOT_FAST`).

    Why it is fast: parsing every row of a large estate as JSON builds ~10 strings per row
    that the rows share anyway. Here the matrix is cut into lines (one regular expression, in
    C); each line is its service id and the rest, and only distinct rests -- ~2,500 of
    30,000 -- are parsed, by the same parser as the rest of the fast path, and checked once
    (:func:`_shared_row`).

    Why it reads the same file as JSON: a JSON string cannot hold a line break, so the file
    is a header, then ``"matrix": [`` on a line of its own, one line per row, and ``]`` and
    ``}`` on lines of their own. The header with an empty matrix, ``[]``, must parse as one
    object with no repeated key: only a cut at the top level of the file does. Every line
    must match :data:`_MATRIX_LINE`, so it is exactly ``["id"`` and the rest of one array,
    which parses on its own (a rest that spills into a second value or lacks its ``]`` does
    not); the rows are separated by one comma each, the last by none. So the file is valid
    JSON, and the project built is what the pairs path builds from it.
    """
    if len(data) > MAX_FILE_BYTES or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise NotStrict("refused before parsing")
    if len(data) >= _SHAPE_CHECKED_FROM and shape_problem(
        data, _SHAPES, data.find(_MATRIX_OPEN.encode())
    ):
        raise NotStrict("not shaped as a project file")  # named by loads_project
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotStrict("not UTF-8") from None
    start = text.find(_MATRIX_OPEN)
    if start < 0 or not text.endswith(_MATRIX_CLOSE):
        raise NotStrict("not laid out as the app writes it")
    header = text[:start] + '\n  "matrix": []\n}\n'
    first, stop = start + len(_MATRIX_OPEN), len(text) - len(_MATRIX_CLOSE) + 1
    lines = _MATRIX_LINE.findall(text, first, stop)  # no copy of the body
    if not lines or len(lines) != text.count("\n", first, stop):
        raise NotStrict("a matrix line not as the app writes it")
    top = object_from_pairs(loads_pairs(header.encode()))
    if top.pop("matrix") != []:
        raise NotStrict("not the matrix")
    return _build(_header(top, source), source, partial(_rows_from_lines, lines))


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file is parsed and built.

    Parsing a large project allocates ~100,000 lists and dicts that all stay alive until the
    project is built, so the collector keeps running -- once over the whole heap -- and finds
    nothing: JSON trees and the project hold no reference cycles. That was a third of the time
    to open a 240,000-cell file. Reference counting still frees everything as usual (the parsed
    tree is gone before the collector is back, so it never has to walk it); the previous state is
    restored even when the file is refused.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _pydantic_message(err: Mapping[str, Any]) -> str:
    msg = str(err["msg"])
    if err["type"] == "extra_forbidden":
        return "unknown key (this version of SRM Desktop does not know it)"
    if err["type"] == "string_unicode":
        return "contains a lone surrogate (text that is not valid Unicode)"
    if err["type"] == "missing":
        return "required key is missing"
    if "input" in err and err["type"].endswith("_type"):
        return f"{msg}, found {_short(err['input'])}"
    return msg


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _unique(items: Sequence[Any], what: str, source: str, field: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in index:
            raise InputError(
                source, f"{what} id {item.id!r} is used twice", json_path((field, i, "id"))
            )
        index[item.id] = i
    return index


def _build(doc: _Document, source: str, read_matrix: _MatrixReader | None = None) -> Project:
    """The project of a checked document; ``read_matrix`` reads the matrix of a fast path."""
    parties = tuple(doc.parties)
    party_index = _unique(parties, "party", source, "parties")
    area_index = _unique(doc.areas, "area", source, "areas")
    service_index = _unique(doc.services, "service", source, "services")
    providers = [i for i, p in enumerate(parties) if p.kind is PartyKind.PROVIDER]
    if len(providers) > 1:
        raise InputError(
            source, "more than one provider party", json_path(("parties", providers[1], "kind"))
        )
    customers = {p.id for p in parties if p.customer_side}

    template: dict[str, dict[str, str]] = {}
    for area_id, row in doc.team_template.items():
        if area_id not in area_index:
            raise InputError(
                source, f"unknown area {area_id!r}", json_path(("team_template", area_id))
            )
        for party_id, letters in row.items():
            where = json_path(("team_template", area_id, party_id))
            if party_id not in customers:
                raise InputError(source, f"{party_id!r} is not a customer party", where)
            template.setdefault(area_id, {})[party_id] = _letters(letters, source, where)

    if read_matrix is not None:
        rows, overrides = read_matrix(service_index, area_index, party_index)
    else:
        rows, overrides = _rows(doc.matrix, source, service_index, area_index, party_index)

    return Project(
        id=doc.id,
        name=doc.name,
        description=doc.description,
        owner=doc.owner,
        review=doc.review,
        provider=doc.provider,
        rule_book=doc.rule_book,
        parties=parties,
        areas=tuple(doc.areas),
        services=tuple(doc.services),
        team_template=template,
        rows=rows,
        overrides=overrides,
        conflicts=tuple(doc.conflicts),
    )


def _all_canonical(valid: frozenset[str], values: list[Any]) -> bool:
    try:
        return valid.issuperset(values)
    except TypeError:  # an unhashable value (a list or object) where letters belong
        return False


def _letters(value: Any, source: str, where: str) -> str:
    if not isinstance(value, str):
        raise InputError(source, f"expected RACI letters as a string, found {_short(value)}", where)
    if value in CANONICAL_VALUES:
        return value
    try:
        return parse(value)
    except RaciParseError as exc:
        raise InputError(source, str(exc), where) from None


_RECORD_KEYS = frozenset({"rationale", "author", "at"})


def _record_key(record: Any) -> tuple[str, str, str] | None:
    """What identifies an override record's content, or None when it is not a plain object of
    strings under known keys (then it always takes the full, error-reporting check)."""
    if type(record) is not dict or not _RECORD_KEYS.issuperset(record):
        return None
    values = (record.get("rationale", ""), record.get("author", ""), record.get("at", ""))
    if type(values[0]) is str and type(values[1]) is str and type(values[2]) is str:
        return values
    return None


_Matrix = tuple[dict[str, dict[str, Row]], dict[CellKey, Override]]
_Shared = tuple[Row, tuple[tuple[str, Override], ...]]
#: A fast path's matrix: (service index, area index, party index) -> rows and overrides.
_MatrixReader = Callable[[Mapping[str, int], Mapping[str, int], Mapping[str, int]], _Matrix]


def _rows_from_lines(
    lines: list[tuple[str, str]],
    service_index: Mapping[str, int],
    area_index: Mapping[str, int],
    party_index: Mapping[str, int],
) -> _Matrix:
    """The matrix of :func:`_loads_lines`: (service id, rest of line) per row -> what
    :func:`_rows_from_pairs` builds from the same rows parsed as JSON."""
    width = 3 + len(party_index)
    rows: dict[str, dict[str, Row]] = {sid: {} for sid in service_index}
    overrides: dict[CellKey, Override] = {}
    shared: dict[str, tuple[str, Row, tuple[tuple[str, Override], ...]]] = {}
    rows_seen: dict[Row, Row] = {}
    records: dict[Any, Override] = {}

    def entry_of(rest: str, closing: bool) -> tuple[str, Row, tuple[tuple[str, Override], ...]]:
        if rest.endswith(",") == closing:
            raise NotStrict("rows are separated by one comma each, the last by none")
        item = loads_pairs(('[""' + (rest if closing else rest[:-1])).encode())
        if type(item) is not list or len(item) not in (width, width + 1):
            raise NotStrict("a matrix row of the wrong shape")
        key = tuple(item[1:])  # TypeError in _shared_row when it holds an array
        row, notes = _shared_row(key, area_index, party_index, rows_seen, records)
        return key[0], row, notes

    for sid, rest in lines[:-1]:
        entry = shared.get(rest)
        if entry is None:
            entry = shared[rest] = entry_of(rest, False)
        aid, row, notes = entry
        rows[sid][aid] = row  # KeyError: not a service id
        for pid, override in notes:
            overrides[(sid, aid, pid)] = override
    sid, rest = lines[-1]
    aid, row, notes = entry_of(rest, True)  # not shared: the last row must not end in a comma
    rows[sid][aid] = row
    for pid, override in notes:
        overrides[(sid, aid, pid)] = override
    if sum(map(len, rows.values())) != len(lines):
        raise NotStrict("a second row for the same service and area")
    return rows, overrides


def _rows_from_pairs(
    matrix: list[Any],
    service_index: Mapping[str, int],
    area_index: Mapping[str, int],
    party_index: Mapping[str, int],
) -> _Matrix:
    """The matrix of the fast path: what :func:`_rows` builds, or :class:`NotStrict` (or a
    ``KeyError``/``TypeError``) where :func:`_rows` would raise or would accept a forgiving
    spelling of letters.

    Why it is fast: everything of a row but its service -- area, rule, letters and override
    records, the records being hashable pairs -- is one tuple, and a large estate has many
    entries of few kinds and pastes one rationale over many cells, so 30,000 rows hold ~1,500
    distinct ones. Each distinct tuple is checked once (:func:`_shared_row`); every row after
    that is a dictionary look-up. Equal rows and records are shared, as on the checked path.
    """
    width = 3 + len(party_index)
    if not {list}.issuperset(map(type, matrix)) or not {width, width + 1}.issuperset(
        map(len, matrix)
    ):
        raise NotStrict("a matrix row of the wrong shape")
    rows: dict[str, dict[str, Row]] = {sid: {} for sid in service_index}
    overrides: dict[CellKey, Override] = {}
    shared: dict[tuple[Any, ...], _Shared] = {}
    rows_seen: dict[Row, Row] = {}
    records: dict[Any, Override] = {}
    for item in matrix:
        key = tuple(item[1:])  # TypeError below when it holds an array: not a well-formed row
        entry = shared.get(key)
        if entry is None:
            entry = shared[key] = _shared_row(key, area_index, party_index, rows_seen, records)
        row, notes = entry
        sid, aid = item[0], key[0]
        rows[sid][aid] = row  # KeyError: not a service id (every id is text, so no other type)
        for pid, override in notes:
            overrides[(sid, aid, pid)] = override
    if sum(map(len, rows.values())) != len(matrix):
        raise NotStrict("a second row for the same service and area")
    return rows, overrides


def _shared_row(
    key: tuple[Any, ...],
    area_index: Mapping[str, int],
    party_index: Mapping[str, int],
    rows_seen: dict[Row, Row],
    records: dict[Any, Override],
) -> _Shared:
    """Check one distinct (area, rule, letters..., [override pairs]) and build its row and its
    (party id, override) pairs; :class:`NotStrict` when the checked path would not accept it
    as it is. Strings only equal strings, so a tuple equal to a checked one is as valid."""
    end = 2 + len(party_index)
    aid, rule, raci = key[0], key[1], key[2:end]
    if type(aid) is not str or aid not in area_index:
        raise NotStrict("unknown area")
    if (rule is not None and type(rule) is not str) or not CANONICAL_VALUES.issuperset(raci):
        raise NotStrict("not a rule id, or letters not in canonical form")
    row = Row(rule, raci)
    row = rows_seen.setdefault(row, row)
    if len(key) == end:
        return row, ()
    notes = object_from_pairs(key[end])
    if not party_index.keys() >= notes.keys():
        raise NotStrict("unknown party")
    return row, tuple((pid, _override_from_pairs(pairs, records)) for pid, pairs in notes.items())


def _override_from_pairs(pairs: Any, records: dict[Any, Override]) -> Override:
    """The override of one record's pairs, checked by the file's model once per content."""
    found = records.get(pairs)
    if found is None:
        record = object_from_pairs(pairs)
        if not all(type(value) is str for value in record.values()):
            raise NotStrict("an override record of other than text")
        checked = _OverrideRecord.model_validate(record)
        found = Override(rationale=checked.rationale, author=checked.author, at=checked.at)
        records[pairs] = found
    return found


def _rows(
    matrix: list[Any],
    source: str,
    service_index: Mapping[str, int],
    area_index: Mapping[str, int],
    party_index: Mapping[str, int],
) -> _Matrix:
    """Check and build the matrix row by row, raising an :class:`InputError` that names the
    first problem: the checked path, for files :func:`_rows_from_pairs` gives up on."""
    n_parties = len(party_index)
    width = 3 + n_parties
    rows: dict[str, dict[str, Row]] = {sid: {} for sid in service_index}
    overrides: dict[CellKey, Override] = {}
    valid = CANONICAL_VALUES
    # Equal rows and equal override records are shared, not duplicated: a large estate has many
    # entries of few kinds and pastes one rationale over many cells, so this saves most of the
    # memory and most of the (pydantic) checking. Both are immutable, so sharing is safe.
    rows_seen: dict[Row, Row] = {}
    seen: dict[tuple[str, str, str], Override] = {}
    for i, item in enumerate(matrix):
        if type(item) is not list or not (
            len(item) == width or (len(item) == width + 1 and type(item[-1]) is dict)
        ):
            raise InputError(
                source,
                f"a matrix row is [service, area, rule, then one RACI value per party "
                f"({n_parties}), then optionally an object of overrides], found {_short(item)}",
                json_path(("matrix", i)),
            )
        sid, aid, rule = item[0], item[1], item[2]
        by_area = rows.get(sid) if type(sid) is str else None
        if by_area is None:
            raise InputError(source, f"unknown service {_short(sid)}", json_path(("matrix", i, 0)))
        if type(aid) is not str or aid not in area_index:
            raise InputError(source, f"unknown area {_short(aid)}", json_path(("matrix", i, 1)))
        if rule is not None and type(rule) is not str:
            raise InputError(
                source,
                f"rule must be a string or null, found {_short(rule)}",
                json_path(("matrix", i, 2)),
            )
        if aid in by_area:
            raise InputError(source, f"second row for {sid} / {aid}", json_path(("matrix", i)))
        raci = item[3:width]
        if not _all_canonical(valid, raci):
            raci = [
                _letters(v, source, json_path(("matrix", i, 3 + j))) for j, v in enumerate(raci)
            ]
        row = Row(rule, tuple(raci))
        by_area[aid] = rows_seen.setdefault(row, row)
        if len(item) > width:
            for pid, record in item[width].items():
                where = ("matrix", i, width, pid)
                if pid not in party_index:
                    raise InputError(source, f"unknown party {pid!r}", json_path(where))
                memo_key = _record_key(record)
                known = seen.get(memo_key) if memo_key is not None else None
                if known is not None:  # the same record was already checked: share it
                    overrides[(sid, aid, pid)] = known
                    continue
                try:
                    rec = _OverrideRecord.model_validate(record)
                except ValidationError as exc:
                    err = exc.errors(include_url=False)[0]
                    raise InputError(
                        source, _pydantic_message(err), json_path((*where, *err["loc"]))
                    ) from None
                override = Override(rationale=rec.rationale, author=rec.author, at=rec.at)
                if memo_key is not None:
                    seen[memo_key] = override
                overrides[(sid, aid, pid)] = override
    return rows, overrides


# -- writing ----------------------------------------------------------------------------------


def dumps_project(project: Project) -> bytes:
    """The file's bytes: UTF-8, LF, 2-space indent, one record per line, final newline."""
    encode: Callable[[Any], str] = _Encoder()
    out: list[str] = ["{"]
    header = [
        ("format", FORMAT_ID),
        ("schema_version", SCHEMA_VERSION),
        ("id", project.id),
        ("name", project.name),
        ("description", project.description),
        # Optional: written only when given, so files without them keep their bytes.
        *[(k, v) for k, v in (("owner", project.owner), ("review", project.review)) if v],
        ("provider", project.provider),
        ("rule_book", project.rule_book),
    ]
    for key, value in header:
        out.append(f"  {json.dumps(key)}: {encode(value)},")

    def block(
        key: str, lines: list[str], opener: str = "[", closer: str = "]", last: bool = False
    ) -> None:
        end = "" if last else ","
        if not lines:
            out.append(f"  {json.dumps(key)}: {opener}{closer}{end}")
            return
        out.append(f"  {json.dumps(key)}: {opener}")
        out.append(",\n".join(lines))
        out.append(f"  {closer}{end}")

    block("parties", [f"    {_obj(p.model_dump(mode='json'))}" for p in project.parties])
    block("areas", [f"    {_obj(_area(a))}" for a in project.areas])
    block(
        "team_template",
        [
            f"    {json.dumps(area)}: {_obj(dict(project.team_template[area]))}"
            for area in (a.id for a in project.areas)
            if project.team_template.get(area)
        ],
        "{",
        "}",
    )
    block("services", [f"    {_obj(_service(s))}" for s in project.services])
    if project.conflicts:  # optional: written only while a merge left conflicts
        block(
            "conflicts",
            [
                f"    {_obj(c.model_dump(mode='json', exclude_defaults=True))}"
                for c in project.conflicts
            ],
        )
    block("matrix", list(_matrix_lines(project, encode)), last=True)
    out.append("}")
    return ("\n".join(out) + "\n").encode("utf-8")


def save_project(project: Project, path: Path | str, *, backup: bool = True) -> bytes:
    """Write atomically, keeping the previous version as ``<name>.bak``; returns the bytes
    written (the window's outside-change watch remembers them).

    Raises :class:`~srm_desktop.formats.atomic.SaveError` naming the path and the reason; the
    original file is then byte-identical and no temporary file is left behind.
    """
    data = dumps_project(project)
    write_atomic(Path(path), data, backup=backup)
    return data


class _Encoder:
    """``json.dumps`` with a memo: ids, rule ids and letters repeat thousands of times."""

    def __init__(self) -> None:
        self._memo: dict[Any, str] = {}

    def __call__(self, value: Any) -> str:
        try:
            return self._memo[value]
        except KeyError:
            text = json.dumps(value, ensure_ascii=False)
            self._memo[value] = text
            return text


def _obj(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def _area(area: Area) -> dict[str, Any]:
    data = area.model_dump(mode="json")
    for flag in ("optional", "hidden"):  # defaults stay out of the file: shorter lines, less noise
        if not data[flag]:
            del data[flag]
    return data


def _service(entry: ServiceEntry) -> dict[str, Any]:
    data = entry.model_dump(mode="json")
    return {k: v for k, v in data.items() if v not in (None, "") or k in ("id", "name", "service")}


def _matrix_lines(project: Project, encode: Callable[[Any], str]) -> Iterator[str]:
    n = len(project.parties)
    empty = Row(None, ("",) * n)
    overridden = project.overridden_rows
    overrides = plain(project.overrides)
    for entry in project.services:
        by_area = project.rows.get(entry.id, {})
        sid = encode(entry.id)
        for area in project.areas:
            row = by_area.get(area.id, empty)
            cells = ", ".join([encode(v) for v in row.raci])
            line = f"    [{sid}, {encode(area.id)}, {encode(row.rule)}, {cells}"
            kept = overridden.get((entry.id, area.id))
            if kept:
                notes = {}
                for i in kept:
                    pid = project.parties[i].id
                    notes[pid] = overrides[(entry.id, area.id, pid)].model_dump(mode="json")
                line += f", {_obj(notes)}"
            yield line + "]"
