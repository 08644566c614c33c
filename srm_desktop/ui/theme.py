"""Colours for roles and owners from ``resources/palette.toml`` (the review workbook reads the
same file, so an A is the same blue in the app and in the workbook), in their light or dark
variant after the palette's lightness. Colour never stands alone: every coloured thing also
shows its letter."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from srm_desktop.domain.palette import palette as colours
from srm_desktop.domain.rules import Owner


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def letter_color(letter: str, palette: QPalette) -> QColor:
    """The colour a RACI letter is drawn in (its text colour for this background)."""
    colour = colours().letter(letter)
    if colour is None:
        return palette.color(QPalette.ColorRole.Text)
    return QColor(f"#{colour.on(is_dark(palette)).text}")


def owner_color(owner: Owner, palette: QPalette) -> QColor:
    """A soft background for an owner (the overview's cells, the matrix's owner column)."""
    return QColor(f"#{colours().owners[owner].on(is_dark(palette)).fill}")


def override_marker_color(palette: QPalette) -> QColor:
    return QColor.fromHsl(35, 230, 150 if is_dark(palette) else 120)


def problem_color(palette: QPalette) -> QColor:
    return QColor.fromHsl(0, 200, 160 if is_dark(palette) else 110)
