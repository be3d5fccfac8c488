"""Content + templates → HTML: language, escaping, locale formatting, loud template errors."""

import datetime as dt

import jinja2
import pytest

from brosur.content.load import load_content
from brosur.content.markdown import render_markdown
from brosur.documents import DOCUMENT_KINDS
from brosur.i18n import LANGUAGE_TAGS, PartialDate, format_number, format_partial_date
from brosur.paths import TEMPLATES
from brosur.render.html import Edition, Renderer, css_string
from tests.support.content import DEFAULT_CONTENT, EXAMPLE_CONTENT, edit

FACTSHEET = DOCUMENT_KINDS["factsheet"]


def html_of(folder=DEFAULT_CONTENT, language="id", templates=TEMPLATES) -> str:
    return Renderer(templates).render(load_content(folder), Edition(FACTSHEET, language))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["Maret 2000", "Halaman", "Visi", "Sekilas"]),
        ("en", ["March 2000", "Page", "Vision", "At a glance"]),
    ],
)
def test_edition_is_in_its_language_only(language, expected):
    html = html_of(language=language)
    assert f'<html lang="{LANGUAGE_TAGS[language]}" class="compose-design">' in html
    for text in expected:
        assert text in html
    other = {"id": "Founded as a UNDP project", "en": "Didirikan sebagai proyek UNDP"}[language]
    assert other not in html


def test_babel_formats_dates_and_numbers_per_locale():
    assert format_partial_date(dt.date(2026, 11, 28), "id") == "28 November 2026"
    assert format_partial_date(dt.date(2026, 11, 28), "en") == "28 November 2026"
    assert format_partial_date(PartialDate(2000, 3), "id") == "Maret 2000"
    assert format_partial_date(PartialDate(2003), "id") == "2003"
    assert format_number(1234.5, "id") == "1.234,5"
    assert format_number(1234.5, "en") == "1,234.5"


def test_numbers_in_content_are_formatted_for_the_edition():
    assert "Rp\xa03,2 miliar" in html_of(EXAMPLE_CONTENT, "id")
    assert "IDR\xa03.2 billion" in html_of(EXAMPLE_CONTENT, "en")
    assert "58,5%" in html_of(EXAMPLE_CONTENT, "id")


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("**a** _b_ [c](https://example.org)\n\n- one\n- two")
    assert '<strong>a</strong> <em>b</em> <a href="https://example.org">c</a>' in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("# Heading", "<p># Heading</p>"),
    ],
)
def test_raw_html_and_unsafe_links_in_markdown_stay_text(text, shown):
    assert shown in render_markdown(text)


def test_content_cannot_inject_html_or_template_code(content_copy):
    folder = content_copy()
    edit(folder / "organisation.yml", "name: Kemitraan\n", 'name: "<b>{{ 7*7 }}</b>"\n')
    html = html_of(folder)
    assert "&lt;b&gt;{{ 7*7 }}&lt;/b&gt;" in html
    assert "49" not in html


def test_template_typo_fails_loudly(tmp_path):
    for template in TEMPLATES.rglob("*"):
        if template.is_file():
            copy = tmp_path / template.relative_to(TEMPLATES)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(template.read_text())
    factsheet = tmp_path / "factsheet.html"
    factsheet.write_text(factsheet.read_text().replace("org.tagline", "org.tagLine"))
    with pytest.raises(jinja2.UndefinedError, match="tagLine"):
        html_of(templates=tmp_path)


def test_every_label_exists_in_both_languages():
    labels = Renderer(TEMPLATES).labels
    assert labels["page"] == {"id": "Halaman", "en": "Page"}


@pytest.mark.parametrize(
    "text", ['say "hi" \\ now', "K</style><style>h1{x}</style>", "a\nb;}'", "Ōtsuka 大塚 · 12,5%"]
)
def test_css_strings_read_back_as_the_same_text_in_weasyprints_css_parser(text):
    import tinycss2

    (token,) = tinycss2.parse_component_value_list(str(css_string(text)))
    assert (token.type, token.value) == ("string", text)


def test_metadata_is_in_the_html_head():
    html = html_of(language="en")
    assert "<title>Kemitraan — Fact Sheet</title>" in html
    assert '<meta name="description" content="A multi-stakeholder organisation' in html
    assert '<meta name="keywords" content="Kemitraan, Fact Sheet, governance, reform' in html


def test_notes_in_markdown_become_footnote_spans():
    html = render_markdown("Text.^[Source: **a report**, 2025.] More ^[unclosed")
    assert '<span class="footnote">Source: <strong>a report</strong>, 2025.</span>' in html
    assert "More ^[unclosed" in html


@pytest.mark.parametrize(
    ("text", "markdown", "html"),
    [
        # A short last word is bound to the one before it.
        ("Kami bekerja untuk rakyat.", True, "<p>Kami bekerja untuk\u00a0rakyat.</p>\n"),
        # A word long enough to hyphenate is kept whole instead (never both: see html.py).
        (
            "Kami bekerja untuk pemerintahan.",
            True,
            '<p>Kami bekerja untuk <span class="last-word">pemerintahan.</span></p>\n',
        ),
        # A short hyphenated word does not break even at its own hyphen ("hari." alone).
        (
            "melayani hidupnya sehari-hari.",
            True,
            '<p>melayani hidupnya <span class="last-word last-word--whole">sehari-hari.</span>'
            "</p>\n",
        ),
        # Each list item, and the words inside a link before its closing full stop.
        (
            "- satu dua\n- lihat [panduan kami](https://x.org).",
            True,
            '<ul>\n<li>satu\u00a0dua</li>\n<li>lihat <a href="https://x.org">'
            "panduan\u00a0kami</a>.</li>\n</ul>\n",
        ),
        # A sentence given as plain text, once it is longer than a label.
        (
            "Desa yang terbuka, tempat setiap warga ikut memutuskan dana desa.",
            False,
            "Desa yang terbuka, tempat setiap warga ikut memutuskan dana\u00a0desa.",
        ),
        # Names, dates and labels stay as written.
        ("Sejarah singkat kami", False, "Sejarah singkat kami"),
    ],
)
def test_a_paragraph_never_ends_on_a_lone_short_word(text, markdown, html):
    from brosur.render.html import passage_html

    assert str(passage_html(text, markdown, inline=False)) == html
