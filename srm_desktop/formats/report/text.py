"""Text helpers both report renderers share: user text made inert, letter colours, paper.

User text (names, rationales, notes) reaches the report verbatim but must never become markup,
script or a change of reading direction for the text around it: :func:`visible` shows bidi and
control characters as ``[U+202E]`` (a reviewer sees that something odd is there) and
:func:`escape` then escapes what HTML gives meaning to. Qt's rich text reads the same escapes.
"""

from __future__ import annotations

import html
import re
from typing import Final, Literal

from srm_desktop.domain.palette import palette
from srm_desktop.domain.rules import Owner

Paper = Literal["a4", "letter"]
PAPERS: Final[tuple[Paper, ...]] = ("a4", "letter")

# C0/C1 controls (tab and newline are kept: rationales have lines), and the bidi embeddings,
# overrides, isolates and marks that could reorder the text around a name.
_HIDDEN: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def visible(text: str) -> str:
    """``text`` with every control or bidi-control character written as ``[U+XXXX]``."""
    return _HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def escape(text: str) -> str:
    """User text as inert HTML: controls made visible, ``<>&"'`` escaped, lines kept."""
    return html.escape(visible(text), quote=True).replace("\n", "<br>")


def letter_colour(letters: str) -> tuple[str, str]:
    """(fill, text) for a cell's letters: the strongest letter's colour (R/A looks
    Accountable, as in the app and the workbook); white and black for an empty cell."""
    for colour in palette().letters:
        if colour.letter in letters:
            return colour.light.fill, colour.light.text
    return "FFFFFF", "000000"


def owner_colour(owner: Owner) -> tuple[str, str]:
    """(fill, text) of an owner on the heat map: the app's and the workbook's colours."""
    swatch = palette().owners[owner].light
    return swatch.fill, swatch.text
