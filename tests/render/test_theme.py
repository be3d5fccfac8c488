"""One theme file drives every document: colours, fonts and paper come from it alone."""

import shutil

import pypdfium2
import pytest
from pypdf import PdfReader

from brosur.content.load import load_content
from brosur.errors import InputError
from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from brosur.paper import PAPERS
from brosur.render.theme import theme_css
from tests.support.content import DEFAULT_CONTENT, edit
from tests.support.pdffonts import embedded_fonts
from tests.support.pdftext import page_size_mm

SECOND_THEME = DEFAULT_CONTENT.parent / "tests" / "fixtures" / "themes" / "second.yml"


def share_of_colour(pdf, hex_colour: str, page: int = 0) -> float:
    """How much of a page is painted in `hex_colour` (within a small tolerance)."""
    target = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[page].render(scale=0.25).to_pil().convert("RGB")
    finally:
        document.close()
    counts = image.getcolors(image.width * image.height)
    close = sum(
        count
        for count, pixel in counts
        if all(abs(a - b) <= 3 for a, b in zip(pixel, target, strict=True))
    )
    return close / (image.width * image.height)


@pytest.fixture(scope="module")
def second_theme_build(tmp_path_factory) -> dict[str, Built]:
    folder = tmp_path_factory.mktemp("second") / "content"
    shutil.copytree(DEFAULT_CONTENT, folder)
    shutil.copy(SECOND_THEME, folder / "theme.yml")
    output = folder.parent / "output"
    results = build(Request(folder, output, language="id"))
    assert all(isinstance(result, Built) for result in results), results
    return {result.edition.document.name: result for result in results}


@pytest.mark.parametrize("document", ["profile", "factsheet", "brochure"])
def test_second_theme_changes_colours_and_fonts_of_every_document(
    built, second_theme_build, document
):
    default = built["kemitraan", f"{document}.id"].path
    themed = second_theme_build[document].path
    assert share_of_colour(default, "#163a5f") > 0.05
    assert share_of_colour(themed, "#163a5f") == 0
    assert share_of_colour(themed, "#7a1f3d") > 0.05
    fonts = set(embedded_fonts(PdfReader(themed)))
    assert fonts and all(name.startswith(("Noto-Sans", "Noto-Serif")) for name in fonts), fonts
    assert not any(name.startswith("Inter") for name in fonts)


def test_theme_css_carries_every_brand_value():
    theme = load_content(DEFAULT_CONTENT).theme
    css = theme_css(theme, PAPERS["letter"], landscape=True)
    assert "--brand: #163a5f;" in css and '--font-display: "Noto Serif Display";' in css
    assert "size: 279.4mm 215.9mm;" in css


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "size"), [("letter", (215.9, 279.4)), ("f4", (215.0, 330.0))])
def test_every_document_fits_other_paper_sizes(tmp_path, paper, size):
    results = build(Request(DEFAULT_CONTENT, tmp_path, language="en", paper=paper))
    assert [result.path.name for result in results] == [
        f"profile.en.{paper}.pdf",
        f"factsheet.en.{paper}.pdf",
        f"brochure.en.{paper}.pdf",
    ]
    assert all(isinstance(result, Built) for result in results), results
    assert page_size_mm(results[1].path) == size
    assert page_size_mm(results[2].path) == (size[1], size[0])  # the brochure is landscape


def test_a_font_that_is_not_installed_is_named(content_copy):
    folder = content_copy()
    edit(folder / "theme.yml", "  display: Noto Serif Display", "  display: Noto Serif Displey")
    with pytest.raises(InputError) as caught:
        load_content(folder)
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        f"{folder / 'theme.yml'}:20:12: fonts.display: the font 'Noto Serif Displey' is not "
        "installed on this machine; installed fonts like it: Noto Serif Display"
    )


def test_a_colour_must_be_a_hex_colour(content_copy):
    folder = content_copy()
    edit(folder / "theme.yml", '{rgb: "#163a5f", cmyk: [77, 39, 0, 63]}', "navy")
    with pytest.raises(InputError) as caught:
        load_content(folder)
    (problem,) = caught.value.problems
    assert problem.field == "colours.brand"
    assert problem.message == (
        'write a colour as # and six hexadecimal digits, such as "#163a5f", or as rgb: and '
        "cmyk: [c, m, y, k] in percentages"
    )
