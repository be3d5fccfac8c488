"""A real bilingual fact sheet, built by brosur and read back by pdfium: each language's
numbers, percentages and dates as that language writes them, and typographic apostrophes in
titles (issue 14, item 4)."""

import re

from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from tests.support.content import KEY_FIGURES, MINIMAL_CONTENT, edit
from tests.support.pdftext import page_texts

FACTS = KEY_FIGURES + "contact: {}"


def test_the_bilingual_fact_sheet_prints_each_language_its_own_way(content_copy, tmp_path):
    folder = content_copy(MINIMAL_CONTENT)
    organisation = folder / "organisation.yml"
    edit(organisation, "contact: {}", FACTS)
    edit(organisation, "{id: Satu, en: One}", "{id: Kapasitas warga, en: Citizens' capacity}")
    (result,) = build(Request(folder, tmp_path / "output", ("factsheet",), "id-en"))
    assert isinstance(result, Built), result
    text = " ".join(page_texts(result.path))
    # In the facts strip the second language stands under the first, without the " / ".
    assert re.search(r"12\.450 (/ )?12,450", text), text
    assert re.search(r"62,5% (/ )?62\.5%", text), text
    assert text.count("21 April 2009") == 1, text  # the same in British English: once
    assert re.search(r"PEREMPUAN / WOMEN 62% HADIR", text, re.IGNORECASE), text  # once
    assert re.search(r"Rp 18,7 miliar (/ )?IDR 18\.7 billion", text), text
    assert "62 %" not in text
    assert "Citizens’ capacity" in text and "Citizens' capacity" not in text
