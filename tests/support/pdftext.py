"""Reading a PDF back the way a reader sees it: text per page, and where a text stands."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium

MM_PER_PT = 25.4 / 72


def page_texts(pdf: Path) -> list[str]:
    """The text of every page, with words broken by hyphenation joined again."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    return [_normalise(text) for text in texts]


def text_in_strip(pdf: Path, page: int, left_mm: float, right_mm: float) -> str:
    """The text of one vertical strip of a page (from the left edge, in millimetres)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        sheet = document[page]
        _, height = sheet.get_size()
        text = sheet.get_textpage().get_text_bounded(
            left=left_mm / MM_PER_PT, right=right_mm / MM_PER_PT, bottom=0, top=height
        )
    finally:
        document.close()
    return _normalise(text)


def header_text(pdf: Path, page: int, depth_mm: float = 16) -> str:
    """The text in the top `depth_mm` of a page: its running header."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        sheet = document[page]
        width, height = sheet.get_size()
        text = sheet.get_textpage().get_text_bounded(
            left=0, right=width, bottom=height - depth_mm / MM_PER_PT, top=height
        )
    finally:
        document.close()
    return _normalise(text)


def page_size_mm(pdf: Path, page: int = 0) -> tuple[float, float]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[page].get_size()
    finally:
        document.close()
    return round(width * MM_PER_PT, 1), round(height * MM_PER_PT, 1)


def _normalise(text: str) -> str:
    # WeasyPrint breaks a word with U+2010 HYPHEN at a line end.
    return " ".join(text.replace("\u2010\r\n", "").replace("\u2010\n", "").split())


# Reading every printed character back with its box, by pdfium (not by WeasyPrint, not by the
# code that made the PDF), to check the finished page: nothing too near the trim, no two lines
# printed over each other.

Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


@dataclass(frozen=True)
class Character:
    """One printed character: where pdfium's text order has it, its glyph's own (tight) box,
    and the line of text it belongs to on its page."""

    index: int  # in pdfium's text order, so `PrintedPage.context` can quote its neighbours
    char: str
    box: Box
    line: int


@dataclass(frozen=True)
class PrintedPage:
    number: int  # from 1
    trim: Box  # the trim box: the media box less the bleed (print), else the media box
    characters: list[Character]  # printed ones only: no whitespace, nothing pdfium made up
    text: str  # everything in pdfium's text order, one character per index

    def context(self, character: Character, around: int = 8) -> str:
        """The character among its neighbours in text order: 'Tentang [k]ami'."""
        before = self.text[max(0, character.index - around) : character.index]
        after = self.text[character.index + 1 : character.index + 1 + around]
        return " ".join(f"{before}[{character.char}]{after}".split())


def printed_pages(pdf: Path) -> list[PrintedPage]:
    """Every page's printed characters, as pdfium reads them back."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_printed_page(number, page) for number, page in enumerate(document, start=1)]
    finally:
        document.close()


def _printed_page(number: int, page: pypdfium2.PdfPage) -> PrintedPage:
    """A page's characters, each given a line: a run of characters consecutive in pdfium's
    text order, each starting no further left than the one before and beside it (their font
    boxes overlap vertically, so that a superscript stays in its line). The next line starts
    left of where the last one ended, or above or below it. (Not pdfium's own line breaks:
    it puts one between every two digits of a year set in a row, for one.)"""
    textpage = page.get_textpage()
    characters: list[Character] = []
    text = []
    line, previous = -1, None
    for index in range(textpage.count_chars()):
        char = chr(pdfium.FPDFText_GetUnicode(textpage, index))
        text.append(char)
        if pdfium.FPDFText_IsGenerated(textpage, index) or not char.strip():
            continue
        loose = textpage.get_charbox(index, loose=True)
        if previous is None or not _beside(previous, loose):
            line += 1
        characters.append(Character(index, char, textpage.get_charbox(index), line))
        previous = loose
    return PrintedPage(number, page.get_trimbox(), characters, "".join(text))


def _beside(previous: Box, loose: Box) -> bool:
    """Whether a character (its font box) continues the line of the one before it."""
    return loose[0] >= previous[0] - 0.01 and min(previous[3], loose[3]) > max(
        previous[1], loose[1]
    )


def _pages(pdf: Path | list[PrintedPage]) -> list[PrintedPage]:
    return pdf if isinstance(pdf, list) else printed_pages(pdf)


def characters_off_the_live_area(pdf: Path | list[PrintedPage], safe_mm: float = 5) -> list[str]:
    """Every line with a printed character outside its page's trim box less `safe_mm`, as
    "page N: 'c' in 'its [c]ontext' X mm outside the live area, at the bottom" (its farthest
    character; read by pdfium, not by the code that made the PDF)."""
    safe = safe_mm / MM_PER_PT
    found = []
    for page in _pages(pdf):
        left, bottom, right, top = page.trim
        worst: dict[int, tuple[float, str, Character, int]] = {}
        for character in page.characters:
            x0, y0, x1, y1 = character.box
            out, side = max(
                (left + safe - x0, "left"),
                (x1 - (right - safe), "right"),
                (bottom + safe - y0, "bottom"),
                (y1 - (top - safe), "top"),
            )
            if out > 0:
                count = worst[character.line][3] + 1 if character.line in worst else 1
                if count == 1 or out > worst[character.line][0]:
                    worst[character.line] = (out, side, character, count)
                else:
                    worst[character.line] = (*worst[character.line][:3], count)
        for out, side, character, count in worst.values():
            more = f" ({count} characters of that line)" if count > 1 else ""
            found.append(
                f"page {page.number}: {character.char!r} in {page.context(character)!r} "
                f"{out * MM_PER_PT:.1f} mm outside the live area (trim less {safe_mm:g} mm), "
                f"at the {side}{more}"
            )
    return found


def characters_overlapping_across_lines(
    pdf: Path | list[PrintedPage], tolerance_mm: float = 0.3
) -> list[str]:
    """Every two lines of a page with characters printed over each other, as "page N: 'a' in
    'its [a]ontext' and 'b' in 'its [b]ontext' overlap by W × H mm" (their worst pair; read by
    pdfium). Characters of one line may touch and kern; an overlap of `tolerance_mm` or less
    across or down is ignored (glyph boxes of neighbouring lines may graze)."""
    tolerance = tolerance_mm / MM_PER_PT
    found = []
    for page in _pages(pdf):
        worst: dict[tuple[int, int], tuple[float, float, Character, Character, int]] = {}
        for first, second in _overlapping_pairs(page.characters, tolerance):
            across = min(first.box[2], second.box[2]) - max(first.box[0], second.box[0])
            down = min(first.box[3], second.box[3]) - max(first.box[1], second.box[1])
            lines = (first.line, second.line)
            count = worst[lines][4] + 1 if lines in worst else 1
            if count == 1 or min(across, down) > min(worst[lines][:2]):
                worst[lines] = (across, down, first, second, count)
            else:
                worst[lines] = (*worst[lines][:4], count)
        for across, down, first, second, count in worst.values():
            more = f" ({count} pairs of characters of these two lines)" if count > 1 else ""
            found.append(
                f"page {page.number}: {first.char!r} in {page.context(first)!r} and "
                f"{second.char!r} in {page.context(second)!r} overlap by "
                f"{across * MM_PER_PT:.1f} × {down * MM_PER_PT:.1f} mm{more}"
            )
    return found


def _overlapping_pairs(
    characters: list[Character], tolerance: float, cell: float = 12
) -> Iterator[tuple[Character, Character]]:
    """Pairs of characters of different lines whose boxes overlap by more than `tolerance`
    both across and down, earlier in text order first. Boxes shrunk by half the tolerance on
    every side overlap at all just when the boxes overlap by more than it; a grid of `cell`
    points finds the candidates without comparing every pair."""
    grid: dict[tuple[int, int], list[tuple[Character, Box]]] = {}
    half = tolerance / 2
    for character in characters:
        x0, y0, x1, y1 = character.box
        shrunk = (x0 + half, y0 + half, x1 - half, y1 - half)
        if shrunk[0] >= shrunk[2] or shrunk[1] >= shrunk[3]:
            continue  # smaller than the tolerance: it cannot overlap by more
        seen = set()
        for column in range(int(shrunk[0] // cell), int(shrunk[2] // cell) + 1):
            for row in range(int(shrunk[1] // cell), int(shrunk[3] // cell) + 1):
                here = grid.setdefault((column, row), [])
                for other, box in here:
                    if other.line == character.line or other.index in seen:
                        continue
                    if _meet(box, shrunk):
                        seen.add(other.index)
                        yield other, character
                here.append((character, shrunk))


def _meet(one: Box, other: Box) -> bool:
    return min(one[2], other[2]) > max(one[0], other[0]) and min(one[3], other[3]) > max(
        one[1], other[1]
    )
