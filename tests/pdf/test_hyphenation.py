"""A ladder of hyphens found in a real layout and set again (pdf/hyphenation.py): the block
that has it is named by its place in the HTML, which is set again without automatic
hyphens; the layout verifier's own readers check the printed editions
(tests/pdf/test_type_details.py)."""

import weasyprint

from brosur.pdf.hyphenation import MARK, hyphen_flaws, with_fewer_hyphens

WORDS = "pertanggungjawaban penyelenggaraan pemberdayaan kesejahteraan " * 6
PAGE = """<html lang="id"><style>
  p, li {{ width: 22mm; font: 9pt sans-serif; hyphens: auto; }}
  [data-hyphens="fewer"] {{ hyphens: manual; }}
</style><p>Pendek.</p><p>{words}</p><ul><li>{words}</li></ul></html>"""


def test_a_paragraph_with_three_hyphens_in_a_row_is_named_and_set_again_without():
    html = PAGE.format(words=WORDS)
    marks = hyphen_flaws(weasyprint.HTML(string=html).render())
    assert marks == (("p", 1), ("li", 0))  # the second paragraph, the first list item
    again = with_fewer_hyphens(html, marks)
    assert again.count(f" {MARK}>") == 2
    assert f"<p {MARK}>{WORDS}" in again and f"<li {MARK}>{WORDS}" in again
    assert hyphen_flaws(weasyprint.HTML(string=again).render()) == ()


def test_a_page_without_a_ladder_is_left_as_it_is():
    html = PAGE.format(words="Kalimat pendek saja.")
    assert hyphen_flaws(weasyprint.HTML(string=html).render()) == ()
    assert with_fewer_hyphens(html, ()) == html


def test_a_word_s_tail_alone_on_the_last_line_is_set_again_without_hyphens():
    """ "pertanggungja-" then "waban" by itself: the paragraph is set again, the word whole."""
    html = (
        '<html lang="id"><style>p { width: 24mm; font: 9pt sans-serif; hyphens: auto; }'
        ' [data-hyphens="fewer"] { hyphens: manual; }</style>'
        "<p>Kami bekerja bersama pemerintah untuk pertanggungjawaban</p></html>"
    )
    marks = hyphen_flaws(weasyprint.HTML(string=html).render())
    assert marks == (("p", 0),)
    assert hyphen_flaws(weasyprint.HTML(string=with_fewer_hyphens(html, marks)).render()) == ()
