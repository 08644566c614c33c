"""Named styles and colours of the review workbook.

Cells refer to a handful of *named* styles instead of each carrying its own font and fill objects:
the file stays small and a 240,000-cell export does not build 240,000 style objects. Letter
colours come from conditional formatting on the party columns, so a cell a stakeholder changes
from ``R`` to ``I`` is recoloured at once; owners are fixed in the export and styled directly.
Colour never stands alone: every coloured cell also shows its letter or word.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.differential import DifferentialStyle, DifferentialStyleList
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.xml.functions import tostring

from srm_desktop.domain.palette import palette
from srm_desktop.domain.rules import Owner

#: Fill and text colour per RACI letter, strongest first: a cell holding several letters takes
#: the colour of the first one it contains in this order (``R/A`` looks Accountable). Read from
#: ``resources/palette.toml``, which the app's ``ui/theme.py`` reads too.
LETTER_COLOURS: Final[tuple[tuple[str, str, str], ...]] = tuple(
    (c.letter, c.light.fill, c.light.text) for c in palette().letters
)
OWNER_COLOURS: Final[dict[Owner, tuple[str, str]]] = {
    owner: (c.light.fill, c.light.text) for owner, c in palette().owners.items()
}
HEADER_FILL: Final[str] = "305496"
BAND_FILL: Final[str] = "F2F2F2"

TITLE = "srm-title"
HEADER = "srm-header"
#: A header read upwards (the Overview's area names over narrow columns).
HEADER_UP = "srm-header-up"
TEXT = "srm-text"
TEXT_BAND = "srm-text-band"
CLIP = "srm-clip"
CLIP_BAND = "srm-clip-band"
LETTER = "srm-letter"
LETTER_BAND = "srm-letter-band"
NUMBER = "srm-number"
NOTE = "srm-note"
CAPTION = "srm-caption"
LABEL = "srm-label"
KEY = "srm-key"
#: No named style: the workbook's default cell format (the hidden metadata sheet).
PLAIN = ""


def owner_style(owner: Owner | None, compact: bool = False) -> str:
    """Style of an owner cell: ``Provider`` in the Matrix, ``P`` on the Overview."""
    suffix = owner.value if owner is not None else "none"
    return f"srm-owner{'-short' if compact else ''}-{suffix}"


def letter_sample_style(letter: str) -> str:
    return f"srm-sample-{letter}"


_thin = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_TOP = Alignment(vertical="top", wrap_text=True)
_CLIP = Alignment(vertical="top", wrap_text=False)
_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=False)


def _font(**kwargs: Any) -> Font:
    """Fonts name Calibri, 11 pt, explicitly: a style font without a name makes LibreOffice
    fall back to a serif face."""
    kwargs.setdefault("size", 11)
    return Font(name="Calibri", **kwargs)


def _solid(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def named_styles() -> list[NamedStyle]:
    styles = [
        NamedStyle(TITLE, font=_font(bold=True, size=14, color=HEADER_FILL)),
        NamedStyle(
            HEADER,
            font=_font(bold=True, color="FFFFFF"),
            fill=_solid(HEADER_FILL),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=_BORDER,
        ),
        NamedStyle(TEXT, font=_font(), alignment=_TOP, border=_BORDER),
        NamedStyle(TEXT_BAND, font=_font(), alignment=_TOP, border=_BORDER, fill=_solid(BAND_FILL)),
        # Long single-line text (citations): complete in the cell, clipped on screen.
        NamedStyle(CLIP, font=_font(), alignment=_CLIP, border=_BORDER),
        NamedStyle(
            CLIP_BAND, font=_font(), alignment=_CLIP, border=_BORDER, fill=_solid(BAND_FILL)
        ),
        # Party cells are the ones stakeholders edit: unlocked, so protecting the sheet later
        # would leave exactly them editable.
        NamedStyle(
            LETTER,
            font=_font(bold=True),
            alignment=_CENTRE,
            border=_BORDER,
            protection=Protection(locked=False),
        ),
        NamedStyle(
            LETTER_BAND,
            font=_font(bold=True),
            alignment=_CENTRE,
            border=_BORDER,
            fill=_solid(BAND_FILL),
            protection=Protection(locked=False),
        ),
        NamedStyle(NUMBER, alignment=_CENTRE, border=_BORDER, font=_font(bold=True)),
        NamedStyle(NOTE, font=_font(italic=True, color="595959"), alignment=_TOP),
        NamedStyle(CAPTION, font=_font(italic=True, color="595959"), alignment=_CLIP),
        NamedStyle(LABEL, font=_font(bold=True), alignment=_CLIP),
        NamedStyle(KEY, font=_font(color="808080", size=8)),
    ]
    for letter, fill, text in LETTER_COLOURS:
        styles.append(
            NamedStyle(
                letter_sample_style(letter),
                font=_font(bold=True, color=text),
                fill=_solid(fill),
                alignment=_CENTRE,
                border=_BORDER,
            )
        )
    for owner, (fill, text) in OWNER_COLOURS.items():
        for compact in (False, True):
            styles.append(
                NamedStyle(
                    owner_style(owner, compact),
                    font=_font(bold=True, color=text),
                    fill=_solid(fill),
                    alignment=_CENTRE if compact else _TOP,
                    border=_BORDER,
                )
            )
    for compact in (False, True):
        styles.append(
            NamedStyle(
                owner_style(None, compact),
                font=_font(color="808080"),
                alignment=_CENTRE if compact else _TOP,
                border=_BORDER,
            )
        )
    # Last, so the cell-format ids of the styles above stay what they were.
    styles.append(
        NamedStyle(
            HEADER_UP,
            font=_font(bold=True, color="FFFFFF"),
            fill=_solid(HEADER_FILL),
            alignment=Alignment(horizontal="center", vertical="bottom", textRotation=90),
            border=_BORDER,
        )
    )
    return styles


def register(workbook: Any) -> None:
    for style in named_styles():
        workbook.add_named_style(style)


def style_ids(sheet: Any) -> dict[str, tuple[int, int]]:
    """Every named style's cell-format (xf) index, plain and with ``quotePrefix``, registered in
    ``sheet``'s workbook so that its styles part lists them. Rows are written as XML text
    (:mod:`sheetxml`) after the styles part is, so every variant is registered up front; the
    unused ones cost a line each in ``styles.xml``."""
    ids: dict[str, tuple[int, int]] = {}
    for name in [PLAIN, *(style.name for style in named_styles())]:
        pair = []
        for quoted in (False, True):
            # A fresh cell per variant: the workbook keeps the very style array it registers,
            # so changing a registered one would change the format already handed out.
            cell = WriteOnlyCell(sheet)
            if name:
                cell.style = name
            if quoted:
                cell.quotePrefix = True
            pair.append(cell.style_id)
        ids[name] = (pair[0], pair[1])
    return ids


def _registered() -> tuple[Any, dict[str, tuple[int, int]]]:
    """A write-only workbook with the named styles and their cell formats registered, exactly
    as an export registers them, and the formats' ids."""
    workbook = Workbook(write_only=True)
    register(workbook)
    return workbook, style_ids(workbook.create_sheet())


@cache
def cell_format_ids() -> Mapping[str, tuple[int, int]]:
    """:func:`style_ids` of a workbook set up by :func:`register`. Registration is the same for
    every export, so the ids are computed once per process (openpyxl's style objects cost ~7 ms
    per export to build and register)."""
    return MappingProxyType(_registered()[1])


@cache
def styles_part(dxfs: tuple[DifferentialStyle, ...]) -> bytes:
    """``xl/styles.xml`` as openpyxl writes it for a workbook set up by :func:`register` whose
    conditional formats registered ``dxfs`` (in this order), cached per distinct ``dxfs``: the
    named styles and cell formats never change, so neither does the part (~3 ms to write)."""
    workbook, ids = _registered()
    if ids != cell_format_ids():  # registration is deterministic; never true
        raise RuntimeError("the named styles registered in a different order")
    for dxf in dxfs:
        workbook._differential_styles.add(dxf)
    xml: bytes = tostring(write_stylesheet(workbook))
    return xml


def letter_rules(top_left: str) -> list[Rule]:
    """Conditional-format rules colouring a party cell by the strongest letter it contains.

    ``top_left`` is the range's first cell; the formula is relative to it, as in Excel. SEARCH is
    case-insensitive, so ``r`` typed by a reviewer is coloured like ``R``.
    """
    rules = []
    for priority, (letter, fill, text) in enumerate(LETTER_COLOURS, start=1):
        rule = Rule(
            type="expression",
            dxf=DifferentialStyle(font=Font(bold=True, color=text), fill=_solid(fill)),
            stopIfTrue=True,
        )
        rule.formula = [letter_formula(letter, top_left)]
        rule.priority = priority
        rules.append(rule)
    return rules


def letter_formula(letter: str, top_left: str) -> str:
    return f'ISNUMBER(SEARCH("{letter}",{top_left}))'


@cache
def letter_formats() -> tuple[tuple[int, ...], tuple[DifferentialStyle, ...]]:
    """The differential style index of each :func:`letter_rules` rule (in ``LETTER_COLOURS``
    order) and the styles part's differential styles, as openpyxl registers them while it
    writes the rules (equal styles share an index)."""
    registered = DifferentialStyleList()
    ids = tuple(registered.add(rule.dxf) for rule in letter_rules("A1"))
    return ids, tuple(registered.styles)
