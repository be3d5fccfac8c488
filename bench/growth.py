"""Benchmark: does a longer text take proportionally longer to lay out, or more?

    .venv/bin/python bench/growth.py [--repeat N]

Lays out the organisation profile of the shortest content (tests/fixtures/minimal, so that the
text measured is most of the work) without one text, then with it at 1, 2 and 4 times a
length, in WeasyPrint only (no checks, no drawing). The text's own time is the profile's
time with it less the profile's without it; the benchmark prints how much longer each
doubling makes it: about 2x is linear, 4x the square.

The texts are the ones that once grew with the square of their length (issue 16): a mission
of many list items, beside its translation in the bilingual edition and in two columns in
one language, and the partner list, set in rows of cards. Both are made longer than the
content allows (3,000 characters of mission, 100 partners) on purpose: the limits keep real
content quick, and a layout that stays linear past them stays linear below them. Called by
bench/run.py. Not a test: the machines here are shared and noisy, so nothing asserts on time.
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
SIZES = (0, 1, 2, 4)  # times the base length: 0 is the profile without the text
MISSION_ITEMS = 200  # list items in the base mission: about 8 pages in one language
PARTNERS = 100  # partners in the base list (the content's limit)


def measure(repeat: int) -> list[str]:
    """One line per text and edition: the time the text takes at 1, 2 and 4 times its
    length, and how much longer each doubling makes it."""
    repeat = min(repeat, 3)  # the longest take several seconds each
    content = load_content(BASE)
    lines = []
    for language in ("id-en", "id"):
        measured = [
            _layout_seconds(_with_mission(content, MISSION_ITEMS * n), language, repeat)
            for n in SIZES
        ]
        what = f"a mission of {_sizes(MISSION_ITEMS)} list items, profile {language}"
        lines.append(_line(what, measured))
    measured = [_layout_seconds(_with_partners(content, PARTNERS * n), "id", repeat) for n in SIZES]
    lines.append(_line(f"{_sizes(PARTNERS)} partners, profile id", measured))
    return lines


def _sizes(base: int) -> str:
    return "/".join(str(base * size) for size in SIZES if size)


def _line(what: str, measured: list[tuple[float, int]]) -> str:
    """The text's own time at each length (the profile's time with it, less the profile's
    without it), its pages, and each doubling's ratio: 2x is linear, 4x the square."""
    (bare, _), *rest = measured
    own = [seconds - bare for seconds, _ in rest]
    pages = "/".join(str(count) for _, count in rest)
    ratios = ", ".join(f"{later / earlier:.2f}x" for earlier, later in itertools.pairwise(own))
    return (
        f"long text, {what}: its layout {' / '.join(f'{seconds:.2f}' for seconds in own)} s "
        f"({pages} pages); each doubling {ratios} (goal about 2x: linear; 4x is the square)"
    )


def _layout_seconds(content, language: str, repeat: int) -> tuple[float, int]:
    """The median time WeasyPrint takes to lay out the profile of `content`, and its pages."""
    import weasyprint

    from brosur.pdf import engine

    html = Renderer(TEMPLATES).render(content, Edition(DOCUMENT_KINDS["profile"], language))
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        document = weasyprint.HTML(
            string=html, base_url=f"{PROJECT_ROOT.as_uri()}/", url_fetcher=_fetcher()
        ).render(font_config=engine.FONT_CONFIG, cache={})
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(document.pages)


def _fetcher():
    """Fetches the project's own files (styles, fonts) and the fixture's pictures."""
    from brosur.pdf.fetcher import ProjectFetcher

    return ProjectFetcher((PROJECT_ROOT, BASE))


def _with_mission(content, items: int):
    """`content` with a mission of `items` list items in each language (not validated: it
    is past the content's limit on purpose), or its own mission for none."""
    if not items:
        return content
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
