from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from srm_desktop.domain.raci import CANONICAL_VALUES, RaciParseError, canonical, parse, toggle


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("r", "R"),
        (" R ", "R"),
        ("A/R", "R/A"),
        ("RA", "R/A"),
        ("R, A", "R/A"),
        ("a;r", "R/A"),
        ("ＲＡ", "R/A"),  # full-width letters from an East Asian keyboard
        ("I", "I"),
        ("icar", "R/A/C/I"),
        ("R/R", "R"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_people_type_letters_many_ways(typed: str, expected: str) -> None:
    assert parse(typed) == expected


@pytest.mark.parametrize("typed", ["X", "R?", "1", "Resp", "R-A", "✓"])
def test_anything_else_is_an_error_naming_the_character(typed: str) -> None:
    with pytest.raises(RaciParseError, match="is not one of R, A, C, I"):
        parse(typed)


def test_there_are_sixteen_canonical_values_in_raci_order() -> None:
    assert len(CANONICAL_VALUES) == 16
    assert "R/A/C/I" in CANONICAL_VALUES
    assert "A/R" not in CANONICAL_VALUES


@given(st.sets(st.sampled_from("RACI")), st.sampled_from(["", "/", ",", " ", "; "]))
def test_parse_of_any_rendering_is_canonical(letters: set[str], sep: str) -> None:
    typed = sep.join(sorted(letters, reverse=True)).lower()
    assert parse(typed) == canonical(letters)


def test_toggle_adds_and_removes() -> None:
    assert toggle("R", "A") == "R/A"
    assert toggle("R/A", "R") == "A"
    assert toggle("", "I") == "I"
