"""Diff of the 240k estate against a copy with 2 % of its cells changed and 10 entries added.

The floor is opening both files (what ``srm diff`` must do before it can compare anything); the
target is the issue's: open both and diff in at most twice that, so the diff itself costs no
more than reading the files. The diff alone is reported beside it.
"""

from __future__ import annotations

import gc
import random
from pathlib import Path

from benchmarks.measure import Result, median, paired, traced_peak_mb
from srm_desktop.domain import edits
from srm_desktop.domain.diff import diff_projects
from srm_desktop.domain.factory import service_entry
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.project_file import load_project, save_project

LETTERS = ("R", "A", "C", "I", "R/A", "R/C", "C/I", "")


def changed_copy(project: Project, share: float = 0.02, added: int = 10) -> Project:
    """``project`` with ``share`` of its shown cells set to other letters (as a reviewer does,
    with a rationale) and ``added`` entries added: the "next version" of the estate."""
    provider = get_provider(project.provider)
    rng = random.Random(14)
    changes = []
    for entry, area, row in project.iter_rows():
        for index, party in enumerate(project.parties):
            if rng.random() < share:
                letters = rng.choice([v for v in LETTERS if v != row.raci[index]])
                changes.append(edits.CellChange(entry.id, area.id, party.id, letters))
    changed = edits.set_cells(
        project, changes, author="reviewer", rationale="Changed in the review", at="2026-12-01"
    )
    ids = {e.id for e in changed.services}
    names = {e.name.casefold() for e in changed.services}
    keys = [s.key for s in provider.catalog.services]
    for i in range(added):
        entry = service_entry(provider, keys[i % len(keys)], ids, names)
        changed = edits.add_service(changed, provider, entry)
    return changed


def run(project: Project, folder: Path, runs: int) -> list[Result]:
    old_path, new_path = folder / "diff-old.srm", folder / "diff-new.srm"
    save_project(project, old_path, backup=False)
    save_project(changed_copy(project), new_path, backup=False)
    old, new = load_project(old_path), load_project(new_path)

    def open_both() -> None:
        load_project(old_path)
        load_project(new_path)

    def open_and_diff() -> None:
        """What ``srm diff OLD NEW`` does before it prints: open both, diff (the command
        pauses the cycle collector for its short life: ``cli/diff.py``)."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            diff_projects(load_project(old_path), load_project(new_path))
        finally:
            if was_enabled:
                gc.enable()

    a, floor = paired(open_and_diff, open_both, runs)
    b, floor2 = paired(lambda: diff_projects(old, new), open_both, runs)
    summary = diff_projects(old, new).summary()
    print(f"diff benchmark: {summary.text()}", flush=True)
    return [
        Result("diff two 240k projects (open both + diff)", median(a), "open both files",
               median(floor), "≤ 2×", 2.0, traced_peak_mb(open_and_diff), runs=a),
        Result("  diff alone (both open)", median(b), "open both files", median(floor2),
               "(info)", 1.0, runs=b),
    ]  # fmt: skip
