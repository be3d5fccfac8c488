"""The layout verifier, rule by rule: a small page made to break each rule fails with the exact
message (page, what, how far), nothing is written, and the same page made right passes."""

from __future__ import annotations

import re

import pytest

from brosur.errors import FitError, PreflightError
from brosur.paths import PROJECT_ROOT
from brosur.pdf.options import PdfOptions
from brosur.pdf.writer import write_pdf
from brosur.printing import PrintedText, comparable
from tests.support.cli import run_build
from tests.support.content import EXAMPLE_CONTENT, edit, overfill
from tests.support.pdftext import (
    characters_off_the_live_area,
    characters_overlapping_across_lines,
    printed_pages,
)

PAGE = (
    "<style>@page { size: 100mm 100mm; margin: 10mm } body { margin: 0; font: 10pt serif }</style>"
)
SQUARE = (
    '<svg class="logo" width="20mm" height="20mm" viewBox="0 0 10 10">'
    '<rect width="10" height="10" fill="black"/></svg>'
)


def render(tmp_path, body: str, texts: tuple[PrintedText, ...] = ()):
    """Write `body` on a 100 mm page; return the result, or raise what the verifier found."""
    options = PdfOptions(base=PROJECT_ROOT, roots=(), max_pages=3, texts=texts)
    return write_pdf(PAGE + body, tmp_path / "page.pdf", options)


def failure(tmp_path, body: str, texts: tuple[PrintedText, ...] = ()) -> list[str]:
    with pytest.raises(PreflightError) as raised:
        render(tmp_path, body, texts)
    assert not (tmp_path / "page.pdf").exists()
    return raised.value.messages


def text(field: str, words: str) -> PrintedText:
    return PrintedText(field, "organisation.yml:7", (comparable(words),), words[:40])


def test_text_past_the_live_area_is_named_with_its_field_and_distance(tmp_path):
    body = "<p style='margin-left: -15mm'>Jalan Contoh Nomor Satu</p>"
    messages = failure(tmp_path, body, (text("contact.address", "Jalan Contoh Nomor Satu"),))
    assert messages == [
        "page 1: contact.address (organisation.yml:7) runs 10.0 mm past the live area "
        "(5 mm inside the paper's left edge): shorten it"
    ]


def test_text_inside_the_live_area_passes(tmp_path):
    assert render(tmp_path, "<p>Jalan Contoh Nomor Satu</p>").pages == 1


def test_two_lines_set_on_one_another_fail(tmp_path):
    body = "<p>Telepon kantor</p><p style='position: relative; top: -6.5mm'>Alamat lengkap</p>"
    (message,) = failure(tmp_path, body, (text("contact.phone", "Telepon kantor"),))
    assert re.fullmatch(
        r"page 1: contact\.phone \(organisation\.yml:7\) overlaps the text 'Alamat lengkap' "
        r"\([\d.]+ × [\d.]+ mm\): shorten it",
        message,
    )


def test_text_on_a_picture_fails_unless_the_design_declares_it(tmp_path):
    body = f"{SQUARE}<p style='margin-top: -15mm'>+62 21 555 0123</p>"
    assert failure(tmp_path, body) == [
        "page 1: the text '+62 21 555 0123' overlaps the logo (20.0 × 3.7 mm): shorten it"
    ]
    declared = f"<div data-overlap>{body}</div>"
    assert render(tmp_path, declared).pages == 1


def test_text_a_box_cuts_off_fails(tmp_path):
    body = "<div style='height: 8mm; overflow: hidden; line-height: 5mm'>satu<br>dua<br>tiga</div>"
    second, third = failure(tmp_path, body)
    pattern = r"page 1: the text '{}' is cut off ([\d.]+) mm past its box: shorten it"
    lower = float(re.fullmatch(pattern.format("tiga"), third)[1])
    upper = float(re.fullmatch(pattern.format("dua"), second)[1])
    assert lower - upper == pytest.approx(5, abs=0.1)  # a line lower: the 5 mm line height


def test_a_word_too_long_for_its_column_fails(tmp_path):
    word = "a" * 3000
    messages = failure(tmp_path, f"<p style='width: 40mm'>{word}</p>", (text("vision.id", word),))
    assert messages[0].startswith("page 1: vision.id (organisation.yml:7) runs ") and messages[
        0
    ].endswith(" mm past the live area (5 mm inside the paper's right edge): shorten it")
    assert any(
        message.startswith("page 1: vision.id (organisation.yml:7) has a line ")
        and message.endswith(
            " mm wider than its column: a word too long to break: put a space or a hyphen "
            "in it, or shorten it"
        )
        for message in messages
    )


def test_a_heading_its_content_left_alone_on_a_page_fails(tmp_path):
    """The profile's strategies, as WeasyPrint 70 broke them: a chapter's heading on a fresh
    page, its cards (a flex column too tall for the rest of it) moved whole to the next."""
    body = (
        "<p>Sampul</p><section style='break-before: page'><h2>Strategi utama</h2>"
        "<div style='display: flex; flex-direction: column'>"
        "<div style='height: 75mm'><p>Kartu strategi</p></div></div></section>"
    )
    assert failure(tmp_path, body) == [
        "page 2: the heading 'Strategi utama' ends the page; its content starts on page 3: "
        "shorten the text before it",
        "page 2: the page holds only the heading 'Strategi utama': shorten the text before it",
    ]


def test_a_page_holding_only_its_furniture_fails(tmp_path):
    furniture = "<style>@page { margin: 20mm; @bottom-right { content: counter(page) } }</style>"
    body = (
        furniture + "<p>Satu</p><div style='break-before: page; break-after: page'></div><p>Dua</p>"
    )
    assert failure(tmp_path, body) == [
        "page 2 holds only the page's running head and number: the template breaks the page "
        "where nothing follows"
    ]


def test_a_text_the_pages_do_not_show_is_missing(tmp_path):
    texts = (text("vision.en", "Open villages for everyone"), text("mission.en", "We work to"))
    assert failure(tmp_path, "<p>We work to</p>", texts) == [
        "vision.en (organisation.yml:7) is not in the PDF's text ('Open villages for everyone'): "
        "the template leaves it out; if that is meant, declare it in templates/documents.yml"
    ]


def test_a_text_found_however_it_is_set(tmp_path):
    """Hyphenation, line breaks, capitals and a bilingual pair broken across pages all leave a
    text findable."""
    words = "Keterbukaan informasi publik " * 16
    body = (
        "<div style='display: grid; grid-template-columns: 1fr 1fr'>"
        f"<div lang='id' style='hyphens: auto'>{words}</div><div lang='en'>{words.upper()}</div>"
        "</div>"
    )
    assert render(tmp_path, body, (text("background.id", words),)).pages == 2


def test_a_sparse_inner_page_and_a_widow_word_are_warnings(tmp_path):
    body = (
        "<section><p>Sampul</p></section><section style='break-before: page'><p>Satu baris</p>"
        "<p style='width: 30mm'>Kalimat yang cukup panjang untuk dua baris ini</p>"
        "<p style='break-before: page'>Penutup</p></section>"
    )
    assert render(tmp_path, body).warnings == [
        "warning: layout: page 2 is only 33% used",
        "warning: layout: a short word alone on a paragraph's last line (page 2 'ini'): "
        "rewording the paragraph slightly pulls it up",
    ]


def test_a_chapter_ending_early_is_not_sparse(tmp_path):
    body = (
        "<section><p>Sampul</p></section><section style='break-before: page'><p>Satu</p></section>"
        "<section style='break-before: page'><p>Penutup</p></section>"
    )
    assert render(tmp_path, body).warnings == []


def test_a_fit_error_names_every_problem_at_once(tmp_path):
    body = (
        "<p style='margin-left: -15mm'>kiri</p>"
        "<p style='margin-right: -15mm; text-align: right'>kanan</p>"
    )
    with pytest.raises(FitError) as raised:
        render(tmp_path, body)
    assert len(raised.value.messages) == 2


# Whole builds: the verifier's message reaches the user, with the field's file and line ------


@pytest.mark.slow
def test_a_long_address_phones_and_email_stay_inside_the_contact_band(content_copy, tmp_path):
    """The fact sheet's back as a new user filled it: a 300-character address, three phone
    numbers and a long e-mail address beside the QR code ran off the paper while the build
    said ok (then failed by field, once the verifier read the page back). The band is a grid
    now: everything wraps inside it, as an independent reader finds."""
    folder = content_copy(EXAMPLE_CONTENT)
    address = "Jalan " + " ".join(["Panjang"] * 36) + " Nomor 12, Kota Contoh 00000, Indonesia"
    edit(
        folder / "organisation.yml",
        "  phone: +62 21 0000 0000\n  address: Jalan Contoh No. 1, Kota Contoh 00000, Indonesia\n",
        f"  phone: +62 21 555 0123 · +62 812 5550 4567 · +62 813 5550 8910\n  address: {address}\n",
    )
    edit(
        folder / "organisation.yml",
        "  email: halo@contoh.example.org\n",
        "  email: sekretariat.program.keterbukaan.anggaran.desa@perkumpulan-contoh.example.org\n",
    )
    result = run_build(
        "factsheet", "--lang", "en", "--content", str(folder), "--output", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    pages = printed_pages(tmp_path / "factsheet.en.pdf")
    assert characters_off_the_live_area(pages) == []
    assert characters_overlapping_across_lines(pages) == []
    assert "Panjang Nomor 12, Kota Contoh" in " ".join(
        " ".join(page.text for page in pages).split()
    )


@pytest.mark.slow
def test_check_lists_the_fields_to_shorten_of_a_pdf_too_long_in_every_form(content_copy):
    folder = content_copy(EXAMPLE_CONTENT)
    overfill(folder)
    checked = run_build(
        "check", "factsheet", "--lang", "en", "--variant", "screen", "--content", str(folder)
    )
    assert checked.returncode == 1
    assert re.search(
        r"^  screen   factsheet\.en +FAILED  the text runs to \d pages", checked.stdout, re.M
    )
    assert re.search(
        r"^ +to shorten: mission\.en \(\S*organisation\.yml:\d+\), summary\.en \(",
        checked.stdout,
        re.M,
    ), checked.stdout
