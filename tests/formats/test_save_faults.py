"""Saving under faults: whatever happens, the user's file is the old version or the new one.

Each test injects one fault a real machine produces -- a full disk, a read-only folder, a folder
that vanished, the process killed mid-save -- and checks the file, the backup and the folder.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import stat
import time
from pathlib import Path

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.atomic import SaveError, backup_path, write_atomic
from srm_desktop.formats.project_file import dumps_project, load_project, save_project


def _versions(project: Project) -> tuple[Project, Project]:
    other = edits.set_cells(
        project, [CellChange("ec2", "iam", "customer", "R")], rationale="v2", at="t"
    )
    return project, other


def test_save_keeps_the_previous_version_as_bak(demo: Project, tmp_path: Path) -> None:
    v1, v2 = _versions(demo)
    path = tmp_path / "p.srm"
    save_project(v1, path)
    assert not backup_path(path).exists()  # nothing to back up on the first save
    save_project(v2, path)
    assert load_project(backup_path(path)) == v1
    assert load_project(path) == v2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.srm", "p.srm.bak"]


def test_saving_through_a_symlink_keeps_the_link(demo: Project, tmp_path: Path) -> None:
    real = tmp_path / "store" / "real.srm"
    real.parent.mkdir()
    save_project(demo, real)
    link = tmp_path / "link.srm"
    link.symlink_to(real)
    _, v2 = _versions(demo)
    save_project(v2, link)
    assert link.is_symlink()
    assert load_project(real) == v2


def test_full_disk_leaves_the_original_byte_identical(
    demo: Project, aws: Provider, tmp_path: Path
) -> None:
    """RLIMIT_FSIZE makes write() fail with EFBIG exactly like a full disk would, mid-file."""
    path = tmp_path / "p.srm"
    save_project(demo, path)
    before = path.read_bytes()
    big = edits.update_service(demo, aws, "ec2", notes="n" * 30_000)
    limit = len(before) + 1000  # the new file is ~30 kB bigger, so its write must fail
    old = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, old[1]))
    try:
        with pytest.raises(SaveError, match="larger than this system allows"):
            save_project(big, path)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.srm"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_reported_and_nothing_changes(demo: Project, tmp_path: Path) -> None:
    path = tmp_path / "p.srm"
    save_project(demo, path)
    before = path.read_bytes()
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(SaveError, match="permission denied"):
            save_project(_versions(demo)[1], path)
    finally:
        tmp_path.chmod(stat.S_IRWXU)
    assert path.read_bytes() == before


def test_a_folder_removed_mid_session_is_named(demo: Project, tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    path = folder / "p.srm"
    save_project(demo, path)
    path.unlink()
    folder.rmdir()
    with pytest.raises(SaveError) as err:
        save_project(demo, path)
    assert str(err.value) == f"{path}: could not save: the folder does not exist (any more)"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork to kill a saving process")
def test_killing_a_saving_process_never_leaves_a_broken_file(demo: Project, tmp_path: Path) -> None:
    """A child saves two versions in a loop; we SIGKILL it at random moments, 200 times. After
    every kill the file parses and is one of the two versions (never a mix, never empty). Each
    round waits for the child's first whole save (alternating the version it starts with), so
    both versions are seen however slow a loaded machine makes the saves."""
    v1, v2 = _versions(demo)
    datas = (dumps_project(v1), dumps_project(v2))
    path = tmp_path / "p.srm"
    save_project(v1, path)
    rng = random.Random(2026)
    seen: set[bytes] = set()
    for round_ in range(200):
        ready, done = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: save alternately until killed, starting with this round's version
            try:
                os.close(ready)
                i = round_
                write_atomic(path, datas[i % 2], backup=True)
                os.write(done, b".")  # one whole save landed, even on a loaded machine
                while True:
                    i += 1
                    write_atomic(path, datas[i % 2], backup=True)
            finally:
                os._exit(0)
        os.close(done)
        os.read(ready, 1)
        os.close(ready)
        time.sleep(rng.random() * 0.004)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        data = path.read_bytes()
        assert data in datas
        seen.add(data)
        bak = backup_path(path)
        if bak.exists():
            assert bak.read_bytes() in datas
    assert load_project(path) in (v1, v2)
    assert len(seen) == 2, "the kills should land on both versions"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("p.srm", "p.srm.bak")]
    # A kill between mkstemp and replace can leave a temporary file; it never replaces the
    # user's file. Those names start with a dot and end in .tmp, and nothing else is there.
    assert all(n.startswith(".p.srm.") and n.endswith(".tmp") for n in leftovers), leftovers
