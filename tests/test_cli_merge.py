"""``srm merge BASE OURS THEIRS [-o OUT]``: clean (0), conflicts (1, still a valid project),
bad input (2, OURS byte-identical); and a real ``git merge`` through the driver."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.resolve import resolve_conflict
from srm_desktop.formats.project_file import dumps_project, load_project, open_project, save_project
from tests.cli_helpers import run

ROOT = Path(__file__).resolve().parents[1]
CELL_A = ("ec2", "guest-os", "platform")
CELL_B = ("rds", "iam", "security")


def _base() -> Project:
    return new_project("Web", get_provider("aws"), ["ec2", "rds", "s3"], ["Platform", "Security"])


def _with(project: Project, key: tuple[str, str, str], letters: str, why: str) -> Project:
    return edits.set_cells(project, [CellChange(*key, letters)], rationale=why, at="t")


def _other(project: Project, key: tuple[str, str, str], *avoid: str) -> str:
    held = project.cell(*key)
    return next(v for v in ("A", "R", "C", "I") if v != held and v not in avoid)


@pytest.fixture
def three(tmp_path: Path) -> tuple[Path, Path, Path]:
    base = _base()
    paths = (tmp_path / "base.srm", tmp_path / "ours.srm", tmp_path / "theirs.srm")
    for path in paths:
        save_project(base, path, backup=False)
    return paths


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err


def test_different_cells_merge_cleanly_into_ours(
    three: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base_path, ours_path, theirs_path = three
    base = load_project(base_path)
    save_project(_with(base, CELL_A, _other(base, CELL_A), "ours"), ours_path, backup=False)
    save_project(_with(base, CELL_B, _other(base, CELL_B), "theirs"), theirs_path, backup=False)
    code, out = run("merge", str(base_path), str(ours_path), str(theirs_path))
    assert code == 0
    assert out == ""
    assert "merged cleanly" in _error(capsys)
    merged = load_project(ours_path)
    assert merged.overrides[CELL_A].rationale == "ours"
    assert merged.overrides[CELL_B].rationale == "theirs"
    assert b'"conflicts"' not in ours_path.read_bytes()
    assert not ours_path.with_name("ours.srm.bak").exists()  # no litter beside git's temp file
    assert "merge conflict" not in run("validate", str(ours_path))[1]


def test_the_same_cell_changed_differently_exits_1_with_a_valid_project(
    three: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base_path, ours_path, theirs_path = three
    base = load_project(base_path)
    ours = _with(base, CELL_A, _other(base, CELL_A), "ours")
    theirs = _with(base, CELL_A, _other(base, CELL_A, ours.cell(*CELL_A)), "theirs")
    save_project(ours, ours_path, backup=False)
    save_project(theirs, theirs_path, backup=False)
    out_path = ours_path.with_name("out.srm")
    before = ours_path.read_bytes()
    code, out = run("merge", str(base_path), str(ours_path), str(theirs_path), "-o", str(out_path))
    assert code == 1
    assert ours_path.read_bytes() == before  # -o: OURS untouched
    (line,) = out.splitlines()
    assert line.startswith(f"{out_path}: conflict: Amazon EC2 › Guest operating system › Platform:")
    assert f"ours {ours.cell(*CELL_A)!r}" in line
    assert f"theirs {theirs.cell(*CELL_A)!r}" in line
    assert "merged with 1 conflict;" in _error(capsys)
    merged = load_project(out_path)  # a valid project, never conflict markers
    assert merged.cell(*CELL_A) == ours.cell(*CELL_A)
    assert len(merged.conflicts) == 1
    code, report = run("validate", str(out_path))
    assert code == 1
    assert "merge conflict" in report


@pytest.mark.parametrize(
    ("which", "content", "says"),
    [
        ("theirs", b"{}", "not an SRM Desktop project"),
        ("base", b'{"format": "srm-desktop/project", "schema_version": 99}', "newer"),
        ("theirs", b'{"format": "srm-desktop/project", ', "theirs.srm"),
        ("ours", b"\x00\x01binary", "ours.srm"),
    ],
)
def test_bad_input_exits_2_and_leaves_ours_byte_identical(
    three: tuple[Path, Path, Path],
    capsys: pytest.CaptureFixture[str],
    which: str,
    content: bytes,
    says: str,
) -> None:
    base_path, ours_path, theirs_path = three
    target = {"base": base_path, "ours": ours_path, "theirs": theirs_path}[which]
    target.write_bytes(content)
    before = ours_path.read_bytes()
    code, out = run("merge", str(base_path), str(ours_path), str(theirs_path))
    assert code == 2
    assert out == ""
    err = _error(capsys)
    assert len(err.strip().splitlines()) == 1
    assert str(target) in err
    assert says in err
    assert ours_path.read_bytes() == before


def test_another_provider_is_bad_input(
    three: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base_path, ours_path, theirs_path = three
    text = theirs_path.read_text(encoding="utf-8").replace('"provider": "aws"', '"provider": "gcp"')
    theirs_path.write_text(text, encoding="utf-8")
    before = ours_path.read_bytes()
    assert run("merge", str(base_path), str(ours_path), str(theirs_path))[0] == 2
    assert "theirs.srm" in _error(capsys)
    assert ours_path.read_bytes() == before


def test_honours_a_live_window_lock_but_not_a_stale_one(
    three: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base_path, ours_path, theirs_path = three
    base = load_project(base_path)
    save_project(_with(base, CELL_B, _other(base, CELL_B), "theirs"), theirs_path, backup=False)
    lock = ours_path.with_name(f".{ours_path.name}.lock")
    lock.write_text("4242\nsrm-desktop\nbuild-server\n")
    before = ours_path.read_bytes()
    argv = ("merge", str(base_path), str(ours_path), str(theirs_path))
    assert run(*argv)[0] == 2
    assert "is open in srm-desktop" in _error(capsys)
    assert ours_path.read_bytes() == before
    # A lock left by a window that is gone (this host, no such process) holds nothing.
    lock.write_text(f"999999999\nsrm-desktop\n{socket.gethostname()}\n")
    assert run(*argv)[0] == 0
    assert load_project(ours_path).overrides[CELL_B].rationale == "theirs"


# -- a real git repository, the driver installed as the README says -------------------------


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo.parent),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the merge-driver test needs a real git")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / ".gitattributes").write_text("*.srm merge=srm\n")
    _git(repo, "config", "merge.srm.name", "SRM Desktop project merge")
    driver = f"{sys.executable} -m srm_desktop.cli merge %O %A %B"
    _git(repo, "config", "merge.srm.driver", driver)
    save_project(_base(), repo / "web.srm", backup=False)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    return repo


def _branch(repo: Path, name: str, key: tuple[str, str, str], letters: str, why: str) -> None:
    _git(repo, "checkout", "-q", "-b", name, "main")
    project = load_project(repo / "web.srm")
    save_project(_with(project, key, letters, why), repo / "web.srm", backup=False)
    _git(repo, "commit", "-q", "-am", name)


def test_git_merges_different_cells_through_the_driver(repo: Path) -> None:
    # Two cells of one matrix row: one line of the file, which git's own line merge would
    # report as a conflict; the driver merges them cell by cell.
    same_row = ("ec2", "guest-os", "security")
    base = _base()
    _branch(repo, "ours", CELL_A, _other(base, CELL_A), "ours")
    _branch(repo, "theirs", same_row, _other(base, same_row), "theirs")
    _git(repo, "checkout", "-q", "ours")
    merged = _git(repo, "merge", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    project = load_project(repo / "web.srm")
    assert project.overrides[CELL_A].rationale == "ours"
    assert project.overrides[same_row].rationale == "theirs"
    assert project.conflicts == ()
    assert _git(repo, "status", "--porcelain").stdout == ""  # committed, nothing left behind


def test_git_reports_a_conflict_and_leaves_a_valid_project_to_resolve(repo: Path) -> None:
    base = _base()
    ours_letters = _other(base, CELL_A)
    theirs_letters = _other(base, CELL_A, ours_letters)
    _branch(repo, "ours", CELL_A, ours_letters, "ours")
    _branch(repo, "theirs", CELL_A, theirs_letters, "theirs")
    _git(repo, "checkout", "-q", "ours")
    merged = _git(repo, "merge", "--no-edit", "theirs", check=False)
    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout
    path = repo / "web.srm"
    assert b"<<<<<<<" not in path.read_bytes()
    project, provider = open_project(path)
    assert project.cell(*CELL_A) == ours_letters
    (conflict,) = project.conflicts
    assert conflict.theirs is not None
    assert conflict.theirs["letters"] == theirs_letters
    assert run("validate", str(path))[0] == 1
    resolved = resolve_conflict(project, provider, conflict, "theirs")
    path.write_bytes(dumps_project(resolved))
    assert "merge conflict" not in run("validate", str(path))[1]
    assert load_project(path).cell(*CELL_A) == theirs_letters
    _git(repo, "add", "web.srm")
    _git(repo, "commit", "-q", "--no-edit")
    assert _git(repo, "status", "--porcelain").stdout == ""
