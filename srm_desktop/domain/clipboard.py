"""Tab-separated text for copying and pasting rectangular ranges, the way spreadsheets do it.

Excel and LibreOffice put a range on the clipboard as lines of tab-separated cells ending in a
newline, quoting a cell that holds a tab, a newline or a quote. :func:`format_tsv` and
:func:`parse_tsv` are each other's inverse for any grid of strings.
"""

from __future__ import annotations

from collections.abc import Sequence

_SPECIAL = ("\t", "\n", "\r", '"')


def _quote(cell: str) -> str:
    if any(ch in cell for ch in _SPECIAL):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def format_tsv(grid: Sequence[Sequence[str]]) -> str:
    """Lines of tab-separated cells, each line ending in ``\\n`` (what spreadsheets paste)."""
    return "".join("\t".join(_quote(c) for c in row) + "\n" for row in grid)


def shape(grid: Sequence[Sequence[str]]) -> tuple[int, int]:
    """(rows, columns) of a grid; ragged rows count by the longest."""
    return len(grid), max(map(len, grid), default=0)


def parse_tsv(text: str) -> list[list[str]]:
    """A grid from tab-separated text: ``\\r\\n`` or ``\\n`` line ends, spreadsheet quoting,
    the final line end optional. Rows keep their own lengths (a spreadsheet trims none)."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    quoted_start = True
    while i < n:
        ch = text[i]
        if ch == '"' and quoted_start:
            # A quoted cell runs to the next lone quote.
            i += 1
            while i < n:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        cell.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                cell.append(text[i])
                i += 1
            quoted_start = False
            continue
        quoted_start = False
        if ch == "\t":
            row.append("".join(cell))
            cell = []
            quoted_start = True
        elif ch in "\r\n":
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
            quoted_start = True
        else:
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows
