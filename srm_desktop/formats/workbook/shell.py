"""The workbook's small parts as text: each sheet's XML around its rows, ``workbook.xml``, the
relationships, the content types and the document properties.

openpyxl wrote these from an empty write-only workbook until 2026-11; for a small export that
was half the time (seven sheets, each serialised element by element through a temporary file).
The text here is byte for byte what openpyxl 3.1 wrote for the same settings, elements and
attributes in its order, escaped as its ElementTree serialiser escapes them
(``tests/formats/test_workbook_shell.py`` renders random settings both ways and compares). What
never depends on the project (the theme, the app properties, the package relationships) is still
openpyxl's own output, computed once per process.

Only what the review workbook uses is modelled: a sheet's size, frozen panes, zoom, grid lines,
column widths, auto-filter, conditional formats (expressions), list validations and print
setup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Final

from srm_desktop.formats.workbook.sheetxml import column_letter

MAIN_NS: Final[str] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS: Final[str] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS: Final[str] = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES_PART: Final[str] = "[Content_Types].xml"
APP_PART: Final[str] = "docProps/app.xml"
CORE_PART: Final[str] = "docProps/core.xml"
THEME_PART: Final[str] = "xl/theme/theme1.xml"
STYLES_PART: Final[str] = "xl/styles.xml"
ROOT_RELS_PART: Final[str] = "_rels/.rels"
WORKBOOK_PART: Final[str] = "xl/workbook.xml"
WORKBOOK_RELS_PART: Final[str] = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS_PART: Final[str] = "xl/sharedStrings.xml"


def sheet_part(index: int) -> str:
    """The part name of the ``index``-th worksheet (1-based), as openpyxl names it."""
    return f"xl/worksheets/sheet{index}.xml"


# -- escaping and numbers, as ElementTree and openpyxl write them ---------------------------------


def text(value: str) -> str:
    """Character data, escaped as ElementTree escapes it."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def attribute(value: str) -> str:
    """An attribute value, escaped as ElementTree escapes it."""
    value = text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#09;")
    return value


def number(value: float) -> str:
    """A number as openpyxl writes a float attribute (``safe_string``)."""
    return f"{value:.16g}"


# -- a sheet -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One ``<col>``: openpyxl's default width is 13 when only ``hidden`` is set."""

    width: float = 13
    hidden: bool = False
    #: 1: in an outline group (hidden columns then show a "+" to unfold them)
    outline: int = 0


@dataclass(frozen=True)
class ConditionalRule:
    """An expression rule of a conditional format, with its differential style's index."""

    formula: str
    dxf_id: int
    priority: int
    stop_if_true: bool = True


@dataclass(frozen=True)
class ListValidation:
    """A list drop-down with an input prompt and a warning (not a stop) on other values."""

    sqref: str
    formula: str
    prompt_title: str
    prompt: str
    error_title: str
    error: str


@dataclass(frozen=True)
class PrintSetup:
    """Fit to one page wide, 0.25" side margins, ``header`` top left, "Page n of N" below."""

    header: str
    landscape: bool = True
    title_rows: str | None = None  # "2:2": rows repeated on every page
    paper: int | None = None  # SpreadsheetML paperSize: 9 A4, 1 US Letter (None: the printer's)
    row_breaks: tuple[int, ...] = ()  # manual page breaks, each after the row it names
    header_right: str = ""  # the header's right section (none when "")


@dataclass
class SheetShell:
    """Everything of a worksheet but its rows."""

    title: str
    size: tuple[int, int] | None = None  # columns, rows: the <dimension> (None: A1:A1)
    hidden: bool = False
    freeze: str | None = None  # the top-left cell of the scrolling pane
    zoom: int | None = None
    grid_lines: bool = True
    columns: dict[int, Column] = field(default_factory=dict)
    auto_filter: str | None = None
    conditional: list[tuple[str, list[ConditionalRule]]] = field(default_factory=list)
    validations: list[ListValidation] = field(default_factory=list)
    print_setup: PrintSetup | None = None


def _split(cell: str) -> tuple[int, int]:
    """``F3`` -> (row 3, column 6)."""
    match = re.fullmatch(r"([A-Z]{1,3})([0-9]+)", cell)
    if match is None:
        raise ValueError(f"not a cell reference: {cell!r}")
    column = 0
    for char in match.group(1):
        column = column * 26 + ord(char) - 64
    return int(match.group(2)), column


def _sheet_view(sheet: SheetShell) -> str:
    """``<sheetViews>`` with the frozen pane and selections openpyxl's ``freeze_panes`` sets."""
    attributes = "" if sheet.grid_lines else ' showGridLines="0"'
    if sheet.zoom is not None:
        attributes += f' zoomScale="{sheet.zoom}"'
    selection = '<selection activeCell="A1" sqref="A1" />'
    pane = ""
    freeze = sheet.freeze or "A1"
    row, column = _split(freeze)
    if row > 1 or column > 1:
        splits = f' xSplit="{column - 1}"' if column > 1 else ""
        splits += f' ySplit="{row - 1}"' if row > 1 else ""
        active = {(True, True): "bottomRight", (False, True): "bottomLeft"}.get(
            (column > 1, row > 1), "topRight"
        )
        pane = f'<pane{splits} topLeftCell="{freeze}" activePane="{active}" state="frozen" />'
        selection = f'<selection pane="{active}" activeCell="A1" sqref="A1" />'
        if row > 1 and column > 1:
            selection = '<selection pane="topRight" /><selection pane="bottomLeft" />' + selection
    return (
        f'<sheetViews><sheetView{attributes} workbookViewId="0">{pane}{selection}'
        "</sheetView></sheetViews>"
    )


def _cols(columns: dict[int, Column]) -> str:
    if not columns:
        return ""
    cols = []
    for index in sorted(columns):
        col = columns[index]
        hidden = ' hidden="1"' if col.hidden else ""
        outline = f' outlineLevel="{col.outline}"' if col.outline else ""
        cols.append(
            f'<col{hidden}{outline} width="{number(col.width)}" customWidth="1" min="{index}" '
            f'max="{index}" />'
        )
    return f"<cols>{''.join(cols)}</cols>"


def worksheet_head(sheet: SheetShell) -> str:
    """The worksheet XML up to and including ``<sheetData>``."""
    fit = ' fitToPage="1"' if sheet.print_setup is not None else ""
    columns, rows = sheet.size or (1, 1)
    dimension = f"A1:{column_letter(max(columns, 1))}{max(rows, 1)}"
    return (
        f'<worksheet xmlns="{MAIN_NS}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1" />'
        f'<pageSetUpPr{fit} /></sheetPr><dimension ref="{dimension}" />{_sheet_view(sheet)}'
        f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15" />{_cols(sheet.columns)}'
        "<sheetData>"
    )


def _conditional(sqref: str, rules: Sequence[ConditionalRule]) -> str:
    parts = [f'<conditionalFormatting sqref="{attribute(sqref)}">']
    for rule in rules:
        stop = ' stopIfTrue="1"' if rule.stop_if_true else ""
        parts.append(
            f'<cfRule type="expression" priority="{rule.priority}" dxfId="{rule.dxf_id}"{stop}>'
            f"<formula>{text(rule.formula)}</formula></cfRule>"
        )
    parts.append("</conditionalFormatting>")
    return "".join(parts)


def _validation(v: ListValidation) -> str:
    return (
        f'<dataValidation sqref="{attribute(v.sqref)}" showDropDown="0" showInputMessage="1" '
        f'showErrorMessage="1" allowBlank="1" errorTitle="{attribute(v.error_title)}" '
        f'error="{attribute(v.error)}" promptTitle="{attribute(v.prompt_title)}" '
        f'prompt="{attribute(v.prompt)}" type="list" errorStyle="warning">'
        f"<formula1>{text(v.formula)}</formula1></dataValidation>"
    )


_HEADER_CODES: Final[dict[str, str]] = {
    "&[Tab]": "&A",
    "&[Pages]": "&N",
    "&[Date]": "&D",
    "&[Path]": "&Z",
    "&[Page]": "&P",
    "&[Time]": "&T",
    "&[File]": "&F",
    "&[Picture]": "&G",
}
_HEADER_CODE = re.compile("|".join(f"({re.escape(code)})" for code in _HEADER_CODES))
_LOW_CONTROL = re.compile(r"[\001-\031]")


def header_footer_text(section: str, value: str) -> str:
    """One section (``L``, ``C``, ``R``) of a header or footer, as openpyxl packs it: its long
    codes (``&[Page]``) shortened, its control characters written as ``_xHHHH_``."""
    packed = _HEADER_CODE.sub(lambda m: _HEADER_CODES[m.group(0)], f"&{section}{value}")
    return _LOW_CONTROL.sub(lambda m: f"_x{ord(m.group(0)):0>4x}_", packed)


def worksheet_tail(sheet: SheetShell) -> str:
    """The worksheet XML from ``</sheetData>`` on."""
    parts = ["</sheetData>"]
    if sheet.auto_filter:
        parts.append(f'<autoFilter ref="{attribute(sheet.auto_filter)}" />')
    parts += [_conditional(sqref, rules) for sqref, rules in sheet.conditional]
    if sheet.validations:
        parts.append(f'<dataValidations count="{len(sheet.validations)}">')
        parts += [_validation(v) for v in sheet.validations]
        parts.append("</dataValidations>")
    setup = sheet.print_setup
    if setup is None:
        parts.append(
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5" />'
        )
    else:
        orientation = "landscape" if setup.landscape else "portrait"
        header = header_footer_text("L", setup.header)
        if setup.header_right:
            header += header_footer_text("R", setup.header_right)
        header = text(header)
        paper = f' paperSize="{setup.paper}"' if setup.paper is not None else ""
        parts.append(
            '<pageMargins left="0.25" right="0.25" top="1" bottom="1" header="0.5" footer="0.5" />'
            f'<pageSetup orientation="{orientation}"{paper} fitToHeight="0" fitToWidth="1" />'
            f"<headerFooter><oddHeader>{header}</oddHeader>"
            "<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>"
            "<evenHeader /><evenFooter /><firstHeader /><firstFooter /></headerFooter>"
        )
        if setup.row_breaks:
            count = len(setup.row_breaks)
            parts.append(f'<rowBreaks count="{count}" manualBreakCount="{count}">')
            parts += [f'<brk id="{row}" min="0" max="16383" man="1" />' for row in setup.row_breaks]
            parts.append("</rowBreaks>")
    parts.append("</worksheet>")
    return "".join(parts)


# -- the workbook ------------------------------------------------------------------------------


def _quoted(title: str) -> str:
    return "'{}'".format(title.replace("'", "''"))


def _absolute(ref: str) -> str:
    """``A2:N163`` -> ``$A$2:$N$163``."""
    return ":".join(re.sub(r"([A-Z]+)([0-9]+)", r"$\1$\2", cell) for cell in ref.split(":"))


def _title_rows(rows: str) -> str:
    first, last = rows.split(":")
    return f"${first}:${last}"


def workbook_xml(sheets: Sequence[SheetShell], names: Sequence[tuple[str, str]]) -> str:
    """``xl/workbook.xml``: the sheets, the workbook's ``names`` (name, reference) and each
    sheet's filter and print-title names, in openpyxl's order."""
    entries = []
    for index, sheet in enumerate(sheets, start=1):
        state = "hidden" if sheet.hidden else "visible"
        entries.append(
            f'<sheet name="{attribute(sheet.title)}" sheetId="{index}" state="{state}" '
            f'r:id="rId{index}" />'
        )
    defined = [f'<definedName name="{attribute(n)}">{text(ref)}</definedName>' for n, ref in names]
    for local, sheet in enumerate(sheets):
        quoted = text(_quoted(sheet.title))
        if sheet.auto_filter:
            defined.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{local}" hidden="1">'
                f"{quoted}!{_absolute(sheet.auto_filter)}</definedName>"
            )
        if sheet.print_setup is not None and sheet.print_setup.title_rows:
            defined.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{local}">'
                f"{quoted}!{_title_rows(sheet.print_setup.title_rows)}</definedName>"
            )
    names_xml = (
        f"<definedNames>{''.join(defined)}</definedNames>" if defined else "<definedNames />"
    )
    return (
        f'<workbook xmlns:r="{REL_NS}" xmlns="{MAIN_NS}"><workbookPr /><workbookProtection />'
        '<bookViews><workbookView visibility="visible" minimized="0" showHorizontalScroll="1" '
        'showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" '
        'autoFilterDateGrouping="1" /></bookViews>'
        f"<sheets>{''.join(entries)}</sheets>{names_xml}"
        '<calcPr calcId="124519" fullCalcOnLoad="1" /></workbook>'
    )


def workbook_rels(sheets: int) -> str:
    """``xl/_rels/workbook.xml.rels``: the sheets, the styles, the theme, the shared strings."""
    rels = [
        f'<Relationship Type="{REL_NS}/worksheet" Target="/{sheet_part(i)}" Id="rId{i}" />'
        for i in range(1, sheets + 1)
    ]
    rels.append(f'<Relationship Type="{REL_NS}/styles" Target="styles.xml" Id="rId{sheets + 1}" />')
    rels.append(
        f'<Relationship Type="{REL_NS}/theme" Target="theme/theme1.xml" Id="rId{sheets + 2}" />'
    )
    rels.append(
        f'<Relationship Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml" '
        f'Id="rId{sheets + 3}"/>'
    )
    return f'<Relationships xmlns="{PKG_REL_NS}">{"".join(rels)}</Relationships>'


_OFFICE: Final[str] = "application/vnd.openxmlformats-officedocument"


def content_types(sheets: int) -> str:
    """``[Content_Types].xml`` for ``sheets`` worksheets and the shared strings."""
    worksheets = "".join(
        f'<Override PartName="/{sheet_part(i)}" '
        f'ContentType="{_OFFICE}.spreadsheetml.worksheet+xml" />'
        for i in range(1, sheets + 1)
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
        '<Default Extension="xml" ContentType="application/xml" />'
        f'<Override PartName="/{STYLES_PART}" ContentType="{_OFFICE}.spreadsheetml.styles+xml" />'
        f'<Override PartName="/{THEME_PART}" ContentType="{_OFFICE}.theme+xml" />'
        f'<Override PartName="/{CORE_PART}" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml" />'
        f'<Override PartName="/{APP_PART}" ContentType="{_OFFICE}.extended-properties+xml" />'
        f"{worksheets}"
        f'<Override PartName="/{WORKBOOK_PART}" '
        f'ContentType="{_OFFICE}.spreadsheetml.sheet.main+xml" />'
        f'<Override PartName="/{SHARED_STRINGS_PART}" '
        f'ContentType="{_OFFICE}.spreadsheetml.sharedStrings+xml"/></Types>'
    )


def core_xml(created: datetime) -> str:
    """``docProps/core.xml``: created and modified at ``created`` (naive UTC), by openpyxl."""
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>openpyxl</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


@cache
def constant_parts() -> tuple[bytes, bytes, bytes]:
    """The app properties, the theme and the package relationships, exactly as openpyxl
    writes them (they name its version): the same in every export."""
    from openpyxl.packaging.extended import ExtendedProperties
    from openpyxl.packaging.relationship import Relationship, RelationshipList
    from openpyxl.writer.theme import theme_xml
    from openpyxl.xml.functions import tostring

    app: bytes = tostring(ExtendedProperties().to_tree())
    rels = RelationshipList()
    rels.append(Relationship(type="officeDocument", Target=WORKBOOK_PART))
    rels.append(Relationship(Type=f"{PKG_REL_NS}/metadata/core-properties", Target=CORE_PART))
    rels.append(Relationship(type="extended-properties", Target=APP_PART))
    root: bytes = tostring(rels.to_tree())
    return app, theme_xml.encode("utf-8"), root
