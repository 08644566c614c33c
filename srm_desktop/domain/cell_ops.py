"""Bulk cell operations as the editor offers them: toggle a letter, clear, fill down, paste.

Each function only *plans*: it reads the project and returns the :class:`CellChange` list that
:func:`~srm_desktop.domain.edits.set_cells` applies, so a whole selection becomes one edit (and one
undo step) and the rules of each gesture are testable without a GUI. Rows are ``(service id,
area id)`` pairs in the order the user sees them.

Which cells a gesture covers is decided here too, on plain display positions (row and column
numbers as the table shows them): :func:`fill_down_rows` and :func:`paste_region`. The view only
turns its selection into those numbers and the numbers back into keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.project import CellKey, Project
from srm_desktop.domain.raci import RaciParseError, letters_of, parse, toggle

RowKey = tuple[str, str]  # (service id, area id)
Shape = tuple[int, int]  # (rows, columns) of a grid, as clipboard.shape gives it


class PasteError(ValueError):
    """Pasted text that is not RACI letters; the message names the row and column of the text."""


def toggle_letter(project: Project, keys: Iterable[CellKey], letter: str) -> list[CellChange]:
    """Like *bold* in a word processor: if every cell holds ``letter`` it is removed from all,
    otherwise it is added where it is missing."""
    keys = list(keys)
    values = [project.cell(*k) for k in keys]
    remove = all(letter in letters_of(v) for v in values)
    changes = []
    for key, value in zip(keys, values, strict=True):
        present = letter in letters_of(value)
        if present == remove:
            changes.append(CellChange(*key, toggle(value, letter)))
    return changes


def clear(project: Project, keys: Iterable[CellKey]) -> list[CellChange]:
    return [CellChange(*k, "") for k in keys if project.cell(*k)]


def set_letters(project: Project, keys: Iterable[CellKey], letters: str) -> list[CellChange]:
    return [CellChange(*k, letters) for k in keys if project.cell(*k) != letters]


def fill_down_rows(rows: Sequence[int]) -> list[int]:
    """The display rows a fill down covers: the selected rows, or with a single row selected,
    that row and the one above it (whose letters it copies), as Excel does."""
    rows = sorted(rows)
    if len(rows) == 1 and rows[0] > 0:
        return [rows[0] - 1, rows[0]]
    return rows


def fills_selection(shape: Shape) -> bool:
    """Whether pasted text of this shape is one value, which fills every selected cell."""
    return shape == (1, 1)


def paste_region(
    rows: Sequence[int], columns: Sequence[int], shape: Shape, size: Shape
) -> tuple[list[int], list[int]]:
    """The display rows and columns a paste of a ``shape`` grid covers.

    ``rows`` and ``columns`` are the selected ones in display order, ``size`` the table's row and
    column count. One value fills the selection. A block pasted on a single selected cell
    extends down and right from it, as in a spreadsheet; a block is clipped to its own shape
    and to the selection (or the table's edge).
    """
    rows, columns = list(rows), list(columns)
    if fills_selection(shape):
        return rows, columns
    if len(rows) == 1 and len(columns) == 1:
        rows = list(range(rows[0], size[0]))
        columns = list(range(columns[0], size[1]))
    return rows[: shape[0]], columns[: shape[1]]


def fill_down(project: Project, rows: Sequence[RowKey], parties: Sequence[str]) -> list[CellChange]:
    """Copy the first row's letters of each party column into the rows below it."""
    if len(rows) < 2:
        return []
    changes = []
    (top_sid, top_aid), below = rows[0], rows[1:]
    for pid in parties:
        value = project.cell(top_sid, top_aid, pid)
        changes += [
            CellChange(sid, aid, pid, value)
            for sid, aid in below
            if project.cell(sid, aid, pid) != value
        ]
    return changes


def paste(
    project: Project,
    rows: Sequence[RowKey],
    parties: Sequence[str],
    grid: Sequence[Sequence[str]],
) -> list[CellChange]:
    """Changes for pasting ``grid`` with its top-left cell at ``rows[0]``, ``parties[0]``.

    ``rows`` and ``parties`` are the rows and party columns available from the anchor on (the
    selection, or everything below and to the right of the current cell); a grid larger than
    that is clipped, as a single value fills the whole selection. Raises :class:`PasteError`
    when a cell is not RACI letters, and then nothing is changed.
    """
    if not grid or not rows or not parties:
        return []
    if len(grid) == 1 and len(grid[0]) == 1:  # one value fills every selected cell
        value = _parse(grid[0][0], 0, 0)
        return set_letters(project, ((s, a, p) for s, a in rows for p in parties), value)
    changes = []
    for r, line in enumerate(grid[: len(rows)]):
        sid, aid = rows[r]
        for c, text in enumerate(line[: len(parties)]):
            value = _parse(text, r, c)
            if project.cell(sid, aid, parties[c]) != value:
                changes.append(CellChange(sid, aid, parties[c], value))
    return changes


def _parse(text: str, row: int, column: int) -> str:
    try:
        return parse(text.strip())
    except RaciParseError as exc:
        raise PasteError(f"row {row + 1}, column {column + 1}: {exc}") from None
