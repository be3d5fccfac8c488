"""Real PDFs, read back: pages, text, metadata, fonts, hyphenation, fetching, atomic writes."""

import re

import pyphen
import pytest
from pypdf import PdfReader

from brosur.errors import BuildError, FitError, PageLimitError
from brosur.i18n import LANGUAGE_TAGS
from brosur.paths import PROJECT_ROOT, STYLES, TEMPLATES
from brosur.pdf.options import PdfOptions
from brosur.pdf.writer import write_pdf
from tests.support.content import CONTENT_FOLDERS
from tests.support.pdffonts import embedded_fonts

FACTSHEETS = [
    (folder, f"factsheet.{language}") for folder in CONTENT_FOLDERS for language in ("id", "en")
]
HYPHEN = "\u2010"  # WeasyPrint breaks a word with U+2010 HYPHEN


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(("folder", "edition"), FACTSHEETS)
def test_fact_sheet_is_front_and_back_or_one_side_for_short_content(built, folder, edition):
    # The minimal content's front and back would leave the back nearly blank: it is set on
    # one side (the "run-on" composition, templates/documents.yml).
    assert built[folder, edition].pages == (1 if folder == "minimal" else 2)
    assert built[folder, edition].path.name == f"{edition}.pdf"


def test_every_edition_renders_without_warnings(built):
    assert {key: result.warnings for key, result in built.items() if result.warnings} == {}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "id",
            [
                "Kemitraan bagi Pembaruan Tata Pemerintahan",
                "Maret 2000",
                "Mei 2001",
                "Perkumpulan perdata nirlaba",
                "Membangun kapasitas",
                "Halaman 1 dari 2",
                "Halaman 2 dari 2",
                "Sumber:",
                "kemitraan.or.id",
            ],
        ),
        (
            "en",
            [
                "Partnership for Governance Reform in Indonesia",
                "March 2000",
                "May 2001",
                "Non-profit civil association",
                "Building capacity from",
                "Page 1 of 2",
                "Page 2 of 2",
                "Source:",
                "kemitraan.or.id",
            ],
        ),
    ],
)
def test_text_is_in_the_edition_language(reader, language, expected):
    text = " ".join(
        text_of(reader("kemitraan", f"factsheet.{language}")).replace(f"{HYPHEN}\n", "").split()
    )
    for passage in expected:
        assert passage in text


@pytest.mark.parametrize("language", ["id", "en"])
def test_metadata_is_in_the_edition_language(reader, language):
    pdf = reader("kemitraan", f"factsheet.{language}")
    title = {"id": "Lembar Fakta", "en": "Fact Sheet"}[language]
    subject = {"id": "Organisasi multi-pihak", "en": "A multi-stakeholder organisation"}[language]
    assert pdf.metadata.title == f"Kemitraan — {title}"
    assert pdf.metadata.author == "Kemitraan"
    assert pdf.metadata.subject.startswith(subject)
    assert pdf.metadata["/Keywords"].startswith(f"Kemitraan, {title}, ")
    assert pdf.trailer["/Root"]["/Lang"] == LANGUAGE_TAGS[language]
    assert pdf.metadata["/CreationDate"] == "D:20261128000000Z"


@pytest.mark.parametrize(("folder", "edition"), FACTSHEETS)
def test_only_the_theme_fonts_are_used_and_all_are_embedded(reader, folder, edition):
    fonts = embedded_fonts(reader(folder, edition))
    assert all(fonts.values()), fonts
    assert {name.split("-")[0] for name in fonts} == {"Inter", "Noto"}
    assert "Noto-Serif-Display" in fonts


@pytest.mark.parametrize("language", ["id", "en"])
def test_words_are_hyphenated_by_the_edition_language(reader, language):
    text = text_of(reader("kemitraan", f"factsheet.{language}"))
    breaks = re.findall(rf"(\w+){HYPHEN}\n(\w+)", text)
    assert breaks, "expected some hyphenated words"
    dictionary = pyphen.Pyphen(lang=pyphen.language_fallback(language))
    for start, end in breaks:
        assert len(start) in dictionary.positions(start + end), f"{start}-{end}"


def test_each_language_uses_its_own_dictionary(tmp_path):
    # "kesejahteraan" breaks as ke-se-jah-te-ra-an in Indonesian; English rules differ.
    # Each paragraph is narrower than the word and wider than its half: one break each.
    words = "".join(f'<p style="width: {width}mm">kesejahteraan</p>' for width in range(20, 29))
    breaks = {}
    for language in ("id", "en"):
        html = (
            f'<html lang="{language}"><body style="hyphens: auto; font: 12pt Inter">'
            f"{words}</body></html>"
        )
        target = tmp_path / f"{language}.pdf"
        write_pdf(html, target, PdfOptions(base=PROJECT_ROOT, roots=(STYLES,), max_pages=5))
        breaks[language] = set(re.findall(rf"(\w+){HYPHEN}\n", text_of(PdfReader(target))))
    assert breaks["id"] != breaks["en"]
    for language, found in breaks.items():
        positions = pyphen.Pyphen(lang=pyphen.language_fallback(language)).positions(
            "kesejahteraan"
        )
        assert {len(start) for start in found} <= set(positions)


@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1/secret.png",
        "https://example.org/logo.png",
        "http://169.254.169.254/latest/meta-data",
        "file:///etc/hostname",
        "../README.md",
    ],
)
def test_fetcher_blocks_everything_outside_the_project(tmp_path, address):
    html = f'<img src="{address}"><p>text</p>'
    target = tmp_path / "out.pdf"
    with pytest.raises(BuildError, match=r"refused to load .*only files inside the project"):
        write_pdf(html, target, PdfOptions(base=TEMPLATES, roots=(TEMPLATES,), max_pages=1))
    assert not target.exists()


def test_fetcher_serves_project_files(tmp_path):
    html = (
        '<link rel="stylesheet" href="styles/base.css">'
        "<style>@page { margin: 20mm }</style><p>text</p>"  # inside the live area
    )
    options = PdfOptions(base=PROJECT_ROOT, roots=(STYLES,), max_pages=1)
    result = write_pdf(html, tmp_path / "ok.pdf", options)
    assert result.pages == 1


def test_failed_render_keeps_the_previous_pdf_and_no_temporary_file(tmp_path):
    target = tmp_path / "factsheet.id.pdf"
    write_pdf("<p>good</p>", target, PdfOptions(base=PROJECT_ROOT, roots=(), max_pages=1))
    good = target.read_bytes()
    too_long = "<p style='break-after: page'>x</p>" * 3
    with pytest.raises(PageLimitError, match="runs to 3 pages, but this document holds at most 1"):
        write_pdf(too_long, target, PdfOptions(base=PROJECT_ROOT, roots=(), max_pages=1))
    assert target.read_bytes() == good
    assert [path.name for path in tmp_path.iterdir()] == ["factsheet.id.pdf"]


def test_weasyprint_failing_inside_its_layout_fails_the_pdf_by_name_and_keeps_the_last(
    tmp_path, monkeypatch
):
    """WeasyPrint 70 once raised IndexError deep in its page layout for a grid taller than a
    page: that form is a form that does not fit (the next is tried), and the PDF fails in
    words, not with a traceback. (A stand-in for the crash: no small page reproduces it.)"""
    import weasyprint

    target = tmp_path / "factsheet.id.pdf"
    write_pdf("<p>good</p>", target, PdfOptions(base=PROJECT_ROOT, roots=(), max_pages=1))
    good = target.read_bytes()

    def crash(*arguments, **options):
        raise IndexError("list index out of range")

    monkeypatch.setattr(weasyprint.HTML, "render", crash)
    with pytest.raises(FitError, match=r"WeasyPrint could not lay .* \(IndexError in "):
        write_pdf("<p>new</p>", target, PdfOptions(base=PROJECT_ROOT, roots=(), max_pages=1))
    assert target.read_bytes() == good


@pytest.mark.parametrize("interrupted", ["fsync", "replace"])
def test_interrupted_write_keeps_the_previous_pdf(tmp_path, monkeypatch, interrupted):
    target = tmp_path / "factsheet.id.pdf"
    write_pdf("<p>good</p>", target, PdfOptions(base=PROJECT_ROOT, roots=(), max_pages=1))
    good = target.read_bytes()

    def interrupt(*arguments):
        raise KeyboardInterrupt

    # Interrupted with half the file on disk (fsync), or just before the rename (replace).
    monkeypatch.setattr(f"os.{interrupted}", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_pdf("<p>new</p>", target, PdfOptions(base=PROJECT_ROOT, roots=(), max_pages=1))
    assert target.read_bytes() == good
    assert [path.name for path in tmp_path.iterdir()] == ["factsheet.id.pdf"]
