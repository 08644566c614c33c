"""Colours for roles and owners from ``resources/palette.toml`` (the review workbook reads the
same file, so an A is the same blue in the app and in the workbook), in their light or dark
variant after the palette's lightness. Colour never stands alone: every coloured thing also
shows its letter.

The chrome's theme (View ▸ Theme: follow the system, light or dark) is set here too: the letter
and owner colours then take their dark variants by themselves, from the palette's lightness."""

from __future__ import annotations

from enum import StrEnum
from typing import Final, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

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


# -- light / dark / follow the system ------------------------------------------------------------


class Theme(StrEnum):
    """The View ▸ Theme choice, as stored in the settings."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


#: The dark chrome (Fusion): dark enough that :func:`is_dark` picks the palette's dark variants.
_DARK_CHROME: Final[dict[QPalette.ColorRole, str]] = {
    QPalette.ColorRole.Window: "#2d2d2d",
    QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1f1f1f",
    QPalette.ColorRole.AlternateBase: "#282828",
    QPalette.ColorRole.ToolTipBase: "#3a3a3a",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Text: "#e8e8e8",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e8e8e8",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Light: "#4a4a4a",
    QPalette.ColorRole.Midlight: "#3e3e3e",
    QPalette.ColorRole.Mid: "#2a2a2a",
    QPalette.ColorRole.Dark: "#191919",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Link: "#7ab8ff",
    QPalette.ColorRole.LinkVisited: "#c39bff",
    QPalette.ColorRole.Highlight: "#2f6fb5",
    QPalette.ColorRole.HighlightedText: "#ffffff",
}
_DARK_DISABLED: Final[dict[QPalette.ColorRole, str]] = {
    QPalette.ColorRole.WindowText: "#7f7f7f",
    QPalette.ColorRole.Text: "#7f7f7f",
    QPalette.ColorRole.ButtonText: "#7f7f7f",
    QPalette.ColorRole.Highlight: "#474747",
}


def dark_palette() -> QPalette:
    qt = QPalette()
    for role, colour in _DARK_CHROME.items():
        qt.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        qt.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return qt


class _System(NamedTuple):
    style: str
    palette: QPalette


_system: _System | None = None  # the style and palette the app started with


_current = Theme.SYSTEM


def current_theme() -> Theme:
    return _current


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Light and dark are Fusion with a fixed palette (so a Linux desktop without a platform
    theme gets dark too); "follow the system" puts back the style and palette the app started
    with. Views repaint through the palette change, and the matrix's and overview's colours
    follow :func:`is_dark` of the new palette."""
    global _system, _current
    if theme == _current:
        return
    if _system is None:
        _system = _System(app.style().name(), QPalette(app.palette()))
    hints = app.styleHints()
    if theme == Theme.SYSTEM:
        app.setStyle(_system.style)
        app.setPalette(_system.palette)
        hints.unsetColorScheme()
    else:
        dark = theme == Theme.DARK
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if dark else app.style().standardPalette())
    _current = theme


def changed_fill(palette: QPalette) -> QColor:
    """The background of a changed cell in the compare view (``palette.toml`` ``[changed]``)."""
    return QColor(f"#{colours().changed.on(is_dark(palette)).fill}")


def changed_marker_color(palette: QPalette) -> QColor:
    """The compare view's marker and border on a changed cell."""
    return QColor(f"#{colours().changed.on(is_dark(palette)).text}")
