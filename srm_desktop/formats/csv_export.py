"""The flat CSV export: one line per (service, area, party) cell.

The columns are a contract other tools build on (DESIGN.md); ``party`` is the party's name, as
``service`` and ``area`` are names beside their ids:
``service_id,service,category,area_id,area,party,raci,source,owner``; ``owner`` is the row's
effective owner as the app shows it (``domain/provenance.py``), appended after the first eight,
which never change meaning or order. Values are written as they are
(no formula-escaping prefix), because this file is data for tools; the workbook is the format for
people, and it is the one that guards against formula injection.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Final

from srm_desktop.domain.derive import deriver_for
from srm_desktop.domain.layered import plain
from srm_desktop.domain.project import Project
from srm_desktop.domain.provenance import cell_source, effective_owner
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.atomic import write_atomic

COLUMNS: Final[tuple[str, ...]] = (
    "service_id",
    "service",
    "category",
    "area_id",
    "area",
    "party",
    "raci",
    "source",
    "owner",
)


def dumps_csv(project: Project, provider: Provider) -> str:
    """The CSV text (``\\r\\n`` line ends, as RFC 4180 and spreadsheet programs expect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    deriver = deriver_for(project, provider)
    overrides = plain(project.overrides)  # one look-up per cell: dict speed
    for entry in project.services:
        category = deriver.category(entry)
        category_text = category.value if category is not None else ""
        for area in project.visible_areas:
            row = project.row(entry.id, area.id)
            owner = effective_owner(project, provider, entry.id, area.id)
            owner_text = owner.word if owner is not None else ""
            for party, letters in zip(project.parties, row.raci, strict=True):
                source = cell_source(project, entry.id, area.id, party.id, overrides)
                writer.writerow(
                    (
                        entry.id,
                        entry.name,
                        category_text,
                        area.id,
                        area.name,
                        party.name,
                        letters,
                        source,
                        owner_text,
                    )
                )
    return buffer.getvalue()


def export_csv(project: Project, provider: Provider, path: Path | str) -> None:
    write_atomic(Path(path), dumps_csv(project, provider).encode("utf-8"))
