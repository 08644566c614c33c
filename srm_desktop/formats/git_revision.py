"""A project file as git holds it at a revision: what ``srm diff --git`` and the window's
*File ▸ Compare With Last Commit* read.

``git show REV:./NAME`` is run in the file's own folder, so the path is right in whichever
repository holds the file and from any working directory; a revision starting with ``-`` is
refused (no option injection). Every failure -- no git, no repository, an unknown revision, a
file the revision does not hold, a damaged or newer file -- is one :class:`InputError`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.project_file import open_bytes

#: How long ``git show`` may take before the command gives up (a hung credential prompt, a
#: network file system): a diff is interactive.
GIT_TIMEOUT_S = 60
#: The revision *Compare With Last Commit* reads.
LAST_COMMIT = "HEAD"


def git_version(path: Path, revision: str) -> tuple[Project, Provider]:
    """The project ``path`` was at ``revision`` (see the module doc)."""
    source = f"{revision}:{path}"
    if revision.startswith("-") or not revision.strip():
        raise InputError(str(path), f"{revision!r} is not a git revision", "--git")
    git = shutil.which("git")
    if git is None:
        raise InputError(str(path), "--git needs git, which is not installed (not on PATH)")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InputError(str(path), "no such folder")
    try:
        proc = subprocess.run(
            [git, "show", f"{revision}:./{path.name}"],
            cwd=folder,
            capture_output=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(source, f"git show took longer than {GIT_TIMEOUT_S} s") from None
    except OSError as exc:
        raise InputError(source, f"cannot run git: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        problem = message[0] if message else f"git show failed (exit {proc.returncode})"
        raise InputError(source, problem.removeprefix("fatal: "))
    return open_bytes(proc.stdout, source)


def committed(path: Path, revision: str = LAST_COMMIT) -> bool:
    """Whether git is installed and ``revision`` holds ``path`` (a file in a repository with a
    commit that has it): what makes *Compare With Last Commit* possible. Quick (one ``git
    cat-file -e``), and never raises."""
    git = shutil.which("git")
    folder = path.resolve().parent
    if git is None or not folder.is_dir() or revision.startswith("-"):
        return False
    try:
        proc = subprocess.run(
            [git, "cat-file", "-e", f"{revision}:./{path.name}"],
            cwd=folder,
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return False
    return proc.returncode == 0
