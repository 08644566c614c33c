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
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

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
    with guarded(source):
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False
        )


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
        """The value as the problem report quotes it."""
        return repr(self.value) if self.value is not None else "(empty)"


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


def _rows(sheet: Any, max_row: int, max_col: int) -> Iterator[tuple[int, list[Cell]]]:
    """Rows 1 to ``max_row`` (missing ones empty), each ``max_col`` cells wide, numbered and
    filled exactly as ``iter_rows(min_row=1, max_row=..., max_col=...)`` would."""
    letters = [get_column_letter(i) for i in range(1, max_col + 1)]
    if not hasattr(sheet, "_get_source"):  # not a streaming sheet: the public way
        rows = sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col)
        for index, row in enumerate(rows, start=1):
            yield index, _cells(row, index, letters)
        return
    book = sheet.parent
    regular = list(range(1, max_col + 1))
    counter = 1
    index = 0
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for index, parsed in parser.parse():
            if index > max_row:
                break
            while counter < index:  # rows the sheet leaves out
                yield counter, _empty(counter, letters)
                counter += 1
            if counter == index and [c["column"] for c in parsed] == regular:
                # Every column present and in order (what the export writes): no gaps to fill.
                row = str(index)
                yield (
                    index,
                    [
                        _new_cell(Cell, (letter + row, cell["value"], cell["data_type"]))
                        for letter, cell in zip(letters, parsed, strict=True)
                    ],
                )
                counter += 1
            elif counter == index:  # (a row numbered out of order is skipped, as openpyxl does)
                values: list[object] = [None] * max_col
                kinds = ["n"] * max_col
                for cell in parsed:
                    column = cell["column"]
                    if 1 <= column <= max_col:
                        values[column - 1] = cell["value"]
                        kinds[column - 1] = cell["data_type"]
                row = str(index)
                yield (
                    index,
                    [
                        _new_cell(Cell, (letter + row, value, kind))
                        for letter, value, kind in zip(letters, values, kinds, strict=True)
                    ],
                )
                counter += 1
    if index > max_row:
        for number in range(counter, max_row + 1):
            yield number, _empty(number, letters)


#: ``Cell(...)`` without the Python-level ``__new__`` a named tuple adds: one is made per cell.
_new_cell: Any = tuple.__new__


def _empty(index: int, letters: list[str]) -> list[Cell]:
    return [Cell(f"{letter}{index}", None, "n") for letter in letters]


def sheet_cells(
    sheet: Any, name: str, first_row: int, max_col: int
) -> Iterator[tuple[int, list[Cell]]]:
    """Rows from ``first_row`` on, each the first ``max_col`` cells, under the row cap."""
    # Explicit bounds: openpyxl would otherwise take them from <dimension ref="A1:XFD1048576"/>
    # (or, without one, parse the whole sheet once just to find its size).
    sheet.reset_dimensions()
    for index, cells in _rows(sheet, L.MAX_ROWS + 1, max_col):
        if index > L.MAX_ROWS:
            raise InputError(
                name, f"has more than {L.MAX_ROWS:,} rows; a review workbook never does"
            )
        if index >= first_row:
            yield index, cells


def head_rows(sheet: Any) -> list[list[Cell]]:
    """The first rows of a sheet, where the key and header rows are, capped in width."""
    sheet.reset_dimensions()
    return [cells for _, cells in _rows(sheet, L.HEADER_SEARCH_ROWS, L.MAX_COLUMNS)]
