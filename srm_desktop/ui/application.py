"""``srm-desktop [FILE]``: the QApplication, the main window, and FILE if given.

At start, copies of unsaved work left by a crashed session are offered before FILE is opened:
restoring one replaces opening FILE (it may well be the same file, with the lost changes).
"""

from __future__ import annotations

import gc
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
import srm_desktop.domain.matrix_search
import srm_desktop.domain.palette
import srm_desktop.domain.validation
import srm_desktop.domain.visible_text
import srm_desktop.formats.csv_export
import srm_desktop.formats.project_file  # noqa: F401
from srm_desktop import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

ORGANIZATION = "srm-desktop"
APPLICATION = "SRM Desktop"

#: Printed when Qt cannot start its platform plugin (Qt's own message then aborts the process):
#: on Linux that is nearly always the xcb plugin's system libraries, or no display at all.
PLATFORM_HINT = (
    "srm-desktop: Qt could not open a window. On Linux install the libraries of Qt's xcb "
    "plugin (Debian/Ubuntu: sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-image0 "
    "libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 "
    "libxkbcommon-x11-0 libegl1; see README, Linux), check that DISPLAY or WAYLAND_DISPLAY is "
    "set, or try QT_QPA_PLATFORM=wayland."
)


def platform_failure_hint(message: str) -> str | None:
    """The one-line hint for a Qt message, if it says the platform plugin could not start."""
    lowered = message.lower()
    if "platform plugin" in lowered and ("could not" in lowered or "no qt platform" in lowered):
        return PLATFORM_HINT
    return None


def _new_application(argv: list[str]) -> QApplication:
    """QApplication, with the hint printed if its platform plugin fails: Qt reports that with
    a fatal message and aborts, so the message handler is the last moment Python runs."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    hinted = False

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        nonlocal hinted
        print(message, file=sys.stderr)
        hint = platform_failure_hint(message)
        if hint is not None and not hinted:
            hinted = True
            print(hint, file=sys.stderr, flush=True)

    previous = qInstallMessageHandler(handler)
    try:
        return QApplication(["srm-desktop", *argv])
    finally:
        qInstallMessageHandler(previous)


#: Top-level packages loaded before PySide6 that never use it, besides the standard library's.
_WITHOUT_QT = frozenset({"pydantic", "pydantic_core", "typing_extensions", "annotated_types"})


def _spare_pyside_source_reads() -> None:
    """Start-up speed only. PySide6's import hook decides once per module whether it uses
    PySide6 (for ``from __feature__ import ...``) by reading the module's source for the word,
    and it asks again for a module loaded before PySide6 the first time an import statement
    names it afterwards (~60 of the domain, formats, pydantic and standard-library modules
    during a start: ~10 ms CPU). Those modules never use Qt (the domain and formats are kept
    Qt-free by import-linter), so they get the hook's answer for such a module ("ignore",
    -1) without the read. Nothing here uses ``__feature__``; if the hook's table is missing
    (another PySide6), nothing is done."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    stdlib = sys.stdlib_module_names
    for name in list(sys.modules):
        top = name.partition(".")[0]
        ours = top == "srm_desktop" and name.startswith(
            ("srm_desktop.domain", "srm_desktop.formats")
        )
        if name not in table and (ours or top in stdlib or top in _WITHOUT_QT):
            table[name] = -1


def create_app(argv: list[str]) -> QApplication:
    from PySide6.QtWidgets import QApplication

    _spare_pyside_source_reads()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else _new_application(argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    return app


def resume_cycle_collector() -> None:
    """Turn the cycle collector back on once the event loop is idle, i.e. after the first
    paint, if the entry point paused it (``srm_desktop.app.main``); otherwise do nothing.

    What start-up built (modules, the window, the opened project) lives as long as the app, so
    it is frozen (``gc.freeze``): later collections skip it instead of walking a large
    estate's ~10^6 objects. Reference counting frees frozen objects as usual; only a garbage
    cycle left over from start-up would stay, and the project holds none.
    """
    if gc.isenabled():
        return
    from PySide6.QtCore import QTimer

    def resume() -> None:
        gc.freeze()
        gc.enable()

    QTimer.singleShot(0, resume)


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
    elif not restored:
        window.reopen_last_file()  # only if chosen on the start page
    resume_cycle_collector()
    return app.exec()
