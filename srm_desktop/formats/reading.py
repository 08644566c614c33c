"""Reading a user's file into memory, with the same words for the same failures everywhere.

Project files, templates and plans all fail the same ways -- missing, a folder, unreadable, too
big -- and the user should read the same message whichever command or window hit it.
"""

from __future__ import annotations

from pathlib import Path

from srm_desktop.domain.errors import InputError


def read_input(path: Path | str, *, limit: int | None = None, kind: str = "file") -> bytes:
    """The file's bytes; :class:`InputError` naming ``path`` when it cannot be had.

    ``limit`` refuses a larger file before reading it; ``kind`` completes "is a folder, not a
    <kind>".
    """
    source = str(path)
    target = Path(path)
    try:
        if limit is not None:
            size = target.stat().st_size
            if size > limit:
                raise InputError(source, f"file is {size:,} bytes; the limit is {limit:,}")
        return target.read_bytes()
    except IsADirectoryError:
        raise InputError(source, f"is a folder, not a {kind}") from None
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None


def decode_utf8(data: bytes, source: str, *, allow_bom: bool = False) -> str:
    """The text of a UTF-8 file; a bad byte is an :class:`InputError` with its line and offset."""
    try:
        return data.decode("utf-8-sig" if allow_bom else "utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            source, f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}", f"line {line}"
        ) from None
