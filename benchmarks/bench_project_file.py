"""Open and save a large project, against json.loads / json.dumps of the same file as the floor.

Usage: .venv/bin/python benchmarks/bench_project_file.py [SERVICES] [TEAMS]
Default: 1,000 services × 16 areas × 6 parties (AWS + 5 teams) = 96,000 cells, ~2% overrides.
Reports the median of 7 runs; ratios are what to compare across machines.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from srm_desktop.domain import edits
from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.domain.validation import validate
from srm_desktop.formats.project_file import dumps_project, load_project, save_project

TEAMS = ["Platform", "Security", "Application", "Data owner", "Network"]


def large_project(provider: Provider, services: int, teams: int) -> Project:
    specs = []
    for service in provider.catalog.services:
        specs += [f"{service.key}:{v.key}" for v in service.variants] or [service.key]
    project = new_project(
        "Benchmark", provider, [specs[i % len(specs)] for i in range(services)], TEAMS[:teams]
    )
    rng = random.Random(7)
    cells = [
        CellChange(e.id, a.id, p.id, rng.choice(["R", "C", "I", "R/C"]))
        for e in project.services
        for a in project.areas
        for p in project.parties[1:]
        if rng.random() < 0.02
    ]
    return edits.set_cells(project, cells, author="bench", rationale="agreed in review", at="t")


def median_ms(fn: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    services = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    teams = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    provider = get_provider("aws")
    project = large_project(provider, services, teams)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.srm"
        save_project(project, path)
        data = path.read_bytes()
        raw = json.loads(data)
        print(
            f"{len(project.services)} services × {len(project.areas)} areas × "
            f"{len(project.parties)} parties = {project.cell_count:,} cells, "
            f"{len(project.overrides):,} overrides, file {len(data) / 1e6:.1f} MB"
        )
        rows = [
            ("open (load_project)", median_ms(lambda: load_project(path)),
             "json.loads", median_ms(lambda: json.loads(path.read_bytes()))),
            ("save (save_project)", median_ms(lambda: save_project(project, path)),
             "json.dumps", median_ms(lambda: json.dumps(raw, indent=2))),
            ("auto-fill", median_ms(lambda: autofill(project, provider)), "", 0.0),
            ("validate", median_ms(lambda: validate(project, provider)), "", 0.0),
            ("serialise only", median_ms(lambda: dumps_project(project)), "", 0.0),
        ]  # fmt: skip
    for name, ms, floor_name, floor in rows:
        ratio = f"{ms / floor:4.2f}× {floor_name} ({floor:6.1f} ms)" if floor else ""
        print(f"{name:22s} {ms:8.1f} ms  {ratio}")


if __name__ == "__main__":
    main()
