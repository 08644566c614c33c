"""Worksheet rows as SpreadsheetML text, written directly instead of through openpyxl cells.

openpyxl builds a cell object and an XML element per cell, which makes a 240,000-cell export
four times slower than writing the same XML as text. Here a cell is a string fragment, cached by
(text, style): a matrix repeats the same letters, areas and sources thousands of times, so most
cells cost one dictionary look-up and one string concatenation.

Text goes into the shared strings table (smaller files; Excel prefers it), except text that
contains an ``_xHHHH_`` escape (or openpyxl's ``x005F_`` marker): openpyxl's shared-string reader
half-decodes those (it deletes every ``x005F_``), so a literal ``_x000D_`` typed by a user would
come back as a carriage return. Inline strings are read verbatim by every reader, so such text
is written inline and reads back identical. Text that cannot appear in XML at all -- control
characters, lone surrogates, U+FFFE/U+FFFF, and the carriage return that parsers turn into a line
feed -- is written as its ``_xHHHH_`` escape, as Excel does (:func:`cells.escape_text`).

Nothing here imports openpyxl or Qt; styles arrive as the cell-format (xf) indexes the workbook
shell registered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from srm_desktop.domain.errors import SrmError
from srm_desktop.formats.workbook.cells import escape_text, needs_quote_prefix

#: Excel's limits: a worksheet's rows and columns, and the characters one cell holds.
MAX_SHEET_ROWS: Final[int] = 1_048_576
MAX_SHEET_COLUMNS: Final[int] = 16_384
MAX_CELL_CHARS: Final[int] = 32_767

MAIN_NS: Final[str] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

_XML_ESCAPES: Final[dict[int, str]] = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}


class SheetLimitError(SrmError):
    """The workbook would break one of Excel's hard limits (rows, columns, cell length)."""


def column_letter(index: int) -> str:
    """``1 -> A``, ``27 -> AA``: the column part of a cell reference."""
    if not 1 <= index <= MAX_SHEET_COLUMNS:
        raise SheetLimitError(
            f"column {index:,} is beyond the {MAX_SHEET_COLUMNS:,} columns a worksheet holds"
        )
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xml_text(text: str) -> str:
    """``text`` as XML character data (the OOXML escapes must already be applied)."""
    if "&" in text or "<" in text or ">" in text:
        return text.translate(_XML_ESCAPES)
    return text


def _t_element(escaped: str) -> str:
    """A ``<t>`` element; leading or trailing blanks need ``xml:space`` or Excel drops them."""
    space = ' xml:space="preserve"' if escaped[:1].isspace() or escaped[-1:].isspace() else ""
    return f"<t{space}>{xml_text(escaped)}</t>"


def read_verbatim_only(escaped: str) -> bool:
    """Whether this (escaped) text must be an inline string to read back unchanged (see the
    module docstring: openpyxl's shared-string reader rewrites ``x005F_``)."""
    return "_x" in escaped or "x005F_" in escaped


class SharedStrings:
    """The workbook's shared strings table (``xl/sharedStrings.xml``)."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._index)

    def add(self, escaped: str) -> int:
        """The index of ``escaped`` (text with OOXML escapes applied), added when new."""
        index = self._index.get(escaped)
        if index is None:
            index = self._index[escaped] = len(self._index)
        return index

    def xml(self) -> Iterator[str]:
        """The part, in pieces (one per string) for the caller to batch."""
        yield (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{MAIN_NS}" uniqueCount="{len(self._index)}">'
        )
        for escaped in self._index:
            yield f"<si>{_t_element(escaped)}</si>"
        yield "</sst>"


class CellEncoder:
    """Cell fragments -- everything of a ``<c>`` element after its ``r`` attribute -- cached by
    value and style. ``styles`` maps a named style to its two cell-format indexes: plain, and
    with ``quotePrefix`` (text a spreadsheet could take for a formula)."""

    def __init__(self, styles: Mapping[str, tuple[int, int]], strings: SharedStrings) -> None:
        self._styles = styles
        self._strings = strings
        self._text: dict[tuple[str, str], str] = {}

    def text(self, text: str, style: str) -> str:
        """A cell holding ``text`` as a string whatever it looks like (never a formula, a number
        or an error value); empty text gives a styled empty cell."""
        key = (text, style)
        fragment = self._text.get(key)
        if fragment is None:
            fragment = self._text[key] = self._encode(text, style)
        return fragment

    def _encode(self, text: str, style: str) -> str:
        plain, quoted = self._styles[style]
        if not text:
            return f' s="{plain}"/>'
        if len(text) > MAX_CELL_CHARS:
            raise SheetLimitError(
                f"a text of {len(text):,} characters is longer than the {MAX_CELL_CHARS:,} "
                f"an Excel cell holds: {text[:40]!r}…"
            )
        xf = quoted if needs_quote_prefix(text) else plain
        escaped = escape_text(text)
        if read_verbatim_only(escaped):
            return f' s="{xf}" t="inlineStr"><is>{_t_element(escaped)}</is></c>'
        return f' s="{xf}" t="s"><v>{self._strings.add(escaped)}</v></c>'

    def number(self, value: int | float, style: str) -> str:
        """A numeric cell (counts we computed ourselves)."""
        return f' s="{self._styles[style][0]}"><v>{value!r}</v></c>'


class SheetRows:
    """Numbers rows and turns lists of cell fragments into ``<row>`` elements."""

    def __init__(self, width: int) -> None:
        self._columns = [column_letter(i) for i in range(1, max(width, 1) + 1)]
        self.count = 0

    def row(
        self,
        fragments: Sequence[str | None],
        *,
        height: float | None = None,
        hidden: bool = False,
    ) -> str:
        """The next row; ``None`` leaves a cell out, a custom height makes room for wrapped
        text (spreadsheets do not grow rows for it when they open a file)."""
        self.count += 1
        number = self.count
        if number > MAX_SHEET_ROWS:
            raise SheetLimitError(
                f"more than the {MAX_SHEET_ROWS:,} rows a worksheet holds: the project is too "
                "large for one workbook"
            )
        if len(fragments) > len(self._columns):
            raise ValueError(f"row {number} has {len(fragments)} cells, the sheet {len(self)}")
        n = str(number)
        attributes = f' ht="{height!r}" customHeight="1"' if height is not None else ""
        if hidden:
            attributes += ' hidden="1"'
        columns = self._columns
        parts = [f'<row r="{n}"{attributes}>']
        parts += [
            f'<c r="{columns[i]}{n}"{fragment}'
            for i, fragment in enumerate(fragments)
            if fragment is not None
        ]
        parts.append("</row>")
        return "".join(parts)

    def __len__(self) -> int:
        return len(self._columns)
