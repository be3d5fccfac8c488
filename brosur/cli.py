"""The command line.

`brosur [DOCUMENT ...] [--lang L] [--variant V] [--paper P] [--content DIR] [--output DIR]`
builds; `brosur check [same selection]` runs the preflight and reports without touching
the output folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brosur.i18n import EDITION_LANGUAGES, LANGUAGES
from brosur.pipeline import (
    PROJECT_ROOT,
    Built,
    CheckReport,
    ContentCheckError,
    Failed,
    Request,
    build,
    check,
)
from brosur.problems import InputError, display_path
from brosur.theme import PAPERS
from brosur.variants import VARIANTS

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
    command.add_argument(
        "--content",
        type=Path,
        default=PROJECT_ROOT / "content",
        metavar="DIR",
        help="the content folder (default: content/ beside build.py)",
    )
    command.add_argument(
        "--output",
        type=Path,
        default=PROJECT_ROOT / "output",
        metavar="DIR",
        help="where the PDFs go (default: output/ beside build.py)",
    )
    return command


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    checking = bool(argv) and argv[0] == "check"
    arguments = parser(checking).parse_args(argv[1:] if checking else argv)
    request = Request(
        arguments.content,
        arguments.output,
        tuple(arguments.documents),
        arguments.lang,
        arguments.paper,
        tuple(VARIANTS) if arguments.variant == "all" else (arguments.variant,),
    )
    try:
        if checking:
            return _print_check(check(request))
        results = build(request, on_done=_report)
    except InputError as error:
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' * (count != 1)} found; no PDF was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ContentCheckError as error:
        print(error, file=sys.stderr)
        print("The content fails the preflight; no PDF was written.", file=sys.stderr)
        return EXIT_FAILED
    failed = [result for result in results if isinstance(result, Failed)]
    if failed:
        print(
            f"{len(failed)} of {len(results)} PDFs failed; the previous versions were kept.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def _report(result: Built | Failed) -> None:
    if isinstance(result, Failed):
        print(f"{display_path(result.path)}: failed: {result.message}", file=sys.stderr, flush=True)
        return
    size = f"{result.bytes / 1024:,.0f} KB"
    print(
        f"{display_path(result.path)}  {result.pages} pages  {size}  {result.seconds:.1f} s",
        flush=True,
    )
    for warning in result.warnings:
        print(f"  warning: {warning}", file=sys.stderr)


def _print_check(report: CheckReport) -> int:
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
        if isinstance(result, Failed):
            for message in result.message.split("; "):
                print(f"{label} FAILED  {message}")
            continue
        print(f"{label} ok  {result.pages} pages, {result.bytes / 1024:,.0f} KB")
        for warning in result.warnings:
            print(f"{' ' * len(label)} {warning}")
    warnings = sum(len(r.warnings) for r in report.results if isinstance(r, Built))
    warnings += sum(finding.level == "warning" for finding in report.content)
    print(f"{report.errors} failed, {warnings} warnings, {len(report.results)} PDFs checked.")
    return EXIT_FAILED if report.errors else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
