"""Faults: interrupted, killed and simultaneous builds, and output folders that cannot be
written. Nothing is lost (the previous PDF stays whole) and nothing is left behind."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from brosur.jobs.cache import CACHE_FILE
from brosur.output import remove_stale_temporaries
from brosur.paths import PROJECT_ROOT
from tests.support.cli import run_build
from tests.support.content import EXAMPLE_CONTENT, MINIMAL_CONTENT, edit, overfill


def start_build(*arguments: str) -> subprocess.Popen:
    """Start build.py as a user's terminal would: with Ctrl+C (SIGINT) handled. A test run
    started in the background by a script inherits SIGINT ignored, and so would the build;
    any handler set here becomes the default one in the child."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(
            [sys.executable, str(PROJECT_ROOT / "build.py"), *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        signal.signal(signal.SIGINT, previous)


def finish(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str]:
    """Wait for a build; return its exit code and what it printed to stderr."""
    _, stderr = process.communicate(timeout=timeout)
    return process.returncode, stderr


def pdfs(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*.pdf")}


def identities(folder: Path) -> dict[str, tuple[int, int]]:
    """Each PDF's inode and modification time: a PDF renamed into place (or written over)
    has another; one left alone keeps both."""
    return {
        str(path.relative_to(folder)): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in folder.rglob("*.pdf")
    }


def temporaries(folder: Path) -> list[Path]:
    return list(folder.rglob("*.tmp"))


def test_temporary_files_of_gone_builds_are_removed_and_running_ones_kept(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    gone = tmp_path / "print" / f".factsheet.id.pdf.{finished.stdout.strip()}.a1b2c3d4.tmp"
    gone.parent.mkdir()
    gone.write_bytes(b"%PDF-1.7 half a file")
    running = tmp_path / f".profile.en.pdf.{os.getpid()}.a1b2c3d4.tmp"
    running.write_bytes(b"%PDF-1.7 being written")
    assert remove_stale_temporaries(tmp_path) == [gone]
    assert running.exists()


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT])
def test_a_build_stopped_midway_keeps_every_previous_pdf_whole(tmp_path, stop):
    output = tmp_path / "output"
    # The fact sheets (the quickest) in every language and variant: 9 PDFs.
    arguments = ["factsheet", "--content", str(MINIMAL_CONTENT), "--output", str(output)]
    arguments += ["--variant", "all"]
    assert finish(start_build(*arguments)) == (0, "")
    before, identity = pdfs(output), identities(output)
    assert len(before) == 9
    # One PDF at a time, stopped as soon as the first new one is written: 8 are still to come.
    started = time.time_ns()
    again = start_build(*arguments, "--force", "--jobs", "1")
    deadline = time.monotonic() + 120
    while not any(path.stat().st_mtime_ns > started for path in output.rglob("*.pdf")):
        assert again.poll() is None and time.monotonic() < deadline, "no PDF was rewritten"
        time.sleep(0.02)
    again.send_signal(stop)
    code, stderr = finish(again, timeout=120)
    if stop == signal.SIGINT:
        assert code == 130, stderr
        assert "Interrupted: the PDFs finished so far are kept" in stderr
        assert "Traceback" not in stderr
    after, now = pdfs(output), identities(output)
    assert set(after) == set(before)
    kept = {name for name in after if now[name] == identity[name]}
    replaced = set(after) - kept
    # Stopped midway: some PDFs were rewritten already, the others not yet.
    assert replaced and kept, (sorted(replaced), sorted(kept))
    for name in kept:  # the previous PDF, left alone
        assert after[name] == before[name], name
    for name in replaced:
        # A new PDF written completely: the same content builds the same bytes, so any
        # other bytes are a PDF cut short.
        assert after[name] == before[name], name
        assert len(PdfReader(output / name).pages) >= 1, name
    # What the stopped build left half-written is gone after the next build.
    assert finish(start_build(*arguments)) == (0, "")
    assert temporaries(output) == []


@pytest.mark.slow
def test_two_builds_at_once_into_one_folder_leave_whole_pdfs_and_one_cache(tmp_path):
    output = tmp_path / "output"
    common = ["--content", str(MINIMAL_CONTENT), "--output", str(output), "--force"]
    builds = [start_build(*common), start_build("factsheet", "brochure", *common)]
    for process in builds:
        assert finish(process) == (0, "")
    for path in output.glob("*.pdf"):
        assert len(PdfReader(path).pages) >= 1, path
    with sqlite3.connect(output / CACHE_FILE) as cache:
        recorded = [row[0] for row in cache.execute("SELECT file FROM outputs")]
    assert {Path(name).name for name in recorded} == {
        f"{document}.{language}.pdf"
        for document in ("profile", "factsheet", "brochure")
        for language in ("id", "en", "id-en")
    }
    manifest = json.loads((output / "manifest.json").read_text())
    assert len(manifest["pdfs"]) == 9
    assert temporaries(output) == []
    # The records agree with the files: every checksum in the manifest is the file's own,
    # and a third build trusts the cache only for files it can prove unchanged.
    for entry in manifest["pdfs"]:
        data = (output / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
    assert finish(start_build(*common[:-1])) == (0, "")


@contextmanager
def small_disk(folder: Path, size: str):
    """A real file system of `size` (tmpfs), mounted at `folder` for the test."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    # Root in the CI container may mount a tmpfs; a machine that may not fails here, loudly,
    # rather than pass without having filled or locked a real disk.
    assert mounted.returncode == 0, f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}"
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def build_into(output: Path, content: Path = MINIMAL_CONTENT) -> subprocess.CompletedProcess:
    """The Indonesian fact sheet of `content`, built by build.py into `output`."""
    return run_build(
        "factsheet", "--lang", "id", "--content", str(content), "--output", str(output)
    )


@pytest.mark.slow
@pytest.mark.root
def test_a_full_disk_is_named_and_the_previous_pdf_stays(tmp_path):
    with small_disk(tmp_path / "disk", "200k") as disk:
        output = disk / "output"
        assert build_into(output).returncode == 0
        good = (output / "factsheet.id.pdf").read_bytes()
        # Fill the disk but for half a PDF: the edited one cannot be written.
        status = os.statvfs(disk)
        free = status.f_bavail * status.f_frsize
        (disk / "filler").write_bytes(b"\0" * (free - len(good) // 2))
        edit_copy = tmp_path / "content"
        shutil.copytree(MINIMAL_CONTENT, edit_copy)
        edit(edit_copy / "organisation.yml", "Yayasan kecil.", "Yayasan kecil yang berubah.")
        result = build_into(output, edit_copy)
        assert result.returncode == 1
        assert (
            f"cannot write into {output}: the disk is full; free some space and build "
            "again" in result.stderr
        )
        assert "Traceback" not in result.stderr
        assert (output / "factsheet.id.pdf").read_bytes() == good
        assert temporaries(output) == []


@pytest.mark.root
def test_a_read_only_output_folder_is_named(tmp_path):
    with small_disk(tmp_path / "disk", "1m") as disk:
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = build_into(disk / "output")
        assert result.returncode == 1
        assert result.stderr == (
            f"cannot write into {disk / 'output'}: the disk is read-only; choose another "
            "folder with --output\n"
        )


def test_an_output_path_that_is_a_file_is_named(tmp_path):
    (tmp_path / "output").write_text("not a folder")
    result = build_into(tmp_path / "output")
    assert result.returncode == 1
    assert result.stderr == (
        f"cannot write into {tmp_path / 'output'}: it is a file, not a folder; choose another "
        "with --output\n"
    )


@pytest.mark.slow
def test_one_failing_document_does_not_stop_the_others(content_copy, tmp_path):
    folder = content_copy(EXAMPLE_CONTENT)
    overfill(folder)  # too long for the fact sheet and the brochure, whatever they try
    result = run_build(
        "--lang", "en", "--content", str(folder), "--output", str(tmp_path / "output")
    )
    assert result.returncode == 1
    # The table names files within the output folder, said once above it, so a long
    # temporary folder cannot squeeze a row's name.
    assert f"PDFs in {tmp_path / 'output'}" in result.stdout
    assert re.search(r"^profile\.en\.pdf +\d+ +\d+ KB +[\d.]+ s +built", result.stdout, re.M)
    assert re.search(r"^factsheet\.en\.pdf +FAILED", result.stdout, re.M), result.stdout
    assert "factsheet.en.pdf: failed: the text runs to" in result.stderr
    assert "2 of 3 PDFs failed; the previous versions were kept." in result.stderr
    assert (tmp_path / "output" / "profile.en.pdf").exists()
