"""RACI letters: parsing what people type and writing the one canonical form.

A cell holds a *set* of the letters R, A, C, I. The canonical text is the letters in R, A, C, I
order joined by ``/`` ("R/A", "C", "" for an empty cell); it is what the project file, the CSV and
the workbook write. Reading is forgiving the way a person is: any order, any case, separators
``/ , ; + &`` or spaces, full-width letters -- anything else is an error, never a guess.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from enum import StrEnum
from itertools import combinations
from typing import Final

from srm_desktop.domain.words import words


class Letter(StrEnum):
    """One RACI role. The order of definition is the canonical order."""

    R = "R"
    A = "A"
    C = "C"
    I = "I"  # noqa: E741 -- the letter is the domain's own name

    @property
    def meaning(self) -> str:
        return LETTER_MEANINGS[self]


#: ``Responsible: does the work``... (from ``resources/words.toml``).
LETTER_MEANINGS: Final[dict[Letter, str]] = {
    Letter(letter): meaning.line for letter, meaning in words().letters.items()
}

ORDER: Final[str] = "RACI"
SEPARATOR: Final[str] = "/"


def canonical(letters: Iterable[str]) -> str:
    """The canonical text of a set of letters: ``{"A", "R"}`` -> ``"R/A"``."""
    present = set(letters)
    return SEPARATOR.join(ch for ch in ORDER if ch in present)


#: Every canonical value a cell can hold (16 of them, "" included). Loading checks membership in
#: this set first, so the common case costs one hash lookup per cell.
CANONICAL_VALUES: Final[frozenset[str]] = frozenset(
    canonical(combo) for n in range(5) for combo in combinations(ORDER, n)
)

_SEPARATORS: Final[frozenset[str]] = frozenset("/,;+& \t\u3000")


class RaciParseError(ValueError):
    """Text that cannot be read as RACI letters; the message says which character is wrong."""


def parse(text: str) -> str:
    """Read RACI letters the way a person types them and return the canonical text.

    Accepts ``r``, `` R ``, ``A/R``, ``RA``, ``R, A``, full-width ``Ｒ``; a repeated letter is
    fine (``R/R`` is ``R``). Raises :class:`RaciParseError` naming the first character that is
    neither a RACI letter nor a separator.
    """
    if text in CANONICAL_VALUES:
        return text
    # NFKC folds full-width letters (U+FF32 "Ｒ") and the ideographic space to ASCII.
    folded = unicodedata.normalize("NFKC", text).upper()
    found: set[str] = set()
    for ch in folded:
        if ch in ORDER:
            found.add(ch)
        elif ch in _SEPARATORS:
            continue
        else:
            raise RaciParseError(f"{text!r} is not RACI letters: {ch!r} is not one of R, A, C, I")
    return canonical(found)


def letters_of(value: str) -> frozenset[str]:
    """The set of letters in a canonical value (``"R/A"`` -> ``{"R", "A"}``)."""
    return frozenset(value.split(SEPARATOR)) if value else frozenset()


def toggle(value: str, letter: str) -> str:
    """Add ``letter`` to the value, or remove it when present."""
    current = set(letters_of(value))
    current.symmetric_difference_update({letter})
    return canonical(current)
