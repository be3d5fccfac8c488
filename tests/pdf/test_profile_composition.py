"""The profile composed for its content (issue 25): a contents list only for many chapters,
pages used within the document's bounds, headings kept with what they head, programmes told
in a line set as a list, and a bilingual text's points paired across page breaks. Each
edition is built through the pipeline, as the command builds it, and read back."""

from __future__ import annotations

import re

import pytest

from brosur.content.load import load_content
from brosur.content.markdown import blocks
from brosur.documents import DOCUMENT_KINDS
from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from brosur.paths import PROJECT_ROOT, TEMPLATES
from brosur.pdf.economy import excesses
from brosur.render.html import Edition, Renderer
from tests.support.content import DEFAULT_CONTENT, EXAMPLE_CONTENT, MINIMAL_CONTENT
from tests.support.pdftext import page_texts

JUDUL = PROJECT_ROOT / "tests" / "fixtures" / "judul"
RAMAI = PROJECT_ROOT / "tests" / "fixtures" / "ramai"
FOLDERS = {
    "kemitraan": DEFAULT_CONTENT,
    "contoh": EXAMPLE_CONTENT,
    "minimal": MINIMAL_CONTENT,
    "judul": JUDUL,
    "ramai": RAMAI,
}
PROFILE = DOCUMENT_KINDS["profile"]


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    """Build one profile edition when a test first asks for it, once for this module."""
    made: dict[tuple[str, str], Built] = {}

    def built(folder: str, language: str) -> Built:
        if (folder, language) not in made:
            output = tmp_path_factory.mktemp(f"{folder}-{language}")
            request = Request(FOLDERS[folder], output, ("profile",), language, "a4", force=True)
            (result,) = build(request)
            assert isinstance(result, Built), result
            made[folder, language] = result
        return made[folder, language]

    return built


def beyond_bounds(result: Built) -> list[str]:
    assert result.economy is not None
    return [str(excess) for excess in excesses(list(result.economy.areas), PROFILE.economy)]


def html(folder: str, language: str) -> str:
    edition = Edition(PROFILE, language)
    return Renderer(TEMPLATES).render(load_content(FOLDERS[folder]), edition)


def test_a_profile_of_few_chapters_opens_with_its_first_chapter(profile):
    """Four chapters need no contents list: page 2 is the first chapter's, and full."""
    result = profile("kemitraan", "id")
    assert 'class="toc"' not in html("kemitraan", "id")
    assert page_texts(result.path)[1].startswith("Tentang kami")
    assert not [line for line in beyond_bounds(result) if line.startswith("page 2 ")]


def test_a_profile_of_many_chapters_lists_them_and_runs_on_under_the_list(profile):
    result = profile("contoh", "id-en")
    second = page_texts(result.path)[1]
    assert "Daftar isi" in second and "Tentang kami" in second.split("Daftar isi", 1)[1]
    assert not [line for line in beyond_bounds(result) if line.startswith("page 2 ")]


@pytest.mark.parametrize(
    ("folder", "language"),
    [("kemitraan", "id"), ("kemitraan", "en"), ("kemitraan", "id-en"), ("minimal", "id-en")],
)
def test_pages_are_used_within_the_bounds(profile, folder, language):
    result = profile(folder, language)
    assert beyond_bounds(result) == []
    assert result.warnings == []


@pytest.mark.parametrize("language", ["id", "en", "id-en"])
def test_the_last_content_page_holds_enough(profile, language):
    """The least content there is: one page of chapters, at least 30 % used, no page after
    it that holds one card."""
    result = profile("minimal", language)
    assert result.pages == 3
    assert not [line for line in beyond_bounds(result) if "used" in line]


@pytest.mark.parametrize("language", ["id", "en", "id-en"])
def test_programmes_told_in_a_line_are_a_list(profile, language):
    result = profile("judul", language)
    page = html("judul", language)
    assert 'class="programme-list' in page and "<article" not in page
    assert result.warnings == []
    assert beyond_bounds(result) == []
    printed = "".join(page_texts(result.path))
    assert "Kebun Bersama" in printed or "Shared Garden" in printed


def test_programmes_told_at_length_are_articles():
    assert html("contoh", "id").count('<article class="programme') == 2


def _content_text(folder: str, *path: str | int, language: str = "id") -> str:
    value = load_content(FOLDERS[folder]).organisation
    for step in path:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return str(value.get(language))


@pytest.mark.parametrize(("folder", "language"), [("kemitraan", "id-en"), ("contoh", "id")])
def test_no_heading_is_the_last_line_of_a_page(profile, folder, language):
    """Each subheading stands on the page its text begins on."""
    texts = page_texts(profile(folder, language).path)
    pairs = [
        ("MISI", _content_text(folder, "mission")),
        ("LATAR BELAKANG", _content_text(folder, "background")),
    ]
    for heading, text in pairs:
        first_words = " ".join(text.lstrip("- ").split()[:3])
        heading_pages = [n for n, page in enumerate(texts) if heading in page]
        text_pages = [n for n, page in enumerate(texts) if first_words in page]
        assert heading_pages and text_pages, (heading, first_words)
        assert heading_pages[0] == text_pages[0], (heading, heading_pages, text_pages)


def test_each_point_stands_on_the_page_of_its_translation(profile):
    """In the bilingual edition, the mission's points and the background's paragraphs are
    paired one by one: a page break never leaves a point's translation on the next page."""
    texts = page_texts(profile("ramai", "id-en").path)
    content = load_content(RAMAI).organisation
    for field in (content.mission, content.background):
        pairs = zip(blocks(field.get("id")), blocks(field.get("en")), strict=True)
        for blocks_pair in pairs:
            pages = [_first_page(texts, _opening_words(block)) for block in blocks_pair]
            assert pages[0] == pages[1], (blocks_pair, pages)


def _opening_words(block: str) -> str:
    """The first words of a Markdown block as printed: its marks left out."""
    words = re.sub(r"[*_]|^- |^\d+\. ", "", block).split()
    return " ".join(words[:4])


def _first_page(texts: list[str], words: str) -> int:
    printed = [" ".join(text.replace("\u2019", "'").split()) for text in texts]
    pages = [number for number, text in enumerate(printed) if words in text]
    assert pages, words
    return pages[0]
