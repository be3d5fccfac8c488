"""The layout verifier: every word of the content accounted for on the finished pages.

It reads the laid-out document back (layout.py) and fails the PDF, naming the page, the
content field with its file and line, and the distance in millimetres, when a text or a
picture stands off the page's live area, a text runs over another text or a picture, a box
cuts its text off, a heading is left at the end of a page or panel without its content, or a
text of the content is not on the pages at all. Sparse pages and widow words are warnings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from brosur.findings import ERROR, WARNING, Finding
from brosur.pdf.headings import furniture_only, stranded_headings
from brosur.pdf.layout import MAIN, Page, Piece, pages, pieces
from brosur.pdf.naming import Names, pieces_by_page
from brosur.pdf.placement import clipped, off_the_page, overlaps
from brosur.printing import PrintedText, comparable

SPARSE_PAGE = 0.40  # a page under 40 % used wants its content on the page before
WIDOW_LETTERS = 6  # a word this short alone on a paragraph's last line


def verify(document, texts: tuple[PrintedText, ...] = (), whole: bool = True) -> list[Finding]:
    """Check one laid-out document's pages; when it is the `whole` PDF (not a copy's box
    alone), also that every text of `texts` is on them."""
    laid = pieces(document)
    sheets = pages(document)
    names = Names(texts, laid)
    findings = _merged_pages(
        [
            *off_the_page(laid, sheets, names),
            *overlaps(laid, names),
            *clipped(laid, names),
            *stranded_headings(laid),
            *furniture_only(laid, sheets),
            *_sparse_pages(laid, sheets),
            *_widow_words(laid),
        ]
    )
    return findings + missing_texts(laid, texts) if whole else findings


_ON_PAGE = re.compile(r"page (\d+): (.*)", re.DOTALL)


def _merged_pages(findings: list[Finding]) -> list[Finding]:
    """One finding for what recurs on several pages (a footer on every page)."""
    pages_of: dict[tuple, list[str]] = {}
    for finding in findings:
        found = _ON_PAGE.fullmatch(finding.message)
        key = (finding.level, finding.check, found[2] if found else finding.message)
        pages_of.setdefault(key, []).append(found[1] if found else "")
    merged = []
    for (level, check, message), numbers in pages_of.items():
        if numbers != [""]:
            label = "page" if len(numbers) == 1 else "pages"
            message = f"{label} {', '.join(numbers)}: {message}"
        merged.append(Finding(level, check, message))
    return merged


def missing_texts(laid: list[Piece], texts: tuple[PrintedText, ...]) -> list[Finding]:
    """Every text of the content a document should print that is not among its pieces
    (`laid`, in page order), each compared unbroken (a paragraph, a list item, a note) after
    reducing both to letters and digits."""
    streams = _reading_streams(laid)
    findings = []
    for text in texts:
        if any(all(passage not in stream for stream in streams) for passage in text.passages):
            findings.append(
                Finding(
                    ERROR,
                    "text",
                    f"{text} is not in the PDF's text ('{text.opening}'): the template "
                    "leaves it out; if that is meant, declare it in templates/documents.yml",
                )
            )
    return findings


def _reading_streams(laid: list[Piece]) -> list[str]:
    """The document's text as a reader follows it: the main text from page to page; the
    notes and furniture; and each passage in one language on its own (in a bilingual
    edition, its two languages share each page a passage runs over)."""
    main: list[str] = []
    aside: list[str] = []
    passages: dict[int, list[str]] = defaultdict(list)
    for piece in laid:
        if not piece.text or piece.generated:
            continue
        (main if piece.flow == MAIN else aside).append(piece.text)
        language = next((e for e in reversed(piece.elements) if e.get("lang")), None)
        if language is not None and piece.flow == MAIN:
            passages[id(language)].append(piece.text)
    texts = ["".join(main), "".join(aside), *("".join(run) for run in passages.values())]
    return [comparable(text) for text in texts]


# Warnings --------------------------------------------------------------------------------------


def _sparse_pages(laid: list[Piece], sheets: list[Page]) -> Iterable[Finding]:
    """Inner pages under 40 % used that do not end a chapter (the next page opening another
    of the document's parts) are worth a look: their content could share a page."""
    by_page = pieces_by_page(piece for piece in laid if piece.flow == MAIN)
    for page in sheets[1:-1]:
        used = by_page.get(page.number, [])
        following = by_page.get(page.number + 1, [])
        if not used or (following and _part(following[0]) is not _part(used[-1])):
            continue
        share = (max(p.rect.bottom for p in used) - min(p.rect.top for p in used)) / (
            page.content.bottom - page.content.top
        )
        if share < SPARSE_PAGE:
            yield Finding(WARNING, "layout", f"page {page.number} is only {share:.0%} used")


def _part(piece: Piece):
    """The part of the document a piece is in: the child of <body> it descends from."""
    return piece.elements[2] if len(piece.elements) > 2 else None


def _widow_words(laid: list[Piece]) -> Iterable[Finding]:
    """A short word alone on the last line of a paragraph of several lines."""
    lines: dict[int, list[list[Piece]]] = defaultdict(list)
    for piece in laid:
        if piece.flow != MAIN or piece.text is None or piece.generated or not piece.paragraph:
            continue
        block = lines[piece.block]
        if not block or block[-1][0].line != piece.line:
            block.append([])
        block[-1].append(piece)
    widows = []
    for block in lines.values():
        last = "".join(piece.text or "" for piece in block[-1]).strip()  # texts only, above
        if len(block) > 1 and len(last.split()) == 1 and len(comparable(last)) <= WIDOW_LETTERS:
            widows.append(f"page {block[-1][0].page} '{last}'")
    if widows:
        yield Finding(
            WARNING,
            "layout",
            f"a short word alone on a paragraph's last line ({', '.join(widows)}): "
            "rewording the paragraph slightly pulls it up",
        )
