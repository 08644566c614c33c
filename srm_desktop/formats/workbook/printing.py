"""How the review workbook prints: paper, the width a sheet's columns take on paper, the scale
"fit to one page wide" gives them, and where a page may break.

The numbers follow Excel's: a column ``w`` characters wide is ``7w + 5`` pixels at Calibri
11 pt, 96 pixels to the inch. A sheet fitted to the page's width prints its 11-pt text at
``11 * scale`` points, so a column layout is chosen for the scale it gives (the Matrix sheet's
aim: 9 pt or more on A4 and on US Letter, landscape).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from enum import StrEnum
from math import ceil
from typing import Final

#: The body text's size (``styles._font``).
FONT_POINTS: Final[float] = 11.0
#: The smallest printed size a reviewer reads comfortably.
READABLE_POINTS: Final[float] = 9.0
SIDE_MARGIN_INCHES: Final[float] = 0.25
TOP_BOTTOM_MARGIN_INCHES: Final[float] = 1.0
#: Excel accepts at most this many manual page breaks per sheet.
MAX_BREAKS: Final[int] = 1026


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def code(self) -> int:
        """The ``paperSize`` of SpreadsheetML's ``<pageSetup>``."""
        return 9 if self is Paper.A4 else 1

    def size(self, landscape: bool) -> tuple[float, float]:
        """Width and height in points."""
        short, long = (595.3, 841.9) if self is Paper.A4 else (612.0, 792.0)
        return (long, short) if landscape else (short, long)


#: Countries whose default paper is US Letter (the rest of the world uses A4).
_LETTER_COUNTRIES: Final[frozenset[str]] = frozenset(
    {"US", "CA", "MX", "CL", "CO", "VE", "PH", "PR", "CR", "GT", "SV", "NI", "PA", "DO", "BZ"}
)


def default_paper(environ: dict[str, str] | None = None) -> Paper:
    """``SRM_PAPER`` (``a4`` or ``letter``) if set, else the locale's country (``LC_PAPER``,
    then ``LC_ALL``, then ``LANG``: ``en_US.UTF-8`` is Letter), else A4."""
    env = os.environ if environ is None else environ
    chosen = env.get("SRM_PAPER", "").strip().lower()
    if chosen in {p.value for p in Paper}:
        return Paper(chosen)
    for name in ("LC_PAPER", "LC_ALL", "LANG"):
        value = env.get(name, "")
        if value:
            territory = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            return Paper.LETTER if territory in _LETTER_COUNTRIES else Paper.A4
    return Paper.A4


def column_points(width: float) -> float:
    """A column ``width`` characters wide, in points on paper at 100 %."""
    return (7 * width + 5) * 0.75


def printable_width(paper: Paper, landscape: bool) -> float:
    return paper.size(landscape)[0] - 2 * 72 * SIDE_MARGIN_INCHES


def printable_height(paper: Paper, landscape: bool) -> float:
    return paper.size(landscape)[1] - 2 * 72 * TOP_BOTTOM_MARGIN_INCHES


def fit_scale(widths: Iterable[float], paper: Paper, landscape: bool = True) -> float:
    """The scale "fit to one page wide" prints the visible columns ``widths`` at (at most 1)."""
    total = sum(column_points(w) for w in widths)
    return min(1.0, printable_width(paper, landscape) / total) if total else 1.0


def printed_points(widths: Iterable[float], paper: Paper, landscape: bool = True) -> float:
    """The body text's printed size at fit-to-width."""
    return FONT_POINTS * fit_scale(widths, paper, landscape)


def block_breaks(
    blocks: Sequence[float], first_row: int, rows_per_block: int, page_body: float
) -> list[int]:
    """Manual row breaks so that no block of rows (a service's areas, each block ``blocks[i]``
    points high, ``rows_per_block`` rows, the first at sheet row ``first_row``) spans more pages
    than it must: a block that fits on a page is never split, a longer one starts on a fresh
    page when that saves it a page. ``page_body`` is what a page holds below its repeated
    header rows, in the sheet's points. A break is given as the last row of its page."""
    breaks: list[int] = []
    used = 0.0
    for index, height in enumerate(blocks):
        if used and used + height > page_body:
            fresh = ceil(height / page_body)
            here = 1 + ceil((height - (page_body - used)) / page_body)
            if fresh < here:
                breaks.append(first_row + index * rows_per_block - 1)
                used = 0.0
                if len(breaks) == MAX_BREAKS:
                    break
        used = (used + height) % page_body
    return breaks


def words_lines(text: str, width: float) -> int:
    """How many lines a bold header wraps to in a column ``width`` characters wide, breaking
    between words only (a word longer than a line takes a line of its own)."""
    per_line = max(int(width) - 1, 1)
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines
