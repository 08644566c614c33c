"""Checks on a workbook file before any XML parser sees it.

An .xlsx is a zip of XML parts, and a 200 KB zip can declare gigabytes. Python's ``zipfile``
never inflates a member past the size its directory entry declares (it stops there and fails the
CRC), so checking the declared sizes, the member count and the compression ratio up front bounds
what openpyxl can be made to read. The same look at the bytes names the files that only pretend
to be .xlsx -- old .xls, encrypted workbooks, .xlsb, macro workbooks, OpenDocument -- so the user
gets a message that says what to do instead of a parser's stack trace.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Final

from srm_desktop.domain.errors import InputError

MAX_FILE_BYTES: Final[int] = 100 * 1024 * 1024
MAX_MEMBERS: Final[int] = 2_000
MAX_TOTAL_UNCOMPRESSED: Final[int] = 512 * 1024 * 1024
MAX_RATIO: Final[int] = 200
#: Below this size a high ratio is harmless (a short run of one character compresses 1000:1).
RATIO_FLOOR: Final[int] = 1024 * 1024

OLE_MAGIC: Final[bytes] = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC: Final[bytes] = b"PK\x03\x04"
_SAVE_AS = "open it and save it as Excel Workbook (.xlsx)"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


def read_checked(path: Path | str) -> bytes:
    """The file's bytes, once they pass every check; raises :class:`InputError` otherwise.

    The caller parses exactly these bytes, so the file cannot change between check and parse.
    """
    source = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                source,
                f"is {_mb(size)}, larger than the {_mb(MAX_FILE_BYTES)} a review workbook can be",
            )
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot be read: {exc.strerror or exc}") from None
    check_bytes(data, source)
    return data


def check_bytes(data: bytes, source: str) -> None:
    if not data:
        raise InputError(source, "is empty")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptionInfo" in data:
            raise InputError(
                source,
                "is password-protected (encrypted): remove the password (Excel: File › Info › "
                "Protect Workbook) and save it again",
            )
        raise InputError(source, f"is an old Excel 97-2003 .xls workbook: {_SAVE_AS}")
    if not data.startswith(ZIP_MAGIC):
        raise InputError(source, "is not an Excel .xlsx workbook (not a zip file)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    # RuntimeError covers NotImplementedError: a damaged header declaring an unknown zip version
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, RuntimeError) as exc:
        raise InputError(
            source, f"is damaged or incomplete (a truncated download or copy?): {exc}"
        ) from None
    with archive:
        _check_members(members, source)
        names = {m.filename for m in members}
        if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
            raise InputError(source, f"is an OpenDocument spreadsheet (.ods): {_SAVE_AS}")
    if "xl/workbook.bin" in names:
        raise InputError(source, f"is a binary Excel workbook (.xlsb): {_SAVE_AS}")
    if "xl/workbook.xml" not in names:
        raise InputError(source, "is not an Excel workbook (no xl/workbook.xml inside)")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise InputError(
            source,
            "contains macros (a .xlsm workbook): save it as Excel Workbook (.xlsx), without macros",
        )
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise InputError(
            source,
            "links to other workbooks (external links): break the links (Excel: Data › Edit "
            "Links › Break Link) and save it again",
        )


def _check_members(members: list[zipfile.ZipInfo], source: str) -> None:
    bomb = "refusing to open it (a zip bomb?)"
    if len(members) > MAX_MEMBERS:
        raise InputError(
            source, f"holds {len(members):,} parts, more than the {MAX_MEMBERS:,} limit: {bomb}"
        )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise InputError(source, "is password-protected (an encrypted zip member)")
        total += member.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise InputError(
                source,
                f"would unpack to more than {_mb(MAX_TOTAL_UNCOMPRESSED)}: {bomb}",
            )
        if member.file_size > RATIO_FLOOR:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_RATIO:
                raise InputError(
                    source,
                    f"part {member.filename} is compressed {ratio:,.0f}:1, more than the "
                    f"{MAX_RATIO}:1 limit: {bomb}",
                )
