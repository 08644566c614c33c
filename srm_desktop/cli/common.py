"""What every ``srm`` command shares: the exit codes, opening a project with its provider
(:func:`srm_desktop.formats.project_file.open_project`, which the window uses too), and the
window's lock, which a command honours before it writes a project file."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from srm_desktop.domain.errors import InputError, SrmError
from srm_desktop.formats.project_file import open_project
from srm_desktop.formats.reading import read_input

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "check_unlocked",
    "lock_holder",
    "open_project",
]


def lock_holder(path: Path) -> str | None:
    """Who holds the window's lock on ``path`` (``.<name>.lock`` beside it, written by Qt's
    ``QLockFile``: pid, application, host), or None when nobody does. A lock whose process is
    gone on this host is stale (the window takes it over too), so it holds nothing."""
    lock = path.with_name(f".{path.name}.lock")
    try:
        lines = read_input(lock, limit=4096).decode("utf-8", "replace").splitlines()
        pid = int(lines[0])
    except (SrmError, ValueError, IndexError):
        return None  # no lock, or not one a window wrote
    app = lines[1].strip() if len(lines) > 1 else ""
    host = lines[2].strip() if len(lines) > 2 else ""
    if host == socket.gethostname() and not _running(pid):
        return None
    who = " ".join((app or "another program").split())
    return f"{who} (process {pid} on {' '.join(host.split()) or 'an unknown computer'})"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, another user's
    return pid > 0


def check_unlocked(path: Path, force: bool) -> None:
    """Refuse to write ``path`` while a window has it open (its next save would overwrite
    ours, or ours its unsaved work) unless ``--force``."""
    holder = None if force else lock_holder(path)
    if holder is not None:
        raise InputError(
            str(path), f"is open in {holder}; close it there, or use --force to write anyway"
        )
