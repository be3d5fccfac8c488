"""Print marks a print shop can see (issue 14): the crop marks, and the brochure's fold marks,
stand on a white slug beyond the bleed, not in the bleed, where the dark covers hid them.

Around the trim (the paper: the PDF's TrimBox), outwards (styles/print.css): the bleed the
artwork runs into, out to the PDF's BleedBox (10 pt, the most WeasyPrint writes); then the
white slug, out to the MediaBox (10 mm, the CSS page bleed), whose outer half holds the marks.
Every PDF here is built by brosur and read back by pypdf (boxes) and pdfium (pixels)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from tests.support.content import DEFAULT_CONTENT
from tests.support.pdftext import MM_PER_PT, printed_pages

BLEED = 10 * MM_PER_PT  # mm: artwork runs this far past the trim (3.53 mm)
SLUG = 10  # mm from the trim to the media edge
MARKS = (SLUG / 2, SLUG)  # mm from the trim: where WeasyPrint draws crop and cross marks
DPI = 150
PX_PER_MM = DPI / 25.4
PAPERS = {"a4": (210, 297), "letter": (215.9, 279.4)}  # mm, portrait
FOLD_ALLOWANCE = 3  # mm: the panel that folds in is narrower (styles/brochure.css)

# Pages whose cover runs dark to the BleedBox, and a point in that bleed (mm from the trim's
# top left): there the old marks, drawn in the bleed, could not be seen.
DARK_COVERS = {
    "fact sheet front": ("factsheet", 0, (105, -BLEED + 0.3)),
    "brochure outside": ("brochure", 0, (297 + BLEED - 0.3, 105)),
    "profile cover": ("profile", 0, (210 + BLEED - 0.3, 150)),
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[tuple[str, str, str], Path]:
    """The English fact sheet, brochure and profile: print and screen on A4, print on
    Letter (no profile): {(variant, paper, document): pdf}."""
    requests = [
        (("factsheet", "brochure", "profile"), "a4", ("screen", "print")),
        (("factsheet", "brochure"), "letter", ("print",)),
    ]
    found = {}
    for documents, paper, variants in requests:
        output = tmp_path_factory.mktemp(paper)
        for result in build(Request(DEFAULT_CONTENT, output, documents, "en", paper, variants)):
            assert isinstance(result, Built), result
            edition = result.edition
            found[edition.variant.name, edition.paper, edition.document.name] = result.path
    return found


def print_pages(pdfs) -> list[tuple[str, Path, int]]:
    """Every page of every print PDF: (label, pdf, page index)."""
    return [
        (f"{paper}/{document} p{page + 1}", pdf, page)
        for (variant, paper, document), pdf in sorted(pdfs.items())
        if variant == "print"
        for page in range(len(PdfReader(pdf).pages))
    ]


@dataclass(frozen=True)
class Sheet:
    """A page rendered by pdfium at DPI, read in millimetres from its trim's top left."""

    image: Image.Image
    grey: Image.Image
    width: float  # the trim, mm
    height: float
    left: float  # the trim's top left in the image, px
    top: float

    def pixel(self, x: float, y: float) -> tuple[float, float]:
        return self.left + x * PX_PER_MM, self.top + y * PX_PER_MM

    def colour(self, x: float, y: float) -> tuple[int, int, int]:
        return self.image.getpixel(tuple(round(value) for value in self.pixel(x, y)))

    def dark(self, x: float, y: float) -> bool:
        return sum(self.colour(x, y)) < 200

    def inked(self, x: float, y: float) -> bool:
        return min(self.colour(x, y)) < 250


def render(pdf: Path, page: int) -> Sheet:
    document = pypdfium2.PdfDocument(pdf)
    try:
        sheet = document[page]
        left, bottom, right, top = sheet.get_trimbox()
        media_left, _, _, media_top = sheet.get_mediabox()
        image = sheet.render(scale=DPI / 72).to_pil().convert("RGB")
    finally:
        document.close()
    scale = DPI / 72
    return Sheet(
        image,
        image.convert("L"),
        (right - left) * MM_PER_PT,
        (top - bottom) * MM_PER_PT,
        (left - media_left) * scale,
        (media_top - top) * scale,
    )


def mark_along(sheet: Sheet, x: float, y: float, dx: int, dy: int) -> tuple[float, ...]:
    """Where a mark stands on the line from the trim point (x, y) outwards along (dx, dy), in
    mm from the trim, counting only what lies beyond the BleedBox: (nearest, farthest), or
    () if none does."""
    found = []
    distance = BLEED + 0.2
    while distance < SLUG:
        if _ink_across(sheet, x + dx * distance, y + dy * distance, vertical=dx == 0) > 200:
            found.append(distance)
        distance += 0.1
    return (round(min(found), 1), round(max(found), 1)) if found else ()


def _ink_across(sheet: Sheet, x: float, y: float, vertical: bool) -> int:
    """The ink in the pixels within 0.4 mm across a line at (x, y): 255 a black pixel. A
    0.75 pt mark (1.5 px) antialiased over two or three pixels sums to about 300-400."""
    column, row = (round(value) for value in sheet.pixel(x, y))
    reach = round(0.4 * PX_PER_MM)
    pixels = [
        (column + offset, row) if vertical else (column, row + offset)
        for offset in range(-reach, reach + 1)
    ]
    return sum(255 - sheet.grey.getpixel(pixel) for pixel in pixels)


def corner_lines(sheet: Sheet) -> dict[str, tuple[float, float, int, int]]:
    """The eight trim lines' extensions into the slug, two at each corner."""
    w, h = sheet.width, sheet.height
    return {
        "top left, up": (0, 0, 0, -1),
        "top left, left": (0, 0, -1, 0),
        "top right, up": (w, 0, 0, -1),
        "top right, right": (w, 0, 1, 0),
        "bottom left, down": (0, h, 0, 1),
        "bottom left, left": (0, h, -1, 0),
        "bottom right, down": (w, h, 0, 1),
        "bottom right, right": (w, h, 1, 0),
    }


def folds(paper: str, page: int) -> list[float]:
    """The brochure's folds, mm from the left trim: three panels across the landscape sheet,
    the one that folds in narrower by the allowance (the outside's left one, the inside's
    right one)."""
    width = PAPERS[paper][1]
    panel = (width + FOLD_ALLOWANCE) / 3
    first = panel - FOLD_ALLOWANCE if page == 0 else panel
    return [first, first + panel]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_trim_box_is_the_paper_with_the_bleed_and_slug_around_it(pdfs, paper):
    for (variant, on, document), pdf in pdfs.items():
        if variant != "print" or on != paper:
            continue
        expected = PAPERS[paper][::-1] if document == "brochure" else PAPERS[paper]
        for number, page in enumerate(PdfReader(pdf).pages, start=1):
            trim = [float(value) * MM_PER_PT for value in page.trimbox]
            assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(expected, abs=0.01)
            for box, outset in ((page.bleedbox, BLEED), (page.mediabox, SLUG)):
                around = [trim[0] - outset, trim[1] - outset, trim[2] + outset, trim[3] + outset]
                box = [float(value) * MM_PER_PT for value in box]
                assert box == pytest.approx(around, abs=0.01), (document, number)


def test_every_print_page_has_crop_marks_in_the_slug_at_every_corner(pdfs):
    """On each trim line's extension: a mark from 5 to 10 mm beyond the trim, clear of the
    BleedBox (3.53 mm) and of the artwork that runs to it."""
    for label, pdf, page in print_pages(pdfs):
        sheet = render(pdf, page)
        for line, (x, y, dx, dy) in corner_lines(sheet).items():
            assert mark_along(sheet, x, y, dx, dy) == pytest.approx(MARKS, abs=0.3), (label, line)


@pytest.mark.parametrize("name", DARK_COVERS)
def test_crop_marks_stand_beyond_a_dark_cover_running_to_the_bleed_box(pdfs, name):
    document, page, inside_the_bleed = DARK_COVERS[name]
    sheet = render(pdfs["print", "a4", document], page)
    assert sheet.dark(*inside_the_bleed)  # the artwork runs dark to the BleedBox
    for line, (x, y, dx, dy) in corner_lines(sheet).items():
        assert mark_along(sheet, x, y, dx, dy) == pytest.approx(MARKS, abs=0.3), line


def test_the_slug_is_white_but_for_the_marks(pdfs):
    """No artwork beyond the BleedBox, on any page: the slug holds the crop marks, the cross
    marks at the middle of each side, and the brochure's fold marks, and nothing else."""
    for label, pdf, page in print_pages(pdfs):
        sheet = render(pdf, page)
        masked = sheet.image.copy()
        for left, top, right, bottom in _mark_zones(sheet, label, page):
            corners = (*sheet.pixel(left, top), *sheet.pixel(right, bottom))
            ImageDraw.Draw(masked).rectangle(corners, fill="white")
        ink = masked.convert("L").point(lambda value: 255 if value < 250 else 0).getbbox()
        if ink is not None:
            left, top, right, bottom = (
                round((value - origin) / PX_PER_MM, 1)
                for value, origin in zip(ink, (sheet.left, sheet.top) * 2, strict=True)
            )
            pytest.fail(
                f"{label}: ink in the slug within ({left}, {top}) to ({right}, {bottom}) mm"
            )


def _mark_zones(sheet: Sheet, label: str, page: int) -> list[tuple[float, float, float, float]]:
    """What may be inked outside the trim, as rectangles in mm from the trim's top left: the
    bleed (with a pixel or two for antialiasing), then each mark with a little room."""
    w, h, near, far = sheet.width, sheet.height, BLEED + 0.3, SLUG + 1
    zones = [(-near, -near, w + near, h + near)]
    for x in (0, w):
        zones += [(x - 0.4, -far, x + 0.4, 0), (x - 0.4, h, x + 0.4, h + far)]
    for y in (0, h):
        zones += [(-far, y - 0.4, 0, y + 0.4), (w, y - 0.4, w + far, y + 0.4)]
    # WeasyPrint's cross marks: a circle and cross at the middle of each side, in its slug.
    zones += [(w / 2 - 3, -far, w / 2 + 3, 0), (w / 2 - 3, h, w / 2 + 3, h + far)]
    zones += [(-far, h / 2 - 3, 0, h / 2 + 3), (w, h / 2 - 3, w + far, h / 2 + 3)]
    if "brochure" in label:
        paper = label.partition("/")[0]
        for x in folds(paper, page):
            zones += [(x - 0.4, -far, x + 0.4, 0), (x - 0.4, h, x + 0.4, h + far)]
    return zones


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("page", [0, 1], ids=["outside", "inside"])
def test_the_brochure_has_fold_marks_in_the_slug_at_each_fold(pdfs, paper, page):
    sheet = render(pdfs["print", paper, "brochure"], page)
    expected = [0, *folds(paper, page), sheet.width]
    for y, dy, edge in ((0, -1, "top"), (sheet.height, 1, "bottom")):
        for x in expected[1:-1]:
            assert mark_along(sheet, x, y, 0, dy) == pytest.approx(MARKS, abs=0.3), (edge, x)
        # Across the slug 6 mm beyond the trim: the marks stand at the two trim lines and the
        # two folds, and nowhere else (but the cross mark at the middle).
        row = y + dy * 6
        steps = range(round(-SLUG * PX_PER_MM), round((sheet.width + SLUG) * PX_PER_MM))
        inked = [step / PX_PER_MM for step in steps if sheet.inked(step / PX_PER_MM, row)]
        inked = [x for x in inked if abs(x - sheet.width / 2) > 3]
        assert _centres(inked) == pytest.approx(expected, abs=0.2), edge


def _centres(xs: list[float]) -> list[float]:
    """The middle of each run of neighbouring positions."""
    runs: list[list[float]] = []
    for x in xs:
        if runs and x - runs[-1][-1] < 2 / PX_PER_MM:
            runs[-1].append(x)
        else:
            runs.append([x])
    return [(run[0] + run[-1]) / 2 for run in runs]


@pytest.mark.parametrize("document", ["factsheet", "brochure", "profile"])
def test_the_slug_moves_nothing_on_the_page(pdfs, document):
    """Every character of the print variant stands where the screen variant prints it,
    measured from the trim: the bleed and the slug grow the sheet outwards only."""

    printed, shown = (
        printed_pages(pdfs["print", "a4", document]),
        printed_pages(pdfs["screen", "a4", document]),
    )
    assert len(printed) == len(shown)
    for ours, theirs in zip(printed, shown, strict=True):
        assert [c.char for c in ours.characters] == [c.char for c in theirs.characters]
        moved = max(
            abs((a.box[i] - ours.trim[i]) - (b.box[i] - theirs.trim[i])) * MM_PER_PT
            for a, b in zip(ours.characters, theirs.characters, strict=True)
            for i in range(4)
        )
        assert moved < 0.01, (ours.number, moved)  # mm
