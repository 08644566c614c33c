"""Background work: the workbook export runs off the UI thread and can be cancelled."""

from __future__ import annotations

import threading
from pathlib import Path

from srm_desktop.domain.errors import SrmError
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.workers import BackgroundTask


def test_export_workbook_runs_in_a_worker(qtbot, window: MainWindow, stub_prompts, tmp_path):
    stub_prompts.save_paths = [tmp_path / "review"]
    window.acts.export_workbook.trigger()
    task = window.workbook.task
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=30_000) as blocker:
        pass
    assert blocker.args == [tmp_path / "review.xlsx"]
    assert Path(tmp_path / "review.xlsx").stat().st_size > 0
    assert stub_prompts.errors == []


def test_cancel_stops_the_job_and_reports_no_error(qtbot, window: MainWindow) -> None:
    started = threading.Event()

    def job(progress, cancelled) -> object:
        started.set()
        for i in range(1000):
            progress(i, 1000)
            if cancelled():
                raise SrmError("cancelled")
            threading.Event().wait(0.005)
        return "done"

    task = BackgroundTask(window, "Test", "Working…", job)
    failures: list[str] = []
    task.failed.connect(failures.append)
    task.start()
    assert started.wait(5)
    with qtbot.waitSignals([task.cancelled, task.ended], timeout=10_000, order="strict"):
        task.dialog.canceled.emit()  # what the Cancel button does
    assert failures == []
    assert task.wait(5000)


def test_a_failing_job_reports_its_message(qtbot, window: MainWindow) -> None:
    def job(progress, cancelled) -> object:
        raise SrmError("out.xlsx: could not save: the disk is full")

    task = BackgroundTask(window, "Test", "Working…", job)
    with qtbot.waitSignal(task.failed, timeout=10_000) as blocker:
        task.start()
    assert blocker.args == ["out.xlsx: could not save: the disk is full"]
    assert task.wait(5000)


def test_a_typed_success_reaches_its_callback(qtbot, window: MainWindow) -> None:
    def job(progress, cancelled) -> int:
        return 42

    task: BackgroundTask[int] = BackgroundTask(window, "Test", "Working…", job)
    got: list[int] = []
    task.on_success(got.append)
    with qtbot.waitSignal(task.ended, timeout=10_000):
        task.start()
    assert got == [42]
    assert task.wait(5000)
