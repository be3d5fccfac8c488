"""The command line: parse the arguments, call the verb.

`brosur [DOCUMENT ...] [--lang L] [--variant V] [--paper P] [--content DIR] [--output DIR]`
builds; `brosur check [same selection]` runs the preflight and reports without touching
the output folder; `--recipients FILE` makes personalised copies (personalise.py); `serve`,
`new` and `schema` are the other verbs. The pipeline is imported only when there is work: a
build where nothing changed answers from the cache, without loading content or WeasyPrint.
What the user reads (lines, tables, exit codes) comes from report.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from brosur.commands import report
from brosur.commands.report import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK
from brosur.i18n import EDITION_LANGUAGES
from brosur.jobs.request import DEFAULT_TIMEOUT, Request
from brosur.paper import PAPERS
from brosur.paths import PROJECT_ROOT
from brosur.terminal import guarded
from brosur.variants import VARIANTS


def parser(checking: bool = False) -> argparse.ArgumentParser:
    """The arguments of a build (or, `checking`, of `build.py check`)."""
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
    _selection_options(command, checking)
    _folder_option(command, "content", "content")
    _folder_option(command, "output", "output")
    _work_options(command)
    if not checking:
        _recipient_options(command)
    return command


def _selection_options(command: argparse.ArgumentParser, checking: bool) -> None:
    """Which editions: documents, language, variant, paper."""
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


def _work_options(command: argparse.ArgumentParser) -> None:
    """How the work is done: processes, the cache, the time budget of a PDF."""
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


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code. Whatever it prints is guarded: input
    quoted in a message cannot act on the terminal (terminal.py)."""
    try:
        with guarded():
            return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        print(
            "\nInterrupted: the PDFs finished so far are kept; the others keep their previous "
            "versions.",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED


def _main(argv: list[str]) -> int:
    """Dispatch to the verb `argv` names; a build when it names none."""
    if argv and argv[0] == "schema":
        return _write_schemas(argv[1:])
    if argv and argv[0] == "serve":
        return _serve(argv[1:])
    if argv and argv[0] == "new":
        return _new(argv[1:])
    if argv and argv[0] == "translations":
        from brosur.commands.translations import run

        return run(argv[1:])
    checking = bool(argv) and argv[0] == "check"
    command = parser(checking)
    arguments = command.parse_args(argv[1:] if checking else argv)
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
        from brosur.commands.personalise import run_recipients

        return run_recipients(request, arguments, argv, command)
    if not checking and (unchanged := _unchanged(request)) is not None:
        report.summary(unchanged, request.output)
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
    from brosur.errors import InputError, OutputError

    try:
        project = load_content(content).project
        written = write_schemas(content)
        files = {
            "brosur": "brosur.yml",
            "organisation": project.organisation,
            "theme": project.theme,
        }
        linked = link_content_files(content, files)
    except (InputError, OutputError) as error:
        print(error, file=sys.stderr)
        return report.exit_code(error)
    for path in written:
        print(f"wrote {path}")
    for path in linked:
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
    from brosur.commands.new import scaffold
    from brosur.errors import OutputError, ScaffoldError
    from brosur.paths import STYLES, TEMPLATES

    try:
        changed = scaffold(
            arguments.document, arguments.example, TEMPLATES, STYLES, arguments.content
        )
    except ScaffoldError as error:
        print(f"brosur new: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OutputError as error:
        print(f"brosur new: {error}; nothing was written.", file=sys.stderr)
        return report.exit_code(error)
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
    return cache.unchanged_request(request.key(), request.input_stamp(cache.fonts))


def _run(request: Request, checking: bool) -> int:
    """Build (or check) the editions the request selects; return the exit code."""
    from brosur.jobs.workers import worker_pool

    # Started before the pipeline is imported: the workers load WeasyPrint meanwhile.
    pool = None if checking else worker_pool(request.jobs)
    from brosur.jobs.pipeline import build, check

    if checking:
        return report.reported(lambda: report.check_report(check(request)), pool)

    warnings: list = []

    def run() -> list:
        with report.progress() as progress:
            return build(
                request,
                progress.done,
                pool,
                on_planned=progress.planned,
                on_warnings=warnings.extend,
            )

    results = report.reported(run, pool)
    if isinstance(results, int):
        return results
    report.summary(results, request.output)
    report.content_warnings(warnings)
    return report.failed_pdfs(results)


if __name__ == "__main__":
    sys.exit(main())
