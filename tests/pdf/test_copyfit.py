"""Copyfitting (fitting.py): a document that does not fit tries a designer's moves in
order, names the one it took, and fails only when none fits, saying what to cut; `check`
shows how full each part is. Proved on the content-rich fictional organisation, read back
by pdfium, not by the code that laid it out."""

from __future__ import annotations

import os
import re

import pytest

from brosur.commands.cli import main
from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from brosur.paths import PROJECT_ROOT
from tests.pdf.test_visual import compare_pages
from tests.support.content import EXAMPLE_CONTENT, MINIMAL_CONTENT, edit
from tests.support.pdftext import (
    characters_off_the_live_area,
    characters_overlapping_across_lines,
    printed_pages,
)

RAMAI = PROJECT_ROOT / "tests" / "fixtures" / "ramai"


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_content_rich_organisation_builds_every_fixed_size_document_and_edition(tmp_path, paper):
    """Every fixed-size document and edition of the content-rich organisation builds, with
    no layout finding, and says which copyfitting move it took; what it prints an independent
    reader finds on the page, none of it off the live area or overlapping. (Its profiles:
    tests/pdf/test_profile_pages.py. How its pages and panels are used, the economy
    warnings: tests/pdf/test_brochure_composition.py, where the editions known to leave a
    panel too blank are marked, and the fact sheet's in tests/pdf/test_writer.py.)"""
    documents = ("factsheet", "brochure")
    results = build(Request(RAMAI, tmp_path, documents, paper=paper, jobs=os.cpu_count() or 1))
    assert len(results) == 6
    for result in results:
        name = result.edition.name
        assert isinstance(result, Built), (name, getattr(result, "message", ""))
        findings = [warning for warning in result.warnings if "yet the PDF is" not in warning]
        assert findings == [], (name, result.warnings)
        if result.edition.document.name == "factsheet":
            assert result.warnings == [], (name, result.warnings)
        # Too long for its design, each says how it fit.
        assert re.fullmatch(r".+ smaller.* to fit", result.fitted), (name, result.fitted)
        pages = printed_pages(result.path)
        assert characters_off_the_live_area(pages) == [], name
        if paper == "a4":
            assert compare_pages(result.path, f"{name}.ramai"), name
        assert characters_overlapping_across_lines(pages) == [], name


@pytest.mark.slow
def test_a_text_a_little_too_long_takes_the_first_move_that_fits(content_copy, tmp_path, capsys):
    """The example's fact sheet with a mission about twice as long: it runs on from the front
    to the back, one type step smaller, with nothing left out."""
    folder = content_copy(EXAMPLE_CONTENT)
    added = " The mission goes on with a few more words about what the association does." * 9
    edit(folder / "organisation.yml", "    We work to:\n", f"    We work to:{added}\n")
    # The archive variant: its attachments are written once, with the form chosen.
    arguments = ["factsheet", "--lang", "en", "--variant", "archive", "--content", str(folder)]
    assert main([*arguments, "--output", str(tmp_path)]) == 0
    move = "factsheet.en.pdf: type one step smaller"
    assert f"{move} to fit" in (capsys.readouterr().err)
    text = " ".join(
        " ".join(
            page.text for page in printed_pages(tmp_path / "archive" / "factsheet.en.pdf")
        ).split()
    )
    assert "a few more words about what the" in text
    assert "The association was formed" in text  # the background is still there


@pytest.mark.slow
def test_too_long_even_copyfitted_fails_saying_how_many_words_to_cut_in_each_language(
    content_copy, tmp_path, capsys
):
    """The content-rich organisation's mission, longer still, does not fit its bilingual fact
    sheet in any form: the failure says how much too long it is, in words per language."""
    folder = content_copy(RAMAI)
    for start, sentence in (
        ("mission:\n  id: |-\n", "    Kalimat misi yang panjang.\n"),
        ("  en: |-\n    We exist so that", "    A long mission.\n"),
    ):
        head, _, rest = start.partition("|-\n")
        edit(folder / "organisation.yml", start, f"{head}|-\n{sentence * 30}{rest}")
    arguments = ["factsheet", "--lang", "id-en", "--content", str(folder), "--output"]
    assert main([*arguments, str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert re.search(
        r"it is about \d+ % too long even .+ \(the profile has them\): cut about \d+ words of "
        r"Indonesian and about \d+ words of English, first from the longest: "
        r"mission\.(id|en) \(\S*organisation\.yml:\d+\)",
        error,
    ), error
    assert not (tmp_path / "factsheet.id-en.pdf").exists()


def test_check_names_the_composition_and_how_blank_each_page_and_panel_is(tmp_path, capsys):
    arguments = ["check", "brochure", "factsheet", "--lang", "id-en", "--content"]
    assert main([*arguments, str(MINIMAL_CONTENT), "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    blank = r"\d+% blank at the foot(, an empty run of \d+% inside)?"
    assert re.search(
        r"brochure\.id-en .*\n +composition: [^;\n]+; type as designed\n"
        rf" +pages: outside flap {blank}; outside back {blank}; front cover {blank}; "
        rf"inside 1 {blank}",
        out,
    ), out
    # The minimal content's fact sheet is one side: its one page measured.
    assert re.search(
        r"factsheet\.id-en .*\n +composition: [^;\n]+; type as designed\n"
        rf" +pages: page 1 {blank}\n",
        out,
    ), out


MORE_FACTS = """  - label: {id: Wilayah kerja, en: Where we work}
    text:
      id: Tiga kabupaten di Jawa Tengah dan dua kabupaten di Nusa Tenggara Timur
      en: Three districts in Central Java and two districts in East Nusa Tenggara
  - label: {id: Anggota, en: Members}
    text:
      id: Dua belas lembaga desa dan empat perguruan tinggi mitra
      en: Twelve village institutions and four partner universities
  - label: {id: Kantor, en: Offices}
    text: {id: Yogyakarta dan Kupang, en: Yogyakarta and Kupang}
  - label: {id: Akreditasi, en: Accreditation}
    text:
      id: Terdaftar di Kementerian Hukum dan Hak Asasi Manusia sejak awal berdiri
      en: Registered with the Ministry of Law and Human Rights since its founding
"""


@pytest.mark.slow
def test_facts_too_many_for_the_sidebar_are_set_in_a_strip_across_the_front(
    content_copy, tmp_path, capsys
):
    """Six facts and four key figures in the sidebar beside the text run past the front,
    over the back: the fact sheet is composed with the facts in a strip instead, and every
    fact is printed."""
    folder = content_copy(EXAMPLE_CONTENT)
    last_fact = "    date: 2017\n"
    edit(folder / "organisation.yml", last_fact, last_fact + MORE_FACTS)
    arguments = ["check", "factsheet", "--lang", "en", "--content", str(folder)]
    assert main([*arguments, "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"composition: the text run on, the facts in a strip across the front", out)
    assert "beyond the bounds" not in out, out
