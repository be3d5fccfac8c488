"""A recipient's box alone on its page (render/boxpage.py): HTML strings only."""

import datetime as dt
import re

import pytest

from brosur.content.load import load_content
from brosur.content.recipients import Recipient
from brosur.documents import DOCUMENT_KINDS
from brosur.paths import TEMPLATES
from brosur.render.boxpage import ANCESTOR, BOX, box_page, placed
from brosur.render.html import BLANK_RECIPIENT, PERSONAL, Edition, Renderer
from tests.support.content import MINIMAL_CONTENT

RECIPIENT = Recipient(2, "Yayasan <Contoh>", "en", dt.date(2026, 12, 3), "Bogor")


@pytest.mark.parametrize("document", ["factsheet", "profile", "brochure"])
def test_a_box_page_keeps_the_head_the_box_and_its_ancestors_only(document):
    edition = Edition(DOCUMENT_KINDS[document], "en")
    renderer = Renderer(TEMPLATES)
    content = load_content(MINIMAL_CONTENT)
    html = renderer.render(content, edition, recipient=RECIPIENT, part=PERSONAL)
    page = box_page(html)
    assert "<title>Ringkas — " in page.html and "Prepared for: Yayasan &lt;Contoh&gt;" in page.html
    assert page.html.count(BOX) == 1 and "<style>" not in page.html
    # Only the box's ancestors (with their classes: its type and colours), then the box.
    body = page.html.split("</head>")[1]
    opened = re.findall(r"<[a-z][^>]*>", body.split("<aside")[0])
    assert opened[0].startswith("<body") and all(ANCESTOR in tag for tag in opened)
    assert "<h1" not in body and "Few words" not in body  # the tagline
    kinds = [kind for kind, _ in page.sheets]
    assert kinds[:3] == ["style", "link", "link"]
    assert page.sheets[2] == ("link", f"styles/{edition.document.stylesheet}")


def test_the_blank_box_keeps_its_place_with_a_mark_and_a_hidden_letter():
    edition = Edition(DOCUMENT_KINDS["factsheet"], "en")
    html = Renderer(TEMPLATES).render(
        load_content(MINIMAL_CONTENT), edition, recipient=BLANK_RECIPIENT
    )
    (box,) = [line for line in html.splitlines() if BOX in line]
    assert 'style="background: rgb(1, 2, 3); border: 0"' in box  # pdf/overlay.py's MARK
    assert '<span style="visibility: hidden">' in box and "recipient-name" not in box


def test_the_placed_sheet_puts_the_box_at_its_place_and_paints_nothing_else():
    sheet = placed(438.42519685, -3.77952756)
    assert "left: 438.425197px !important; top: -3.779528px !important;" in sheet
    assert "@bottom-right { content: none !important; }" in sheet
    assert "marks: none !important" in sheet
