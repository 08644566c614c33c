"""The three-way merge on the 240,000-cell estate: what ``srm merge`` costs as a git merge driver.

Base is the benchmark estate; ours and theirs each change ~2 % of its cells (as manual
overrides, some with a new rationale) and add 10 inventory entries, and about a tenth of theirs'
cells are cells ours changed too (half of those to the same letters, half to others: conflicts).
The floor is opening the three files, which the merge must do anyway; the target (issue 14) is
the merge at most 3× that. Measured twice: the merge alone (the domain, from opened projects)
and the whole ``srm merge`` in this process (open three files, merge, write the result).
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from benchmarks.measure import Result, median, paired
from srm_desktop.cli import main as srm
from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.merge import merge_projects
from srm_desktop.domain.project import CellKey, Project, ServiceEntry
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.project_file import load_project, save_project

LETTERS = ("R", "C", "I", "R/C", "C/I", "A")
SHARE = 0.02
OVERLAP = 0.1
ADDED = 10


def _changed(
    project: Project, picks: list[CellKey], rng: random.Random, name: str, added_at: int
) -> Project:
    changes = [
        CellChange(*key, rng.choice([v for v in LETTERS if v != project.cell(*key)]))
        for key in picks
    ]
    changed = edits.set_cells(
        project, changes, author=name, rationale=f"{name}: reviewed", at="2026-11-30T12:00:00Z"
    )
    provider = get_provider(project.provider)
    for i in range(ADDED):
        entry = ServiceEntry(id=f"{name}-queue-{i}", name=f"{name} queue {i}", service="sqs")
        changed = edits.add_service(changed, provider, entry, added_at + i * 7)
    return changed


def sides(base: Project, seed: int = 14) -> tuple[Project, Project, list[CellKey]]:
    """Ours and theirs of ``base`` (see the module doc), and the cells both changed."""
    rng = random.Random(seed)
    keys = [
        (e.id, a.id, p.id) for e in base.services for a in base.visible_areas for p in base.parties
    ]
    count = int(len(keys) * SHARE)
    ours_picks = rng.sample(keys, count)
    shared = ours_picks[: int(count * OVERLAP)]
    rest = rng.sample(keys, count - len(shared))
    theirs_picks = shared + rest
    ours = _changed(base, ours_picks, random.Random(seed + 1), "ours", 100)
    theirs = _changed(base, theirs_picks, random.Random(seed + 2), "theirs", 500)
    # Half of the shared cells get the same letters on both sides: no conflict there.
    same = shared[: len(shared) // 2]
    theirs = edits.set_cells(
        theirs,
        [CellChange(*key, ours.cell(*key)) for key in same],
        author="ours",
        rationale="ours: reviewed",
        at="2026-11-30T12:00:00Z",
    )
    return ours, theirs, shared


def run(project: Project, folder: Path, runs: int) -> list[Result]:
    ours, theirs, _shared = sides(project)
    paths = [folder / f"merge-{name}.srm" for name in ("base", "ours", "theirs")]
    for side, path in zip((project, ours, theirs), paths, strict=True):
        save_project(side, path, backup=False)
    provider = get_provider(project.provider)
    base, mine, yours = (load_project(p) for p in paths)
    out_path = folder / "merge-out.srm"

    def open_three() -> None:
        for path in paths:
            load_project(path)

    def merge_only() -> None:
        merge_projects(base, mine, yours, provider)

    def whole_command() -> None:
        srm(["merge", *map(str, paths), "-o", str(out_path)], out=io.StringIO())

    result = merge_projects(base, mine, yours, provider)
    merge_ms, floor_ms = paired(merge_only, open_three, runs)
    command_ms, floor2_ms = paired(whole_command, open_three, runs)
    conflicts = len(result.conflicts)
    return [
        Result(f"three-way merge, 2 % changed per side ({conflicts} conflicts)", median(merge_ms),
               "open the three files", median(floor_ms), "≤ 3×", 3.0, runs=merge_ms),
        Result("srm merge in process (open 3, merge, write)", median(command_ms),
               "open the three files", median(floor2_ms), "≤ 3×", 3.0, runs=command_ms),
    ]  # fmt: skip
