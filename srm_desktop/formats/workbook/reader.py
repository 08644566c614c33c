"""Reading a returned workbook safely: parse only checked bytes, believe no declared size.

openpyxl parses in read-only (streaming) mode, with defusedxml guarding every XML part against
entity expansion, formulas kept as text (``data_only=False`` shows ``=...`` with data type ``f``,
so a formula is seen and reported, never evaluated or trusted for its cached result), external
links dropped. Sheets may declare dimensions up to XFD1048576; the declared size is reset and
rows are streamed under hard caps.

Rows come straight from openpyxl's sheet parser (the one ``iter_rows`` uses, with the same shared
strings and defusedxml guard) as value and data type, without the ``ReadOnlyCell`` object
``iter_rows`` builds per cell: on a 30,000-row matrix those objects cost as much as the parsing.
"""

from __future__ import annotations

import io
import threading
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook.cells import read_text


def _caused_by_entities(exc: BaseException) -> bool:
    """openpyxl wraps parser errors in its own ValueError; look down the chain."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


@contextmanager
def guarded(source: str) -> Iterator[None]:
    """Turn whatever a hostile or broken file makes the parser raise into one clear message."""
    try:
        yield
    except InputError:
        raise
    except Exception as exc:
        if _caused_by_entities(exc):
            raise InputError(
                source,
                "contains XML entity or DTD declarations (an entity-expansion attack?): "
                "refusing to read it",
            ) from None
        # zlib.error: damaged deflate data; RuntimeError (NotImplementedError included): a
        # damaged header naming an unknown compression method or an encrypted member.
        if isinstance(exc, zipfile.BadZipFile | EOFError | zlib.error | RuntimeError):
            raise InputError(source, f"is damaged or incomplete: {_one_line(exc)}") from None
        if isinstance(exc, ParseError):
            raise InputError(source, f"contains malformed XML: {_one_line(exc)}") from None
        if isinstance(
            exc, KeyError | ValueError | TypeError | AttributeError | IndexError | OSError
        ):
            raise InputError(
                source, f"cannot be read as a workbook: {type(exc).__name__}: {_one_line(exc)}"
            ) from None
        raise


def open_workbook(data: bytes, source: str) -> Any:
    if not openpyxl.DEFUSEDXML:
        raise InputError(
            source,
            "refusing to read workbooks: the defusedxml package is not installed, and without "
            "it openpyxl does not guard against XML entity attacks",
        )
    with guarded(source), _unsized_sheets():
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False
        )


_LOADING = threading.Lock()


def _unsized(sheet: Any) -> None:
    """Instead of ``ReadOnlyWorksheet._get_size``: leave the size unknown."""


@contextmanager
def _unsized_sheets() -> Iterator[None]:
    """While a workbook loads, its read-only sheets are not sized. openpyxl sizes each one by
    parsing it up to ``<dimension>``, and a sheet without one is parsed to its end: 480 small
    sheets cost a minute before a single row was read. Every reader here resets the dimensions
    and streams under its own caps, so the size is never used."""
    with _LOADING:
        original = ReadOnlyWorksheet._get_size
        ReadOnlyWorksheet._get_size = _unsized
        try:
            yield
        finally:
            ReadOnlyWorksheet._get_size = original


class Cell(NamedTuple):
    """What the importer needs of a cell: where it is, what it holds, and whether it is a
    formula or an error value (both reported, never used). A named tuple: one is made per cell
    read, and a tuple is the cheapest immutable object to make."""

    address: str
    value: object
    kind: str  # openpyxl's data type: s, n, b, d, f (formula), e (error)

    @property
    def text(self) -> str | None:
        """The cell's text when it is a plain string (escapes decoded), else None."""
        if self.kind == "s" and isinstance(self.value, str):
            return read_text(self.value)
        return None

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def shown(self) -> str:
        """The value as the problem report quotes it (a formula by its text, never as
        ``<ArrayFormula object at 0x...>``)."""
        value = self.value
        if value is None:
            return "(empty)"
        if self.kind != "f" or isinstance(value, str):
            return repr(value)
        text = getattr(value, "text", None)  # openpyxl's ArrayFormula
        if isinstance(text, str):
            return repr(text if text.startswith("=") else f"={text}")
        return "(a data table formula)"


@dataclass
class Meta:
    values: dict[str, str] = field(default_factory=dict)
    sheet: str = L.META

    def address(self, key: str) -> str:
        keys = list(self.values)
        row = keys.index(key) + 1 if key in keys else 1
        return f"{self.sheet}!B{row}"


def read_meta(workbook: Any, source: str) -> Meta | None:
    if L.META not in workbook.sheetnames:
        return None
    sheet = workbook[L.META]
    sheet.reset_dimensions()
    values: dict[str, str] = {}
    with guarded(source):
        for row in sheet.iter_rows(min_row=1, max_row=50, max_col=2, values_only=True):
            key, value = (*row, None, None)[:2]
            if isinstance(key, str):
                values[key] = str(value) if value is not None else ""
    return Meta(values)


def _cells(row: Any, index: int, letters: list[str]) -> list[Cell]:
    return [
        Cell(f"{letters[i]}{index}", c.value, getattr(c, "data_type", "n"))
        for i, c in enumerate(row[: len(letters)])
    ]


class Unreadable(NamedTuple):
    """A cell value the sheet's XML holds but no spreadsheet could have written (a date that is
    no date, ``NaN`` as a number, a cell reference that is no reference, a shared string that
    does not exist): reported at its cell, never a refusal of the whole file."""

    raw: str
    reason: str

    def __repr__(self) -> str:
        return repr(self.raw)


class _Strings:
    """The shared-string table as the sheet parser indexes it, minus Python's negative indexes
    (``<v>-1</v>`` would otherwise read the last string of the table)."""

    __slots__ = ("strings",)

    def __init__(self, strings: Any) -> None:
        self.strings = strings

    def __getitem__(self, index: int) -> Any:
        if index < 0:
            raise IndexError(index)
        return self.strings[index]


_ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
_CELL_TAG = f"{{{SHEET_MAIN_NS}}}c"
#: How a sheet's own XML can be wrong in one cell (what ``WorkSheetParser.parse_cell`` raises).
_CELL_ERRORS = (ValueError, TypeError, OverflowError, IndexError, KeyError, AttributeError)


def _parse_cell(parser: Any, element: Any) -> tuple[int, object, str]:
    try:
        cell = parser.parse_cell(element)
    except _CELL_ERRORS as exc:
        ref = element.get("r")
        try:
            column = coordinate_to_tuple(ref)[1] if ref else parser.col_counter + 1
        except _CELL_ERRORS:
            column = parser.col_counter + 1  # (a bad reference: the next column)
        parser.col_counter = column
        raw = element.findtext(f"{{{SHEET_MAIN_NS}}}v") or ref or ""
        reason = f"{type(exc).__name__}: {_one_line(exc)}"
        return column, Unreadable(raw[:100], reason), "x"
    return cell["column"], cell["value"], cell["data_type"]


def _row_number(parser: Any, element: Any) -> int | None:
    """The row's number (as ``WorkSheetParser.parse_row`` reads it); None when it is no
    number at all."""
    r = element.get("r")
    if r is None:
        return int(parser.row_counter) + 1
    try:
        return int(r)
    except ValueError:
        try:
            number = float(r)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None


def _parsed_rows(
    sheet: Any, max_col: int, byte_budget: int | None = None
) -> Iterator[tuple[int | None, list[tuple[int, object, str]]]]:
    """Each row of the sheet's XML as (number, [(column, value, kind)...]): only a row's first
    ``max_col`` cells are parsed, the rest emptied as they are read (a row of a million cells
    costs the tokenising and a million empty elements, not a million parsed cells). Up to
    ``byte_budget`` bytes of the sheet are read when given (the header search), else the whole
    part."""
    book = sheet.parent
    with sheet._get_source() as raw:
        source = raw if byte_budget is None else _Capped(raw, byte_budget)
        parser = WorkSheetParser(
            source,
            _Strings(sheet._shared_strings),
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        # End events only (a start event per element doubled the parse's cost): a row's first
        # ``max_col`` cells are kept and parsed when the row ends -- when its number is known,
        # as openpyxl's parse_row reads it -- and the cells past them are emptied as they end,
        # so a row of a million cells holds a million empty elements at most, never parsed.
        kept: list[Any] = []
        elements = 0
        try:
            for _event, element in iterparse(source):
                elements += 1
                if elements > L.MAX_SHEET_ELEMENTS:
                    raise _TooBig(elements)
                tag = element.tag
                if tag == _CELL_TAG:
                    if len(kept) < max_col:
                        kept.append(element)
                    else:
                        element.clear()
                elif tag == _ROW_TAG:
                    number = _row_number(parser, element)
                    parser.row_counter = number if number is not None else 0
                    parser.col_counter = 0
                    cells = [_parse_cell(parser, cell) for cell in kept]
                    kept = []
                    element.clear()
                    yield number, cells
        except ParseError:
            if byte_budget is None:
                raise
            # The header search read its budget: the rows so far are all it needs.


class _TooBig(Exception):
    """A sheet with more XML elements than ``L.MAX_SHEET_ELEMENTS``."""


class _Capped(io.RawIOBase):
    """At most ``budget`` bytes of ``source``, then end of file."""

    def __init__(self, source: Any, budget: int) -> None:
        super().__init__()
        self.source = source
        self.left = budget

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if self.left <= 0:
            return b""
        want = self.left if size is None or size < 0 else min(size, self.left)
        data: bytes = self.source.read(want)
        self.left -= len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _rows(
    sheet: Any, max_row: int, max_col: int, *, fill: bool = True, byte_budget: int | None = None
) -> Iterator[tuple[int, list[Cell]]]:
    """Rows 1 to ``max_row`` (missing ones empty when ``fill``), each ``max_col`` cells wide,
    numbered and filled exactly as ``iter_rows(min_row=1, max_row=..., max_col=...)`` would.

    Without ``fill``, rows come as the sheet holds them: none for rows it leaves out, and a row
    numbered out of order (or 0, or below, or not a number: ``-1`` then) is yielded for the
    caller to report, where ``iter_rows`` would skip it."""
    letters = [get_column_letter(i) for i in range(1, max_col + 1)]
    if not hasattr(sheet, "_get_source"):  # not a streaming sheet: the public way
        rows = sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col)
        for index, row in enumerate(rows, start=1):
            yield index, _cells(row, index, letters)
        return
    regular = list(range(1, max_col + 1))
    counter = 1
    index = 0
    for number, parsed in _parsed_rows(sheet, max_col, byte_budget):
        index = number if number is not None else -1
        if index > max_row:
            break
        if fill:
            while counter < index:  # rows the sheet leaves out
                yield counter, _empty(counter, letters)
                counter += 1
        if counter <= index and [c[0] for c in parsed] == regular:
            # Every column present and in order (what the export writes): no gaps to fill.
            row = str(index)
            yield (
                index,
                [
                    _new_cell(Cell, (letter + row, value, kind))
                    for letter, (_, value, kind) in zip(letters, parsed, strict=True)
                ],
            )
            counter = index + 1
        elif counter <= index or not fill:
            values: list[object] = [None] * max_col
            kinds = ["n"] * max_col
            for column, value, kind in parsed:
                if 1 <= column <= max_col:
                    values[column - 1] = value
                    kinds[column - 1] = kind
            row = str(index)
            yield (
                index,
                [
                    _new_cell(Cell, (letter + row, value, kind))
                    for letter, value, kind in zip(letters, values, kinds, strict=True)
                ],
            )
            counter = max(counter, index + 1)
        # (with ``fill``, a row numbered out of order is skipped, as openpyxl does)
    if fill and index > max_row:
        for number in range(counter, max_row + 1):
            yield number, _empty(number, letters)


#: ``Cell(...)`` without the Python-level ``__new__`` a named tuple adds: one is made per cell.
_new_cell: Any = tuple.__new__


def _empty(index: int, letters: list[str]) -> list[Cell]:
    return [Cell(f"{letter}{index}", None, "n") for letter in letters]


def sheet_cells(
    sheet: Any, name: str, first_row: int, max_col: int
) -> Iterator[tuple[int, list[Cell]]]:
    """Rows from ``first_row`` on as the sheet holds them (rows it leaves out are not made up;
    a row out of order comes with its own number), each the first ``max_col`` cells, under the
    row cap: at most ``L.MAX_ROWS`` rows present, whatever their numbers."""
    # Explicit bounds: openpyxl would otherwise take them from <dimension ref="A1:XFD1048576"/>
    # (or, without one, parse the whole sheet once just to find its size).
    sheet.reset_dimensions()
    started = False
    for present, (index, cells) in enumerate(_bounded(sheet, name, max_col), start=1):
        if present > L.MAX_ROWS:
            raise InputError(
                name,
                f"has more than {L.MAX_ROWS:,} rows on its matrix sheet (row {index:,} is the "
                f"{present:,}th); a review workbook never does",
            )
        started = started or index >= first_row
        if started or index < 1:  # (out of order after the data began: for the caller)
            yield index, cells


def _bounded(sheet: Any, name: str, max_col: int) -> Iterator[tuple[int, list[Cell]]]:
    try:
        yield from _rows(sheet, _NO_ROW_LIMIT, max_col, fill=False)
    except _TooBig:
        raise InputError(
            name,
            f"its sheet {sheet.title!r} holds more than {L.MAX_SHEET_ELEMENTS:,} cells and "
            "values (the 240,000-cell benchmark's Matrix holds 1.2 million): refusing to read it",
        ) from None


#: Rows are capped by how many the sheet holds, not by their numbers.
_NO_ROW_LIMIT = 1 << 62


def head_rows(sheet: Any, max_col: int = L.MAX_COLUMNS) -> list[list[Cell]]:
    """The first rows of a sheet, where the key and header rows are, capped in width and in
    the bytes read (a sheet that is not the matrix costs at most ``L.HEAD_BYTES``)."""
    sheet.reset_dimensions()
    return [
        cells for _, cells in _rows(sheet, L.HEADER_SEARCH_ROWS, max_col, byte_budget=L.HEAD_BYTES)
    ]
