"""Reading a user's file into memory, with the same words for the same failures everywhere.

Project files, templates and plans all fail the same ways -- missing, a folder, unreadable, too
big -- and the user should read the same message whichever command or window hit it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from srm_desktop.domain.errors import InputError

#: What a non-regular file is, in the words of ``ls -l``'s first letter.
_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def file_kind(mode: int) -> str:
    """``"a character device"``, ``"a FIFO (named pipe)"``, ... for a non-regular ``st_mode``."""
    return next((words for test, words in _KINDS if test(mode)), "not a file")


def read_input(path: Path | str, *, limit: int | None = None, kind: str = "file") -> bytes:
    """The file's bytes; :class:`InputError` naming ``path`` when it cannot be had.

    Every read is bounded before it happens: the file is opened once, without blocking (a FIFO
    with no writer would wait forever), its descriptor ``fstat``-ed, and anything but a regular
    file refused ("is not a regular file (a character device)") -- ``/dev/zero`` says it is 0
    bytes long and never ends. Then at most ``limit + 1`` bytes are read: a file larger than
    ``limit`` (by its size, or because it grew while read) is refused without holding more.
    ``kind`` completes "is a folder, not a <kind>". The one reader for project files, templates,
    plans and workbooks (``read_input(path, limit=MAX_FILE_BYTES, kind="review workbook")``).
    """
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise InputError(source, f"is a folder, not a {kind}") from None
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except OSError as exc:
        raise InputError(source, _cannot_read(exc)) from None
    try:
        return _read_bounded(fd, source, limit, kind)
    finally:
        os.close(fd)


def _read_bounded(fd: int, source: str, limit: int | None, kind: str) -> bytes:
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(source, f"is a folder, not a {kind}")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(source, f"is not a regular file ({file_kind(info.st_mode)})")
        if limit is not None and info.st_size > limit:
            raise InputError(source, f"file is {info.st_size:,} bytes; the limit is {limit:,}")
        os.set_blocking(fd, True)  # a regular file: O_NONBLOCK has done its job
        cap = limit + 1 if limit is not None else None
        # One read of the size fstat gave (+1 to see the end) is the usual case: no copy.
        size = info.st_size + 1 if cap is None else min(info.st_size + 1, cap)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, size):
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total > limit:
                raise InputError(source, f"file holds more than the limit of {limit:,} bytes")
            size = 1024 * 1024 if cap is None else min(1024 * 1024, cap - total)
        return b"".join(chunks)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(source, _cannot_read(exc)) from None


def _cannot_read(exc: OSError) -> str:
    if exc.errno == errno.EISDIR:
        return "is a folder"
    return f"cannot read: {exc.strerror or exc}"


def decode_utf8(data: bytes, source: str, *, allow_bom: bool = False) -> str:
    """The text of a UTF-8 file; a bad byte is an :class:`InputError` with its line and offset."""
    try:
        return data.decode("utf-8-sig" if allow_bom else "utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            source, f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}", f"line {line}"
        ) from None
