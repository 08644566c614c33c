"""Hostile files in the window (issue 12, D4): a FIFO or /dev/zero opened from the command line
or the Open dialog is one message, at once, and the window stays usable."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from srm_desktop.ui.main_window import MainWindow


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.srm"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_non_regular_file_from_the_command_line_is_one_message(
    window: MainWindow, stub_prompts, fifo: Path, kind: str
) -> None:
    path = fifo if kind == "fifo" else Path("/dev/zero")
    before = window.document.project
    started = time.monotonic()
    assert not window.file.load(path)  # what srm-desktop FILE calls
    assert time.monotonic() - started < 2
    [(title, text)] = stub_prompts.errors
    assert title == "Could not open the project"
    assert text.startswith(f"{path}: is not a regular file (")
    assert "\n" not in text
    assert window.document.project is before
    window.file.new()  # still usable
    assert window.document.path is None


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_non_regular_file_from_the_open_dialog_is_one_message(
    window: MainWindow, stub_prompts, fifo: Path, kind: str
) -> None:
    path = fifo if kind == "fifo" else Path("/dev/zero")
    stub_prompts.open_paths.append(path)
    window.file.open()
    [(_title, text)] = stub_prompts.errors
    assert "is not a regular file" in text
    assert window.isVisible()
    assert window.document.path is None
