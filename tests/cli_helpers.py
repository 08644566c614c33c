"""The `srm` entry point as the CLI tests call it: in process, with what it printed."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from srm_desktop.cli import main


def run(*argv: str) -> tuple[int, str]:
    """The exit code and standard output (the one-line error goes to stderr, for capsys)."""
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def run_merged(*argv: str) -> tuple[int, str]:
    """The exit code and standard output followed by standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), out=out)
    return code, out.getvalue() + err.getvalue()


def new_project(folder: Path, *services: str, name: str = "Demo") -> Path:
    """`srm new folder/demo.srm --name Demo --service …`, checked to succeed."""
    path = folder / "demo.srm"
    argv = ["new", str(path), "--name", name]
    for key in services:
        argv += ["--service", key]
    code, _ = run(*argv)
    assert code == 0
    return path
