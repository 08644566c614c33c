"""GUI measurements, each in a fresh offscreen process started by the suite.

``python -m benchmarks.gui_child bare`` -- a bare PySide6 window, shown and painted (the floor).
``python -m benchmarks.gui_child cold FILE`` -- the real app's main window with FILE, painted.
``python -m benchmarks.gui_child empty SETTINGS`` -- the app with no file, its start page painted.
Both print ``painted`` when the first paint event has been handled; the parent times from
process start to that line. ``python -m benchmarks.gui_child session FILE`` opens the window and
measures a cell edit, auto-fill, memory and the event-loop stalls during a workbook export and
import, printing one JSON object.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _exit_when_painted(widget: Any) -> None:
    from PySide6.QtCore import QEvent, QObject

    class Watcher(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                print("painted", flush=True)
                os._exit(0)
            return False

    watcher = Watcher(widget)
    target = getattr(widget, "matrix", None)
    (target.viewport() if target is not None else widget).installEventFilter(watcher)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["bench"])
    window = QMainWindow()
    window.resize(1280, 820)
    _exit_when_painted(window)
    window.show()
    app.exec()


def _isolated_settings(folder: str) -> None:
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("srm-desktop-bench")
    QCoreApplication.setApplicationName("SRM Desktop bench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
    QSettings().setValue("author", "Benchmark")  # never ask "Your name" on the first edit


def cold(path: str, settings: str) -> None:
    """What ``srm-desktop FILE`` does (srm_desktop.app.main, then ui.application.run), until
    the first paint."""
    from srm_desktop.app import prepare_start_up

    prepare_start_up()
    from srm_desktop.ui.application import create_app, resume_cycle_collector

    app = create_app([])
    _isolated_settings(settings)
    from srm_desktop.ui.main_window import MainWindow

    window = MainWindow()
    window.file.load(Path(path))
    _exit_when_painted(window)
    window.show()
    resume_cycle_collector()
    app.exec()


def empty(settings: str) -> None:
    """What ``srm-desktop`` with no file does, until its central area is painted: the start
    page where the window has one (the window's ``start_page_shown``), else the empty matrix."""
    from srm_desktop.app import prepare_start_up

    prepare_start_up()
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from srm_desktop.ui.application import create_app, resume_cycle_collector

    app = create_app([])
    _isolated_settings(settings)
    from srm_desktop.ui.main_window import MainWindow

    window = MainWindow()
    has_start_page = hasattr(window, "start_page_shown")

    def start_page_part(widget: Any) -> bool:
        while widget is not None:
            if widget.objectName() == "startPage":
                return True
            widget = widget.parentWidget()
        return False

    class Watcher(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            painted = event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
            content = painted and (
                start_page_part(obj) if has_start_page else obj is window.matrix.viewport()
            )
            if content:
                print("painted", flush=True)
                os._exit(0)
            return False

    watcher = Watcher(window)
    QApplication.instance().installEventFilter(watcher)  # type: ignore[union-attr]
    window.show()
    resume_cycle_collector()
    app.exec()


def _rss_mb() -> float:
    text = Path("/proc/self/status").read_text()
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def session(path: str, settings: str) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from srm_desktop.formats.workbook import export_workbook, read_change_set
    from srm_desktop.ui.application import create_app
    from srm_desktop.ui.workers import BackgroundTask

    app = create_app([])
    _isolated_settings(settings)
    from srm_desktop.ui.main_window import MainWindow

    window = MainWindow()
    window.file.load(Path(path))
    window.show()
    for _ in range(20):
        app.processEvents()
    out: dict[str, Any] = {"memory_mb": _rss_mb()}
    view = window.matrix
    proxy = view.proxy
    doc = window.document
    project = doc.project
    column = 3 + 1  # the first customer party
    edits = []
    for i in range(21):
        index = proxy.index(i % 10, column)
        value = "C" if proxy.data(index) != "C" else "I"
        start = time.perf_counter()
        proxy.setData(index, value)
        app.processEvents()  # Qt repaints the region dataChanged made dirty, as in use
        edits.append((time.perf_counter() - start) * 1000)
    out["cell_edit_ms"] = statistics.median(edits[1:])
    for _ in range(5):
        app.processEvents()
    # auto-fill after the edits put rows back: a full pass plus one repaint.
    fills = []
    for _ in range(5):
        start = time.perf_counter()
        window.autofill()
        app.processEvents()
        fills.append((time.perf_counter() - start) * 1000)
        doc.undo_stack.undo()
        app.processEvents()
    out["autofill_ms"] = statistics.median(fills)
    out["memory_after_mb"] = _rss_mb()

    def stall_during(job: Any) -> float:
        """Longest gap between ticks of a 10 ms timer while ``job`` runs in a worker, minus 10."""
        timer = QTimer()
        timer.setInterval(10)
        clock = QElapsedTimer()
        gaps: list[int] = []

        def tick() -> None:
            gaps.append(clock.restart())

        timer.timeout.connect(tick)
        task = BackgroundTask(window, "bench", "bench", job)
        done: list[bool] = []
        task.ended.connect(lambda: done.append(True))
        task.dialog.setMinimumDuration(10**6)  # no dialog repaints in the measurement
        clock.start()
        timer.start()
        task.start()
        while not done:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        return max(gaps[1:], default=0) - 10

    xlsx = Path(settings) / "bench.xlsx"
    provider = doc.provider
    current = doc.project
    out["export_stall_ms"] = stall_during(
        lambda progress, cancelled: export_workbook(
            current, provider, xlsx, progress=progress, cancelled=cancelled
        )
    )
    out["import_stall_ms"] = stall_during(
        lambda progress, cancelled: read_change_set(
            current, provider, xlsx, progress=progress, cancelled=cancelled
        )
    )
    del project
    print(json.dumps(out), flush=True)
    QApplication.quit()
    os._exit(0)


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "bare":
        bare()
    elif what == "cold":
        cold(sys.argv[2], sys.argv[3])
    elif what == "empty":
        empty(sys.argv[2])
    else:
        session(sys.argv[2], sys.argv[3])
