"""The review workbook: our export against XlsxWriter writing the same cells and formats, our
import against openpyxl's read-only, values-only pass over the same file."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl

from benchmarks.measure import Result, median, paired
from benchmarks.measure import traced_peak_mb as peak_mb
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook import read_change_set
from srm_desktop.formats.workbook.export import workbook_bytes
from srm_desktop.formats.workbook.styles import LETTER_COLOURS

NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)


def _sheets(data: bytes) -> dict[str, list[list[Any]]]:
    """Every value of every sheet of our own export (read before timing): what the floor writes."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    out = {
        name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames
    }
    book.close()
    return out


def xlsxwriter_floor(sheets: dict[str, list[list[Any]]], parties: int) -> bytes:
    """XlsxWriter writing the same values with the same kinds of formats: a bordered text
    format per cell (banded by service), letter formats on the party columns, conditional
    formats for the letters, a list validation per party column, frozen panes and a filter."""
    import xlsxwriter  # bench-only dependency (the bench extra)

    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(buffer, {**options, "strings_to_urls": False})
    base = {"border": 1, "border_color": "#BFBFBF", "valign": "top", "font_name": "Calibri"}
    text = book.add_format({**base, "text_wrap": True})
    band = book.add_format({**base, "text_wrap": True, "bg_color": "#F2F2F2"})
    letter = book.add_format({**base, "bold": True, "align": "center", "locked": False})
    letter_band = book.add_format({**base, "bold": True, "align": "center", "locked": False,
                                   "bg_color": "#F2F2F2"})  # fmt: skip
    key = book.add_format({"font_color": "#808080", "font_size": 8})
    first_party = len(L.LEADING_KEYS)
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        matrix = name == L.MATRIX
        for r, values in enumerate(rows):
            banded = matrix and r >= 2 and (r // 30) % 2 == 1
            for c, value in enumerate(values):
                if value is None:
                    continue
                if matrix and first_party <= c < first_party + parties:
                    fmt = letter_band if banded else letter
                elif matrix and c >= first_party + parties + 2:
                    fmt = key
                else:
                    fmt = band if banded else text
                if isinstance(value, str):
                    ws.write_string(r, c, value, fmt)
                else:
                    ws.write(r, c, value, fmt)
        if matrix and rows:
            last = len(rows) - 1
            ws.freeze_panes(2, first_party)
            ws.autofilter(1, 0, last, len(rows[1]) - 1)
            for letter_, fill, colour in LETTER_COLOURS:
                fmt = book.add_format(
                    {"bold": True, "bg_color": f"#{fill}", "font_color": f"#{colour}"}
                )
                ws.conditional_format(2, first_party, last, first_party + parties - 1, {
                    "type": "formula", "criteria": f'=ISNUMBER(SEARCH("{letter_}",F3))',
                    "format": fmt, "stop_if_true": True})  # fmt: skip
            for c in range(first_party, first_party + parties):
                ws.data_validation(
                    2, c, last, c, {"validate": "list", "source": "=Lists!$A$2:$A$16"}
                )
    book.close()
    return buffer.getvalue()


def _values_only(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    n = 0
    for row in book[L.MATRIX].iter_rows(values_only=True):
        n += len(row)
    book.close()
    return n


def run(project: Project, folder: Path, runs: int, label: str = "") -> list[Result]:
    provider = get_provider(project.provider)
    data = workbook_bytes(project, provider, now=NOW)
    path = folder / "bench.xlsx"
    path.write_bytes(data)
    sheets = _sheets(data)
    parties = len(project.parties)
    results = []
    a, b = paired(lambda: workbook_bytes(project, provider, now=NOW),
                  lambda: xlsxwriter_floor(sheets, parties), runs)  # fmt: skip
    peak = peak_mb(lambda: workbook_bytes(project, provider, now=NOW))
    results.append(
        Result(f"export workbook{label}", median(a), "XlsxWriter", median(b), "≤ 1.2×", 1.2, peak)
    )
    results[-1].runs = a
    a, b = paired(
        lambda: read_change_set(project, provider, path), lambda: _values_only(path), runs
    )
    results.append(Result(f"import workbook{label}", median(a), "openpyxl values_only", median(b),
                          "≤ 1.3×", 1.3, peak_mb(lambda: read_change_set(project, provider, path)),
                          runs=a))  # fmt: skip
    return results
