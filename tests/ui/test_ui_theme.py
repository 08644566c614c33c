"""The app and the review workbook speak one colour language (resources/palette.toml)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from srm_desktop.domain.palette import palette
from srm_desktop.domain.rules import Owner
from srm_desktop.formats.workbook.styles import LETTER_COLOURS, OWNER_COLOURS
from srm_desktop.ui.theme import letter_color, owner_color


def _palette(base: str) -> QPalette:
    qt = QPalette()
    qt.setColor(QPalette.ColorRole.Base, QColor(base))
    return qt


def test_a_letter_and_an_owner_look_the_same_in_the_app_and_the_workbook(qapp) -> None:
    light = _palette("#ffffff")
    for letter, _fill, text in LETTER_COLOURS:
        assert letter_color(letter, light).name().upper() == f"#{text}"
    for owner, (fill, _text) in OWNER_COLOURS.items():
        assert owner_color(owner, light).name().upper() == f"#{fill}"
    assert [letter for letter, _, _ in LETTER_COLOURS] == ["A", "R", "C", "I"]


def test_dark_backgrounds_take_the_dark_variant(qapp) -> None:
    dark = _palette("#202020")
    a = palette().letter("A")
    assert a is not None
    assert letter_color("A", dark).name().upper() == f"#{a.dark.text}"
    assert (
        owner_color(Owner.SHARED, dark).name().upper()
        == f"#{palette().owners[Owner.SHARED].dark.fill}"
    )
