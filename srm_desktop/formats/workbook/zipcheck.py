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
import zlib
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.reading import read_input

MAX_FILE_BYTES: Final[int] = 100 * 1024 * 1024
MAX_MEMBERS: Final[int] = 2_000
MAX_TOTAL_UNCOMPRESSED: Final[int] = 512 * 1024 * 1024
MAX_RATIO: Final[int] = 200
#: Below this size a high ratio is harmless (a short run of one character compresses 1000:1).
RATIO_FLOOR: Final[int] = 1024 * 1024
#: The whole zip's ratio, so many small members cannot add up to a bomb (the 240k-cell estate's
#: workbook is 9:1; 480 sheets of 1 MB each in a 1.1 MB file are 450:1).
MAX_TOTAL_RATIO: Final[int] = 60
#: One worksheet's XML: the parse work of reading it (the 240k-cell estate's Matrix is 21 MB).
MAX_SHEET_BYTES: Final[int] = 64 * 1024 * 1024
#: The shared-string table, which openpyxl loads whole before any row is read: its size, how
#: many strings, how many characters (the estate's: 0.6 MB, about 4,000 strings).
MAX_SHARED_STRINGS_BYTES: Final[int] = 32 * 1024 * 1024
MAX_SHARED_STRINGS: Final[int] = 300_000
MAX_SHARED_CHARS: Final[int] = 16 * 1024 * 1024
SHARED_STRINGS: Final[str] = "xl/sharedStrings.xml"

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
    # The one bounded reader: opened once without blocking, non-regular files (a FIFO,
    # /dev/zero) refused, at most the limit + 1 bytes read.
    data = read_input(path, limit=MAX_FILE_BYTES, kind="review workbook")
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
        shared = [m.filename for m in members if m.filename.lower() == SHARED_STRINGS.lower()]
        for name in shared:
            _check_shared_strings(archive, name, source)
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
        limit = _part_limit(member.filename)
        if limit is not None and member.file_size > limit:
            raise InputError(
                source,
                f"part {member.filename} unpacks to {_mb(member.file_size)}, more than the "
                f"{_mb(limit)} a review workbook's part can be: refusing to read it",
            )
    packed = sum(m.compress_size for m in members)
    if total > RATIO_FLOOR and total / max(packed, 1) > MAX_TOTAL_RATIO:
        raise InputError(
            source,
            f"is compressed {total / max(packed, 1):,.0f}:1 as a whole ({_mb(total)} in "
            f"{len(members):,} parts), more than the {MAX_TOTAL_RATIO}:1 limit: {bomb}",
        )


def _part_limit(name: str) -> int | None:
    lowered = name.lower()
    if lowered == SHARED_STRINGS.lower():
        return MAX_SHARED_STRINGS_BYTES
    if lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
        return MAX_SHEET_BYTES
    return None


def _check_shared_strings(archive: zipfile.ZipFile, name: str, source: str) -> None:
    """Count the shared strings and their characters, streaming, before openpyxl loads the
    table into a list: 100 MB of three-letter strings would cost it 46 s and 900 MB."""
    count = chars = 0
    try:
        with archive.open(name) as stream:
            for _, element in iterparse(stream, events=("end",)):
                tag = element.tag.rpartition("}")[2]
                if tag == "t":
                    chars += len(element.text or "")
                elif tag == "si":
                    count += 1
                    element.clear()
                    if count > MAX_SHARED_STRINGS:
                        raise InputError(
                            source,
                            f"holds more than {MAX_SHARED_STRINGS:,} shared strings (texts), "
                            "more than a review workbook has: refusing to read it",
                        )
                if chars > MAX_SHARED_CHARS:
                    raise InputError(
                        source,
                        f"holds more than {MAX_SHARED_CHARS:,} characters of text, more than a "
                        "review workbook has: refusing to read it",
                    )
    except (
        ParseError,
        DefusedXmlException,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        ValueError,  # (a damaged header: a negative seek)
        RuntimeError,  # (NotImplementedError: an unknown compression method)
        OSError,
    ):
        # Damaged: ``guarded`` says so, in the reader's words, when openpyxl reads the table.
        return
