"""Writing user text into cells so that it stays text, and reading it back unchanged.

openpyxl turns a string that starts with ``=`` into a formula and ``#N/A`` into an error cell;
Excel and LibreOffice run a formula typed after ``+``, ``-`` or ``@`` when someone edits the cell.
So every string we write is forced to data type ``s`` (never a formula or error), and text that a
spreadsheet could take for a formula also gets ``quotePrefix``, the apostrophe that keeps it text
when a stakeholder edits the cell.

XML cannot carry a carriage return in text (parsers turn it into a line feed), so it is written
as the OOXML escape ``_x000D_``, and literal text that looks like an escape is itself escaped
(``_x005F_``), the way Excel does; :func:`read_text` undoes both.
"""

from __future__ import annotations

import re
from copy import copy
from typing import Any, Final

from openpyxl.cell import WriteOnlyCell

#: Leading characters a spreadsheet may read as the start of a formula.
FORMULA_TRIGGERS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r", "\n")

_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def escape_text(text: str) -> str:
    """The OOXML form of ``text``: ``_xHHHH_`` look-alikes escaped, carriage returns encoded."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    if "\r" in text:
        text = text.replace("\r", "_x000D_")
    return text


def read_text(text: str) -> str:
    """Decode ``_xHHHH_`` escapes (what Excel writes for control characters) in cell text."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


_style_cache: dict[tuple[int, str], Any] = {}


def _apply_style(cell: WriteOnlyCell, style: str) -> None:
    """Give ``cell`` a named style. Looking the name up costs more than writing the cell, so
    the resolved style array is cached per workbook and copied (it is a small array of ints)."""
    workbook = cell.parent.parent
    key = (id(workbook), style)
    cached = _style_cache.get(key)
    if cached is None or cached[0] is not workbook:
        cell.style = style
        _style_cache[key] = (workbook, copy(cell._style))
        return
    cell._style = copy(cached[1])


def forget_styles(workbook: Any) -> None:
    """Drop the cache entries of a saved workbook (so its id cannot be reused stale)."""
    for key in [k for k in _style_cache if k[0] == id(workbook)]:
        del _style_cache[key]


def text_cell(sheet: Any, text: str, style: str | None = None) -> WriteOnlyCell:
    """A cell that holds ``text`` as a string, whatever it starts with."""
    cell = WriteOnlyCell(sheet, escape_text(text))
    cell.data_type = "s"  # never "f" (formula) or "e" (error), whatever openpyxl guessed
    if style is not None:
        _apply_style(cell, style)
    if needs_quote_prefix(text):
        cell.quotePrefix = True
    return cell


def styled_cell(sheet: Any, value: object, style: str) -> WriteOnlyCell:
    """A cell holding a value we produced ourselves (a number, a letter), with a named style."""
    if isinstance(value, str):
        return text_cell(sheet, value, style)
    cell = WriteOnlyCell(sheet, value)
    _apply_style(cell, style)
    return cell


LINE_HEIGHT: Final[float] = 15.0


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (an estimate).

    Excel does not grow rows for wrapped text when it opens a file, and LibreOffice does not
    always either, so the exporter sets row heights from this estimate.
    """
    if not text:
        return 1
    per_line = max(width * 1.2, 1.0)
    return sum(max(1, -(-len(part) // int(per_line))) for part in text.split("\n"))


def row_height(columns: list[tuple[str, float]]) -> float | None:
    """The height a row needs for its wrapped cells, or None when one line is enough."""
    lines = max((line_count(text, width) for text, width in columns), default=1)
    return LINE_HEIGHT * lines if lines > 1 else None
