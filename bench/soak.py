"""Soak: many builds in a row in one long-running process, as the live preview makes them.

    .venv/bin/python bench/soak.py [--builds 1000]

Builds mixed documents and languages one after another (--force, so each renders), with one
worker pool for the whole run, and samples, every 50 builds: the resident memory of this
process and of its workers, its open file descriptors, the processes it has, and the
temporary files left in the output folder. Prints the samples and the growth from the first
sample to the last. Not a test: nothing asserts; the figures are read by people.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brosur.jobs.pipeline import build  # noqa: E402
from brosur.jobs.request import Request  # noqa: E402
from brosur.jobs.workers import worker_pool  # noqa: E402

CONTENT = ROOT / "content"
EDITIONS = list(itertools.product(("factsheet", "brochure", "profile"), ("id", "en", "id-en")))


def resident_mib(pid: int) -> float:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (the workers, and the server they are forked from)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, owner in parents.items() if owner == parent]
        found += children
        frontier += children
    return found


def sample(output: Path) -> dict[str, float]:
    me = os.getpid()
    others = descendants(me)
    return {
        "main MiB": resident_mib(me),
        "largest worker MiB": max((resident_mib(pid) for pid in others), default=0.0),
        "open files": len(os.listdir("/proc/self/fd")),
        "processes": len(others),
        "temporary files": len(list(output.rglob("*.tmp"))),
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--builds", type=int, default=1000)
    options.add_argument("--every", type=int, default=50)
    arguments = options.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output"
        pool = worker_pool(2, long_running=True)
        samples = []
        started = time.perf_counter()
        try:
            for number, (document, language) in enumerate(
                itertools.islice(itertools.cycle(EDITIONS), arguments.builds), start=1
            ):
                request = Request(CONTENT, output, (document,), language, force=True, jobs=2)
                build(request, pool=pool)
                if number == 1 or number % arguments.every == 0:
                    samples.append((number, sample(output)))
                    print(number, samples[-1][1], flush=True)
        finally:
            pool.shutdown()
        elapsed = time.perf_counter() - started
    print(f"{arguments.builds} builds in {elapsed:.0f} s")
    first, last = samples[0][1], samples[-1][1]
    for name in first:
        peak = max(values[name] for _, values in samples)
        print(f"{name}: first {first[name]:.0f}, last {last[name]:.0f}, highest {peak:.0f}")


if __name__ == "__main__":
    main()
