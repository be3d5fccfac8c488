"""The bilingual edition prints each language its own way: numbers, percentages and dates as
each language writes them (once when both read alike), titles with typographic quotes, and
notes that end in one full stop (issue 14, item 4)."""

import re

import pytest

from brosur.content.load import load_content
from brosur.content.schema import Source
from brosur.content.text import Text, typographic
from brosur.documents import DOCUMENT_KINDS
from brosur.i18n import PartialDate, format_money
from brosur.paths import TEMPLATES
from brosur.render.html import Edition, Renderer, Words
from brosur.render.numbers import amount, format_amount
from tests.support.content import KEY_FIGURES, MINIMAL_CONTENT, edit

FACTSHEET = DOCUMENT_KINDS["factsheet"]
PERCENT = Text(id="%", en="%")
PEOPLE = Text(id="orang", en="people")


@pytest.mark.parametrize(
    ("number", "unit", "indonesian", "english"),
    [
        (12450, None, "12.450", "12,450"),
        (2000, None, "2.000", "2,000"),
        (62, None, "62", "62"),
        (1234.5, PEOPLE, "1.234,5 orang", "1,234.5 people"),
        (62, PERCENT, "62%", "62%"),
        (62.5, PERCENT, "62,5%", "62.5%"),
        (33.3, PERCENT, "33,3%", "33.3%"),  # not 33,29…: the number as written
        (62, Text(id=" % ", en="%"), "62%", "62%"),
        (62, Text(id="persen", en="%"), "62 persen", "62%"),
    ],
)
def test_a_number_is_written_as_each_language_writes_it(number, unit, indonesian, english):
    assert format_amount(number, unit, "id") == indonesian
    assert format_amount(number, unit, "en") == english


NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("value", "currency", "indonesian", "english"),
    [
        # From a million up, as people say it (Babel's long compact format).
        (18_700_000_000, "IDR", f"Rp{NBSP}18,7 miliar", f"IDR{NBSP}18.7 billion"),
        (1_500_000_000_000, "IDR", f"Rp{NBSP}1,5 triliun", f"IDR{NBSP}1.5 trillion"),
        (3_200_000, "EUR", "€3,2 juta", "€3.2 million"),
        # Below, in full; a whole amount without cents, a letter symbol spaced (CLDR).
        (750_000, "IDR", f"Rp{NBSP}750.000", f"IDR{NBSP}750,000"),
        (45_000, "USD", "US$45.000", "US$45,000"),
        (45_000.5, "USD", "US$45.000,50", "US$45,000.50"),
    ],
)
def test_money_is_written_as_each_language_writes_it(value, currency, indonesian, english):
    assert format_money(value, currency, "id") == indonesian
    assert format_money(value, currency, "en") == english


def passages_of(value, languages=("id", "en")) -> list[tuple[str, str]]:
    return [(p.lang, p.text) for p in Words(languages, {}).passages(value)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (amount(12450, None), [("id", "12.450"), ("en", "12,450")]),
        (amount(62, None), [("id", "62")]),
        (amount(62, PERCENT), [("id", "62%")]),
        (amount(62.5, PERCENT), [("id", "62,5%"), ("en", "62.5%")]),
        (PartialDate(2000), [("id", "2000")]),
        (PartialDate(2026, 4), [("id", "April 2026")]),
        (PartialDate(2000, 3), [("id", "Maret 2000"), ("en", "March 2000")]),
        (PartialDate(2009, 4, 21), [("id", "21 April 2009")]),  # British English: alike
        (PartialDate(2009, 3, 21), [("id", "21 Maret 2009"), ("en", "21 March 2009")]),
    ],
)
def test_the_bilingual_edition_gives_each_form_once(value, expected):
    assert passages_of(value) == expected


def test_a_one_language_edition_gives_its_own_form():
    assert passages_of(amount(12450, None), ("en",)) == [("en", "12,450")]
    assert passages_of(PartialDate(2000, 3), ("en",)) == [("en", "March 2000")]


# The fact sheet, rendered --------------------------------------------------------------------


def minimal_with(content_copy, fields: str, strategy: str = "{id: Satu, en: One}"):
    folder = content_copy(MINIMAL_CONTENT)
    organisation = folder / "organisation.yml"
    if fields:
        edit(organisation, "contact: {}", f"{fields}contact: {{}}")
    edit(organisation, "  - title: {id: Satu, en: One}", f"  - title: {strategy}")
    return folder


FACTS = KEY_FIGURES + "facts:\n  - {label: {id: Berdiri, en: Since}, date: 2000}\n"


def fact_values(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", value) for value in re.findall(r"<dd>(.*?)</dd>", html, re.S)]


def render(folder, language: str) -> str:
    return Renderer(TEMPLATES).render(load_content(folder), Edition(FACTSHEET, language))


def test_facts_print_each_language_its_way_once_when_alike(content_copy):
    folder = minimal_with(content_copy, FACTS)
    assert fact_values(render(folder, "id-en")) == [
        "21 April 2009",
        "12.450 / 12,450",
        "62%",
        "62,5% / 62.5%",
        "Rp\xa018,7 miliar / IDR\xa018.7 billion",
        "2000",
    ]
    assert fact_values(render(folder, "en"))[1:5] == [
        "12,450",
        "62%",
        "62.5%",
        "IDR\xa018.7 billion",
    ]
    assert fact_values(render(folder, "id"))[1:5] == ["12.450", "62%", "62,5%", "Rp\xa018,7 miliar"]


def test_each_form_is_marked_with_its_language(content_copy):
    html = render(minimal_with(content_copy, FACTS), "id-en")
    assert re.search(
        '<dd><span lang="id">12.450</span><span class="separator"> / </span>'
        '<span lang="en(-GB)?" class="second">12,450</span></dd>',
        html,
    )
    assert '<dd><span lang="id">62%</span></dd>' in html


# Typographic quotes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("citizens' capacity", "citizens’ capacity"),
        ("Women's Day", "Women’s Day"),
        ('The "open" budget', "The “open” budget"),
        ("No quotes at all  ", "No quotes at all  "),
        ("*not* [Markdown](x) \\ & <b>", "*not* [Markdown](x) \\ & <b>"),
    ],
)
def test_a_plain_text_gets_the_quotes_markdown_gives_a_long_one(text, printed):
    assert typographic(text) == printed


def test_titles_names_and_labels_are_printed_with_typographic_quotes(content_copy):
    folder = minimal_with(
        content_copy,
        "facts:\n"
        "  - {label: {id: Peserta, en: Citizens' groups}, text: {id: Dua belas, en: Twelve}}\n",
        strategy="{id: Kapasitas warga, en: Building citizens' capacity}",
    )
    edit(folder / "organisation.yml", "en: Few words}", "en: 'The \"open\" foundation'}")
    html = render(folder, "id-en")
    assert "Building citizens’ capacity" in html
    assert "Citizens’ groups" in html
    assert "The “open” foundation" in html
    assert "&#39;" not in html and "citizens'" not in html


HOSTILE_TITLE = """{id: Satu, en: '<b>Don''t</b> & "co"'}"""


def test_typographic_text_stays_escaped(content_copy):
    folder = minimal_with(content_copy, "", strategy=HOSTILE_TITLE)
    html = render(folder, "en")
    assert "&lt;b&gt;Don’t&lt;/b&gt;</span> &amp; “co”" in html  # (a long run may break)
    assert "<b>Don" not in html


# One full stop at the end of a note ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stop"),
    [
        (Text(id="angka 2025", en="figures for 2025"), "."),
        (Text(id="angka 2025", en="figures for 2025."), ""),
        (Text(id="angka 2025.", en="figures for 2025"), "."),  # the English is printed last
        (Text(id="lihat…", en="see…"), ""),
        (Text(id="mengapa?", en="why?"), ""),
        (Text(id="ya!", en="yes!"), ""),
        (Text(id="“Ya.”", en="'Yes.'"), ""),
        ("example.org", "."),
        (")", "."),
    ],
)
def test_a_note_gets_a_full_stop_unless_it_ends_a_sentence(value, stop):
    assert Words(("id", "en"), {}).full_stop(value) == stop


FOOTNOTE = (
    '{% from "partials/macros.html" import source_footnote with context %}'
    "{{ source_footnote(source) }}"
)


def footnote(source: dict, languages=("id", "en")) -> str:
    """The profile's footnote for `source`, as printed (without its markup)."""
    renderer = Renderer(TEMPLATES)
    words = Words(languages, renderer.labels)
    html = renderer.environment.from_string(FOOTNOTE).render(
        source=Source.model_validate(source),
        labels=renderer.labels,
        passages=words.passages,
        plain=words.plain,
        full_stop=words.full_stop,
    )
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize(
    ("source", "printed"),
    [
        (
            {"label": {"id": "Laporan", "en": "Report"}, "note": {"id": "angka.", "en": "data."}},
            "Sumber / Source: Laporan / Report, angka. / data.",
        ),
        (
            {"label": {"id": "Laporan", "en": "Report"}, "note": {"id": "angka", "en": "data"}},
            "Sumber / Source: Laporan / Report, angka / data.",
        ),
        ({"label": "Survei 2024 dst."}, "Sumber / Source: Survei 2024 dst."),
        ({"label": "Survei", "url": "example.org/a"}, "Sumber / Source: Survei (example.org/a)."),
    ],
)
def test_a_footnote_ends_in_one_full_stop(source, printed):
    assert footnote(source) == printed
