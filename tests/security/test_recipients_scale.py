"""Recipients at scale (issue 23): the whole `build.py --recipients` in its own process, with
the exact list each case names. A list is read as its copies are planned and made, never
whole: the proof is where the command stands in the list file (its read position, from
/proc) when its first line of plan or its first copy comes out, not how long anything took
(the machine is shared: times are bench/scale.py's). A list without recipients is refused;
the progress shows the number of copies from the start, as a bar on a terminal and as plain
lines elsewhere."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brosur.paths import PROJECT_ROOT
from tests.support.cli import on_a_terminal
from tests.support.content import MINIMAL_CONTENT

EXIT_FAILED, EXIT_BAD_INPUT = 1, 2
HEADER = "name,language,date,place,contact\n"
LANGUAGES = ("id", "en", "id-en")


def donors(folder: Path, count: int, every: int = 1000) -> Path:
    """A list of `count` donors; every `every`-th is an `Ani`, whose copies are numbered."""
    path = folder / "donors.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(HEADER)
        for number in range(1, count + 1):
            name = "Ani" if number % every == 0 else f"Yayasan Contoh {number}"
            language = LANGUAGES[number % len(LANGUAGES)]
            stream.write(f"{name},{language},2026-12-03,Jakarta,Ibu Dewi\n")
    return path


def command(path: Path, output: Path, *more: str) -> list[str]:
    """build.py making the fact sheet's copies of the list at `path`."""
    return [
        sys.executable, str(PROJECT_ROOT / "build.py"), "factsheet", "--recipients", str(path),
        "--content", str(MINIMAL_CONTENT), "--output", str(output), *more,
    ]  # fmt: skip


def read_position(pid: int, path: Path) -> int | None:
    """Where process `pid` stands in the file at `path` it has open (the bytes it has read
    of it); None when it has not the file open."""
    target = os.path.realpath(path)
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:  # it has ended
        return None
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                info = Path(f"/proc/{pid}/fdinfo/{fd}").read_text(encoding="ascii")
                return int(re.search(r"^pos:\s*(\d+)", info, re.MULTILINE)[1])
        except OSError:  # closed meanwhile
            continue
    return None


# A list without recipients ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("donors.csv", HEADER, "the list has a header but no recipients: add one row per "
         "recipient under row 1"),
        ("donors.yml", "[]\n", "the list is empty: add one entry per recipient, each starting "
         "with '- name: ...'"),
    ],
)  # fmt: skip
def test_a_list_without_recipients_is_refused_and_nothing_is_written(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    result = subprocess.run(command(path, output), capture_output=True, text=True, timeout=300)
    assert result.returncode == EXIT_BAD_INPUT
    assert result.stderr.splitlines() == [
        f"{path}:1:1: {message}",
        "1 problem found; no PDF was written.",
    ]
    assert result.stdout == ""
    assert not output.exists()


# --plan -------------------------------------------------------------------------------------

PLAN_ROWS = 20_000


def test_a_plan_of_20000_rows_comes_out_as_the_list_is_read_one_line_a_copy(tmp_path):
    """The command prints the first line of its plan long before it has read the list: it
    can print only some 80 KB ahead of a reader that waits (its pipe and its buffer are
    full), some 200 lines, and the list is about 1 MB. Then every row has its line, with its
    share."""
    path = donors(tmp_path, PLAN_ROWS)
    size = path.stat().st_size
    errors = tmp_path / "stderr.txt"
    with (
        errors.open("w") as stderr,
        subprocess.Popen(
            command(path, tmp_path / "output", "--plan"),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as process,
    ):
        first = process.stdout.readline()
        position = read_position(process.pid, path)
        rest = process.stdout.read()
    assert process.returncode == 0, errors.read_text()
    assert position is not None, "the list was read whole before the plan's first line"
    assert position < size // 2, (position, size)
    jobs = [json.loads(line) for line in [first, *rest.splitlines()]]
    assert len(jobs) == PLAN_ROWS
    assert [job["command"][-2:] for job in jobs] == [
        ["--shard", f"{number}/{PLAN_ROWS}"] for number in range(1, PLAN_ROWS + 1)
    ]
    assert [job["row"] for job in jobs] == list(range(2, PLAN_ROWS + 2))
    anis = [Path(job["output"]).name for job in jobs if job["name"] == "Ani"]
    assert anis[:3] == ["ani.en.pdf", "ani-2.id-en.pdf", "ani-3.id.pdf"]
    assert len(set(anis)) == len(anis) == PLAN_ROWS // 1000
    assert not (tmp_path / "output").exists()  # planning builds nothing


# A real build ------------------------------------------------------------------------------

BUILD_ROWS = 4_000


def test_the_first_copies_are_made_while_the_list_is_still_being_read(tmp_path):
    """When the first copy lands, the command (stopped there) has read only the first rows
    of the list: it plans a few copies ahead of its workers, not the whole list first. The
    list is about 220 KB; reading half of it would take the workers some 2,000 copies."""
    path = donors(tmp_path, BUILD_ROWS)
    size = path.stat().st_size
    output = tmp_path / "output"
    folder = output / "recipients" / "factsheet"
    process = subprocess.Popen(
        command(path, output, "--jobs", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its workers are stopped with it
    )
    hung = time.monotonic() + 300  # a guard against a command that never makes a copy
    try:
        while not _copies(folder) and process.poll() is None and time.monotonic() < hung:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGSTOP)
        made, position = _copies(folder), read_position(process.pid, path)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
    assert made, "the command ended without a copy"
    assert position is not None, "the list was read whole before the first copy"
    assert position < size // 2, (position, size)


def _copies(folder: Path) -> list[str]:
    """The copies written in `folder` (not the temporary files they are written through)."""
    try:
        return [name for name in os.listdir(folder) if name.endswith(".pdf")]
    except FileNotFoundError:
        return []


# Progress ----------------------------------------------------------------------------------

# Three good rows and a bad one, which lowers the count of copies to make.
FEW = HEADER + "Satu,id,,,\nDua,en,,,\nTiga,fr,,,\nEmpat,id,,,\n"
PLAIN = re.compile(r"copies: (\d+) of (\d+) done")


def test_elsewhere_than_on_a_terminal_the_progress_is_told_in_plain_lines(tmp_path):
    path = tmp_path / "donors.csv"
    path.write_text(FEW, encoding="utf-8")
    result = subprocess.run(
        command(path, tmp_path / "output"), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == EXIT_FAILED  # the bad row
    lines = [line for line in result.stderr.splitlines() if PLAIN.fullmatch(line)]
    assert lines[0] == "copies: 0 of 4 done"  # before any row is read: every row counted
    assert lines[-1] == "copies: 3 of 3 done"
    made = [int(PLAIN.fullmatch(line)[1]) for line in lines]
    assert made == sorted(made)
    assert result.stdout.startswith("4 rows → 3 PDFs in ")


def test_on_a_terminal_the_bar_shows_how_many_copies_from_the_start(tmp_path):
    """The bar is shown once the list is counted, never as `0/?`."""
    path = tmp_path / "donors.csv"
    path.write_text(FEW, encoding="utf-8")
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", on_a_terminal(command(path, tmp_path / "output")))
    assert "building" in shown
    assert " 0/4 " in shown  # every row counted before any is read
    assert " 3/3 " in shown  # less the bad row's copy
    assert "/?" not in shown
    assert not PLAIN.search(shown)  # the bar, not the plain lines
    assert "4 rows → 3 PDFs in " in shown
