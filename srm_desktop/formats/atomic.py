"""Atomic file writes: the old file stays byte-identical until the new one is complete on disk.

Write to a temporary file in the same folder (so the final rename cannot cross file systems),
flush and fsync it, copy the old file's permissions, ``os.replace`` it over the target, then fsync
the folder so the rename itself survives a power cut. Any failure removes the temporary file and
raises :class:`SaveError` naming the path and the reason.

A symlinked target is written through the link (the link stays a link). With ``backup=True`` the
previous version is kept as ``<name>.bak`` beside the file: it is hard-linked (no copy, so it
costs nothing and cannot fail half-way) just before the new version replaces it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

from srm_desktop.domain.errors import SrmError

BACKUP_SUFFIX = ".bak"


class SaveError(SrmError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: could not save: {reason}")


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
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if target.is_dir():
        raise SaveError(Path(path), "the path is a folder")
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
            existed = True
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
            existed = False
        os.chmod(tmp_name, mode)
        if backup and existed:
            _keep_backup(target)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        raise SaveError(Path(path), describe_os_error(exc)) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _keep_backup(target: Path) -> None:
    """Make ``target.bak`` the current version of ``target``, atomically.

    A hard link to a temporary name, then a rename over the old backup: at every moment there is
    a complete backup (the old one or the new one). File systems without hard links get a copy.
    """
    bak = backup_path(target)
    fd, tmp_bak = tempfile.mkstemp(prefix=f".{bak.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        os.unlink(tmp_bak)
        try:
            os.link(target, tmp_bak)
        except OSError:
            shutil.copy2(target, tmp_bak)
        os.replace(tmp_bak, bak)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp_bak)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
