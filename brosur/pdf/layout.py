"""A laid-out WeasyPrint document read back as a reader meets it: every line of text and
every picture, with its box on the page and what it belongs to (a heading, a panel, the page
furniture). The layout verifier (verify.py) judges these, never the HTML that made them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from xml.etree.ElementTree import Element

from weasyprint.formatting_structure.boxes import (
    BlockContainerBox,
    FootnoteAreaBox,
    LineBox,
    MarginBox,
    ReplacedBox,
    TextBox,
)

HEADINGS = frozenset({"h1", "h2", "h3", "h4"})
# Flows: the text in reading order; notes and positioned marks; running heads and numbers.
MAIN, ASIDE, FURNITURE = "main", "aside", "furniture"
# An element whose children may stand on one another by design (text on a cover photo).
OVERLAP_ALLOWED = "data-overlap"
# A line of text is measured by where its letters are drawn, not by its line box (which a
# large type size with tight leading makes taller than the letters): from the ascender
# height above the baseline to the descender depth below it, in ems.
ASCENT, DESCENT = 0.8, 0.25
PARAGRAPHS = frozenset({"p", "li"})


@dataclass(frozen=True)
class Rect:
    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: Rect) -> tuple[float, float]:
        """How far the two overlap, across and down (≤ 0 when they do not)."""
        across = min(self.right, other.right) - max(self.left, other.left)
        down = min(self.bottom, other.bottom) - max(self.top, other.top)
        return across, down


@dataclass(frozen=True)
class Piece:
    """A line's run of text (one TextBox) or a picture, where it stands, and whose it is."""

    page: int  # from 1
    rect: Rect
    text: str | None  # None for a picture
    flow: str  # MAIN, ASIDE or FURNITURE
    generated: bool  # drawn by CSS (a list marker, `content:`), not written in the content
    line: int  # the line box it sits on (0 for a picture)
    block: int  # the block box its line belongs to
    paragraph: bool  # that block is a paragraph or a list item
    elements: tuple[Element, ...]  # the elements it is part of, outermost first
    heading: Element | None  # the h1–h4 it is part of
    panel: Element | None  # the fixed box (data-fit) it is set in
    overlap_allowed: bool
    clip: Rect | None  # the box that cuts off what runs past it (overflow: hidden)
    clip_fits: bool  # that box is a fixed box (data-fit), whose depth fit.py measures
    column: Rect | None  # the content box of the block its line belongs to


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    content: Rect  # the page area inside its margins


def pages(document) -> list[Page]:
    found = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        x, y = box.content_box_x(), box.content_box_y()
        content = Rect(x, y, x + box.width, y + box.height)
        found.append(Page(number, box.margin_width(), box.margin_height(), content))
    return found


def pieces(document) -> list[Piece]:
    """Every piece of text and every picture of a laid-out document, in document order."""
    found: list[Piece] = []
    for number, page in enumerate(document.pages, start=1):
        found += _walk(page._page_box, _Context(number))
    return found


@dataclass(frozen=True)
class _Context:
    page: int
    flow: str = MAIN
    generated: bool = False
    line: int = 0
    block: int = 0
    paragraph: bool = False
    elements: tuple[Element, ...] = ()
    heading: Element | None = None
    panel: Element | None = None
    overlap_allowed: bool = False
    clip: Rect | None = None
    clip_fits: bool = False
    column: Rect | None = None


def _walk(box, context: _Context) -> Iterator[Piece]:
    context = _entered(box, context)
    if isinstance(box, TextBox):
        if box.text.strip():
            yield _piece(box, context, box.text)
        return
    if isinstance(box, ReplacedBox):
        yield _piece(box, context, None)
        return
    for child in getattr(box, "children", ()):
        yield from _walk(child, context)


def _entered(box, context: _Context) -> _Context:
    """The context of `box`'s contents: what entering it changes."""
    changes: dict = {}
    if isinstance(box, MarginBox):
        changes["flow"] = FURNITURE
    elif context.flow == MAIN and (
        isinstance(box, FootnoteAreaBox) or box.style["position"] in ("absolute", "fixed")
    ):
        changes["flow"] = ASIDE
    tag = getattr(box, "element_tag", "") or ""
    if "::" in tag:
        changes["generated"] = True
    element = getattr(box, "element", None)
    if element is not None and (not context.elements or context.elements[-1] is not element):
        changes["elements"] = (*context.elements, element)
        if tag in HEADINGS:
            changes["heading"] = element
        if element.get("data-fit") is not None and "::" not in tag:
            changes["panel"] = element
        if element.get(OVERLAP_ALLOWED) is not None:
            changes["overlap_allowed"] = True
    if isinstance(box, LineBox):
        changes["line"] = id(box)
    elif isinstance(box, BlockContainerBox) and hasattr(box, "width"):
        x, y = box.content_box_x(), box.content_box_y()
        changes["column"] = Rect(x, y, x + box.width, y + box.height)
        changes["block"] = id(box)
        changes["paragraph"] = tag in PARAGRAPHS
    if box.style["overflow"] != "visible" and hasattr(box, "width"):
        changes["clip"] = _padding_rect(box)
        changes["clip_fits"] = element is not None and element.get("data-fit") is not None
    return replace(context, **changes) if changes else context


def _padding_rect(box) -> Rect:
    x, y = box.padding_box_x(), box.padding_box_y()
    return Rect(x, y, x + box.padding_width(), y + box.padding_height())


def _piece(box, context: _Context, text: str | None) -> Piece:
    x, y = box.position_x, box.position_y
    if text is None:  # a picture: its border box
        x, y = box.border_box_x(), box.border_box_y()
        rect = Rect(x, y, x + box.border_width(), y + box.border_height())
    else:
        baseline, size = y + box.baseline, box.style["font_size"]
        rect = Rect(x, baseline - ASCENT * size, x + box.width, baseline + DESCENT * size)
    return Piece(
        page=context.page,
        rect=rect,
        text=text,
        flow=context.flow,
        generated=context.generated,
        line=context.line if text is not None else 0,
        block=context.block,
        paragraph=context.paragraph,
        elements=context.elements,
        heading=context.heading,
        panel=context.panel,
        overlap_allowed=context.overlap_allowed,
        clip=context.clip,
        clip_fits=context.clip_fits,
        column=context.column,
    )
