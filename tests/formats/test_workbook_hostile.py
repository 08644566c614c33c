"""Hostile and mistaken workbooks: each is refused with its own message, before or while parsing.

Every file is built here, in tmp_path, from a real export, so each test fails if the guard it
names is removed.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.workbook import read_change_set, zipcheck

from .workbook_helpers import export, project

OLE = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object, bytes]:
    proj, provider = project()
    path = export(tmp_path_factory.mktemp("hostile"), proj, provider)
    return proj, provider, path.read_bytes()


def rezip(
    data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """A copy of the workbook zip with some members replaced or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in add.items():
            dst.writestr(name, content)
    return out.getvalue()


def refused(exported, tmp_path: Path, data: bytes, name: str = "in.xlsx") -> str:
    proj, provider, _ = exported
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_change_set(proj, provider, path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert "\n" not in message
    return message


def test_openpyxl_guards_against_xml_entities():
    assert openpyxl.DEFUSEDXML is True


def test_zip_bomb_by_ratio(exported, tmp_path: Path):
    bomb = rezip(exported[2], add={"xl/media/zeros.bin": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 200_000
    assert "compressed" in refused(exported, tmp_path, bomb)
    assert "zip bomb" in refused(exported, tmp_path, bomb)


def test_zip_bomb_by_member_count(exported, tmp_path: Path):
    many = rezip(
        exported[2], add={f"xl/junk/{i}.xml": b"<a/>" for i in range(zipcheck.MAX_MEMBERS)}
    )
    assert "parts, more than" in refused(exported, tmp_path, many)


def test_zip_bomb_by_declared_size(exported, tmp_path: Path):
    data = bytearray(exported[2])
    # Declare 4 GB for the first member in the central directory (uncompressed size, offset 24).
    at = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, 0xFFFF_FFF0)
    assert "would unpack to more than" in refused(exported, tmp_path, bytes(data))


def test_old_xls(exported, tmp_path: Path):
    assert "Excel 97-2003 .xls" in refused(exported, tmp_path, OLE + b"\0" * 4096, "old.xls")


def test_encrypted_workbook(exported, tmp_path: Path):
    ole = OLE + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64
    ole += "EncryptedPackage".encode("utf-16-le") + b"\0" * 512
    assert "password-protected" in refused(exported, tmp_path, ole)


def test_xlsb(exported, tmp_path: Path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert ".xlsb" in refused(exported, tmp_path, out.getvalue(), "book.xlsb")


def test_truncated_zip(exported, tmp_path: Path):
    data = exported[2]
    assert "damaged or incomplete" in refused(exported, tmp_path, data[: len(data) // 2])


def test_xlsm_with_macros(exported, tmp_path: Path):
    data = rezip(exported[2], add={"xl/vbaProject.bin": OLE + b"\0" * 100})
    assert "contains macros" in refused(exported, tmp_path, data, "book.xlsm")


def test_external_links(exported, tmp_path: Path):
    data = rezip(exported[2], add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
    assert "external links" in refused(exported, tmp_path, data)


def test_billion_laughs_in_a_sheet(exported, tmp_path: Path):
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    data = rezip(exported[2], replace={"xl/worksheets/sheet1.xml": lol})
    started = time.perf_counter()
    message = refused(exported, tmp_path, data)
    assert "entity" in message
    assert time.perf_counter() - started < 5


def test_not_a_workbook_at_all(exported, tmp_path: Path):
    assert "not a zip file" in refused(exported, tmp_path, b"service,area\nx,y\n", "x.xlsx")
    assert "is empty" in refused(exported, tmp_path, b"", "empty.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert ".ods" in refused(exported, tmp_path, out.getvalue(), "calc.ods")


def test_declared_dimension_xfd1048576_is_not_believed(exported, tmp_path: Path):
    proj, provider, data = exported
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    huge = sheet[:start] + b'<dimension ref="A1:XFD1048576"/>' + sheet[end:]
    path = tmp_path / "huge.xlsx"
    path.write_bytes(rezip(data, replace={"xl/worksheets/sheet1.xml": huge}))
    started = time.perf_counter()
    result = read_change_set(proj, provider, path)
    assert time.perf_counter() - started < 5
    assert result.changes == ()
    assert not result.has_errors


def test_rows_beyond_the_cap_are_refused(exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from srm_desktop.formats.workbook import layout

    monkeypatch.setattr(layout, "MAX_ROWS", 20)
    assert "more than 20 rows" in refused(exported, tmp_path, exported[2])
