"""Type details, read back from real PDFs by poppler's pdftotext and by pdfium.

1. Spaced capitals (labels, headings, kickers, the running head) read back as whole words:
   "SEKILAS", not "SEKIL AS". WeasyPrint writes tracking as a gap after each letter, and a
   reader takes a gap of 0.1em or more for a space (pdftotext; pdfium from about 0.12em);
   0.08em of tracking plus a pair the font's kerning opens (Inter's LA, Noto Sans' EJ) passed
   it, so spaced capitals are set without kerning (styles/base.css, --tracking-label).
2. Hyphenation keeps three letters on each side of a break, in words of seven or more
   (`hyphenate-limit-chars: 7 3 3`), and never breaks a heading, name, label or caption.
   WeasyPrint 70 has no `hyphenate-limit-lines`: a paragraph with more than two hyphenated
   lines in a row is set again without them (pdf/hyphenation.py), checked here on every
   edition.
3. English is declared as the British English the content is written in (en-GB), which is
   also the hyphenation dictionary pyphen uses for it.
"""

from __future__ import annotations

import ctypes
import math
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import cssselect2
import pypdfium2
import pypdfium2.raw as pdfium
import pyphen
import pytest
import tinyhtml5
import weasyprint
import yaml
from pypdf import PdfReader

from brosur.content.load import load_content
from brosur.documents import DOCUMENT_KINDS
from brosur.i18n import LANGUAGE_TAGS
from brosur.paths import STYLES, TEMPLATES
from brosur.render.html import Edition, Renderer
from tests.support.content import CONTENT_FOLDERS

HYPHEN = "\u2010"  # what WeasyPrint prints where it breaks a word

# Set in spaced capitals (letter-spacing, text-transform: uppercase) by the stylesheets.
SPACED_CAPITALS = (
    ".section-heading, .panel-heading, .contact-heading, .subheading, .kicker, .fact dt,"
    " .contact-lines dt, .recipient-label, .recipient-contact-label"
)
# Read at a glance, so never hyphenated: headings, names, labels and captions.
NOT_HYPHENATED = (
    "h1, h2, h3, h4, h5, h6, dt, figcaption, .kicker, .wordmark, .full-name, .cover-full-name,"
    " .back-name, .back-full-name, .partner-name, .partner-kind, .person-name, .person-role,"
    " .recipient-name, .recipient-label, .recipient-contact-label, .cover-date, .toc"
)


def pdftotext(pdf: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdfium_pages(pdf: Path) -> list[str]:
    """Each page's text as pdfium reads it, line breaks and hyphens kept."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def readings(pdf: Path) -> dict[str, str]:
    """The text of `pdf` as each reader gives it."""
    return {
        "pdftotext": pdftotext(pdf),
        "pdftotext -layout": pdftotext(pdf, "-layout"),
        "pdfium": "\n".join(pdfium_pages(pdf)),
    }


def one_line(text: str) -> str:
    return " ".join(text.split())


def split_forms(text: str, label: str) -> set[str]:
    """Where `text` has a word of `label` with a space between two of its letters."""
    found = set()
    for word in re.findall(r"\w{2,}", label):
        letters = r"[ \t]?".join(re.escape(letter) for letter in word)
        for match in re.finditer(rf"(?<!\w){letters}(?!\w)", text):
            if match[0] != word:
                found.add(match[0])
    return found


def elements_text(html: str, selector: str) -> list[str]:
    """The text of every element `selector` picks in `html`, one line each."""
    root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))
    return [one_line("".join(e.etree_element.itertext())) for e in root.query_all(selector)]


def edition_html(folder: str, edition: Edition) -> str:
    return Renderer(TEMPLATES).render(load_content(CONTENT_FOLDERS[folder]), edition)


# 1. Spaced capitals


def test_every_spaced_capital_reads_back_as_whole_words(built):
    """In every edition of every content folder, each text set in spaced capitals that the
    PDF prints (a shorter form may leave a heading out) reads back with its words whole, by
    pdftotext and pdfium, and pdftotext -layout splits none of its words either."""
    problems, checked = [], Counter()
    for (folder, edition), result in sorted(built.items()):
        # Each language of a bilingual label apart: pdfium reads the second (printed
        # translucent) after the first's neighbours.
        labels = {
            part
            for text in elements_text(edition_html(folder, result.edition), SPACED_CAPITALS)
            for part in text.upper().split(" / ")
        }
        for reader, text in readings(result.path).items():
            squeezed = re.sub(r"\s", "", text)
            for label in sorted(labels):
                if split := split_forms(text, label):
                    problems.append(f"{folder}/{edition}, {reader}: {label!r} read as {split}")
                elif reader == "pdftotext -layout" or re.sub(r"\s", "", label) not in squeezed:
                    continue
                elif label not in one_line(text):
                    problems.append(f"{folder}/{edition}, {reader}: {label!r} not read whole")
                else:
                    checked[folder, edition, reader] += 1
    assert not problems, "\n".join(problems)
    assert len(checked) == 2 * len(built) and min(checked.values()) >= 3, checked


@pytest.mark.parametrize(
    ("edition", "words"),
    [
        ("factsheet.id", ["SEKILAS", "SITUS WEB", "TENTANG KAMI"]),
        ("factsheet.en", ["AT A GLANCE", "WEBSITE", "ABOUT US"]),
        ("profile.id-en", ["SEKILAS", "AT A GLANCE", "ALAMAT", "ADDRESS", "LATAR BELAKANG"]),
    ],
)
def test_the_labels_the_issue_names_read_back_whole(built, edition, words):
    """The labels issue 14 found split ("SEKIL AS", "AT A GL ANCE", "AL AMAT"), by name."""
    for reader, text in readings(built["contoh", edition].path).items():
        if reader != "pdftotext -layout":
            assert all(word in one_line(text) for word in words), (reader, words)


def tracking_label() -> str:
    """The tracking of spaced capitals, as styles/base.css sets it."""
    css = (STYLES / "base.css").read_text(encoding="utf-8")
    return re.search(r"--tracking-label:\s*([\d.]+em)", css)[1]


@pytest.mark.parametrize(
    ("font", "word"),
    [("Inter", "SEKILAS"), ("Inter", "LATAR BELAKANG"), ("Noto Sans", "SEJARAH")],
)
def test_kerning_is_what_splits_spaced_capitals(tmp_path, font, word):
    """Why the labels are set without kerning: at the labels' tracking, a pair the font's
    kerning opens (L-A in Inter, E-J in Noto Sans, the second theme's face) reaches
    pdftotext's word break; without kerning every gap is the tracking alone, and whole."""
    style = f"font: 600 8pt '{font}'; letter-spacing: {tracking_label()}"
    pdf = tmp_path / "label.pdf"
    weasyprint.HTML(
        string=f'<p style="{style}">{word}</p><p style="{style}; font-kerning: none">{word}</p>'
    ).write_pdf(pdf)
    kerned, unkerned = pdftotext(pdf).split("\n")[:2]
    assert kerned != word  # "SEKIL AS": the reason for the rule
    assert unkerned == word
    assert pdfium_pages(pdf)[0].split("\r\n")[1] == word


# 2. Hyphenation


def hyphen_breaks(pdf: Path) -> list[tuple[str, str]]:
    """Every word broken at a line end, as (its letters before the hyphen, after it)."""
    pattern = re.compile(rf"(\w+){HYPHEN}\r?\n(?=(\w+))")  # a word may break twice
    return [match.groups() for page in pdfium_pages(pdf) for match in pattern.finditer(page)]


def ladders(pdf: Path) -> list[list[str]]:
    """Every run of three or more lines in a row that end in a hyphen (pdfium's lines, in
    the order they were printed: a paragraph's lines one after another)."""
    found = []
    for page in pdfium_pages(pdf):
        run: list[str] = []
        for line in [*page.split("\r\n"), ""]:
            if line.rstrip().endswith(HYPHEN):
                run.append(line)
                continue
            if len(run) > 2:
                found.append(run)
            run = []
    return found


def test_hyphenation_keeps_three_letters_each_side_in_words_of_seven(built):
    """`hyphenate-limit-chars: 7 3 3` in styles/base.css, as printed in every edition."""
    short = {
        f"{folder}/{edition}: {before}-{after}"
        for (folder, edition), result in built.items()
        for before, after in hyphen_breaks(result.path)
        if len(before) < 3 or len(after) < 3 or len(before + after) < 7
    }
    assert short == set()
    assert any(hyphen_breaks(result.path) for result in built.values())  # it does hyphenate


NARROW = """<html lang="{lang}"><style>
  @page {{ size: 40mm 200mm; margin: 2mm }}
  p {{ font: 9pt Inter; width: 24mm; margin: 0 0 3mm; hyphens: auto; {limits} }}
</style><p>{text}</p>"""
NARROW_TEXTS = {
    "id": "Kami dibantu oleh ketua rukun warga dan kelompok ibu-ibu di sekitar desa, membuka"
    " kebun, memetik buah, menjual hasilnya di pasar dan belajar menulis laporan bersama.",
    "en-GB": "We are unable to repaint the older rooms, so the tenants rebuild, redecorate and"
    " reuse whatever they can to refurbish every unlit corner of the building.",
}


@pytest.mark.parametrize("lang", NARROW_TEXTS)
def test_weasyprint_honours_hyphenate_limit_chars(tmp_path, lang):
    """A narrow column breaks two-letter syllables off at WeasyPrint's default limits
    (5 2 2), and never with the project's 7 3 3."""

    def breaks(limits: str) -> list[tuple[str, str]]:
        pdf = tmp_path / "narrow.pdf"
        html = NARROW.format(lang=lang, limits=limits, text=NARROW_TEXTS[lang])
        weasyprint.HTML(string=html).write_pdf(pdf)
        return hyphen_breaks(pdf)

    default, limited = breaks(""), breaks("hyphenate-limit-chars: 7 3 3")
    assert any(min(len(before), len(after)) < 3 for before, after in default), default
    assert limited, "the column is narrow enough to hyphenate"
    assert all(min(len(b), len(a)) >= 3 and len(b + a) >= 7 for b, a in limited), limited


def test_weasyprint_70_has_no_hyphenate_limit_lines(weasyprint_log):
    """Why no more than two hyphens in a row is checked after layout rather than set in CSS:
    WeasyPrint ignores the property (and logs it, which fails a build's test). If this
    fails, WeasyPrint supports it: set `hyphenate-limit-lines: 2` on body in base.css."""
    weasyprint.HTML(string="<p style='hyphenate-limit-lines: 2'>x</p>").render()
    assert "unknown property" in weasyprint_log.text


def test_no_more_than_two_hyphenated_lines_in_a_row(built):
    """In every edition, as pdfium reads the lines: a paragraph that came out with a ladder
    of hyphens was set again without them (pdf/hyphenation.py). Seven editions had one."""
    found = {key: runs for key, result in built.items() if (runs := ladders(result.path))}
    assert found == {}


def test_ladders_are_found(tmp_path):
    """The check's own check: long words in a column too narrow for them."""
    pdf = tmp_path / "ladder.pdf"
    text = "pemerintahan kabupaten kesejahteraan masyarakat pertanggungjawaban keterbukaan"
    limits = "width: 20mm; hyphenate-limit-chars: 7 3 3"
    weasyprint.HTML(string=NARROW.format(lang="id", limits=limits, text=text)).write_pdf(pdf)
    assert ladders(pdf) == [
        [f"pemerin{HYPHEN}", f"tahan kabu{HYPHEN}", f"paten kese{HYPHEN}"],
        [f"pertang{HYPHEN}", f"gungja{HYPHEN}", f"waban keter{HYPHEN}"],
    ]


def test_no_heading_name_label_or_caption_is_hyphenated(built):
    """No word broken at a line end in any edition is one printed only in a heading, name,
    label or caption (a word body text also has cannot be told apart, and is left out)."""
    broken = []
    for (folder, edition), result in sorted(built.items()):
        html = edition_html(folder, result.edition)
        body = Counter(words(" ".join(elements_text(html, "body"))))
        glance = Counter(words(" ".join(elements_text(html, NOT_HYPHENATED))))
        only_at_a_glance = {word for word, count in glance.items() if count == body[word]}
        broken += [
            f"{folder}/{edition}: {before}{HYPHEN}{after}"
            for before, after in hyphen_breaks(result.path)
            if (before + after).casefold() in only_at_a_glance
        ]
    assert broken == []


def words(text: str) -> list[str]:
    return [word.casefold() for word in re.findall(r"\w{7,}", text)]


@pytest.mark.parametrize("folder", ["kemitraan", "contoh"])
def test_the_qr_code_caption_is_never_hyphenated(built, folder):
    """Issue 14 found it printed "Pindai untuk mem-buka"; it sits in a 24 mm column."""
    captions = {"id": "Pindai untuk membuka situs web kami", "en": "Scan to open our website"}
    for (name, edition), result in built.items():
        if name != folder:
            continue
        for reader, text in readings(result.path).items():
            if reader == "pdftotext -layout":
                continue
            language = edition.split(".")[1]
            expected = [captions[lang] for lang in ("id", "en") if lang in language.split("-")]
            assert all(caption in one_line(text) for caption in expected), (edition, reader)


# 3. The English language tag


def test_english_is_declared_british_and_hyphenated_with_british_patterns(built):
    for (_, edition), result in built.items():
        first = edition.split(".")[1].split("-")[0]
        assert PdfReader(result.path).trailer["/Root"]["/Lang"] == LANGUAGE_TAGS[first]
    assert LANGUAGE_TAGS["en"] == "en-GB"
    assert pyphen.language_fallback("en-GB") == "en_GB" and "en_GB" in pyphen.LANGUAGES


def test_every_english_passage_is_tagged_en_gb():
    html = edition_html("kemitraan", Edition(DOCUMENT_KINDS["profile"], "id-en"))
    tags = Counter(re.findall(r'\blang="([^"]+)"', html))
    assert set(tags) == {"id", "en-GB"} and tags["en-GB"] > 10, tags


BRITISH = r"\b(organis\w*|programmes?|colours?|centres?|neighbour\w*|behaviour\w*|favour\w*)\b"
AMERICAN = r"\b(organiz\w*|programs?|colors?|centers?|neighbor\w*|behavior\w*|favor\w*)\b"


@pytest.mark.parametrize("folder", list(CONTENT_FOLDERS))
def test_the_english_tag_matches_the_contents_spelling(folder):
    """en-GB (LANGUAGE_TAGS) because the content's English is spelt the British way: if a
    content folder is written in American English, the tag (and dictionary) should follow."""
    data = yaml.safe_load((CONTENT_FOLDERS[folder] / "organisation.yml").read_text("utf-8"))
    english = " ".join(english_texts(data))
    assert not re.findall(AMERICAN, english, re.IGNORECASE)
    if folder != "minimal":
        assert re.findall(BRITISH, english, re.IGNORECASE)


def english_texts(data) -> Iterator[str]:
    """Every English text of a content file: the `en` of each {id: ..., en: ...}."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "en" and isinstance(value, str):
                yield value
            else:
                yield from english_texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from english_texts(item)


# The smallest type anything prints in: captions, labels, the QR code's, a footnote's call.
FLOOR_PT = 7.0


def sizes_below(pdf: Path, floor: float) -> Counter:
    """How many characters of each page print smaller than `floor` points, as pdfium reads
    them: each character's font size times the scale its text matrix draws it at (a chart's
    labels are set in the SVG's own units, then scaled)."""
    found: Counter = Counter()
    for number, page in enumerate(pypdfium2.PdfDocument(pdf), start=1):
        text = page.get_textpage()
        for index in range(text.count_chars()):
            if not chr(pdfium.FPDFText_GetUnicode(text, index)).strip():
                continue
            matrix = pdfium.FS_MATRIX()
            pdfium.FPDFText_GetMatrix(text, index, ctypes.byref(matrix))
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            size = pdfium.FPDFText_GetFontSize(text, index) * scale
            if size < floor - 0.05:  # rounding
                found[number, round(size, 1)] += 1
    return found


def test_no_text_is_printed_below_seven_points(built):
    """In every edition: the profile's footnote call was 3.4 pt (0.45em of a label), the QR
    code's caption 6.5 pt, a bilingual brochure's English dates 6.8 pt."""
    found = {
        key: small for key, result in built.items() if (small := sizes_below(result.path, FLOOR_PT))
    }
    assert found == {}


def test_type_below_the_floor_is_found(tmp_path):
    """The check's own check: a 6.5 pt line, and a 7 pt one that passes."""
    pdf = tmp_path / "small.pdf"
    html = "<p style='font: 6.5pt sans-serif'>kecil</p><p style='font: 7pt sans-serif'>cukup</p>"
    weasyprint.HTML(string=html).write_pdf(pdf)
    assert sizes_below(pdf, FLOOR_PT) == Counter({(1, 6.5): 5})
