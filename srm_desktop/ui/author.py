"""Who made an override: the name recorded on it, asked once before the first one.

The name defaults to the login name (``root`` on a shared build box says little). When the user
never set one in Preferences, the first override of a session asks for it, prefilled with the
login name; whatever the answer (a name, or Cancel for the login name), it is saved, so the
question comes once, ever. Preferences changes it later.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from srm_desktop.ui import prompts
from srm_desktop.ui.document import Document, current_author
from srm_desktop.ui.settings import Settings


def ask_before_first_override(window: QWidget, document: Document, settings: Settings) -> None:
    """Make ``document``'s first override ask for the author's name, if none was ever set."""
    if settings.author() is not None:
        return

    def ask() -> None:
        if settings.author() is not None:  # set meanwhile (Preferences, another window)
            document.author = settings.author() or document.author
            return
        login = current_author()
        name = prompts.ask_author(window, login)
        settings.set_author(name or login)
        document.author = name or login

    document.editor.before_first_override = ask
