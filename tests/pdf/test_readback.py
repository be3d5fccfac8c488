"""Finished PDFs read back by an independent reader (pdfium's text page, not WeasyPrint and not
brosur's code): every printed character with its box, checked against two rules.

1. No character stands within 5 mm of the trim (or beyond it): there a print shop guarantees
   nothing is cut, and a reader sees it.
2. No two lines are printed over each other: characters of one line may touch and kern, but
   those of different lines (see tests/support/pdftext.py for how a line is told) must not
   overlap by more than 0.3 mm both across and down.

Every edition of every content folder is checked in the screen variant on its own paper (fast,
from the shared `built` PDFs), and, as a slow test, in every variant (READBACK_VARIANTS) on
every paper of READBACK_PAPERS (the `every_variant` PDFs)."""

import re
from pathlib import Path

import pytest
import weasyprint

from brosur.jobs.results import Failed
from tests.conftest import READBACK_PAPERS, READBACK_VARIANTS
from tests.support.content import CONTENT_FOLDERS
from tests.support.pdftext import (
    MM_PER_PT,
    characters_off_the_live_area,
    characters_overlapping_across_lines,
    printed_pages,
)


def readback_problems(pdf: Path) -> list[str]:
    pages = printed_pages(pdf)
    return characters_off_the_live_area(pages) + characters_overlapping_across_lines(pages)


def test_no_edition_prints_a_character_near_the_trim_or_over_another_line(built):
    """The screen variant of every edition, on its content folder's own paper."""
    found = {
        f"{folder}/{edition}": problems
        for (folder, edition), result in built.items()
        if (problems := readback_problems(result.path))
    }
    assert found == {}


@pytest.mark.slow
@pytest.mark.parametrize("paper", READBACK_PAPERS)
@pytest.mark.parametrize("variant", READBACK_VARIANTS)
@pytest.mark.parametrize("folder", list(CONTENT_FOLDERS))
def test_no_variant_on_any_paper_prints_a_character_near_the_trim_or_over_another_line(
    every_variant, folder, variant, paper
):
    """Every edition of one content folder in one variant on one paper; the print variant's
    bleed is outside the trim box, which the live area is measured from."""
    results = {
        edition: result
        for (name, edition, kind, size), result in every_variant.items()
        if (name, kind, size) == (folder, variant, paper)
    }
    assert results, f"no {variant} PDF of {folder} on {paper}"
    found = {
        f"{folder}/{edition} ({variant}, {paper})": problems
        for edition, result in sorted(results.items())
        if (
            problems := [f"not built: {result.message}"]
            if isinstance(result, Failed)
            else readback_problems(result.path)
        )
    }
    assert found == {}


# The helpers' own checks: a tiny page made to break each rule, and one that keeps them.

PAGE = """<style>
  @page {{ size: A4; margin: 20mm; {page} }}
  body {{ margin: 0; font: 10pt/1 sans-serif }}
  p {{ margin: 0 0 4mm }}
</style>
{body}"""


def pages_of(tmp_path: Path, body: str, page: str = ""):
    pdf = tmp_path / "page.pdf"
    weasyprint.HTML(string=PAGE.format(page=page, body=body)).write_pdf(pdf)
    return printed_pages(pdf)


def millimetres(message: str) -> list[float]:
    return [float(number) for number in re.findall(r"(\d+\.\d) (?:× |mm)", message)]


def test_a_page_that_keeps_both_rules_has_no_finding(tmp_path):
    """Kerned pairs, a superscript and a subscript stay in their line; lines set solid
    (line-height 1) do not touch."""
    pages = pages_of(
        tmp_path,
        "<p style='font-size: 40pt'>AVAWAY Tyre T. Ty, f<sup>1</sup> H<sub>2</sub>O</p>"
        "<p>A paragraph long enough to run over several lines of this page, set solid, so that"
        " the descenders of one line come as close to the capitals of the next as they ever"
        " will in a document: quay, jury, gypsy, Jakarta, Bogor, Yogyakarta, Papua.</p>",
    )
    assert characters_off_the_live_area(pages) == []
    assert characters_overlapping_across_lines(pages) == []


def test_characters_near_or_beyond_the_edge_are_found(tmp_path):
    pages = pages_of(
        tmp_path,
        "<p style='position: absolute; top: -17.5mm; left: 0'>Near the top edge</p>"
        "<p style='position: absolute; bottom: -25mm; right: 0'>Footer below the edge</p>"
        "<p>Well inside</p>",
    )
    found = characters_off_the_live_area(pages)
    assert len(found) == 2, found
    top, bottom = found
    assert top.startswith("page 1: ") and "Near t" in top and "at the top" in top
    assert millimetres(top)[0] == pytest.approx(2.5, abs=0.5)  # its top 2.5 mm from the edge
    assert "the ed" in bottom and "at the bottom" in bottom
    assert millimetres(bottom)[0] > 5  # beyond the edge


def test_the_live_area_is_measured_from_the_trim_not_the_bleed(tmp_path):
    """With 3 mm of bleed, a line 4 mm inside the trim is 7 mm inside the media box: found."""
    pages = pages_of(
        tmp_path,
        "<p style='position: absolute; top: -17.5mm; left: 0'>Near the trim</p>"
        "<p style='position: absolute; top: -12mm; left: 0'>Far enough</p>",
        page="bleed: 3mm; marks: crop",
    )
    left, bottom, right, top = pages[0].trim
    assert (round((right - left) * MM_PER_PT), round((top - bottom) * MM_PER_PT)) == (210, 297)
    (found,) = characters_off_the_live_area(pages)
    assert "Near t" in found and "at the top" in found
    assert millimetres(found)[0] == pytest.approx(2.5, abs=0.5)  # as without bleed


@pytest.mark.parametrize(
    ("case", "body"),
    [
        (
            "line-height far too small",
            "<p style='line-height: 0.3'>The first line of a paragraph whose line height is"
            " far too small for its type, so that it runs onto a second line</p>",
        ),
        (
            "a paragraph pulled up over the one before",
            "<p>The paragraph before</p>"
            "<p style='margin-top: -6.5mm; margin-left: 5mm'>The paragraph after</p>",
        ),
        (
            "a paragraph printed on the baseline of the one before",
            "<p>The paragraph before it, long</p>"
            "<p style='margin-top: -7.5mm; margin-left: 1mm'>Another on nearly its baseline</p>",
        ),
    ],
)
def test_lines_printed_over_each_other_are_found(tmp_path, case, body):
    found = characters_overlapping_across_lines(pages_of(tmp_path, body))
    assert len(found) == 1, (case, found)
    (message,) = found
    assert message.startswith("page 1: ") and " in '" in message and "[" in message
    across, down = millimetres(message)
    assert across > 0.3 and down > 0.3
