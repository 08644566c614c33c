"""The explanatory words, read once from ``resources/words.toml``: the shared responsibility
model, the service categories, the RACI letters and the review steps. The Primer, the workbook's
Legend and its drop-down prompt render from here, so they cannot drift apart."""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.resources import read_toml

_FILE = "words.toml"


class CategoryWords(NamedTuple):
    label: str
    short: str
    legend: str
    primer: str


class LetterWords(NamedTuple):
    name: str
    meaning: str
    brief: str

    @property
    def line(self) -> str:
        """``Responsible: does the work``."""
        return f"{self.name}: {self.meaning}"


class Words(NamedTuple):
    model_sentences: tuple[str, ...]
    primer_intro: str
    primer_variants: str
    #: By category value (``infrastructure``, ``container``, ``abstracted``).
    categories: dict[str, CategoryWords]
    #: By letter, in R, A, C, I order.
    letters: dict[str, LetterWords]
    raci_rules: str
    review_steps: tuple[str, ...]
    owners_heading: str
    #: By owner letter: P, C, S, N.
    owners: dict[str, str]
    #: By kind of sharing: configure, split.
    sharing: dict[str, str]


@cache
def words() -> Words:
    data = read_toml(_FILE)
    try:
        return _words(data)
    except (KeyError, TypeError) as exc:
        raise InputError(f"resources/{_FILE}", f"missing or malformed entry: {exc}") from None


def _words(data: dict[str, Any]) -> Words:
    model = data["model"]
    return Words(
        model_sentences=tuple(str(s) for s in model["sentences"]),
        primer_intro=str(model["primer_intro"]),
        primer_variants=str(model["primer_variants"]),
        categories={
            key: CategoryWords(str(v["label"]), str(v["short"]), str(v["legend"]), str(v["primer"]))
            for key, v in data["categories"].items()
        },
        letters={
            letter: LetterWords(
                str(data["letters"][letter]["name"]),
                str(data["letters"][letter]["meaning"]),
                str(data["letters"][letter]["brief"]),
            )
            for letter in "RACI"
        },
        raci_rules=str(data["raci"]["rules"]),
        review_steps=tuple(str(s) for s in data["review"]["steps"]),
        owners_heading=str(data["owners"]["heading"]),
        owners={key: str(data["owners"][key]) for key in "PCSN"},
        sharing={key: str(data["sharing"][key]) for key in ("configure", "split")},
    )
