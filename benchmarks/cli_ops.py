"""Whole-process timings of the headless ``srm`` command, each in a fresh interpreter.

``srm validate`` is what a pre-commit hook runs on every commit, so its start-up counts as much
as the check itself. The floor is the least any Python tool reading the file can do: a process
that imports pydantic and ``json.loads`` the same file. Both run the same interpreter with the
same environment, interleaved run by run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.measure import Result

FLOOR = "import sys, json, pydantic; json.loads(open(sys.argv[1], 'rb').read())"
VALIDATE = "import sys; from srm_desktop.cli import main; sys.exit(main(sys.argv[1:]))"


def _process_ms(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        check=False, env=os.environ.copy(),
    )  # fmt: skip
    return (time.perf_counter() - start) * 1000


def run(path: Path, runs: int) -> list[Result]:
    """``srm validate PATH`` against the pydantic + ``json.loads`` process floor."""
    ops: list[float] = []
    floors: list[float] = []
    for _ in range(runs):
        floors.append(_process_ms(["-c", FLOOR, str(path)]))
        ops.append(_process_ms(["-c", VALIDATE, "validate", str(path)]))
    med = statistics.median
    return [
        Result("srm validate (whole process)", med(ops), "python + pydantic + json.loads",
               med(floors), "≤ 3×", 3.0, runs=ops),
    ]  # fmt: skip
