"""The command line: `brosur [DOCUMENT ...] [--lang LANG] [--content DIR] [--output DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brosur.i18n import EDITION_LANGUAGES
from brosur.pipeline import PROJECT_ROOT, Built, Failed, Request, build
from brosur.problems import InputError, display_path
from brosur.theme import PAPERS
from brosur.variants import VARIANTS

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="brosur",
        description="Build bilingual print-ready PDFs from the YAML content in a folder.",
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
        default="screen",
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
    arguments = parser().parse_args(argv)
    request = Request(
        arguments.content,
        arguments.output,
        tuple(arguments.documents),
        arguments.lang,
        arguments.paper,
        tuple(VARIANTS) if arguments.variant == "all" else (arguments.variant,),
    )
    try:
        results = build(request, on_done=_report)
    except InputError as error:
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' * (count != 1)} found; no PDF was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
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


if __name__ == "__main__":
    sys.exit(main())
