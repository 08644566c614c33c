from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from srm_desktop.formats.atomic import SaveError, write_atomic


def test_replaces_content_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "p.srm"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["p.srm"]


def test_failed_replace_leaves_the_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "p.srm"
    target.write_bytes(b"precious")

    def boom(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(SaveError, match=r"p\.srm: could not save: the disk is full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["p.srm"]


def test_failed_fsync_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "p.srm"
    target.write_bytes(b"precious")

    def fail(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(SaveError, match="Input/output error"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["p.srm"]


def test_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="the folder does not exist"):
        write_atomic(tmp_path / "gone" / "p.srm", b"x")


def test_a_folder_is_not_overwritten(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="the path is a folder"):
        write_atomic(tmp_path, b"x")
