"""Run the whole benchmark suite: ``.venv/bin/python -m benchmarks`` (or ``make bench``).

Generates the 240,000-cell estate (1,000 services × 30 areas × 8 parties), measures every
operation of the scale issue against a floor measured in the same run, repeats for the shipped
examples' sizes, and prints one table (``--json FILE`` also writes it as JSON). Options:
``--runs N`` (default 5), ``--quick`` (skip the workbook and GUI parts), ``--only PART...``
(run only these parts: domain, workbook, gui, cli, examples, merge, diff, compliance, report).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    cli_ops,
    compliance_ops,
    diff_ops,
    domain_ops,
    import_ops,
    merge_ops,
    report_ops,
    search_ops,
    team_ops,
    whatif_ops,
    workbook_ops,
)
from benchmarks.generate import examples, large_project
from benchmarks.measure import Result
from srm_desktop.formats.project_file import load_project, save_project

PARTS = [
    "domain",
    "cli",
    "workbook",
    "gui",
    "examples",
    "merge",
    "diff",
    "compliance",
    "report",
]


def _child(args: list[str], env: dict[str, str]) -> tuple[float, str, float]:
    """Seconds from starting a fresh interpreter to its first line of output, that line, and the
    child's CPU time (user + system, to its exit right after that line): the machine is shared,
    and CPU time moves far less with the load than wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.gui_child", *args],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed * 1000, line, cpu * 1000


def gui(path: Path, folder: Path, runs: int) -> list[Result]:
    # As an installed app starts: its bytecode written once (pip compiles it at install; here the
    # unmeasured first start writes it, to a folder of the run, not into the checkout) and the
    # app's own cache filled (the rule book's validated form, srm_desktop.domain.provider_cache,
    # written by the first start). A shell with PYTHONDONTWRITEBYTECODE=1 compiles the package
    # from source on every start instead; that is measured too, as an info row.
    base = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SRM_CACHE_DIR": str(folder / "cache")}
    env = {**base, "PYTHONPYCACHEPREFIX": str(folder / "bytecode")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    source_env = {**base, "PYTHONDONTWRITEBYTECODE": "1"}
    settings = str(folder / "settings")
    _child(["bare"], env)
    _child(["cold", str(path), settings], env)
    cold: list[float] = []
    bare: list[float] = []
    cold_cpu: list[float] = []
    bare_cpu: list[float] = []
    source: list[float] = []
    source_cpu: list[float] = []
    for _ in range(runs):
        ms, _line, cpu = _child(["bare"], env)
        bare.append(ms)
        bare_cpu.append(cpu)
        ms, _line, cpu = _child(["cold", str(path), settings], env)
        cold.append(ms)
        cold_cpu.append(cpu)
        ms, _line, cpu = _child(["cold", str(path), settings], source_env)
        source.append(ms)
        source_cpu.append(cpu)
    empty = [_child(["empty", settings], env)[0] for _ in range(runs)]
    _ms, line, _cpu = _child(["session", str(path), settings], env)
    data = json.loads(line)
    med = statistics.median
    return [
        Result("cold start to painted window", med(cold), "bare PySide6 window", med(bare),
               "≤ 3× and < 1 s", 3.0, runs=cold),
        Result("  same, CPU time of the process", med(cold_cpu), "bare window, CPU",
               med(bare_cpu), "(info)", runs=cold_cpu),
        Result("  same, package compiled from source", med(source), "bare PySide6 window",
               med(bare), "(info)", runs=source),
        Result("  same, from source, CPU time", med(source_cpu), "bare window, CPU",
               med(bare_cpu), "(info)", runs=source_cpu),
        Result("  same, no file: the start page", med(empty), "bare PySide6 window", med(bare),
               "(info)", runs=empty),
        Result("one cell edit via the model + repaint", data["cell_edit_ms"], target="< 2 ms",
               limit=2.0),
        Result("auto-fill in the GUI + repaint", data["autofill_ms"], target="< 150 ms",
               limit=150.0),
        Result("app memory, 240k project open", data["memory_mb"], target="< 200 MB",
               limit=200.0, unit="MB"),
        Result("  longest event-loop stall, export", data["export_stall_ms"], target="< 100 ms",
               limit=100.0),
        Result("  longest event-loop stall, import", data["import_stall_ms"], target="< 100 ms",
               limit=100.0),
    ]  # fmt: skip


def _fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "—"
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def table(results: list[Result]) -> str:
    lines = [
        "| operation | median | floor (same run) | ratio | target | met? | peak memory |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        floor = f"{r.floor_name} {_fmt(r.floor_ms)}" if r.floor_ms is not None else "—"
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: ""}[r.met]
        if r.target.startswith("("):
            met = ""
        peak = _fmt(r.peak_mb, "MB") if r.peak_mb is not None else ""
        lines.append(
            f"| {r.operation.strip()} | {_fmt(r.median_ms, r.unit)} | {floor} | {ratio} | "
            f"{r.target} | {met} | {peak} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import openpyxl
    import PySide6

    return (
        f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"openpyxl {openpyxl.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="project file and domain only")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--only", nargs="+", choices=PARTS, default=PARTS, metavar="PART",
        help=f"run only these parts ({', '.join(PARTS)})",
    )  # fmt: skip
    args = parser.parse_args()
    parts = set(args.only) - ({"workbook", "gui", "compliance", "report"} if args.quick else set())
    started = time.perf_counter()
    print(machine(), flush=True)
    project = large_project()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "estate.srm"
        save_project(project, path, backup=False)
        print(domain_ops.describe(project, path.stat().st_size), flush=True)
        if "domain" in parts:
            results += domain_ops.run(project, folder, args.runs)
            results += team_ops.run(project, args.runs)
            results += import_ops.run(project, args.runs)
        if "cli" in parts:
            results += cli_ops.run(path, args.runs)
        if "workbook" in parts:
            results += workbook_ops.run(project, folder, args.runs)
        if "gui" in parts:
            results += gui(path, folder, args.runs)
            results += search_ops.run(path, folder)
        if "merge" in parts:
            results += merge_ops.run(project, folder, args.runs)
        if "diff" in parts:
            results += diff_ops.run(project, folder, args.runs)
            results += whatif_ops.run(project, folder, args.runs)
        if "compliance" in parts:
            results += compliance_ops.run(project, folder, args.runs)
        if "report" in parts:
            results += report_ops.run(project, path, args.runs)
        for example in examples() if "examples" in parts else ():
            small = load_project(example)
            results += domain_ops.run(small, folder, args.runs, f" [{example.stem}]")[:1]
            if "workbook" in parts:
                results += workbook_ops.run(small, folder, args.runs, f" [{example.stem}]")[:1]
    print()
    print(table(results))
    print(f"\nsuite finished in {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps([r.as_dict() for r in results], indent=2) + "\n")


if __name__ == "__main__":
    main()
