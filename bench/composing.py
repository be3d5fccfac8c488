"""Benchmark: what choosing a composition costs (issue 25), per PDF.

    .venv/bin/python bench/composing.py [--repeat N]

For every document and language of each fixture (A4, the screen variant): the layouts the
search tried before it printed one (its compositions, a copyfitting move or two, the spare
room spread), and the time of the whole search against one layout of the form it chose.
Prints the median ratio over all these PDFs (goal: at most 2x) and the largest. Called by
bench/run.py. Not a test: the machines here are shared and noisy, so nothing asserts on time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import interleaved_medians  # noqa: E402
from brosur.content.load import load_content  # noqa: E402
from brosur.jobs.editions import edition_of, page_forms, pdf_options  # noqa: E402
from brosur.paths import TEMPLATES  # noqa: E402
from brosur.pdf import engine  # noqa: E402
from brosur.pdf.engine import setup_for  # noqa: E402
from brosur.pdf.fitsearch import first_that_fits  # noqa: E402
from brosur.pdf.options import Form  # noqa: E402
from brosur.render.html import Renderer  # noqa: E402

FIXTURES = {
    "Kemitraan": ROOT / "content",
    "example": ROOT / "examples" / "contoh",
    "content-rich": ROOT / "tests" / "fixtures" / "ramai",
    "long English": ROOT / "tests" / "fixtures" / "inggris",
    "minimal": ROOT / "tests" / "fixtures" / "minimal",
}
DOCUMENTS = ("factsheet", "brochure", "profile")
LANGUAGES = ("id", "en", "id-en")


@contextmanager
def counted_layouts():
    """Count the layouts WeasyPrint makes inside the block (as the tests count them)."""
    laid_out, layouts = engine.laid_out, []

    def counting(*arguments, **options):
        layouts.append(1)
        return laid_out(*arguments, **options)

    engine.laid_out = counting
    try:
        yield layouts
    finally:
        engine.laid_out = laid_out


def composing_cost(folder: Path, document: str, language: str, repeat: int, scratch: Path):
    """(layouts tried, seconds to choose and lay out, seconds for one layout of the choice)."""
    content = load_content(folder)
    edition = edition_of(content, document, language, content.theme.paper, "screen")
    html, others = page_forms(Renderer(TEMPLATES), content, edition)
    options = replace(pdf_options(content, edition, scratch), fallbacks=others)
    setup = setup_for(options)
    forms = (Form(html, options.texts, options.design), *others)
    with counted_layouts() as layouts:
        chosen, _ = first_that_fits(forms, setup)
    tried = len(layouts)

    def composed():
        first_that_fits(forms, setup)

    def once():
        engine.laid_out(chosen.html, setup, chosen.texts, whole=True)

    seconds, one = interleaved_medians([composed, once], repeat)
    return tried, seconds, one


def measure(repeat: int) -> list[str]:
    lines, ratios = [], []
    with tempfile.TemporaryDirectory() as folder:
        for name, content in FIXTURES.items():
            for document in DOCUMENTS:
                for language in LANGUAGES:
                    tried, seconds, one = composing_cost(
                        content, document, language, repeat, Path(folder)
                    )
                    ratios.append((seconds / one, f"{name} {document}.{language}"))
                    lines.append(
                        f"composing {name} {document}.{language}: {tried} layouts, "
                        f"{seconds:.2f} s / one layout {one:.2f} s = {seconds / one:.2f}x"
                    )
    median = statistics.median(ratio for ratio, _ in ratios)
    largest, which = max(ratios)
    lines.append(
        f"composing cost, median over {len(ratios)} PDFs: {median:.2f}x one layout "
        f"(goal <= 2x); largest {largest:.2f}x ({which})"
    )
    return lines


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=3)
    for line in measure(options.parse_args().repeat):
        print(line)


if __name__ == "__main__":
    main()
