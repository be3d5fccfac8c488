"""Benchmark: a recipients list of 1,000, 10,000 and 100,000 rows (issue 23).

    .venv/bin/python bench/scale.py [--repeat N] [--project DIR]

For each length, the whole `build.py factsheet --recipients` as a user runs it:
- `--plan`: its seconds, the seconds each row adds (from the length before: linear when the
  figure holds as the list grows tenfold), and the command's peak memory;
- a real build (2 workers, --force), stopped once COPIES copies are on disk: the seconds to
  the first copy, how much of the list the command had read by then, and its own peak
  memory then and at the COPIES-th copy (the workers' is bench/recipients.py's). Both
  should stay flat however long the list.

`--project` measures another checkout of brosur (an older commit, for a before/after), with
this one's lists. Called by bench/run.py. Not a test: the machines here are shared and noisy,
so nothing asserts on time; each time is the median of the repeats.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.recipients import write_list  # noqa: E402

PYTHON = sys.executable
SIZES = (1_000, 10_000, 100_000)
COPIES = 100  # copies a build makes before it is stopped: past its first groups' probes
LIMIT = 300.0  # seconds a build may take to make them


def measure(repeat: int, project: Path = ROOT) -> list[str]:
    """One line per length for `--plan`, one for a real build."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="brosur-bench-scale-") as folder:
        scratch = Path(folder)
        before = None
        for size in SIZES:
            recipients = write_list(scratch / f"r{size}.csv", size)
            plans = [_plan(project, recipients, scratch) for _ in range(repeat)]
            seconds = statistics.median(seconds for seconds, _ in plans)
            peak = max(peak for _, peak in plans)
            per_row = (
                f"{(seconds - before[1]) / (size - before[0]) * 1e6:.0f} µs a row more than "
                f"{before[0]:,}"
                if before
                else f"{seconds / size * 1e6:.0f} µs a row, start-up included"
            )
            lines.append(
                f"--plan, {size:>7,} rows: {seconds:6.2f} s, {per_row}; peak memory {peak:.0f} MiB"
            )
            before = (size, seconds)
            builds = [
                _build(project, recipients, scratch / f"out-{size}-{n}") for n in range(repeat)
            ]
            lines.append(f"build,  {size:>7,} rows: {_build_line(builds)}")
    return lines


def _plan(project: Path, recipients: Path, scratch: Path) -> tuple[float, float]:
    """`build.py --plan` on a list: its seconds and its peak memory (MiB)."""
    command = [*_build_command(project, recipients, scratch / "unused"), "--plan"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=project)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed: exit {process.returncode}")
    return seconds, usage.ru_maxrss / 1024


def _build(project: Path, recipients: Path, output: Path) -> dict:
    """A real build of the list, stopped once COPIES copies are made (or after LIMIT
    seconds): the seconds to its first copy, the share of the list read by then, and the
    command's peak memory (MiB) then and at the last."""
    command = [*_build_command(project, recipients, output), "--force", "--jobs", "2"]
    folder = output / "recipients" / "factsheet"
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=project,
        start_new_session=True,  # its workers too are stopped with it
    )
    found: dict = {"first": None, "read": None, "peak at first": None}
    try:
        while time.perf_counter() - started < LIMIT and process.poll() is None:
            made = _copies_in(folder)
            if made and found["first"] is None:
                found["first"] = time.perf_counter() - started
                found["read"] = _share_read(process.pid, recipients)
                found["peak at first"] = _peak_mib(process.pid)
            if made >= COPIES:
                break
            time.sleep(0.05)
        found["peak"] = _peak_mib(process.pid)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return found


def _build_command(project: Path, recipients: Path, output: Path) -> list[str]:
    return [
        PYTHON,
        str(project / "build.py"),
        "factsheet",
        "--recipients",
        str(recipients),
        "--output",
        str(output),
    ]


def _copies_in(folder: Path) -> int:
    """The copies written in `folder` (not the temporary files they are written through)."""
    try:
        return sum(name.endswith(".pdf") and name[0] != "." for name in os.listdir(folder))
    except FileNotFoundError:
        return 0


def _share_read(pid: int, recipients: Path) -> float | None:
    """How much of the list process `pid` has read: where it stands in the file it has
    open; None when it has not the list open (read whole, or not yet)."""
    fds = Path(f"/proc/{pid}/fd")
    for fd in fds.iterdir():
        try:
            if Path(os.readlink(fd)) == recipients:
                info = (Path(f"/proc/{pid}/fdinfo") / fd.name).read_text()
                position = int(info.split("pos:", 1)[1].split()[0])
                return position / recipients.stat().st_size
        except (OSError, IndexError, ValueError):
            continue
    return None


def _peak_mib(pid: int) -> float:
    """The peak resident memory of process `pid` so far (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _build_line(builds: list[dict]) -> str:
    """What the builds of one list found, as one line."""
    firsts = [build["first"] for build in builds if build["first"] is not None]
    if not firsts:
        return f"no copy in {LIMIT:.0f} s; peak memory {max(b['peak'] for b in builds):.0f} MiB"
    reads = [build["read"] for build in builds if build["first"] is not None]
    read = "all the list read" if None in reads else f"{max(reads):.0%} of the list read"
    at_first = max(build["peak at first"] for build in builds if build["first"] is not None)
    return (
        f"first copy after {statistics.median(firsts):5.2f} s ({read} then); peak memory "
        f"{at_first:.0f} MiB then, {max(build['peak'] for build in builds):.0f} MiB at the "
        f"{COPIES}th copy"
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=3)
    options.add_argument("--project", type=Path, default=ROOT)
    arguments = options.parse_args()
    print(f"run {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, {arguments.project}")
    for line in measure(arguments.repeat, arguments.project.resolve()):
        print(line)


if __name__ == "__main__":
    main()
