"""Spare room spread over a page: when a page's blocks end short of its foot, the room left
is shared among the gaps above the blocks that may take it (`data-spread` in a template), as
a designer spaces a page's sections to stand from head to foot instead of leaving a blank
band under the last one.

Only a page whose blocks cannot move on by it takes room: the last page, or one the next
page starts after a forced break (the fact sheet's front, its back beginning a new side), or
one of a running flow whose blocks say so (ANY_PAGE, the profile's chapters): there, the room
at a page's foot is less than what the next page begins with needed, so that room given
above its blocks moves nothing on, and nothing comes up.
A gap takes at most MOST_MM more: past that a page looks unfinished, not airy. The room is
given as padding above each block, in the HTML the PDF is laid out from again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint.formatting_structure.boxes import FootnoteAreaBox

from brosur.pdf import economy
from brosur.pdf.fit import PX_PER_MM, page_fill
from brosur.pdf.options import Area, Spreads

SPREAD = "data-spread"  # on a block that may take spare room above it: its name, unique
FOOT = "data-foot"  # on the block that stands at its page's foot, however much room that takes
ANY_PAGE = "data-spread-any-page"  # on a spreadable block that may take room on any page
MOST_MM = 12.0
USUAL_GAP_MM = 8.0  # about the gap between two sections before any room is given
SLACK_MM = 1.0  # kept back at a page's foot: a layout again may round a line lower
# Kept back below the last thing on a page of a running flow: a line's leading reaches lower
# than its letters.
FLOW_SLACK_MM = 2.0
WORTH_MM = 12.0  # less room at the foot of a page of a running flow is left where it is
FORCED = frozenset({"page", "left", "right", "recto", "verso"})


def spreads(document) -> Spreads:
    """The padding each spreadable block gets: a page's spare room shared among its blocks
    that may take it (none the first on its page), a gap at most MOST_MM more; a block that
    stands at the page's foot (`data-foot`, the fact sheet's contact band) takes the rest."""
    pages = document.pages
    given: list[tuple[str, float, float]] = []
    for number, page in enumerate(pages, start=1):
        blocks = [
            (name, box) for name, box in _spreadable(page._page_box) if not _first_on(page, box)
        ]
        anywhere = any(box.element.get(ANY_PAGE) is not None for _, box in blocks)
        if (
            number < len(pages)
            and not anywhere
            and not _starts_after_break(pages[number]._page_box)
        ):
            continue
        following = pages[number] if number < len(pages) else None
        room = _spare_in_flow(page, following) if anywhere else _spare(page)
        if anywhere and following is not None and room < WORTH_MM * PX_PER_MM:
            continue  # a page about full: its breaks are too near to move them for so little
        if room <= 0 or not blocks:
            continue
        each = min(room / len(blocks), MOST_MM * PX_PER_MM)
        shares = [each] * len(blocks)
        if blocks[-1][1].element.get(FOOT) is not None:
            shares[-1] = room - each * (len(blocks) - 1)
        given += [
            (name, box.padding_top + share, share)
            for (name, box), share in zip(blocks, shares, strict=True)
        ]
    return tuple(given)


def spread_html(html: str, given: Spreads) -> str:
    """The HTML with each spreadable block given its padding (a style of its own: the
    templates give such a block none)."""
    for name, padding, _ in given:
        marked = f'{SPREAD}="{name}"'
        html = html.replace(marked, f'{marked} style="padding-top: {padding:.2f}px"', 1)
    return html


def predicted(areas: list[Area], document, given: Spreads) -> list[Area]:
    """The areas as the spread will leave them: the room given taken from each page's foot,
    and the widest gap it opens (a section's usual gap above it) as an empty run."""
    on_page = {
        name: number
        for number, page in enumerate(document.pages, start=1)
        for name, _ in _spreadable(page._page_box)
    }
    added: dict[int, list[float]] = {}
    for name, _, room in given:
        added.setdefault(on_page[name], []).append(room)
    return [_less_blank(area, document, added.get(area.page, [])) for area in areas]


def _less_blank(area: Area, document, rooms: list[float]) -> Area:
    """A page's area with `rooms` (px) of its foot given to its gaps."""
    if not rooms or area.name != f"page {area.page}":
        return area
    height = document.pages[area.page - 1]._page_box.height
    foot = max(0.0, area.foot - sum(rooms) / height)
    gap = max(area.gap, (max(rooms) + USUAL_GAP_MM * PX_PER_MM) / height)
    return Area(area.page, area.name, foot, gap)


def _spare(page) -> float:
    """The room at the foot of a page below its blocks' boxes and above its footnotes, in px,
    less a little for the rounding of a second layout."""
    page_box = page._page_box
    notes = sum(
        child.margin_height()
        for child in page_box.children
        if isinstance(child, FootnoteAreaBox) and child.children
    )
    return (1 - page_fill(page)) * page_box.height - notes - SLACK_MM * PX_PER_MM


def _spare_in_flow(page, following) -> float:
    """The room at the foot of a page of a running flow, in px: below the last thing drawn
    and the boxes that end on it (with their margins: a box broken over pages reaches the
    page's foot, and is left out), above its footnotes, less FLOW_SLACK_MM."""
    page_box = page._page_box
    floor = page_box.content_box_y() + page_box.height
    going_on = {id(box.element) for box in _boxes(following._page_box)} if following else set()
    lowest = []
    for child in page_box.children:
        if isinstance(child, FootnoteAreaBox):
            if child.children:
                floor = min(floor, child.position_y)
        elif getattr(child, "element_tag", None) == "html":
            lowest += [lower for _, lower in economy.marks(child)]
            lowest += [
                box.position_y + box.margin_height()
                for box in _boxes(child)
                if id(box.element) not in going_on and hasattr(box, "margin_height")
            ]
    return floor - max(lowest, default=floor) - FLOW_SLACK_MM * PX_PER_MM


def _boxes(box) -> Iterator[Any]:
    """The boxes of elements below `box`, in the flow (positioned ones aside)."""
    for child in getattr(box, "children", ()):
        if child.style["position"] in ("absolute", "fixed"):
            continue
        if getattr(child, "element", None) is not None:
            yield child
        yield from _boxes(child)


def _spreadable(box) -> Iterator[tuple[str, Any]]:
    """The blocks below `box` that may take room above them, by name (each once: the first
    piece of one broken over pages)."""
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", "") or ""
    if element is not None and "::" not in tag and element.get(SPREAD):
        yield element.get(SPREAD), box
        return
    for child in getattr(box, "children", ()):
        yield from _spreadable(child)


def _first_on(page, box) -> bool:
    """Whether `box` is the first thing on its page (room above it would move the page's
    head, not open a gap)."""
    page_box = page._page_box
    return abs(box.border_box_y() - page_box.content_box_y()) < 1


def _starts_after_break(page_box) -> bool:
    """Whether a page begins where a block asks for a new page: what precedes it cannot run
    on into it."""
    first = _first_block(page_box)
    return first is not None and first.style["break_before"] in FORCED


def _first_block(box):
    """The first block of the document's flow on a page (its html and body aside)."""
    for child in getattr(box, "children", ()):
        tag = getattr(child, "element_tag", "") or ""
        if tag in ("html", "body"):
            return _first_block(child)
        if tag and "::" not in tag and hasattr(child, "style"):
            return child
    return None
