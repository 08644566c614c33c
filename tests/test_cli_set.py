"""`srm set`: the project's properties, checked as the loader checks them, written in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.project_file import dumps_project, load_project, loads_project

from .cli_helpers import new_project, run


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    return new_project(tmp_path, "ec2", "s3")


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


def test_without_flags_prints_the_properties(demo_file: Path) -> None:
    code, out = run("set", str(demo_file))
    assert code == 0
    assert out == "name: 'Demo'\ndescription: ''\nowner: ''\nreview: ''\n"


def test_sets_in_place_and_prints_what_changed(demo_file: Path) -> None:
    before = load_project(demo_file)
    code, out = run(
        "set", str(demo_file), "--name", "Storefront", "--owner", "Platform team",
        "--review", "v1.3 reviewed 2026-11-30", "--description", "Orders\nand payments",
    )  # fmt: skip
    assert code == 0
    assert f"{demo_file}: name: 'Demo' -> 'Storefront'\n" in out
    assert f"{demo_file}: owner: '' -> 'Platform team'\n" in out
    assert f"{demo_file}: description: '' -> 'Orders\\nand payments'\n" in out
    after = load_project(demo_file)
    assert (after.name, after.owner, after.review, after.description) == (
        "Storefront", "Platform team", "v1.3 reviewed 2026-11-30", "Orders\nand payments",
    )  # fmt: skip
    assert after.rows == before.rows
    assert after.id == before.id
    text = demo_file.read_text(encoding="utf-8")
    assert '"description": "Orders\\nand payments",\n  "owner": "Platform team",\n' in text
    assert '"review": "v1.3 reviewed 2026-11-30",\n  "provider": "aws",' in text
    assert run("set", str(demo_file), "--owner", "Platform team") == (
        0, f"{demo_file}: nothing changed\n",
    )  # fmt: skip


def test_clearing_them_gives_back_the_same_bytes(demo_file: Path) -> None:
    original = demo_file.read_bytes()
    assert run("set", str(demo_file), "--owner", "Sec", "--review", "draft")[0] == 0
    assert b'"owner"' in demo_file.read_bytes()
    assert run("set", str(demo_file), "--owner", "", "--review", "")[0] == 0
    assert demo_file.read_bytes() == original  # absent keys: older schema-2 files unchanged


@pytest.mark.parametrize(
    ("flag", "value", "problem"),
    [
        ("--name", "", "at least 1 character"),
        ("--name", " Demo", "must not start or end with blanks"),
        ("--name", "x" * 201, "at most 200 characters"),
        ("--owner", "Ops\nteam", "control character U+000A"),
        ("--review", "v1 ", "must not start or end with blanks"),
        ("--description", "a\x07b", "control character U+0007"),
    ],
)
def test_a_value_the_loader_would_refuse_is_refused(
    demo_file: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str, problem: str
) -> None:
    original = demo_file.read_bytes()
    capsys.readouterr()
    assert run("set", str(demo_file), flag, value)[0] == 2
    err = _error(capsys)
    assert err.startswith(f"srm: srm set: {flag}: ")
    assert problem in err
    assert demo_file.read_bytes() == original


def test_a_file_with_a_bad_owner_is_refused_by_the_loader(demo_file: Path) -> None:
    text = demo_file.read_text(encoding="utf-8")
    bad = text.replace('"description": "",', '"description": "",\n  "owner": " x",')
    with pytest.raises(InputError, match="owner"):
        loads_project(bad.encode(), "bad.srm")


def test_honours_the_window_lock(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo_file.with_name(f".{demo_file.name}.lock").write_text("4242\nsrm-desktop\nbuild-server\n")
    original = demo_file.read_bytes()
    capsys.readouterr()
    assert run("set", str(demo_file), "--owner", "Ops")[0] == 2
    assert "is open in srm-desktop (process 4242 on build-server)" in _error(capsys)
    assert demo_file.read_bytes() == original
    assert run("set", str(demo_file), "--owner", "Ops", "--force")[0] == 0
    assert load_project(demo_file).owner == "Ops"


def test_all_readers_agree_on_the_new_keys(demo_file: Path) -> None:
    assert run("set", str(demo_file), "--owner", "Ops", "--review", "v2")[0] == 0
    data = demo_file.read_bytes()
    project = load_project(demo_file)
    assert dumps_project(project) == data
    reindented = data.replace(b'\n  "owner"', b' "owner"')  # not as the app lays it out
    assert loads_project(reindented) == project
    assert loads_project(data) == project
