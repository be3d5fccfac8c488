"""What every benchmark here times with: the median of a few runs of an action."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """The median of `repeat` runs of `action`, in seconds (a median: the machines here are
    shared, and one run slowed by another's work should not move the figure)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
