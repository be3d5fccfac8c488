"""The profile's pages, built through the pipeline and read back: no page left mostly empty and
no heading left at the foot of a page, for the content-rich fixture and the example, in every
edition, on A4 and Letter.

The chapters run on from one to the next, so an inner page may be under 40 % used only where
the profile's last chapter ends, before the back cover. The verifier (brosur/pdf/verify.py)
stays the judge of "used": its warning must not appear, and its measure is what is checked
here, more strictly (it lets any chapter end early)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
import weasyprint

from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from brosur.paths import PROJECT_ROOT
from brosur.pdf import engine
from brosur.pdf.layout import MAIN, Piece, pages, pieces
from brosur.pdf.verify import SPARSE_PAGE
from tests.pdf.test_visual import compare_pages
from tests.support.content import EXAMPLE_CONTENT, copy_content, edit
from tests.support.pdftext import page_texts

RAMAI = PROJECT_ROOT / "tests" / "fixtures" / "ramai"
FOLDERS = {"ramai": RAMAI, "contoh": EXAMPLE_CONTENT}
# Each edition is one build of a few seconds: Letter, the second paper, is left to slow runs,
# and to the content-rich organisation (the example's Letter profiles are read back in
# tests/pdf/test_readback.py).
EDITIONS = [
    pytest.param(
        folder,
        language,
        paper,
        id=f"{folder}-{language}-{paper}",
        marks=[pytest.mark.slow] if paper == "letter" else [],
    )
    for folder in FOLDERS
    for language in ("id", "en", "id-en")
    for paper in ("a4", "letter")
    if paper == "a4" or folder == "ramai"
]


@dataclass(frozen=True)
class Page:
    number: int
    used: float  # the share of the page's height its main text and pictures span
    last_text: Piece | None  # the last line of the main text (no notes, no running heads)
    opens: str  # the class of the part of the document its first piece is in
    parts: int  # how many parts of the document (cover, contents, chapters...) it holds


@dataclass(frozen=True)
class Profile:
    built: Built
    pages: list[Page]


def build_profile(content: Path, output: Path, language: str, paper: str) -> Profile:
    """Build one profile edition as the command does (in this process, one PDF), keeping the
    document WeasyPrint laid out for it, and read its pages as the verifier does."""
    laid_out = []
    lay_out = engine.laid_out

    def keep(*arguments, **keywords):
        found = lay_out(*arguments, **keywords)
        laid_out.append(found[0])
        return found

    request = Request(content, output, ("profile",), language, paper, force=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "laid_out", keep)
        (result,) = build(request)
    assert isinstance(result, Built), result
    document = laid_out[-1]  # the form printed: the last one tried
    assert len(page_texts(result.path)) == len(document.pages) == result.pages
    return Profile(result, _pages(document))


def _pages(document) -> list[Page]:
    main = [piece for piece in pieces(document) if piece.flow == MAIN]
    found = []
    for sheet in pages(document):
        on_page = [piece for piece in main if piece.page == sheet.number]
        texts = [piece for piece in on_page if piece.text and not piece.generated]
        span = (
            max(piece.rect.bottom for piece in on_page) - min(piece.rect.top for piece in on_page)
            if on_page
            else 0
        )
        parts = list({id(part): part for piece in on_page if (part := _part(piece)) is not None})
        first_part = _part(on_page[0]) if on_page else None
        found.append(
            Page(
                sheet.number,
                span / (sheet.content.bottom - sheet.content.top),
                texts[-1] if texts else None,
                (first_part.get("class") or "") if first_part is not None else "",
                len(parts),
            )
        )
    return found


def _part(piece: Piece):
    """The child of <body> a piece is in (as verify.py tells a document's parts)."""
    return piece.elements[2] if len(piece.elements) > 2 else None


@pytest.fixture(scope="module")
def profiles(tmp_path_factory) -> dict[tuple[str, str, str], Profile]:
    """Each edition built once for this module's tests, when a test first asks for it."""
    made: dict[tuple[str, str, str], Profile] = {}

    def profile(folder: str, language: str, paper: str) -> Profile:
        key = (folder, language, paper)
        if key not in made:
            output = tmp_path_factory.mktemp(f"{folder}-{language}-{paper}")
            made[key] = build_profile(FOLDERS[folder], output, language, paper)
        return made[key]

    return profile


def sparse_pages(pages: list[Page]) -> list[str]:
    """Inner pages under 40 % used, except the last chapter's end before the back cover."""
    return [
        f"page {page.number} is {page.used:.0%} used"
        for page, following in pairwise(pages[1:])
        if page.used < SPARSE_PAGE and "back-cover" not in following.opens.split()
    ]


def headings_ending_a_page(pages: list[Page]) -> list[str]:
    """Pages whose main text ends with a heading: its content went on to the next page."""
    return [
        f"page {page.number} ends with the heading {page.last_text.text.strip()!r}"
        for page in pages
        if page.last_text is not None and page.last_text.heading is not None
    ]


@pytest.mark.parametrize(("folder", "language", "paper"), EDITIONS)
def test_no_inner_page_is_left_mostly_empty(profiles, folder, language, paper):
    profile = profiles(folder, language, paper)
    assert profile.built.warnings == []  # no finding of the verifier's at all
    assert sparse_pages(profile.pages) == []
    if folder == "ramai" and paper == "a4":  # and it looks as it was reviewed
        assert compare_pages(profile.built.path, f"profile.{language}.ramai")


@pytest.mark.parametrize(("folder", "language", "paper"), EDITIONS)
def test_no_heading_ends_a_page(profiles, folder, language, paper):
    assert headings_ending_a_page(profiles(folder, language, paper).pages) == []


def test_chapters_run_on_from_page_to_page(profiles):
    """A chapter that ends early shares its last page with the next one: pages hold the end
    of one chapter and the start of the next."""
    profile = profiles("contoh", "en", "a4")
    shared = [page.number for page in profile.pages if page.parts > 1]
    assert len(shared) >= 3, shared


def test_a_first_block_longer_than_a_page_still_breaks(tmp_path):
    """A chapter's opening (its heading and first block, kept together) whose first block
    is longer than a page goes to a fresh page and breaks there: the whole text printed, the
    heading above it."""
    content = copy_content(EXAMPLE_CONTENT, tmp_path)
    words = "Warga desa membaca anggaran bersama kader dan perangkat desa setiap bulan. " * 36
    opening = "        Pelatihan enam bulan bagi perangkat desa dan warga tentang cara membaca,"
    edit(content / "organisation.yml", opening, f"        {words}{opening.lstrip()}")
    profile = build_profile(content, tmp_path / "output", "id-en", "a4")
    texts = page_texts(profile.built.path)
    spread = [number for number, text in enumerate(texts, 1) if "Warga desa membaca" in text]
    assert len(spread) >= 2, spread
    assert "Program" in texts[spread[0] - 1]
    assert headings_ending_a_page(profile.pages) == []


def test_the_checks_find_what_they_look_for():
    """The checks above, on pages made to fail them: the profile's strategies as WeasyPrint 70
    broke them (the heading kept to its cards, a flex column, onto a fresh page, the cards
    then moved on whole), and pages of one chapter a line each."""
    page = "<style>@page { size: 100mm 100mm; margin: 10mm } body { margin: 0 }</style>"
    body = (
        "<section><p>Sampul</p></section><section style='break-before: page'>"
        "<p style='height: 60mm'>Satu</p><h2>Strategi utama</h2>"
        "<div style='display: flex; flex-direction: column'><div style='height: 75mm'>"
        "<p>Kartu strategi</p></div></div><p style='break-before: page'>Penutup</p></section>"
    )
    laid_out = _pages(weasyprint.HTML(string=page + body).render())
    assert headings_ending_a_page(laid_out) == ["page 3 ends with the heading 'Strategi utama'"]
    assert sparse_pages(laid_out) == [
        "page 2 is 6% used",
        "page 3 is 8% used",
        "page 4 is 6% used",
    ]
