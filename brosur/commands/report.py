"""What the user reads: every error and every result turned into lines and an exit code, for
the command line and the preview's gallery alike. Standard library and rich only: a build
answered from the cache reports without loading the pipeline."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brosur.errors import ContentCheckError, InputError, OutputError, display_path
from brosur.i18n import LANGUAGES
from brosur.jobs.results import State
from brosur.terminal import escaped, raw

if TYPE_CHECKING:
    from rich.console import JustifyMethod

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl+C

# The errors that stop a whole build before its PDFs: reported, never a traceback.
STOPS = (OutputError, InputError, ContentCheckError)

LABELS = {State.BUILT: "built", State.CACHED: "cached", State.FAILED: "FAILED"}


def problem_lines(error: Exception) -> list[str]:
    """What stopped a build, one line a problem (the gallery lists them as they are)."""
    if isinstance(error, InputError):
        return [str(problem) for problem in error.problems]
    if isinstance(error, ContentCheckError):
        return [str(finding) for finding in error.findings]
    return [str(error)]


def _closing_line(error: Exception) -> str | None:
    """The sentence that ends the command line's report of `error`, if any."""
    if isinstance(error, InputError):
        count = len(error.problems)
        return f"{count} problem{'s' * (count != 1)} found; no PDF was written."
    if isinstance(error, ContentCheckError):
        return "The content fails the preflight; no PDF was written."
    return None


def exit_code(error: Exception) -> int:
    """Bad input is 2 (nothing was written); any other failure 1."""
    return EXIT_BAD_INPUT if isinstance(error, InputError) else EXIT_FAILED


def reported(action: Callable[[], Any], pool) -> Any:
    """Run `action` and return what it returns; when a build is stopped (bad input, an
    output folder that cannot be written, content that fails the preflight), print why and
    return the exit code instead. The workers stop either way."""
    try:
        return action()
    except STOPS as error:
        print(error, file=sys.stderr)  # its problems, a line each, as problem_lines lists them
        if closing := _closing_line(error):
            print(closing, file=sys.stderr)
        return exit_code(error)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def failed_pdfs(results: list) -> int:
    """Say how many PDFs failed, if any; return the exit code of the build."""
    failed = [result for result in results if result.state == State.FAILED]
    if not failed:
        return EXIT_OK
    print(
        f"{len(failed)} of {len(results)} PDFs failed; the previous versions were kept.",
        file=sys.stderr,
    )
    return EXIT_FAILED


def summary(rows: list, output: Path) -> None:
    """The table that ends a build: file, pages, size, time, and built, cached or failed.
    A row is a result, or a cache entry (a dict) when nothing was loaded. The output folder
    is said once above the table, so a long folder never squeezes the names of the files."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("file", "left"),
        ("pages", "right"),
        ("size", "right"),
        ("time", "right"),
        ("", "left"),
    )
    for column, justify in columns:
        table.add_column(column, justify=justify)
    problems = []
    for row in rows:
        cells, lines = _summary_row(row, output)
        table.add_row(*(Text(escaped(cell)) for cell in cells))  # shown as written
        problems += lines
    print(f"PDFs in {display_path(output)}")
    width = None if sys.stdout.isatty() else 120
    Console(file=raw(sys.stdout), width=width).print(table)
    for problem in problems:
        print(problem, file=sys.stderr)


def content_warnings(findings: list) -> None:
    """The content's warnings, under the table: they concern every PDF, not one."""
    for finding in findings:
        print(finding, file=sys.stderr)


def _summary_row(row, output: Path) -> tuple[list[str], list[str]]:
    """A row's cells in the summary table, and the lines it adds below (failure, warnings)."""
    if isinstance(row, dict):  # from the cache, without loading anything
        path, pages, size, seconds = Path(row["file"]), row["pages"], row["bytes"], 0
        label, lines = LABELS[State.CACHED], []
    elif row.state == State.FAILED:
        where = display_path(row.path)
        return [_within(row.path, output), "", "", "", LABELS[row.state]], [
            f"{where}: failed: {row.message}"
        ]
    else:
        path, pages, size, seconds = row.path, row.pages, row.bytes, row.seconds
        label = LABELS[row.state]
        lines = [f"{display_path(path)}: {warning}" for warning in row.warnings]
        if row.fitted:
            lines.insert(0, f"{display_path(path)}: {row.fitted}")
    cells = [_within(path, output), str(pages), f"{size / 1024:,.0f} KB", f"{seconds:.1f} s"]
    return [*cells, label], lines


def _within(path: Path, output: Path) -> str:
    """`path` as the table names it: below the output folder, or whole when elsewhere."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(output)))
    except ValueError:
        return display_path(path)


def check_report(report) -> int:
    """Print the preflight report (`build.py check`); return 1 when anything failed."""
    print("Content")
    for language, (written, total) in report.coverage.items():
        print(f"  translations  {LANGUAGES[language]}: {written} of {total} texts written")
    for finding in report.content:
        print(f"  {finding}")
    if not report.content:
        print("  characters and contrast: all passed")
    print("PDFs")
    warnings = sum(finding.level == "warning" for finding in report.content)
    for result in report.results:
        edition = result.edition
        label = f"  {edition.variant.name:<8} {edition.name:<22}"
        if result.state == State.FAILED:
            for message in result.message.split("; "):
                print(f"{label} FAILED  {message}")
            if fields := _fields_named(result.message):
                print(f"{' ' * len(label)} to shorten: {', '.join(fields)}")
            continue
        print(f"{label} ok  {result.pages} pages, {result.bytes / 1024:,.0f} KB")
        if result.economy:
            _economy_lines(" " * len(label), result.economy)
        for warning in result.warnings:
            print(f"{' ' * len(label)} {warning}")
        warnings += len(result.warnings)
    print(f"{report.errors} failed, {warnings} warnings, {len(report.results)} PDFs checked.")
    return EXIT_FAILED if report.errors else EXIT_OK


def _economy_lines(indent: str, economy) -> None:
    """How a PDF uses its pages: its composition and type, each page or panel's blank share,
    and those past the document's bounds."""
    form = economy.fitted.removesuffix(" to fit") or "type as designed"
    print(f"{indent} composition: {economy.composition}; {form}")
    print(f"{indent} pages: {economy}")
    if economy.beyond:
        print(f"{indent} beyond the bounds: {'; '.join(economy.beyond)}")


# A content field as the layout verifier names it: `contact.address (organisation.yml:58)`.
_NAME = r"[\w.\[\]]+ \([^()]+:\d+\)"
_FIELD = re.compile(rf"(?:^|: )({_NAME}) (?:runs|overlaps|is cut|has a line)")
# The longest texts a document too long even copyfitted names (pdf/fitsearch.py's too_long).
_LONGEST = re.compile(rf"first from the longest: ((?:{_NAME}(?:, )?)+)")


def _fields_named(message: str) -> list[str]:
    """The content fields a failed PDF's findings name, each once."""
    longest = [name for names in _LONGEST.findall(message) for name in re.findall(_NAME, names)]
    return list(dict.fromkeys(_FIELD.findall(message) + longest))


def recipients_summary(batch, tally) -> None:
    """The line that ends a recipients build, then every copy's warnings (`tally`: what the
    build made, jobs.results.Tally)."""
    counts = tally.counts
    folders = sorted({display_path(folder) for folder in tally.folders})
    print(
        f"{batch.rows} rows → {tally.total} PDFs in {', '.join(folders) or '-'}: "
        f"{counts[State.BUILT]} built, {counts[State.CACHED]} unchanged, "
        f"{counts[State.FAILED]} failed ({tally.seconds:.1f} s of rendering)"
    )
    for path, warning in tally.warnings:
        print(f"{display_path(path)}: {warning}", file=sys.stderr)


def rows_left_out(problems: list, failed: list) -> int:
    """Print the rows left out and the copies that failed; return the exit code."""
    for problem in problems:
        print(problem, file=sys.stderr)
    for result in failed:
        print(result.message, file=sys.stderr)
    if not problems and not failed:
        return EXIT_OK
    rows = len({problem.line for problem in problems})
    print(
        f"{rows} row{'s' * (rows != 1)} left out, {len(failed)} PDF{'s' * (len(failed) != 1)} "
        "failed; fix them and run the same command again (finished copies are not rebuilt).",
        file=sys.stderr,
    )
    return EXIT_FAILED


# Where no bar can be drawn (a log, a CI job), a plain line of progress at each tenth of the
# way, and at least this often (seconds) in between: a long list runs for hours.
PLAIN_EVERY = 10.0


class progress:
    """A progress bar on a terminal while PDFs are made, shown once their number is known
    (never `0/?`). Elsewhere nothing, or with `noun` (`progress("copies")`), a plain line now
    and then on standard error: `copies: 1200 of 100000 done`."""

    def __init__(self, noun: str = ""):
        self.noun = noun
        self.total = self.completed = 0
        self.told = (-1, 0.0)  # the tenth of the way and the time of the last plain line

    def __enter__(self):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        terminal = sys.stderr.isatty()
        self.plain = bool(self.noun) and not terminal
        self.bar = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            # rich writes its own escape sequences: not through the guard (terminal.py).
            console=Console(file=raw(sys.stderr)),
            transient=True,
            disable=not terminal,
        )
        self.bar.__enter__()
        self.task = self.bar.add_task("pdfs", total=None, visible=False)
        return self

    def planned(self, total: int) -> None:
        """Give the bar its length (again when it changes), so that it can tell the time
        left, and show it."""
        self.total = total
        self.bar.update(self.task, total=total, visible=True)
        self._tell()

    def done(self, result) -> None:
        """Move the bar on by one PDF."""
        self.completed += 1
        self.bar.advance(self.task)
        self._tell()

    def _tell(self) -> None:
        """Print the plain line, if one is due: at the start, at each tenth of the way, and
        at least every PLAIN_EVERY seconds."""
        tenth, now = self.completed * 10 // max(1, self.total), time.monotonic()
        if self.plain and (tenth > self.told[0] or now - self.told[1] >= PLAIN_EVERY):
            self.told = (tenth, now)
            line = f"{self.noun}: {self.completed} of {self.total} done"
            print(line, file=sys.stderr, flush=True)

    def __exit__(self, *exception):
        return self.bar.__exit__(*exception)
