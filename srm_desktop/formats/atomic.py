"""Atomic file writes: the old file stays byte-identical until the new one is complete on disk.

Write to a temporary file in the same folder (so the final rename cannot cross file systems),
flush and fsync it, copy the old file's permissions, ``os.replace`` it over the target, then fsync
the folder so the rename itself survives a power cut. Any failure removes the temporary file and
raises :class:`SaveError` naming the path and the reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from srm_desktop.domain.errors import SrmError


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
        errno.EFBIG: "the file is larger than this system allows",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EROFS: "the folder is on a read-only file system",
        errno.ENOENT: "the folder does not exist (any more)",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "the path is a folder",
    }
    return known.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomic(path: Path | str, data: bytes) -> None:
    target = Path(path)
    if target.is_dir():
        raise SaveError(target, "the path is a folder")
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp_name, stat.S_IMODE(os.stat(target).st_mode))
        if not target.exists():
            os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        raise SaveError(target, describe_os_error(exc)) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


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
