"""The matrix search on the 240k estate, in a fresh offscreen window (issue 13, F6).

``run`` starts ``python -m benchmarks.search_ops FILE SETTINGS`` once; the child opens the
window on FILE and prints one JSON object:

* ``filter_ms``: the median time to apply a text filter to the 30,000 rows and repaint, over
  queries that hit a service name, a rationale and nothing;
* ``keystroke_ms``: the longest the window is blocked by one keystroke while "quarterly" is
  typed into the search box letter by letter (a search that filters on every keystroke blocks
  for a whole filter each time; a debounced one only once the typing pauses);
* ``rows``: the rows each query shows (so a run also says what the search finds).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import Result

QUERIES = ("lambda", "quarterly review", "zzqx")
TYPED = "quarterly"


def _child(path: str, settings: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from benchmarks.gui_child import _isolated_settings
    from srm_desktop.ui.application import create_app

    app = create_app([])
    _isolated_settings(settings)
    from srm_desktop.ui.main_window import MainWindow
    from srm_desktop.ui.models.matrix_filter import MatrixFilter

    window = MainWindow()
    window.file.load(Path(path))
    window.show()
    for _ in range(20):
        app.processEvents()
    proxy = window.matrix.proxy
    times: list[float] = []
    rows: dict[str, int] = {}
    for _ in range(5):
        for query in QUERIES:
            start = time.perf_counter()
            proxy.set_criteria(MatrixFilter(text=query))
            app.processEvents()
            times.append((time.perf_counter() - start) * 1000)
            rows[query] = proxy.rowCount()
            proxy.set_criteria(MatrixFilter())
            app.processEvents()
    box = window.filter_bar.text
    stalls: list[float] = []
    for _ in range(3):
        box.clear()
        _settle(app, 1.0)
        for i in range(1, len(TYPED) + 1):
            start = time.perf_counter()
            box.setText(TYPED[:i])
            app.processEvents()
            stalls.append((time.perf_counter() - start) * 1000)
            time.sleep(0.08)  # a quick typist: 12 keys a second
            app.processEvents()
        _settle(app, 1.0)
    out: dict[str, Any] = {
        "filter_ms": statistics.median(times),
        "keystroke_ms": max(stalls),
        "rows": rows,
        "total_rows": window.matrix.source.rowCount(),
    }
    print(json.dumps(out), flush=True)
    os._exit(0)


def _settle(app: Any, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def run(path: Path, folder: Path) -> list[Result]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SRM_CACHE_DIR": str(folder / "cache")}
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.search_ops", str(path), str(folder / "settings")],
        capture_output=True, text=True, env=env, check=True, timeout=600,
    )  # fmt: skip
    data = json.loads(out.stdout.strip().splitlines()[-1])
    found = ", ".join(f"{q!r} {n:,}" for q, n in data["rows"].items())
    print(f"search: rows shown of {data['total_rows']:,}: {found}", flush=True)
    return [
        Result("search the matrix (filter + repaint)", data["filter_ms"], target="< 150 ms",
               limit=150.0),
        Result("  longest keystroke stall, typing a search", data["keystroke_ms"],
               target="< 50 ms", limit=50.0),
    ]  # fmt: skip


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
