"""Project file and domain operations against their floors: json.loads, json.dumps, a list pass."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from benchmarks.measure import Result, median, paired, traced_peak_mb
from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.validation import validate
from srm_desktop.formats.project_file import dumps_project, load_project, save_project


def _list_pass(n: int) -> None:
    """The floor of auto-fill and validate: one Python pass writing ``n`` values into a list."""
    out = [""] * n
    for i in range(n):
        out[i] = "R"


def run(project: Project, folder: Path, runs: int, label: str = "") -> list[Result]:
    provider = get_provider(project.provider)
    path = folder / "bench.srm"
    save_project(project, path, backup=False)
    data = path.read_bytes()
    raw = json.loads(data)
    cells = project.cell_count
    results = []

    def add(name: str, op, floor, floor_name: str, target: str, limit: float) -> None:  # type: ignore[no-untyped-def]
        a, b = paired(op, floor, runs)
        results.append(
            Result(f"{name}{label}", median(a), floor_name, median(b), target, limit,
                   traced_peak_mb(op), runs=a)
        )  # fmt: skip

    add(
        "open project file",
        lambda: load_project(path),
        lambda: json.loads(path.read_bytes()),
        "json.loads",
        "≤ 2×",
        2.0,
    )
    add(
        "save project file",
        lambda: save_project(project, path, backup=False),
        lambda: json.dumps(raw, indent=2),
        "json.dumps",
        "≤ 2×",
        2.0,
    )
    add(
        "  serialise only (dumps_project)",
        lambda: dumps_project(project),
        lambda: json.dumps(raw, indent=2),
        "json.dumps",
        "(info)",
        2.0,
    )
    blank = replace(project, rows={})
    add(
        "auto-fill all cells (from empty)",
        lambda: autofill(blank, provider),
        lambda: _list_pass(cells),
        "list pass",
        "≤ 5×",
        5.0,
    )
    add(
        "  auto-fill again (no change)",
        lambda: autofill(project, provider),
        lambda: _list_pass(cells),
        "list pass",
        "(info)",
        5.0,
    )
    add(
        "validate all rows",
        lambda: validate(project, provider),
        lambda: _list_pass(cells),
        "list pass",
        "≤ 5×",
        5.0,
    )
    return results


def describe(project: Project, data_size: int) -> str:
    share = 100 * len(project.overrides) / max(project.cell_count, 1)
    return (
        f"{len(project.services):,} services × {len(project.areas)} areas × "
        f"{len(project.parties)} parties = {project.cell_count:,} cells, "
        f"{len(project.overrides):,} overrides ({share:.1f} %), file {data_size / 1e6:.1f} MB"
    )
