"""Colours for roles and owners, chosen from the palette's lightness so light and dark themes
both read well. Colour never stands alone: every coloured thing also shows its letter."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from srm_desktop.domain.rules import Owner

# Hues in degrees: R green, A red, C blue, I grey-violet (common RACI chart colours).
_LETTER_HUES = {"R": 130, "A": 5, "C": 210, "I": 275}
_OWNER_HUES = {Owner.PROVIDER: 210, Owner.CUSTOMER: 30, Owner.SHARED: 280}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def letter_color(letter: str, palette: QPalette) -> QColor:
    hue = _LETTER_HUES.get(letter)
    if hue is None:
        return palette.color(QPalette.ColorRole.Text)
    saturation = 0 if letter == "I" else 200
    if letter == "I":
        saturation = 60
    return QColor.fromHsl(hue, saturation, 175 if is_dark(palette) else 85)


def owner_color(owner: Owner, palette: QPalette) -> QColor:
    """A soft background for an owner (the overview's cells, the matrix's owner column)."""
    dark = is_dark(palette)
    return QColor.fromHsl(_OWNER_HUES[owner], 110 if dark else 170, 70 if dark else 215)


def override_marker_color(palette: QPalette) -> QColor:
    return QColor.fromHsl(35, 230, 150 if is_dark(palette) else 120)


def problem_color(palette: QPalette) -> QColor:
    return QColor.fromHsl(0, 200, 160 if is_dark(palette) else 110)
