"""The Teams tab's domain work on the benchmark estate: counting every party's letters, listing
one party's rows, and keeping the counts current after a cell edit (what a keystroke costs)."""

from __future__ import annotations

from benchmarks.measure import Result, median, paired, times_ms, traced_peak_mb
from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.team_view import Tally, team_groups


def _list_pass(n: int) -> None:
    """The floor: one Python pass writing ``n`` values into a list."""
    out = [""] * n
    for i in range(n):
        out[i] = "R"


def run(project: Project, runs: int) -> list[Result]:
    provider = get_provider(project.provider)
    cells = project.cell_count
    party = project.parties[project.customer_parties[0]].id
    results = []

    def add(name: str, op, target: str, limit: float) -> None:  # type: ignore[no-untyped-def]
        a, b = paired(op, lambda: _list_pass(cells), runs)
        results.append(
            Result(name, median(a), "list pass", median(b), target, limit, traced_peak_mb(op),
                   runs=a)
        )  # fmt: skip

    add("teams: count every party (Tally.of)", lambda: Tally.of(project), "≤ 5×", 5.0)
    add(
        "teams: one party's R/A rows (team_groups)",
        lambda: team_groups(project, provider, party),
        "≤ 5×",
        5.0,
    )
    entry, area = project.services[len(project.services) // 2], project.visible_areas[10]
    edited = edits.set_cells(project, [CellChange(entry.id, area.id, party, "R/A")], author="b")
    tally = Tally.of(project)

    def keystroke() -> None:  # the counts after a cell edit, and back
        tally.moved(project, edited, [(entry.id, area.id)])
        tally.moved(edited, project, [(entry.id, area.id)])

    a = times_ms(keystroke, runs * 20)
    results.append(
        Result("teams: counts after a cell edit (Tally.moved ×2)", median(a), target="≤ 1 ms",
               limit=1.0, runs=a)
    )  # fmt: skip
    return results
