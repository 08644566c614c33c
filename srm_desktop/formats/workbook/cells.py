"""User text in cells: written so that it stays text, and read back unchanged.

openpyxl turns a string that starts with ``=`` into a formula and ``#N/A`` into an error cell;
Excel and LibreOffice run a formula typed after ``+``, ``-`` or ``@`` when someone edits the cell.
So every string we write is a string cell (never a formula or error), and text that a
spreadsheet could take for a formula also gets ``quotePrefix``, the apostrophe that keeps it text
when a stakeholder edits the cell (:mod:`sheetxml` writes the cells).

XML cannot carry a carriage return in text (parsers turn it into a line feed), nor control
characters, lone surrogates or U+FFFE/U+FFFF at all, so those are written as the OOXML escape
``_xHHHH_`` (``_x000D_``), and literal text that looks like an escape is itself escaped
(``_x005F_``), the way Excel does; :func:`read_text` undoes both. The domain refuses most of these
characters when they are typed; the escape is the writer's guarantee that none reaches the XML.
"""

from __future__ import annotations

import re
from typing import Final

#: Leading characters a spreadsheet may read as the start of a formula.
FORMULA_TRIGGERS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r", "\n")

#: An underscore that starts an escape look-alike. A lookahead, not a match: in ``_x005F_x0041_``
#: the underscore that ends one look-alike starts the next, and both need escaping.
_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Carriage return (legal XML, but parsers normalise it) and every character XML 1.0 forbids.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def escape_text(text: str) -> str:
    """The OOXML form of ``text``: ``_xHHHH_`` look-alikes escaped, then carriage returns and
    characters XML cannot hold written as ``_xHHHH_``."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    if _UNWRITABLE.search(text):
        text = _UNWRITABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def read_text(text: str) -> str:
    """Decode ``_xHHHH_`` escapes (what Excel writes for control characters) in cell text."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


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
