"""The explanatory words live once (resources/words.toml); the domain's names read them."""

from __future__ import annotations

from srm_desktop.domain.catalog import Category
from srm_desktop.domain.raci import LETTER_MEANINGS, Letter
from srm_desktop.domain.words import words


def test_letters_and_categories_read_their_words_from_the_one_file() -> None:
    w = words()
    assert list(w.letters) == ["R", "A", "C", "I"]
    assert (
        LETTER_MEANINGS[Letter.A]
        == "Accountable: owns the outcome and signs off; exactly one per row"
    )
    assert {c.value for c in Category} == set(w.categories)
    assert Category.CONTAINER.label == "Container (managed platform)"
    assert w.categories["container"].short == "Container"
    assert len(w.model_sentences) == 3
    assert len(w.review_steps) == 4


def test_the_workbook_and_the_primer_render_the_same_letters() -> None:
    from srm_desktop.formats.workbook.export import _party_validation

    prompt = _party_validation("Platform", "F", 10).prompt
    assert prompt == (
        "Platform: R Responsible (does the work), A Accountable (signs off; one per row), "
        "C Consulted (asked before), I Informed (told after). Several letters: R/A."
    )
    assert len(prompt) <= 255
