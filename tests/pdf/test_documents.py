"""The document set read back: profile structure, brochure panels, bilingual pairing, themes."""

import itertools
import re

import pytest
import weasyprint
from pypdf import PdfReader

from brosur.content.load import load_content
from brosur.documents import DOCUMENT_KINDS
from brosur.fitting import Composition, Fitting
from brosur.paths import PROJECT_ROOT, TEMPLATES
from brosur.pdf.fit import PX_PER_MM, fit_name
from brosur.render.html import Edition, Renderer
from tests.support.content import CONTENT_FOLDERS, EXAMPLE_CONTENT
from tests.support.pdftext import (
    header_text,
    page_size_mm,
    page_texts,
    text_in_strip,
)

PROFILE_SECTIONS = {
    "id": [
        "Tentang kami",
        "Visi dan misi",
        "Sejarah",
        "Strategi utama",
        "Program",
        "Angka kunci",
        "Mitra",
        "Tim",
        "Galeri",
    ],
    "en": [
        "About us",
        "Vision and mission",
        "History",
        "Core strategies",
        "Programmes",
        "Key figures",
        "Partners",
        "Team",
        "Gallery",
    ],
}


def bookmarks(pdf) -> list[tuple[str, int]]:
    reader = PdfReader(pdf)
    return [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]


def contents_entries(pdf) -> list[tuple[str, int]]:
    """The contents page as (title, page number) pairs, read from the printed page."""
    contents = page_texts(pdf)[1]
    entries, number = [], 1
    # Entries are numbered 01, 02, ...: read them in order, each up to its page number.
    while match := re.search(rf"\b{number:02d} (.+?) (\d+)\b", contents):
        entries.append((match[1], int(match[2])))
        contents = contents[match.end() :]
        number += 1
    return entries


@pytest.mark.parametrize("language", ["id", "en"])
def test_profile_bookmarks_are_the_sections(built, language):
    pdf = built["contoh", f"profile.{language}"].path
    assert [title for title, _ in bookmarks(pdf)] == PROFILE_SECTIONS[language]


@pytest.mark.parametrize(
    ("folder", "edition"),
    [
        ("contoh", "profile.id"),
        ("contoh", "profile.en"),
        ("contoh", "profile.id-en"),
    ],
)
def test_profile_contents_page_numbers_are_where_sections_start(built, folder, edition):
    pdf = built[folder, edition].path
    texts = page_texts(pdf)
    marks = bookmarks(pdf)
    assert contents_entries(pdf) == marks
    for title, page in marks:
        first_language = title.split(" / ")[0]
        assert first_language in texts[page - 1], f"{title} is not on page {page}"
        assert all(first_language not in header_text(pdf, earlier) for earlier in range(page - 1))


@pytest.mark.parametrize(
    ("folder", "edition"), [("kemitraan", "profile.id"), ("minimal", "profile.id-en")]
)
def test_profile_of_few_chapters_opens_with_the_first_without_contents(built, folder, edition):
    """Four chapters are found by turning the pages: no contents list, the first chapter on
    page 2, each chapter where its bookmark says."""
    pdf = built[folder, edition].path
    texts = page_texts(pdf)
    marks = bookmarks(pdf)
    assert "Daftar isi" not in texts[1] and "Contents" not in texts[1]
    assert marks[0][1] == 2
    for title, page in marks:
        assert title.split(" / ")[0] in texts[page - 1], f"{title} is not on page {page}"


def test_profile_running_header_names_the_current_section(built):
    pdf = built["contoh", "profile.en"].path
    marks = bookmarks(pdf)
    last_chapter_page = len(page_texts(pdf)) - 1  # the back cover has no header
    texts = page_texts(pdf)
    for page in range(marks[0][1], last_chapter_page + 1):
        # string(section, start): the section whose heading opens the page, else the one
        # running on from the page before; a page that opens in the contents has none.
        opening = [t for t, start in marks if start == page and texts[page - 1].startswith(t)]
        running = [title for title, start in marks if start < page]
        expected = (opening or running or [""])[0 if opening else -1]
        assert header_text(pdf, page - 1).startswith(expected.upper()), (page, expected)
    assert texts[1].startswith("Contents") and not header_text(pdf, 1).startswith("ABOUT")


def test_profile_has_cover_and_back_cover_without_page_numbers(built):
    texts = page_texts(built["kemitraan", "profile.id"].path)
    assert "Halaman" not in texts[0] and "Halaman" not in texts[-1]
    assert "Halaman 2 dari" in texts[1]
    assert "PROFIL ORGANISASI" in texts[0] and "kemitraan.or.id" in texts[-1]


def test_profile_source_is_a_footnote_on_the_page_of_its_call(built):
    texts = page_texts(built["kemitraan", "profile.id"].path)
    (page,) = [
        number
        for number, text in enumerate(texts)
        if "dikutip oleh Redaksi PUBinfo." in text and "1. Sumber" in text
    ]
    assert "Tentang kami" in texts[page]


def test_profile_leaves_out_sections_content_lacks(built):
    marks = [title for title, _ in bookmarks(built["kemitraan", "profile.en"].path)]
    assert marks == ["About us", "Vision and mission", "History", "Core strategies"]


def test_profile_places_every_photo(built):
    reader = PdfReader(built["contoh", "profile.en"].path)
    images = {image.data for page in reader.pages for image in page.images}
    assert len(images) == 3  # two in the gallery, one with a programme


BROCHURE_PANELS = {
    # page: [(panel, left mm, right mm, text that must stand in it)]
    0: [("flap", 0, 97, "Sekilas"), ("back", 97, 197, "Kontak"), ("cover", 197, 297, "{month}")],
    # The inside opens in the left panel and ends in the right (by topic, the strategies).
    1: [("left", 0, 100, "Tentang kami"), ("right", 200, 297, "{last}")],
}


@pytest.mark.parametrize("folder", ["kemitraan", "contoh"])
def test_brochure_is_two_landscape_sides_with_text_in_the_right_panel(built, folder):
    pdf = built[folder, "brochure.id"].path
    month = {"kemitraan": "November 2026", "contoh": "Maret 2026"}[folder]  # the cover's date
    # The last words of the inside: its last strategy's.
    last = {"kemitraan": "jaringan kemitraan.", "contoh": "pembuat kebijakan."}[folder]
    assert len(page_texts(pdf)) == 2
    assert page_size_mm(pdf) == (297.0, 210.0)
    assert text_in_strip(pdf, 1, 100 + 1, 200 - 1).strip()  # and fills the middle one
    for page, panels in BROCHURE_PANELS.items():
        for name, left, right, template in panels:
            text = template.format(month=month, last=last)
            assert text.upper() in text_in_strip(pdf, page, left + 1, right - 1).upper(), name
            others = [strip for strip in panels if strip[0] != name]
            for _, other_left, other_right, _unused in others:
                assert (
                    text.upper()
                    not in text_in_strip(pdf, page, other_left + 1, other_right - 1).upper()
                )


def _fit_boxes(page_html: str) -> list[list]:
    """The fixed boxes of each side of a rendered brochure (a box set in columns lays each
    column out as a box of the same element: those are its columns)."""
    document = weasyprint.HTML(string=page_html, base_url=f"{PROJECT_ROOT.as_uri()}/").render()
    return [
        list(
            {
                id(box.element): box
                for box in reversed(list(sheet._page_box.descendants()))
                if fit_name(box)
            }.values()
        )[::-1]
        for sheet in document.pages
    ]


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_brochure_fold_in_panel_is_3mm_narrower(paper):
    """Outside, the flap that folds in is the narrow panel; inside, by topic, the right
    panel (its back); run on, each column clear of the folds."""
    content = load_content(EXAMPLE_CONTENT)
    edition = Edition(DOCUMENT_KINDS["brochure"], "id", paper)
    boxes = _fit_boxes(Renderer(TEMPLATES).render(content, edition))
    widths = [
        [(box.element.get("data-fit"), round(box.margin_width() / PX_PER_MM, 1)) for box in side]
        for side in boxes
    ]
    page_width = {"a4": 297.0, "letter": 279.4}[paper]
    panel = round((page_width + 3) / 3, 1)
    assert widths == [
        [("outside flap", round(panel - 3, 1)), ("outside back", panel), ("front cover", panel)],
        [("inside 1", panel), ("inside 2", panel), ("inside 3", round(panel - 3, 1))],
    ]
    run_on = Fitting(composition=Composition("run-on", "run on"))
    (flow,) = _fit_boxes(Renderer(TEMPLATES).render(content, edition, fit=run_on))[1]
    assert round(flow.margin_width() / PX_PER_MM, 1) == page_width
    # One column a panel, each clear of the folds (at `panel` and 2 × `panel`).
    columns = [(box.position_x / PX_PER_MM, box.width / PX_PER_MM) for box in flow.children]
    edges = [0, panel, 2 * panel, page_width]
    for (left, width), (start, end) in zip(columns, itertools.pairwise(edges), strict=True):
        assert left >= start + 6.5 and left + width <= end - 6.5, (left, width, start, end)


@pytest.mark.parametrize(
    ("folder", "edition"),
    [
        ("kemitraan", "profile.id-en"),
        ("kemitraan", "factsheet.id-en"),
        ("kemitraan", "brochure.id-en"),
        ("contoh", "profile.id-en"),
    ],
)
def test_bilingual_passages_and_their_twins_share_a_page(built, folder, edition):
    org = load_content(CONTENT_FOLDERS[folder]).organisation
    texts = page_texts(built[folder, edition].path)
    twins = [
        org.vision,
        *(strategy.title for strategy in org.strategies),
        *(milestone.title for milestone in org.history.timeline),
    ]
    for twin in twins:
        pages_id = [number for number, text in enumerate(texts) if twin.id in text]
        pages_en = [number for number, text in enumerate(texts) if twin.en in text]
        assert pages_id and pages_id == pages_en, (twin, pages_id, pages_en)


def test_profile_notes_in_text_are_footnotes_on_the_page_of_their_call(built):
    texts = page_texts(built["contoh", "profile.id"].path)
    (page,) = [number for number, text in enumerate(texts) if "Riwayat lengkap" in text]
    assert "Laporan tahunan 2015–2025, tersedia di contoh.example.org (fiktif)." in texts[page]
    assert sum("Laporan tahunan 2015–2025" in text for text in texts) == 1
