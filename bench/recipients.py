"""Benchmark: personalised fact sheets in bulk, against raw WeasyPrint, measured in one run.

    .venv/bin/python bench/recipients.py [--recipients 100] [--sample 21] [--repeat 3]

Prints, for a list of fictional recipients (Indonesian, English and bilingual copies):
seconds per copy; the ratio against running the `weasyprint` command once per recipient on
the same copy's whole HTML, in the form the build printed (timed on an evenly spread sample
of the recipients, then taken per copy; goal: 0.05x, issue 16); the speed-up of 2 workers
over 1; and each worker's peak memory as the list grows. Not a test: the machines here are
shared and noisy, so nothing asserts on time. For the same reason the builds and the
commands are timed in rounds, one after the other (each round times its own share of the
sample), and each figure is the median of the rounds' figures.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brosur.content.load import load_content  # noqa: E402
from brosur.jobs.batch import plan_batch  # noqa: E402
from brosur.jobs.cache import BuildCache  # noqa: E402
from brosur.jobs.copies import CopyJobs, Group, build_batch  # noqa: E402
from brosur.jobs.editions import font_files  # noqa: E402
from brosur.jobs.request import Request  # noqa: E402
from brosur.jobs.workers import worker_pool  # noqa: E402
from brosur.paths import TEMPLATES  # noqa: E402
from brosur.render.html import Renderer  # noqa: E402

CONTENT = ROOT / "content"
PYTHON = sys.executable
WEASYPRINT = str(Path(PYTHON).with_name("weasyprint"))
LANGUAGES = ("id", "en", "id", "en", "id-en")  # mostly one language, some bilingual


def write_list(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        rows = csv.writer(stream)
        rows.writerow(["name", "language", "date", "place", "contact"])
        for number in range(1, count + 1):
            rows.writerow(
                [
                    f"Yayasan Contoh {number:03d}",
                    LANGUAGES[number % len(LANGUAGES)],
                    f"2026-12-{number % 28 + 1:02d}",
                    "Jakarta",
                    "Ibu Contoh, contoh@example.org",
                ]
            )
    return path


def seconds(*command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def build_command(recipients: Path, output: Path, jobs: int) -> float:
    """The whole `build.py factsheet --recipients` a user runs, from a cold start."""
    return seconds(
        PYTHON,
        "build.py",
        "factsheet",
        "--recipients",
        str(recipients),
        "--output",
        str(output),
        "--jobs",
        str(jobs),
        "--force",
    )


def weasyprint_per_recipient(
    recipients: Path, built: Path, scratch: Path, sample: int, share: tuple[int, int]
) -> float:
    """The `weasyprint` command on each sampled recipient's whole HTML (the same copy brosur
    makes, in the copyfitted form the build in `built` chose, rendered in one piece), per
    copy; timed on the `share` (round, rounds) of the sample."""
    content = load_content(CONTENT)
    request = Request(CONTENT, scratch / "unused", ("factsheet",))
    copies = list(plan_batch(content, request, recipients).copies())
    renderer = Renderer(TEMPLATES)
    cache = BuildCache(built)
    jobs = CopyJobs(renderer, font_files(content), scratch / "unused")
    forms = {}
    for item in copies:
        if item.group not in forms:
            forms[item.group] = cache.probe(jobs.probe_job(Group(), item).key)["form"]
    round_, rounds = share
    chosen = copies[:: max(1, len(copies) // sample)][:sample][round_::rounds]
    total = 0.0
    for index, item in enumerate(chosen):
        fit = item.edition.document.fittings()[forms[item.group]]
        html = renderer.render(item.content, item.edition, recipient=item.recipient, fit=fit)
        page = ROOT / f".bench-recipient-{index}.html"  # beside styles/, so links resolve
        page.write_text(html, encoding="utf-8")
        try:
            total += seconds(WEASYPRINT, str(page), str(scratch / f"w{index}.pdf"))
        finally:
            page.unlink()
    return total / len(chosen)


def worker_peak(recipients: Path, output: Path) -> float:
    """The highest peak resident memory (MiB) any worker reached while 2 workers built the
    whole list (each copy reports its worker's peak so far; workers are replaced after
    brosur.jobs.workers.PDFS_PER_WORKER copies)."""
    pool = worker_pool(2, long_running=True)
    try:
        request = Request(CONTENT, output, ("factsheet",), force=True, jobs=2)
        peaks = []
        build_batch(
            request, recipients, pool=pool, on_done=lambda result: peaks.append(result.peak_mib)
        )
        return max(peaks)
    finally:
        pool.shutdown()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--recipients", type=int, default=100)
    options.add_argument("--sample", type=int, default=21)
    options.add_argument("--repeat", type=int, default=3)
    arguments = options.parse_args()
    count, rounds = arguments.recipients, arguments.repeat
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        recipients = write_list(scratch / "recipients.csv", count)
        twos, ones, commands = [], [], []
        for round_ in range(rounds):
            twos.append(build_command(recipients, scratch / "two", jobs=2))
            ones.append(build_command(recipients, scratch / "one", jobs=1))
            commands.append(
                weasyprint_per_recipient(
                    recipients, scratch / "two", scratch, arguments.sample, (round_, rounds)
                )
            )
        ratios = [two / count / command for two, command in zip(twos, commands, strict=True)]
        speed_ups = [one / two for one, two in zip(ones, twos, strict=True)]
        two, one, command = (statistics.median(times) for times in (twos, ones, commands))
        print(f"run {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, {rounds} rounds")
        print(
            f"{count} personalised fact sheets, 2 workers: {two:.1f} s = {two / count:.3f} s "
            "per copy"
        )
        print(
            f"vs the weasyprint command per recipient ({command:.2f} s a copy, sampled on "
            f"{arguments.sample}): {statistics.median(ratios):.3f}x (goal <= 0.05x; rounds: "
            f"{', '.join(f'{ratio:.3f}' for ratio in ratios)})"
        )
        print(
            f"2 workers vs 1: {one:.1f} s / {two:.1f} s = {statistics.median(speed_ups):.2f}x "
            f"faster (goal >= 1.7x; rounds: {', '.join(f'{x:.2f}' for x in speed_ups)})"
        )
        for size in (count // 4, count, count * 4):
            peak = worker_peak(write_list(scratch / f"r{size}.csv", size), scratch / f"m{size}")
            print(f"peak memory per worker, {size:>4} recipients: {peak:.0f} MiB (goal: flat)")


if __name__ == "__main__":
    main()
