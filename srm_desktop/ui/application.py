"""``srm-desktop [FILE]``: the QApplication, the main window, and FILE if given.

At start, copies of unsaved work left by a crashed session are offered before FILE is opened:
restoring one replaces opening FILE (it may well be the same file, with the lost changes).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from srm_desktop import __version__

ORGANIZATION = "srm-desktop"
APPLICATION = "SRM Desktop"


def create_app(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["srm-desktop", *argv])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    return app


def run(argv: list[str]) -> int:
    if any(a in ("-h", "--help") for a in argv):
        print("usage: srm-desktop [FILE.srm]\n\nOpens the SRM Desktop editor, with FILE if given.")
        return 0
    files = [a for a in argv if not a.startswith("-")]
    if len(files) > 1:
        print("srm-desktop: give at most one project file", file=sys.stderr)
        return 2
    app = create_app(argv)
    from srm_desktop.ui.main_window import MainWindow  # after QApplication exists

    window = MainWindow()
    window.show()
    restored = window.file.offer_recovery()  # a crashed session's unsaved work comes first
    if files and not restored:
        window.file.load(Path(files[0]))
    return app.exec()
