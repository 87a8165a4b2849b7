"""The one way the benchmarks time a function: warm once, then the median of `repeat` runs."""
from __future__ import annotations

import statistics
import time


def median_seconds(fn, arg, repeat: int) -> float:
    fn(arg)  # warm caches and lazy imports outside the timing
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
