"""Timing and memory helpers: medians of several runs, and peak memory of one more run.

Every operation is compared with a floor measured in the same process a moment before or after,
because absolute times on a shared 2-core machine drift by a third while ratios hold.
"""

from __future__ import annotations

import gc
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Result:
    """One row of the results table (times in milliseconds, memory in MB)."""

    operation: str
    median_ms: float
    floor_name: str = ""
    floor_ms: float | None = None
    target: str = ""
    limit: float | None = None  # ratio limit, or absolute ms/MB limit when floor_ms is None
    peak_mb: float | None = None
    unit: str = "ms"
    runs: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.floor_ms is None or self.floor_ms <= 0:
            return None
        return self.median_ms / self.floor_ms

    @property
    def met(self) -> bool | None:
        if self.limit is None:
            return None
        value = self.ratio if self.floor_ms is not None else self.median_ms
        return value is not None and value <= self.limit

    def as_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "median": round(self.median_ms, 2),
            "unit": self.unit,
            "floor": self.floor_name,
            "floor_median": None if self.floor_ms is None else round(self.floor_ms, 2),
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "target": self.target,
            "met": self.met,
            "peak_mb": None if self.peak_mb is None else round(self.peak_mb, 1),
        }


def times_ms(
    fn: Callable[[], object], runs: int = 5, setup: Callable[[], object] | None = None
) -> list[float]:
    """Wall times of ``runs`` calls; garbage collection runs between calls, not inside them."""
    out = []
    for _ in range(runs):
        if setup is not None:
            setup()
        gc.collect()
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def paired(
    op: Callable[[], object], floor: Callable[[], object], runs: int = 5
) -> tuple[list[float], list[float]]:
    """Operation and floor interleaved run by run, so a noisy neighbour hits both alike."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        b += times_ms(floor, 1)
        a += times_ms(op, 1)
    return a, b


def median(values: list[float]) -> float:
    return statistics.median(values)


def _status_kb(key: str) -> int | None:
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{key}:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else None


def peak_mb(fn: Callable[[], object]) -> float:
    """Memory one more call needs at its peak, above what the process held before it.

    On Linux the kernel's peak-RSS mark is reset first (``/proc/self/clear_refs``), so the
    number includes C allocations (zip buffers, Qt) at no cost to speed; elsewhere the Python
    heap is traced with tracemalloc instead.
    """
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
        before = _status_kb("VmRSS")
    except OSError:
        before = None
    if before is not None:
        fn()
        peak = _status_kb("VmHWM")
        if peak is not None:
            return max(peak - before, 0) / 1024
    return traced_peak_mb(fn)


def traced_peak_mb(fn: Callable[[], object]) -> float:
    """Peak Python heap of one more call, traced (slower, so not part of the timings)."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6
