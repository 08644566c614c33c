"""Text that users type: names, notes and rationales.

Everything a user types ends up in a JSON file, a CSV and an Excel cell. Excel cannot hold more
than 32,767 characters in a cell, and XML (so xlsx) cannot hold most control characters; UTF-8
cannot hold lone surrogates. Rejecting those when the text is entered -- not at export time --
is what keeps an export from failing in front of a review meeting.
"""

from __future__ import annotations

import re
from typing import Annotated, Final

from pydantic import AfterValidator, StringConstraints

MAX_CELL_TEXT: Final[int] = 32_767
MAX_NAME: Final[int] = 200

# C0 controls except tab/newline/carriage return, DEL, C1 controls, lone surrogates,
# and the two non-characters XML forbids.
_BAD_IN_LONG_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BAD_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _describe(ch: str) -> str:
    if "\ud800" <= ch <= "\udfff":
        return f"a lone surrogate U+{ord(ch):04X}"
    return f"the control character U+{ord(ch):04X}"


def check_long_text(value: str) -> str:
    """Notes and rationales: line breaks and tabs allowed, other control characters not."""
    bad = _BAD_IN_LONG_TEXT.search(value)
    if bad:
        raise ValueError(f"contains {_describe(bad.group())} at position {bad.start() + 1}")
    return value


def check_name(value: str) -> str:
    """Names are one line: no control characters at all, no surrounding blanks, not empty."""
    bad = _BAD_IN_NAME.search(value)
    if bad:
        raise ValueError(f"contains {_describe(bad.group())} at position {bad.start() + 1}")
    if value != value.strip():
        raise ValueError("must not start or end with blanks")
    return value


def check_optional_name(value: str) -> str:
    """Empty, or a name (:func:`check_name`)."""
    return check_name(value) if value else value


Name = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_NAME), AfterValidator(check_name)
]
#: A one-line text that may be left empty (a project's owner, its review): a name when given.
OptionalName = Annotated[
    str, StringConstraints(max_length=MAX_NAME), AfterValidator(check_optional_name)
]
LongText = Annotated[
    str, StringConstraints(max_length=MAX_CELL_TEXT), AfterValidator(check_long_text)
]

_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
IDENT_PATTERN: Final[str] = r"^[a-z0-9][a-z0-9._-]{0,63}$"
Ident = Annotated[str, StringConstraints(pattern=IDENT_PATTERN)]


def slugify(name: str, fallback: str = "item") -> str:
    """A stable, readable id from a display name: ``"Web fleet (prod)"`` -> ``"web-fleet-prod"``."""
    slug = _SLUG_CHARS.sub("-", name.lower()).strip("-")[:48].strip("-")
    return slug or fallback


def unique_ident(name: str, taken: set[str] | frozenset[str], fallback: str = "item") -> str:
    """``slugify(name)``, suffixed ``-2``, ``-3``... until it is not in ``taken``."""
    base = slugify(name, fallback)
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate
