"""The colour language, read from ``resources/palette.toml``: one colour per RACI letter and per
owner, for light and dark backgrounds, so the app and the review workbook agree (an A is the
same blue in both). Pure data: the UI turns it into ``QColor``, the workbook into fills."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.resources import read_toml
from srm_desktop.domain.rules import Owner

_FILE = "palette.toml"


class Swatch(NamedTuple):
    """A background and the letter drawn on it, as hex RGB without ``#``."""

    fill: str
    text: str


class Colour(NamedTuple):
    """One letter's (or owner's) colour on a light and on a dark background."""

    letter: str
    light: Swatch
    dark: Swatch

    def on(self, dark: bool) -> Swatch:
        return self.dark if dark else self.light


class Palette(NamedTuple):
    #: RACI letters, strongest first (a cell with several takes the first one's colour).
    letters: tuple[Colour, ...]
    owners: dict[Owner, Colour]
    #: A changed cell in the compare view (its letter is ``"Δ"``): fill behind the letters,
    #: text for its marker.
    changed: Colour

    def letter(self, letter: str) -> Colour | None:
        return next((c for c in self.letters if c.letter == letter), None)


@cache
def palette() -> Palette:
    data = read_toml(_FILE)
    try:
        letters = tuple(_colour(item) for item in data["letters"])
        owners = {Owner(item["letter"]): _colour(item) for item in data["owners"]}
        changed = _colour({"letter": "Δ", **data["changed"]})
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"resources/{_FILE}", f"malformed palette: {exc!r}") from None
    if sorted(c.letter for c in letters) != sorted("RACI") or set(owners) != set(Owner):
        raise InputError(f"resources/{_FILE}", "needs every RACI letter and every owner")
    return Palette(letters, owners, changed)


def _colour(item: dict[str, object]) -> Colour:
    def swatch(value: object) -> Swatch:
        if not isinstance(value, dict):
            raise TypeError(f"{value!r} is not a table")
        return Swatch(str(value["fill"]).upper(), str(value["text"]).upper())

    return Colour(str(item["letter"]), swatch(item["light"]), swatch(item["dark"]))


@cache
def party_colours() -> tuple[Colour, ...]:
    """The colours of customer-side parties, in column order (``[[parties]]``; the provider
    party takes the provider's owner colour). ``Colour.letter`` holds the colour's name."""
    data = read_toml(_FILE)
    try:
        found = tuple(
            Colour(str(item["name"]), *_colour({"letter": "", **item})[1:])
            for item in data["parties"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"resources/{_FILE}", f"malformed party colours: {exc!r}") from None
    if not found:
        raise InputError(f"resources/{_FILE}", "needs at least one party colour")
    return found
