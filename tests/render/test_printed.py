"""What each edition must print of the content (render/printed.py), for the layout verifier."""

from brosur.content.load import load_content
from brosur.documents import DOCUMENT_KINDS
from brosur.fitting import UNFITTED, Fitting
from brosur.printing import comparable
from brosur.render.html import Edition
from brosur.render.printed import printed_texts
from tests.support.content import EXAMPLE_CONTENT, MINIMAL_CONTENT

EXAMPLE = load_content(EXAMPLE_CONTENT)


def fields(document: str, language: str, fit: Fitting = UNFITTED, content=EXAMPLE) -> list[str]:
    edition = Edition(DOCUMENT_KINDS[document], language)
    return [text.field for text in printed_texts(content, edition, fit)]


def test_every_text_of_the_edition_languages_is_expected_with_its_line():
    edition = Edition(DOCUMENT_KINDS["profile"], "en")
    texts = {text.field: text for text in printed_texts(EXAMPLE, edition)}
    vision = texts["vision.en"]
    line = EXAMPLE.sources["organisation"].locate(("vision", "en"))[0]
    assert vision.where == f"examples/contoh/organisation.yml:{line}"
    assert vision.passages == (comparable(EXAMPLE.organisation.vision.en),)
    assert "vision.id" not in texts
    assert "contact.address" in texts  # plain text, the same in every language


def test_a_long_text_is_expected_paragraph_by_paragraph_and_note_by_note():
    edition = Edition(DOCUMENT_KINDS["profile"], "id")
    (history,) = [
        text for text in printed_texts(EXAMPLE, edition) if text.field == "history.text.id"
    ]
    assert len(history.passages) > 1
    assert all(passage == comparable(passage) for passage in history.passages)


def test_what_a_document_leaves_to_the_profile_is_not_expected():
    assert "programmes[1].title.en" in fields("profile", "en")
    sheet = fields("factsheet", "en")
    assert not any(field.startswith(("programmes", "partners", "history.text")) for field in sheet)
    assert "background.en" in sheet


def test_a_copyfitted_form_gives_up_what_it_trims():
    compact = max(
        DOCUMENT_KINDS["factsheet"].fittings(), key=lambda fit: (len(fit.trimmed), fit.tighten)
    )
    assert "history.timeline.text" in compact.trimmed
    compact = fields("factsheet", "en", Fitting(2, ("background", "history.timeline.text")))
    assert "background.en" not in compact
    assert not any(
        field.startswith("history.timeline") and field.endswith("text.en") for field in compact
    )
    assert "history.timeline[1].title.en" in compact


def test_texts_no_document_prints_are_never_expected():
    every = fields("profile", "id-en")
    assert not any(
        field.startswith("keywords") or field.endswith((".alt.id", ".alt.en")) for field in every
    )
    assert not any(".values[" in field for field in every)
    assert not any(field.endswith((".kind", ".currency")) for field in every if "figures" in field)
    # A source's address is the target of its printed label; a partner's is printed.
    assert not any(field.startswith("sources") and field.endswith(".url") for field in every)
    assert "partners[4].url" in every


def test_a_bilingual_text_that_reads_alike_is_expected_once_without_a_language():
    minimal = load_content(MINIMAL_CONTENT)
    assert fields("factsheet", "id-en", content=minimal).count("name") == 1
    assert "summary.id" in fields("factsheet", "id-en", content=minimal)
