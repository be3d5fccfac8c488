"""Benchmark: does a longer text take proportionally longer to lay out, or more?

    .venv/bin/python bench/growth.py [--repeat N]

Lays out the organisation profile of the shortest content (tests/fixtures/minimal, so that the
text measured is most of the work) with one text made 1, 2 and 4 times as long, in WeasyPrint
only (no checks, no drawing), and prints how the time each doubling adds grows: about 2x is
linear, 4x the square.
The texts are the ones that once grew with the square of their length (issue 16): a mission
of many list items, beside its translation in the bilingual edition and in two columns in
one language, and the partner list, set in rows of cards. The mission is made longer than
the content's limit (3,000 characters) on purpose: the limit keeps real content quick, and
a layout that stays linear past it stays linear below it. Called by bench/run.py. Not a
test: the machines here are shared and noisy, so nothing asserts on time.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brosur.content.load import load_content  # noqa: E402
from brosur.documents import DOCUMENT_KINDS  # noqa: E402
from brosur.paths import PROJECT_ROOT, TEMPLATES  # noqa: E402
from brosur.render.html import Edition, Renderer  # noqa: E402

BASE = ROOT / "tests" / "fixtures" / "minimal"
SIZES = (1, 2, 4)  # times the base length
MISSION_ITEMS = 100  # list items in the base mission: 7 pages in one language
PARTNERS = 50  # partners in the base list (the content allows 100: the last is past it)


def measure(repeat: int) -> list[str]:
    """One line per text and edition: its layout times, and each doubling's ratio."""
    content = load_content(BASE)
    lines = []
    for language in ("id-en", "id"):
        times = [
            _layout_seconds(_with_mission(content, MISSION_ITEMS * n), language, repeat)
            for n in SIZES
        ]
        lines.append(
            _line(f"mission of {_sizes(MISSION_ITEMS)} list items, profile {language}", times)
        )
    times = [_layout_seconds(_with_partners(content, PARTNERS * n), "id", repeat) for n in SIZES]
    lines.append(_line(f"partners {_sizes(PARTNERS)}, profile id", times))
    return lines


def _sizes(base: int) -> str:
    return "/".join(str(base * size) for size in SIZES)


def _line(what: str, measured: list[tuple[float, int]]) -> str:
    """The times and pages of 1, 2 and 4 times the text, and how the time each doubling
    adds grows: the same again (2x the text, 2x the time added) is linear; 4x is the
    square. (The time itself grows less than 2x a doubling: the rest of the profile is in
    every measure.)"""
    times = [seconds for seconds, _ in measured]
    pages = "/".join(str(count) for _, count in measured)
    added = [later - earlier for earlier, later in itertools.pairwise(times)]
    return (
        f"long text, {what}: {' / '.join(f'{seconds:.2f}' for seconds in times)} s "
        f"({pages} pages); time added by the second doubling / by the first: "
        f"{added[1]:.2f} s / {added[0]:.2f} s = {added[1] / added[0]:.2f}x "
        "(goal about 2x: linear; 4x is the square)"
    )


def _layout_seconds(content, language: str, repeat: int) -> tuple[float, int]:
    """The median time WeasyPrint takes to lay out the profile of `content`, and its pages."""
    import weasyprint

    from brosur.pdf import writer as pdf

    html = Renderer(TEMPLATES).render(content, Edition(DOCUMENT_KINDS["profile"], language))
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        document = weasyprint.HTML(
            string=html, base_url=f"{PROJECT_ROOT.as_uri()}/", url_fetcher=_fetcher()
        ).render(font_config=pdf.FONT_CONFIG, cache={})
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(document.pages)


def _fetcher():
    """Fetches the project's own files (styles, fonts) and the fixture's pictures."""
    from brosur.pdf.writer import ProjectFetcher

    return ProjectFetcher((PROJECT_ROOT, BASE))


def _with_mission(content, items: int):
    """`content` with a mission of `items` list items in each language (not validated: it
    is past the content's limit on purpose)."""
    mission = type(content.organisation.mission).model_construct(
        id="Kami bekerja untuk:\n\n" + "".join(_item("id", n) for n in range(items)),
        en="We work to:\n\n" + "".join(_item("en", n) for n in range(items)),
    )
    organisation = content.organisation.model_copy(update={"mission": mission})
    return dataclasses.replace(content, organisation=organisation)


def _item(language: str, number: int) -> str:
    if language == "id":
        return (
            f"- membuka data anggaran desa nomor {number} dalam bentuk yang mudah dibaca warga;\n"
        )
    return f"- open village budget data number {number} in a form that citizens read easily;\n"


def _with_partners(content, count: int):
    """`content` with `count` partners, each with its kind in both languages."""
    from brosur.content.schema import Partner

    partners = [
        Partner.model_validate(
            {"name": f"Mitra Contoh {n}", "kind": {"id": "Lembaga mitra", "en": "Partner"}}
        )
        for n in range(count)
    ]
    organisation = content.organisation.model_copy(update={"partners": partners})
    return dataclasses.replace(content, organisation=organisation)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=3)
    for line in measure(options.parse_args().repeat):
        print(line, flush=True)


if __name__ == "__main__":
    main()
