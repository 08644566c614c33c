"""Persistent preferences through ``QSettings``: recent files, window geometry, the author name,
the theme (light, dark or the system's).

The application sets the organisation and application names, so ``QSettings()`` lands in the
platform's usual place; tests point ``QSettings`` at a temporary folder instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from srm_desktop.ui.theme import Theme

MAX_RECENT = 10
_RECENT = "recentFiles"
_GEOMETRY = "window/geometry"
_STATE = "window/state"
_AUTHOR = "author"
_THEME = "view/theme"
_REOPEN_LAST = "start/reopenLast"


class Settings:
    def __init__(self) -> None:
        self._qs = QSettings()

    def recent_files(self) -> list[Path]:
        value = self._qs.value(_RECENT, [])
        if isinstance(value, str):  # one entry comes back as a bare string on some backends
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(str(v)) for v in value]

    def _set_recent(self, paths: list[Path]) -> None:
        self._qs.setValue(_RECENT, [str(p) for p in paths[:MAX_RECENT]])

    def add_recent(self, path: Path) -> None:
        path = path.resolve()
        self._set_recent([path, *(p for p in self.recent_files() if p != path)])

    def remove_recent(self, path: Path) -> None:
        self._set_recent([p for p in self.recent_files() if p != path])

    def clear_recent(self) -> None:
        self._set_recent([])

    def geometry(self) -> QByteArray | None:
        value = self._qs.value(_GEOMETRY)
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._qs.value(_STATE)
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue(_GEOMETRY, geometry)
        self._qs.setValue(_STATE, state)
        self._qs.sync()

    def author(self) -> str | None:
        """The name recorded on manual overrides, or None when the user never set one."""
        value = self._qs.value(_AUTHOR)
        return value.strip() if isinstance(value, str) and value.strip() else None

    def set_author(self, name: str) -> None:
        self._qs.setValue(_AUTHOR, name.strip())
        self._qs.sync()

    def theme(self) -> Theme:
        """View ▸ Theme; anything unknown (a newer version's value) follows the system."""
        value = self._qs.value(_THEME)
        try:
            return Theme(str(value))
        except ValueError:
            return Theme.SYSTEM

    def set_theme(self, theme: Theme) -> None:
        self._qs.setValue(_THEME, theme.value)
        self._qs.sync()

    def reopen_last(self) -> bool:
        """Whether a start without a file reopens the most recent one (off unless chosen on
        the start page: the start page lists it one Enter away, and a large estate reopened
        unasked slows every start)."""
        value = self._qs.value(_REOPEN_LAST, False)
        return value is True or str(value).lower() == "true"

    def set_reopen_last(self, reopen: bool) -> None:
        self._qs.setValue(_REOPEN_LAST, bool(reopen))
        self._qs.sync()
