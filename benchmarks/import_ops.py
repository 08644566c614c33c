"""The import preview's live recount: the RACI errors a ticked subset of 1,000 workbook changes
would add, recounted on every tick (``domain/change_set.py`` ``FindingsPreview``).

The floor is what the recount replaces: ``findings_after`` on the ticked subset, which applies
it and validates the whole project twice. The target is absolute: a tick must feel immediate
(< 50 ms on the 240,000-cell estate), since it runs on the UI thread.
"""

from __future__ import annotations

import random

from benchmarks.measure import Result, median, paired, traced_peak_mb
from srm_desktop.domain.change_set import Change, ChangeSet, FindingsPreview, findings_after
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider


def changes(project: Project, count: int = 1000, seed: int = 13) -> ChangeSet:
    """``count`` changed cells at random, as a returned workbook would bring them."""
    rnd = random.Random(seed)
    picked: dict[tuple[str, str, str], Change] = {}
    while len(picked) < count:
        entry = rnd.choice(project.services)
        area = rnd.choice(project.visible_areas)
        party = rnd.choice(project.parties)
        old = project.cell(entry.id, area.id, party.id)
        new = rnd.choice([v for v in ("", "R", "A", "R/A", "C", "I") if v != old])
        picked[(entry.id, area.id, party.id)] = Change(
            entry.id, area.id, party.id, old, new, "Matrix!A1"
        )
    return ChangeSet("review.xlsx", tuple(picked.values()))


def run(project: Project, runs: int, label: str = "") -> list[Result]:
    provider = get_provider(project.provider)
    change_set = changes(project)
    ticked = list(range(0, len(change_set.changes), 2))
    preview = FindingsPreview(change_set, project, provider)
    subset = change_set.only(ticked)
    recount, floor = paired(
        lambda: preview.findings(ticked),
        lambda: findings_after(subset, project, provider),
        runs,
    )
    return [
        Result(
            f"import preview: recount a tick, 1,000 changes{label}",
            median(recount),
            "",
            None,
            "< 50 ms",
            50.0,
            traced_peak_mb(lambda: preview.findings(ticked)),
            runs=recount,
        ),
        Result(
            f"import preview: findings_after, what the recount replaces{label}",
            median(floor),
            "",
            None,
            "info",
            None,
            runs=floor,
        ),
    ]
