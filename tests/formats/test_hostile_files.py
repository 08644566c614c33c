"""Hostile and clumsy files and save targets (issue 12: D2, D4, D6, D13, D14).

Saves write only regular files; every read is bounded before it happens; the loader checks a
document's shape before it builds nested values; the messages name the right path.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.project import Project
from srm_desktop.formats.atomic import SaveError, backup_path, write_atomic
from srm_desktop.formats.project_file import dumps_project, load_project, save_project
from srm_desktop.formats.reading import read_input
from srm_desktop.formats.strict_json import MAX_FILE_BYTES

IS_ROOT = os.geteuid() == 0


def _device(path: Path) -> Path:
    """A character device like /dev/null (1, 3), made with mknod (root only)."""
    if not IS_ROOT:
        pytest.skip("mknod needs root: run as root (CI containers) to test device targets")
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("mknod refused (no CAP_MKNOD in this container)")
    os.chmod(path, 0o666)
    return path


# -- D2: saves write only regular files ---------------------------------------------------------


def test_a_save_over_a_character_device_is_refused_and_the_device_kept(tmp_path: Path) -> None:
    dev = _device(tmp_path / "fake-null")
    with pytest.raises(SaveError) as caught:
        write_atomic(dev, b"project", backup=True)
    assert str(caught.value) == (f"{dev}: is not a regular file (a character device): not written")
    assert stat.S_ISCHR(os.lstat(dev).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["fake-null"]  # no .bak, no temporary file


def test_a_save_through_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    dev = _device(tmp_path / "dev")
    link = tmp_path / "out.srm"
    link.symlink_to(dev)
    with pytest.raises(SaveError, match=r"is not a regular file \(a character device\)"):
        write_atomic(link, b"x", backup=True)
    assert stat.S_ISCHR(os.lstat(dev).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["dev", "out.srm"]


def test_a_save_over_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo-out.srm"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match=r"fifo-out\.srm: is not a regular file \(a FIFO"):
        write_atomic(fifo, b"x", backup=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["fifo-out.srm"]


def test_a_save_over_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.srm"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        with pytest.raises(SaveError, match=r"is not a regular file \(a socket\)"):
            write_atomic(path, b"x")
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        sock.close()


def test_a_new_file_gets_the_umask_mode_never_a_devices(tmp_path: Path) -> None:
    target = tmp_path / "new.srm"
    write_atomic(target, b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


# -- D13: concurrent saves, stale temporary files --------------------------------------------


def _save_many(path: Path, payload: bytes, rounds: int, errors: list[BaseException]) -> None:
    try:
        for i in range(rounds):
            write_atomic(path, payload + str(i).encode(), backup=True)
    except BaseException as exc:  # pragma: no cover - reported by the test
        errors.append(exc)


def test_concurrent_saves_leave_no_temporary_files_and_a_real_backup(tmp_path: Path) -> None:
    path = tmp_path / "t.srm"
    path.write_bytes(b"v0")
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_save_many, args=(path, tag, 200, errors)) for tag in (b"a", b"b")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(os.listdir(tmp_path)) == ["t.srm", "t.srm.bak"]
    final, bak = path.read_bytes(), backup_path(path).read_bytes()
    assert final in {b"a199", b"b199"}
    assert bak[:1] in (b"a", b"b")
    assert os.stat(path).st_ino != os.stat(backup_path(path)).st_ino  # a previous version


def test_two_processes_saving_the_same_file_leave_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "p.srm"
    path.write_bytes(b"start")
    code = (
        "import sys; from pathlib import Path\n"
        "from srm_desktop.formats.atomic import write_atomic\n"
        "p = Path(sys.argv[1])\n"
        "for i in range(150): write_atomic(p, (sys.argv[2] + str(i)).encode(), backup=True)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path), tag]) for tag in ("a", "b")]
    assert [p.wait(60) for p in procs] == [0, 0]
    assert sorted(os.listdir(tmp_path)) == ["p.srm", "p.srm.bak"]
    final = path.read_bytes()
    assert final in {b"a149", b"b149"}
    bak = backup_path(path).read_bytes()
    assert bak != final  # the backup is a previous version, not the same inode
    assert bak == b"start" or bak[:1] in (b"a", b"b")


def test_the_same_inode_backup_race_unlinks_the_temporary_link(tmp_path: Path) -> None:
    """The race D13 found, made deterministic: the backup already is the target's inode when
    ours is renamed over it (POSIX: a no-op that leaves the temporary name)."""
    path = tmp_path / "t.srm"
    path.write_bytes(b"v1")
    os.link(path, backup_path(path))  # what a concurrent save's backup leaves
    write_atomic(path, b"v2", backup=True)
    assert sorted(os.listdir(tmp_path)) == ["t.srm", "t.srm.bak"]
    assert backup_path(path).read_bytes() == b"v1"


def test_a_killed_saves_temporary_file_is_swept_when_old(tmp_path: Path) -> None:
    path = tmp_path / "t.srm"
    path.write_bytes(b"v1")
    old = tmp_path / ".t.srm.abc123.tmp"
    old_bak = tmp_path / ".t.srm.bak.def456.tmp"
    fresh = tmp_path / ".t.srm.fresh99.tmp"  # a save in progress in another process
    other = tmp_path / ".other.srm.abc123.tmp"  # another file's: not ours to touch
    for p in (old, old_bak, fresh, other):
        p.write_bytes(b"partial")
    an_hour_ago = time.time() - 3600
    for p in (old, old_bak, other):
        os.utime(p, (an_hour_ago, an_hour_ago))
    write_atomic(path, b"v2", backup=True)
    assert sorted(os.listdir(tmp_path)) == sorted(["t.srm", "t.srm.bak", fresh.name, other.name])


# -- D14: messages that name the right path -------------------------------------------------


def test_a_backup_that_is_a_folder_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bakdir.srm"
    path.write_bytes(b"v1")
    backup_path(path).mkdir()
    with pytest.raises(SaveError) as caught:
        write_atomic(path, b"v2", backup=True)
    message = str(caught.value)
    assert "bakdir.srm.bak" in message
    assert "folder" in message
    assert path.read_bytes() == b"v1"
    assert sorted(os.listdir(tmp_path)) == ["bakdir.srm", "bakdir.srm.bak"]


def test_a_folder_that_refuses_new_files_is_named_as_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is writable but its folder is not (root ignores permissions, so the refusal
    is injected where the folder would give it: creating the temporary file)."""
    path = tmp_path / "p.srm"
    path.write_bytes(b"v1")

    def refuse() -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    real_open = os.open

    def refuse_new(file: str, flags: int, *args: int, **kwargs: int) -> int:
        if flags & os.O_CREAT and str(file).startswith(str(tmp_path)):
            refuse()
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_new)
    with pytest.raises(SaveError) as caught:
        write_atomic(path, b"v2")
    message = str(caught.value)
    assert f"the folder {tmp_path}" in message
    assert "permission denied" in message
    assert path.read_bytes() == b"v1"


def test_integers_too_long_to_convert_are_named_with_their_place(tmp_path: Path) -> None:
    path = tmp_path / "huge-int.srm"
    path.write_text(
        '{\n  "format": "srm-desktop/project",\n  "schema_version": ' + "9" * 5000 + "}"
    )
    with pytest.raises(InputError) as caught:
        load_project(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "set_int_max_str_digits" not in message
    assert "line 3" in message
    assert "digits" in message


# -- D4: every read is bounded before it happens --------------------------------------------


def test_dev_zero_is_refused_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_input("/dev/zero", limit=1024, kind="project file")
    assert str(caught.value) == "/dev/zero: is not a regular file (a character device)"
    assert time.monotonic() - started < 1


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "f.srm"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError, match=r"f\.srm: is not a regular file \(a FIFO"):
        read_input(fifo, limit=1024)
    assert time.monotonic() - started < 1


def test_a_project_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.srm"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(InputError, match=r"the limit is 6\d,\d{3},\d{3}"):
        load_project(path)


def test_a_file_that_grows_while_read_is_refused_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fstat said small, more arrived: at most limit + 1 bytes are read, then it is refused."""
    path = tmp_path / "grows.json"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    class Small:
        def __init__(self, st: os.stat_result) -> None:
            self.st_mode, self.st_size = st.st_mode, 10

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(InputError, match="more than the limit of 100 bytes"):
        read_input(path, limit=100)


def test_read_input_still_says_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_input(tmp_path / "gone.srm")
    with pytest.raises(InputError, match="is a folder, not a project file"):
        read_input(tmp_path, kind="project file")


def test_the_limit_is_ten_times_the_benchmark_estate() -> None:
    """The 240,000-cell benchmark file is ~6 MB; the limit leaves 10x room and no more."""
    assert 50 * 1024 * 1024 <= MAX_FILE_BYTES <= 80 * 1024 * 1024


# -- D6: the shape is checked before nested values are built ---------------------------------

_PEAK = """
import sys
from srm_desktop.domain.errors import InputError
from srm_desktop.formats.project_file import load_project
def hwm():  # VmHWM is per process image; ru_maxrss would carry the parent's over exec
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
base = hwm()
try:
    load_project(sys.argv[1])
except InputError as exc:
    print(str(exc)[:200], file=sys.stderr)
print((hwm() - base) * 1024)
"""


def _extra_peak_bytes(path: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


def _hostile(tmp_path: Path, demo: Project, where: str, mb: int) -> Path:
    """A valid project with ``mb`` MB of ``{"a":[1,{}]}`` objects in an unknown top-level key
    (``where="top"``) or in the matrix (``where="matrix"``)."""
    data = dumps_project(demo).decode()
    junk = ",".join(['{"a":[1,{}]}'] * (mb * 1024 * 1024 // 13))
    if where == "top":
        data = data.replace('{\n  "format"', '{\n  "x": [' + junk + '],\n  "format"', 1)
    else:
        data = data.replace('"matrix": [\n', '"matrix": [\n    [' + junk + "],\n", 1)
    path = tmp_path / f"{where}.srm"
    path.write_text(data)
    return path


@pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)"
)
@pytest.mark.parametrize("where", ["top", "matrix"])
def test_a_hostile_project_costs_about_its_own_size(
    tmp_path: Path, demo: Project, where: str
) -> None:
    path = _hostile(tmp_path, demo, where, 40)
    size = path.stat().st_size
    peak = _extra_peak_bytes(path)
    with pytest.raises(InputError) as caught:
        load_project(path)
    assert "\n" not in str(caught.value)
    # the bytes read, and at most their decoded text: never a tree of small objects
    assert peak < 2.5 * size, f"{peak / 2**20:.0f} MB peak for a {size / 2**20:.0f} MB file"


def test_valid_versions_still_round_trip(demo: Project, tmp_path: Path) -> None:
    v2 = edits.set_cells(demo, [CellChange("ec2", "iam", "customer", "R")], rationale="r", at="t")
    path = tmp_path / "p.srm"
    save_project(demo, path)
    save_project(v2, path)
    assert load_project(path) == v2
    assert load_project(backup_path(path)) == demo
