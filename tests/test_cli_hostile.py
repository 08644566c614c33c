"""The `srm` contract under hostile input (issue 12: D2, D3, D4, D11, D15): one line on stderr,
exit 2, quickly, and nothing written."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from .cli_helpers import new_project, run


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    return new_project(tmp_path, "ec2")


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("name", ["", "  padded ", "a\nb", "bad\x01name", "esc\x1b[31m", "x" * 300])
def test_new_checks_the_name_as_the_loader_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = tmp_path / "n.srm"
    assert run("new", str(out), "--name", name, "--service", "s3")[0] == 2
    assert _one_line_error(capsys).startswith("srm: srm new: --name: ")
    assert not out.exists()


@pytest.mark.parametrize("team", ["", " Platform ", "a\x1bb", "t" * 201])
def test_new_checks_team_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], team: str
) -> None:
    out = tmp_path / "t.srm"
    assert run("new", str(out), "--name", "X", "--service", "s3", "--team", team)[0] == 2
    err = _one_line_error(capsys)
    assert err.startswith("srm: srm new: --team: ")
    assert "\x1b" not in err
    assert not out.exists()


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_validate_refuses_a_non_regular_file_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    if target == "fifo":
        target = str(tmp_path / "f.srm")
        os.mkfifo(target)
    started = time.monotonic()
    assert run("validate", target)[0] == 2
    assert time.monotonic() - started < 2
    assert f"{target}: is not a regular file (" in _one_line_error(capsys)


def test_autofill_to_a_device_or_fifo_is_refused(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "out.srm"
    os.mkfifo(fifo)
    assert run("autofill", str(demo_file), "-o", str(fifo))[0] == 2
    assert "is not a regular file (a FIFO (named pipe)): not written" in _one_line_error(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.srm", "out.srm"]


def test_closed_stdout_is_one_line(demo_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "srm_desktop.cli", "export", str(demo_file), "-o", "-"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "srm: standard output is closed: nothing done\n"


def test_the_fallback_message_is_one_line(
    demo_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from srm_desktop.cli import project

    def bug(*_args: object) -> None:
        raise RuntimeError("first line\nsecond line\n  third")

    monkeypatch.setattr(project, "validate", bug)
    assert run("validate", str(demo_file))[0] == 2
    assert "first line second line third" in _one_line_error(capsys)


def _lock(path: Path, pid: int, host: str) -> None:
    path.with_name(f".{path.name}.lock").write_text(f"{pid}\nsrm-desktop\n{host}\n")


def test_autofill_in_place_honours_the_lock(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.srm"
    assert run("new", str(other), "--name", "Other", "--service", "s3")[0] == 0
    _lock(other, 4242, "build-server")
    capsys.readouterr()
    assert run("autofill", str(demo_file), "-o", str(other))[0] == 2
    err = _one_line_error(capsys)
    assert "is open in srm-desktop (process 4242 on build-server)" in err
    assert "--force" in err
    assert run("autofill", str(demo_file), "-o", str(other), "--force")[0] == 0


def test_a_stale_lock_on_this_host_is_ignored(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.srm"
    assert run("new", str(other), "--name", "Other")[0] == 0
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    _lock(other, gone.pid, socket.gethostname())
    assert run("autofill", str(demo_file), "-o", str(other))[0] == 0


def test_import_and_inventory_honour_the_lock_too(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command that writes a project in place refuses while a window has it open."""
    workbook = tmp_path / "review.xlsx"
    assert run("export", str(demo_file), "-o", str(workbook))[0] == 0
    book = openpyxl.load_workbook(workbook)
    sheet = book["Matrix"]
    keys = {c.value: c.column for c in sheet[1] if c.value}
    party = keys["srm:party:customer"]
    sheet.cell(3, party).value = "R" if sheet.cell(3, party).value != "R" else "C"
    book.save(workbook)
    template = tmp_path / "t.json"
    template.write_text('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}')
    _lock(demo_file, 4242, "build-server")
    capsys.readouterr()
    before = demo_file.read_bytes()
    for command in (
        ("import", str(demo_file), str(workbook)),
        ("inventory", str(demo_file), "--from", str(template)),
    ):
        assert run(*command)[0] == 2, command
        assert "is open in srm-desktop (process 4242 on build-server)" in _one_line_error(capsys)
        assert demo_file.read_bytes() == before
    assert run("import", str(demo_file), str(workbook), "--force")[0] == 0
    assert run("inventory", str(demo_file), "--from", str(template), "--force")[0] == 0


def test_validate_and_merge_show_bidi_controls_in_names(tmp_path: Path) -> None:
    """A finding's place and message name entries and parties; a U+202E in a name would reverse
    the rest of the terminal line, as in ``srm diff`` it is shown as ⟨U+202E⟩."""
    from srm_desktop.domain import edits
    from srm_desktop.domain.edits import CellChange
    from srm_desktop.domain.factory import new_project as make
    from srm_desktop.domain.provider import get_provider
    from srm_desktop.formats.project_file import save_project

    aws = get_provider("aws")
    base = make("Bidi", aws, ["ec2"], ["Platform", "Security"])
    spoof = edits.update_service(base, aws, "ec2", name="Web\u202efleet")
    key = ("ec2", "guest-os", "security")
    ours = edits.set_cells(spoof, [CellChange(*key, "A")], rationale="ours", at="t")
    theirs = edits.set_cells(base, [CellChange(*key, "I")], rationale="theirs", at="t")
    paths = {}
    for name, project in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths[name] = tmp_path / f"{name}.srm"
        save_project(project, paths[name], backup=False)
    out = tmp_path / "merged.srm"
    code, merged = run(
        "merge", *(str(paths[n]) for n in ("base", "ours", "theirs")), "-o", str(out)
    )
    assert code == 1
    assert "Web⟨U+202E⟩fleet › Guest operating system › Security" in merged
    code, found = run("validate", str(out))
    assert code == 1
    assert "Web⟨U+202E⟩fleet › Guest operating system" in found
    assert "\u202e" not in merged + found
