"""The command line.

`brosur [DOCUMENT ...] [--lang L] [--variant V] [--paper P] [--content DIR] [--output DIR]`
builds; `brosur check [same selection]` runs the preflight and reports without touching
the output folder. The pipeline is imported only when there is work: a build where nothing
changed answers from the cache, without loading content or WeasyPrint.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from brosur.content.i18n import EDITION_LANGUAGES, LANGUAGES
from brosur.jobs.request import DEFAULT_TIMEOUT, Request
from brosur.paper import PAPERS
from brosur.paths import PROJECT_ROOT
from brosur.pdf.variants import VARIANTS

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def parser(checking: bool = False) -> argparse.ArgumentParser:
    if checking:
        command = argparse.ArgumentParser(
            prog="brosur check",
            description="Preflight: check the content and every PDF it makes (fit, fonts, "
            "images, links, file size, translations, contrast) and report; nothing is "
            "written to the output folder.",
            epilog="Exit codes: 0 all passed (warnings allowed), 1 something failed, 2 bad input.",
        )
    else:
        command = argparse.ArgumentParser(
            prog="brosur",
            description="Build bilingual print-ready PDFs from the YAML content in a folder. "
            "`brosur check --help` explains the preflight.",
            epilog="Exit codes: 0 built, 2 bad input (nothing written), 1 any other failure.",
        )
    command.add_argument(
        "documents",
        nargs="*",
        metavar="DOCUMENT",
        help="documents to build, such as factsheet (default: all declared "
        "in the content folder's brosur.yml)",
    )
    command.add_argument(
        "--lang",
        choices=list(EDITION_LANGUAGES),
        help="build only this language edition (default: every declared one)",
    )
    command.add_argument(
        "--variant",
        choices=[*VARIANTS, "all"],
        default="all" if checking else "screen",
        help="screen (default, into the output folder), print (bleed, crop marks, CMYK, "
        "PDF/X, into output/print/), archive (PDF/A-3 with its content attached, into "
        "output/archive/), or all three",
    )
    command.add_argument(
        "--paper",
        choices=list(PAPERS),
        help="build on this paper size only: a4, letter (US) or f4 (folio); files on a paper "
        "other than the theme's are named <document>.<lang>.<paper>.pdf",
    )
    _folder_option(command, "content", "content")
    _folder_option(command, "output", "output")
    command.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="PDFs rendered at once, each in its own process (default: the number of cores)",
    )
    command.add_argument(
        "--force",
        action="store_true",
        help="rebuild every PDF, even those whose inputs did not change",
    )
    command.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a PDF that takes longer than this to make; it fails, keeps its previous "
        f"version, and the others are still built (default: {DEFAULT_TIMEOUT:g})",
    )
    if not checking:
        _recipient_options(command)
    return command


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds, such as 300")
    return seconds


def _recipient_options(command: argparse.ArgumentParser) -> None:
    group = command.add_argument_group(
        "personalised copies",
        "One copy per recipient: 'Prepared for' the recipient, with the meeting's date and "
        "place and a contact person, in the recipient's language.",
    )
    group.add_argument(
        "--recipients",
        type=Path,
        metavar="FILE",
        help="a CSV file saved from a spreadsheet (UTF-8; columns name, language, date, "
        "place, contact) or a YAML list; builds output/recipients/<document>/<name>.<lang>.pdf",
    )
    group.add_argument(
        "--shard",
        metavar="I/N",
        help="build only the I-th of N shares of the list, so N machines or CI jobs can split "
        "it with no overlap and no gap (rows are dealt round-robin)",
    )
    group.add_argument(
        "--plan",
        action="store_true",
        help="print the PDFs this would build as JSON, one job a line, each with the command "
        "that builds it; build nothing",
    )


EXIT_INTERRUPTED = 130  # the shell's code for Ctrl+C


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        print(
            "\nInterrupted: the PDFs finished so far are kept; the others keep their previous "
            "versions.",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED


def _main(argv: list[str]) -> int:
    if argv and argv[0] == "schema":
        return _write_schemas(argv[1:])
    if argv and argv[0] == "serve":
        return _serve(argv[1:])
    if argv and argv[0] == "new":
        return _new(argv[1:])
    checking = bool(argv) and argv[0] == "check"
    arguments = parser(checking).parse_args(argv[1:] if checking else argv)
    request = Request(
        arguments.content,
        arguments.output,
        tuple(arguments.documents),
        arguments.lang,
        arguments.paper,
        tuple(VARIANTS) if arguments.variant == "all" else (arguments.variant,),
        force=arguments.force,
        jobs=max(1, arguments.jobs),
        timeout=arguments.timeout,
    )
    if not checking and (arguments.recipients or arguments.shard or arguments.plan):
        return _run_recipients(request, arguments, argv)
    if not checking and (unchanged := _unchanged(request)) is not None:
        _summary(unchanged)
        return EXIT_OK
    return _run(request, checking)


def _write_schemas(argv: list[str]) -> int:
    """`brosur schema`: JSON Schemas for editors, linked from the content files."""
    command = argparse.ArgumentParser(
        prog="brosur schema",
        description="Write JSON Schemas of the content files into <content>/schema/ and link "
        "each content file to its schema, so an editor with YAML support (VS Code's YAML "
        "extension, for example) completes and checks fields as you type.",
    )
    _folder_option(command, "content", "content")
    content = command.parse_args(argv).content
    from brosur.commands.editor import link_content_files, write_schemas
    from brosur.content.load import load_content
    from brosur.errors import InputError

    try:
        project = load_content(content).project
    except InputError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    for path in write_schemas(content):
        print(f"wrote {path}")
    files = {"brosur": "brosur.yml", "organisation": project.organisation, "theme": project.theme}
    for path in link_content_files(content, files):
        print(f"linked {path} to its schema")
    return EXIT_OK


def _folder_option(command: argparse.ArgumentParser, name: str, default: str) -> None:
    command.add_argument(
        f"--{name}",
        type=Path,
        default=PROJECT_ROOT / default,
        metavar="DIR",
        help=f"the {name} folder (default: {default}/ beside build.py)",
    )


def _new(argv: list[str]) -> int:
    """`brosur new <document>`: scaffold a new kind of document from a working one."""
    command = argparse.ArgumentParser(
        prog="brosur new",
        description="Start a new kind of document from a working one: copies its template "
        "and stylesheet, registers it, and declares it in the content's brosur.yml.",
    )
    command.add_argument("document", help="the new document's name, such as flyer")
    command.add_argument(
        "--from",
        dest="example",
        default="factsheet",
        help="the document to start from (default: factsheet)",
    )
    _folder_option(command, "content", "content")
    arguments = command.parse_args(argv)
    from brosur.commands.new import ScaffoldError, scaffold
    from brosur.paths import STYLES, TEMPLATES

    try:
        changed = scaffold(
            arguments.document, arguments.example, TEMPLATES, STYLES, arguments.content
        )
    except ScaffoldError as error:
        print(f"brosur new: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for path in changed:
        print(f"wrote {path}")
    print(
        f"Next: python build.py {arguments.document}  (then reshape "
        f"templates/{arguments.document}.html and styles/{arguments.document}.css)"
    )
    return EXIT_OK


def _serve(argv: list[str]) -> int:
    """`brosur serve`: the live preview."""
    command = argparse.ArgumentParser(
        prog="brosur serve",
        description="Preview every document, edition and variant in the browser; the page "
        "updates by itself when you save a content, template or style file.",
    )
    command.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    _folder_option(command, "content", "content")
    _folder_option(command, "output", "output")
    command.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N")
    arguments = command.parse_args(argv)
    from brosur.commands.serve import serve

    serve(Request(arguments.content, arguments.output, jobs=arguments.jobs), arguments.port)
    return EXIT_OK


def _unchanged(request: Request) -> list | None:
    """The outputs of this request if no input changed since it last succeeded."""
    from brosur.jobs.cache import BuildCache

    if request.force:
        return None
    cache = BuildCache(request.output)
    outputs = cache.unchanged_request(request.key(), request.input_stamp(cache.fonts))
    return None if outputs is None else [("cached", entry) for entry in outputs]


def _run(request: Request, checking: bool) -> int:
    from brosur.jobs.workers import worker_pool

    # Started before the pipeline is imported: the workers load WeasyPrint meanwhile.
    pool = None if checking else worker_pool(request.jobs)
    from brosur.jobs.pipeline import build, check

    if checking:
        return _reported(lambda: _print_check(check(request)), pool)

    def run() -> list:
        with _progress() as progress:
            return build(request, progress.done, pool, on_planned=progress.planned)

    results = _reported(run, pool)
    if isinstance(results, int):
        return results
    _summary([(_status(result), result) for result in results])
    failed = [result for result in results if not hasattr(result, "pages")]
    if failed:
        print(
            f"{len(failed)} of {len(results)} PDFs failed; the previous versions were kept.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def _reported(action, pool):
    """Run `action` and return what it returns; when the input is bad or the content fails
    the preflight, print why and return the exit code instead. The workers stop either way."""
    from brosur.errors import InputError
    from brosur.jobs.output import OutputError
    from brosur.jobs.pipeline import ContentCheckError

    try:
        return action()
    except OutputError as error:
        print(error, file=sys.stderr)
        return EXIT_FAILED
    except InputError as error:
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' * (count != 1)} found; no PDF was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ContentCheckError as error:
        print(error, file=sys.stderr)
        print("The content fails the preflight; no PDF was written.", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _run_recipients(request: Request, arguments: argparse.Namespace, argv: list[str]) -> int:
    """`--recipients FILE`: one personalised copy per row (see batch.py)."""
    from brosur.content.recipients import parse_shard

    command = parser()
    if not arguments.recipients:
        command.error("--shard and --plan go with --recipients FILE")
    if arguments.lang:
        command.error("--lang does not go with --recipients: the list's language column chooses")
    try:
        shard = parse_shard(arguments.shard) if arguments.shard else (1, 1)
    except ValueError as error:
        command.error(str(error))
    from brosur.jobs.workers import worker_pool

    pool = None if arguments.plan else worker_pool(request.jobs, long_running=True)
    from brosur.content.load import load_content
    from brosur.jobs.copies import build_batch, plan_batch

    def run():
        if arguments.plan:
            batch = plan_batch(load_content(request.content), request, arguments.recipients, shard)
            _print_plan(batch, argv)
            return _report_rows(batch.problems, [])
        with _progress() as progress:
            return build_batch(
                request, arguments.recipients, shard, progress.planned, progress.done, pool
            )

    outcome = _reported(run, pool)
    if isinstance(outcome, int):
        return outcome
    batch, results = outcome
    _recipients_summary(batch, results)
    failed = [result for result in results if _status(result) == "FAILED"]
    return _report_rows(batch.problems, failed)


def _print_plan(batch, argv: list[str]) -> None:
    import json

    from brosur.jobs.copies import plan_lines

    # Each job's command is this one, narrowed to its row.
    base = [sys.executable, str(PROJECT_ROOT / "build.py")]
    kept, skip = [], False
    for argument in argv:
        if skip:
            skip = False
        elif argument == "--shard":
            skip = True
        elif argument != "--plan" and not argument.startswith("--shard="):
            kept.append(argument)
    for line in plan_lines(batch, base + kept):
        print(json.dumps(line, ensure_ascii=False))


def _recipients_summary(batch, results: list) -> None:
    from brosur.errors import display_path

    counts = {status: 0 for status in ("built", "cached", "FAILED")}
    for result in results:
        counts[_status(result)] += 1
    folders = sorted({display_path(result.path.parent) for result in results})
    seconds = sum(getattr(result, "seconds", 0) for result in results)
    print(
        f"{len(batch.recipients.rows)} rows → {len(results)} PDFs in {', '.join(folders) or '-'}: "
        f"{counts['built']} built, {counts['cached']} unchanged, {counts['FAILED']} failed "
        f"({seconds:.1f} s of rendering)"
    )
    for result in results:
        for warning in getattr(result, "warnings", []):
            print(f"{display_path(result.path)}: {warning}", file=sys.stderr)


def _report_rows(problems: list, failed: list) -> int:
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


def _status(result) -> str:
    if not hasattr(result, "pages"):
        return "FAILED"
    return "cached" if result.cached else "built"


class _progress:
    """A progress bar on a terminal while PDFs are made; nothing elsewhere."""

    def __enter__(self):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
            disable=not sys.stderr.isatty(),
        )
        self.bar.__enter__()
        self.task = self.bar.add_task("pdfs", total=None)
        return self

    def planned(self, total: int) -> None:
        """Give the bar its length, so that it can tell the time left."""
        self.bar.update(self.task, total=total)

    def done(self, result) -> None:
        self.bar.advance(self.task)

    def __exit__(self, *exception):
        return self.bar.__exit__(*exception)


def _summary(rows: list) -> None:
    """The table that ends a build: file, pages, size, time, and built, cached or failed."""
    from rich.console import Console
    from rich.table import Table

    from brosur.errors import display_path

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column, justify in (
        ("file", "left"),
        ("pages", "right"),
        ("size", "right"),
        ("time", "right"),
        ("", "left"),
    ):
        table.add_column(column, justify=justify)
    problems = []
    for status, result in rows:
        if isinstance(result, dict):  # from the cache, without loading anything
            path, pages, size, seconds = Path(result["file"]), result["pages"], result["bytes"], 0
        elif status == "FAILED":
            problems.append(f"{display_path(result.path)}: failed: {result.message}")
            table.add_row(display_path(result.path), "", "", "", status)
            continue
        else:
            path, pages, size, seconds = result.path, result.pages, result.bytes, result.seconds
            problems += [f"{display_path(path)}: {warning}" for warning in result.warnings]
        table.add_row(
            display_path(path), str(pages), f"{size / 1024:,.0f} KB", f"{seconds:.1f} s", status
        )
    Console(width=None if sys.stdout.isatty() else 120).print(table)
    for problem in problems:
        print(problem, file=sys.stderr)


def _print_check(report) -> int:
    """Print the preflight report; return 1 when anything failed."""
    print("Content")
    for language, (written, total) in report.coverage.items():
        print(f"  translations  {LANGUAGES[language]}: {written} of {total} texts written")
    for finding in report.content:
        print(f"  {finding}")
    if not report.content:
        print("  characters and contrast: all passed")
    print("PDFs")
    for result in report.results:
        edition = result.edition
        label = f"  {edition.variant.name:<8} {edition.name:<22}"
        if not hasattr(result, "pages"):
            for message in result.message.split("; "):
                print(f"{label} FAILED  {message}")
            continue
        print(f"{label} ok  {result.pages} pages, {result.bytes / 1024:,.0f} KB")
        for warning in result.warnings:
            print(f"{' ' * len(label)} {warning}")
    warnings = sum(len(result.warnings) for result in report.results if hasattr(result, "pages"))
    warnings += sum(finding.level == "warning" for finding in report.content)
    print(f"{report.errors} failed, {warnings} warnings, {len(report.results)} PDFs checked.")
    return EXIT_FAILED if report.errors else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
