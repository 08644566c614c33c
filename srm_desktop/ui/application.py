"""``srm-desktop [FILE]``: the QApplication, the main window, and FILE if given.

At start, copies of unsaved work left by a crashed session are offered before FILE is opened:
restoring one replaces opening FILE (it may well be the same file, with the lost changes).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

# Start-up speed only, not correctness: this block may be deleted and everything still works,
# a little slower. The window's pure-Python layers (pydantic, the domain, the project file) are
# imported before PySide6, which create_app imports: once PySide6 is loaded, its import hook
# (shibokensupport's __feature__ support) reads the source of every module imported after it to
# look for "PySide6", a cost per module (benchmarks/README.md, "Numbers behind the UI's
# comments"). A module the window needs at start and that is missing here is only slower.
import srm_desktop.domain.cell_ops
import srm_desktop.domain.clipboard
import srm_desktop.domain.edits
import srm_desktop.domain.factory
import srm_desktop.domain.validation
import srm_desktop.formats.csv_export
import srm_desktop.formats.project_file  # noqa: F401
from srm_desktop import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

ORGANIZATION = "srm-desktop"
APPLICATION = "SRM Desktop"


def create_app(argv: list[str]) -> QApplication:
    from PySide6.QtWidgets import QApplication

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
