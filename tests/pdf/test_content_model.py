"""The content model's fields, printed: read back from the finished PDFs of the fictional
example (examples/contoh uses every field) by pdfium, in every document and edition."""

from __future__ import annotations

import subprocess

import pytest

from tests.support.pdftext import header_text, page_texts

NBSP = "\N{NO-BREAK SPACE}"
# The example's key figures as each language writes them (Babel), in their order.
FIGURES = {
    "id": ["48 desa", f"Rp{NBSP}3,2 miliar", "58,5%", "1.234", "US$45.000"],
    "en": ["48 villages", f"IDR{NBSP}3.2 billion", "58.5%", "1,234", "US$45,000"],
}
ROOM = {"profile": 5, "factsheet": 4, "brochure": 3}  # templates/documents.yml
ONLY_INDONESIAN = "tersedia di kantor desa, dalam bahasa Indonesia"


def text_of(built, edition: str) -> str:
    """All pages' text, spaces as printed (a no-break space stays one)."""
    return " ".join(page_texts(built["contoh", edition].path))


EDITIONS = [
    "profile.id",
    "profile.en",
    "profile.id-en",
    "factsheet.id",
    "factsheet.en",
    "brochure.id",
    "brochure.en",
    "brochure.id-en",
]


def test_every_example_edition_is_checked(built):
    assert sorted(edition for folder, edition in built if folder == "contoh") == sorted(EDITIONS)


@pytest.mark.parametrize("edition", EDITIONS)
def test_key_figures_print_as_each_language_writes_them_as_many_as_fit(built, edition):
    document, languages = edition.split(".")
    text = text_of(built, edition)  # pdfium's no-break spaces read as spaces
    room = ROOM[document]
    for language in languages.split("-"):
        printed = [figure.replace(NBSP, " ") for figure in FIGURES[language]]
        assert all(figure in text for figure in printed[:room]), (language, text)
        assert not any(figure in text for figure in printed[room:])


def test_the_founding_date_heads_the_facts_and_signs_the_back_cover(built):
    profile = page_texts(built["contoh", "profile.id-en"].path)
    assert "Didirikan Februari 2015" in profile[-1] and "Founded February 2015" in profile[-1]
    sheet = text_of(built, "factsheet.en")
    assert sheet.index("FOUNDED") < sheet.index("PARTNER VILLAGES")


def test_names_per_language_and_the_short_name_in_the_running_head(built):
    english = built["contoh", "profile.en"].path
    assert "The Example Association" in page_texts(english)[0]
    assert "Contoh" in header_text(english, 3) and "Association" not in header_text(english, 3)
    both = page_texts(built["contoh", "profile.id-en"].path)[0]
    assert "Perkumpulan Contoh" in both and "The Example Association" in both


def test_partners_print_by_name_with_their_web_address(built):
    text = text_of(built, "profile.en")
    assert "Pemerintah Desa Contoh Satu" in text  # a partner written as its name alone
    assert "Example Community Radio Network" in text and "radio.contoh.example.org" in text
    assert "univ.contoh.example.org" in text


def test_a_text_in_one_language_only_prints_in_its_editions_only(built):
    assert ONLY_INDONESIAN in text_of(built, "profile.id")
    assert ONLY_INDONESIAN in text_of(built, "profile.id-en")
    assert ONLY_INDONESIAN not in text_of(built, "profile.en")
    assert ONLY_INDONESIAN not in text_of(built, "brochure.en")


def test_poppler_reads_the_money_as_written(built):
    # Another reader than pdfium: what a search or a screen reader gets from the page.
    text = subprocess.run(
        ["pdftotext", "-layout", str(built["contoh", "profile.id-en"].path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Rp 3,2 miliar" in text.replace(NBSP, " ")
    assert "IDR 3.2 billion" in text.replace(NBSP, " ")
