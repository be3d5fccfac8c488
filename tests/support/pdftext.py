"""Reading a PDF back the way a reader sees it: text per page, and where a text stands."""

from __future__ import annotations

from pathlib import Path

import pypdfium2

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


def characters_off_the_live_area(pdf: Path, safe_mm: float = 5) -> list[str]:
    """Every printed character that stands outside its page's trim box less `safe_mm`, as
    "page N: 'c' X mm out" (read by pdfium, not by the code that made the PDF)."""
    safe = safe_mm / MM_PER_PT
    document = pypdfium2.PdfDocument(pdf)
    found = []
    try:
        for number, page in enumerate(document, start=1):
            left, bottom, right, top = page.get_trimbox()
            text = page.get_textpage()
            for index in range(text.count_chars()):
                character = text.get_text_range(index, 1)
                if not character.strip():
                    continue
                x0, y0, x1, y1 = text.get_charbox(index)
                out = max(
                    left + safe - x0, x1 - (right - safe), bottom + safe - y0, y1 - (top - safe)
                )
                if out > 0:
                    found.append(f"page {number}: {character!r} {out * MM_PER_PT:.1f} mm out")
    finally:
        document.close()
    return found
