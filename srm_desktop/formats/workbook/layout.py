"""The review workbook's layout: the contract between the exporter and the importer.

Both sides read their sheet names, column keys and limits from here, so a workbook written by one
version is read by the same rules. The Matrix sheet carries a hidden first row of column keys
(``srm:service``, ``srm:party:<id>``...) so the importer finds its columns after a stakeholder
inserts, moves or renames one; it falls back to the visible headers when that row is gone.
"""

from __future__ import annotations

from typing import Final

FORMAT_ID: Final[str] = "srm-desktop/review-workbook"
#: Bump when the layout changes in a way an older importer would misread.
SCHEMA_VERSION: Final[int] = 1

MATRIX: Final[str] = "Matrix"
OVERVIEW: Final[str] = "Overview"
INVENTORY: Final[str] = "Inventory"
LEGEND: Final[str] = "Legend"
SOURCES: Final[str] = "Sources"
LISTS: Final[str] = "Lists"
META: Final[str] = "_srm_meta"
#: Written only by an export given an older version (``--since``); the importer never reads it.
CHANGES: Final[str] = "Changes"

#: Row 1 of the Matrix sheet (hidden) holds the column keys, row 2 the visible headers.
KEY_ROW: Final[int] = 1
HEADER_ROW: Final[int] = 2
FIRST_DATA_ROW: Final[int] = 3
KEY_PREFIX: Final[str] = "srm:"
PARTY_KEY_PREFIX: Final[str] = "srm:party:"

# Column keys of the Matrix sheet, in export order; party columns sit between OWNER and SOURCE.
SERVICE: Final[str] = "srm:service"
CATEGORY: Final[str] = "srm:category"
VARIANT: Final[str] = "srm:variant"
AREA: Final[str] = "srm:area"
OWNER: Final[str] = "srm:owner"
#: What the rule says the customer does in this row: the reviewer reads it beside the letters.
CUSTOMER_DOES: Final[str] = "srm:customer_does"
SOURCE: Final[str] = "srm:source"
RATIONALE: Final[str] = "srm:rationale"
SERVICE_ID: Final[str] = "srm:service_id"
AREA_ID: Final[str] = "srm:area_id"
#: The letters every party held at export time, ``|``-separated in the metadata's party order:
#: how the importer tells a stakeholder's edit from a change made in the app since the export.
BASELINE: Final[str] = "srm:baseline"
BASELINE_SEPARATOR: Final[str] = "|"

LEADING_KEYS: Final[tuple[str, ...]] = (SERVICE, CATEGORY, VARIANT, AREA, OWNER)
TRAILING_KEYS: Final[tuple[str, ...]] = (
    CUSTOMER_DOES,
    SOURCE,
    RATIONALE,
    SERVICE_ID,
    AREA_ID,
    BASELINE,
)
HIDDEN_KEYS: Final[frozenset[str]] = frozenset({SERVICE_ID, AREA_ID, BASELINE})

HEADERS: Final[dict[str, str]] = {
    SERVICE: "Service",
    CATEGORY: "Category",
    VARIANT: "Variant",
    AREA: "Responsibility area",
    OWNER: "Owner",
    CUSTOMER_DOES: "What you do (rule)",
    SOURCE: "Source",
    RATIONALE: "Rationale",
    SERVICE_ID: "service id",
    AREA_ID: "area id",
    BASELINE: "exported letters",
}

WIDTHS: Final[dict[str, float]] = {
    SERVICE: 26,
    CATEGORY: 14,
    VARIANT: 14,
    AREA: 30,
    OWNER: 16,
    CUSTOMER_DOES: 50,
    SOURCE: 48,
    RATIONALE: 44,
    SERVICE_ID: 14,
    AREA_ID: 14,
    BASELINE: 14,
}
PARTY_WIDTH: Final[float] = 11
PARTY_MAX_WIDTH: Final[float] = 30

# Metadata sheet keys (column A) and values (column B).
META_FORMAT: Final[str] = "format"
META_SCHEMA: Final[str] = "schema_version"
META_PROJECT_ID: Final[str] = "project_id"
META_PROJECT_NAME: Final[str] = "project_name"
META_EXPORTED_AT: Final[str] = "exported_at"
META_APP_VERSION: Final[str] = "app_version"
META_PARTIES: Final[str] = "parties"

# Hard limits for reading: a sheet may declare XFD1048576, and we never believe it.
MAX_ROWS: Final[int] = 250_000
MAX_COLUMNS: Final[int] = 256
#: How many leading rows may hold the key and header rows (a stakeholder may add a title row).
HEADER_SEARCH_ROWS: Final[int] = 10
#: The bytes of a sheet's XML read while looking for those rows (the estate's first ten rows
#: are under 10 KB; a sheet of 300 parties, under 100 KB).
HEAD_BYTES: Final[int] = 1024 * 1024
#: How many sheets are looked at for the matrix: the export writes 7, a stakeholder may add a
#: few; a workbook of 480 small sheets costs 12 looks, not 480.
MAX_SHEETS_SCANNED: Final[int] = 12
#: The XML elements (rows, cells, values) read from the matrix sheet: the parse work, which its
#: bytes do not bound (``<c/>`` is four bytes). The 240,000-cell estate's Matrix has 1.2 million.
MAX_SHEET_ELEMENTS: Final[int] = 2_500_000
#: Problems listed one by one; the rest are counted in one last line.
MAX_PROBLEMS: Final[int] = 500
