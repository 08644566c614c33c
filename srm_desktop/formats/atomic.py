"""Atomic file writes: the old file stays byte-identical until the new one is complete on disk.

Write to a temporary file in the same folder (so the final rename cannot cross file systems),
flush and fsync it, copy the old file's permissions, ``os.replace`` it over the target, then fsync
the folder so the rename itself survives a power cut. Any failure removes the temporary file and
raises :class:`SaveError` naming the path and the reason.

A symlinked target is written through the link (the link stays a link). Only regular files are
written: the resolved target is ``lstat``-ed, and a device, FIFO or socket is refused
(:class:`NotRegularFile`) -- renaming over ``/dev/null`` would replace the device for the whole
machine, and its mode (0666) would make the project world-writable. With ``backup=True`` the
previous version is kept as ``<name>.bak`` beside the file: it is hard-linked (no copy, so it
costs nothing and cannot fail half-way) just before the new version replaces it. Two saves racing
on one file leave no temporary file behind and a ``.bak`` that is one of the previous versions;
temporary files a killed save left are swept by the next save once they are old.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
import time
from pathlib import Path

from srm_desktop.domain.errors import SrmError
from srm_desktop.formats.reading import file_kind

BACKUP_SUFFIX = ".bak"
#: A temporary file older than this is a killed save's leftover, never a save in progress.
STALE_TEMP_SECONDS = 10 * 60


class SaveError(SrmError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: could not save: {reason}")


class NotRegularFile(SaveError):
    """The target is a device, FIFO or socket: refused, never replaced."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.reason = f"is not a regular file ({kind})"
        SrmError.__init__(self, f"{path}: {self.reason}: not written")


def describe_os_error(exc: OSError) -> str:
    """Words a user understands for the usual reasons a save fails."""
    known = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.EFBIG: "the file is larger than this system allows (or the disk is full)",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EROFS: "the folder is on a read-only file system",
        errno.ENOENT: "the folder does not exist (any more)",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "the path is a folder",
    }
    return known.get(exc.errno or 0, exc.strerror or str(exc))


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def write_atomic(path: Path | str, data: bytes, *, backup: bool = False) -> None:
    """Replace ``path`` with ``data`` atomically; keep the old version as ``.bak`` if asked."""
    shown = Path(path)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else shown
    info = _existing(target, shown)
    folder = target.parent if str(target.parent) else Path(".")
    _sweep_stale(folder, target.name)
    tmp_name: str | None = None
    try:
        tmp_name = _create_temp(folder, target.name, shown)
        fd = os.open(tmp_name, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:  # a regular file's permissions; a new file keeps the umask's
            os.chmod(tmp_name, stat.S_IMODE(info.st_mode))
            if backup:
                _keep_backup(target, shown)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        raise SaveError(shown, describe_os_error(exc)) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _existing(target: Path, shown: Path) -> os.stat_result | None:
    """The target's ``lstat`` when it is a regular file, None when there is none yet;
    :class:`SaveError` for a folder, :class:`NotRegularFile` for anything else."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SaveError(shown, describe_os_error(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise SaveError(shown, "the path is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(shown, file_kind(info.st_mode))
    return info


def _create_temp(folder: Path, name: str, shown: Path) -> str:
    """A new empty ``.<name>.<random>.tmp`` in ``folder``, created with mode 0666 less the
    umask (as any new file); a folder that refuses it is named as the folder."""
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                reason = f"cannot create a file in the folder {folder}: {describe_os_error(exc)}"
                raise SaveError(shown, reason) from exc
            raise
        os.close(fd)
        return tmp
    raise SaveError(shown, f"cannot create a temporary file in the folder {folder}")


def _sweep_stale(folder: Path, name: str) -> None:
    """Remove ``.<name>.*.tmp`` files (and the ``.bak``'s) that a killed save left behind:
    regular files older than :data:`STALE_TEMP_SECONDS`, so a save in progress is never hit."""
    prefix = f".{name}."
    cutoff = time.time() - STALE_TEMP_SECONDS
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)


def _keep_backup(target: Path, shown: Path) -> None:
    """Make ``target.bak`` the current version of ``target``, atomically.

    A hard link to a temporary name, then a rename over the old backup: at every moment there is
    a complete backup (the old one or the new one). File systems without hard links get a copy.
    When a concurrent save has already made the backup this same file, the rename is a no-op
    (POSIX: both names are one inode) that leaves the temporary name: it is removed.
    """
    bak = backup_path(target)
    tmp_bak = _create_temp(target.parent, bak.name, shown)
    try:
        os.unlink(tmp_bak)
        try:
            os.link(target, tmp_bak)
        except OSError:
            shutil.copy2(target, tmp_bak)
        os.replace(tmp_bak, bak)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_bak)
        raise SaveError(shown, f"the backup {bak}: {describe_os_error(exc)}") from exc
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp_bak)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the data itself is already synced
    finally:
        os.close(fd)
