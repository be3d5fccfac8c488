"""What every benchmark here times with: the median of a few runs of an action, or of
several actions taken in turns."""

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


def interleaved_medians(actions: list[Callable[[], object]], repeat: int) -> list[float]:
    """The median time of each of `actions`, run in turns `repeat` times: two figures to be
    set against each other meet the machine's load alike (timing all of one, then all of
    the other, measured its load as much as their difference)."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for action, taken in zip(actions, times, strict=True):
            started = time.perf_counter()
            action()
            taken.append(time.perf_counter() - started)
    return [statistics.median(taken) for taken in times]
