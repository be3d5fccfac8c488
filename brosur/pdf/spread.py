"""Spare room spread over a page or a panel: when its blocks end short of its foot, the room
left is shared among the gaps above the blocks that may take it (`data-spread` in a
template), as a designer spaces a page's sections to stand from head to foot instead of
leaving a blank band under the last one.

Only an area whose blocks cannot move on by it takes room: a panel (a fixed box, `data-fit`,
not set in columns: its blocks stay in it), the last page, or one the next page starts after
a forced break (the fact sheet's front, its back beginning a new side); or a page of a running
flow whose blocks say so (ANY_PAGE, the profile's chapters): there, the room at a page's foot
is less than what the next page begins with needed, so that room given above its blocks
moves nothing on, and nothing comes up. A gap takes at most
MOST_MM more: past that a page looks unfinished, not airy. The room is given as padding
above each block, in the HTML the PDF is laid out from again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure.boxes import FootnoteAreaBox

from brosur.pdf import economy
from brosur.pdf.fit import PX_PER_MM, content_bottom, fit_name, is_columns, page_fill
from brosur.pdf.options import Area, Spreads

SPREAD = "data-spread"  # on a block that may take spare room above it: its name, unique
FOOT = "data-foot"  # on the block that stands at its page's foot, however much room that takes
MOST_MM = 12.0
USUAL_GAP_MM = 8.0  # about the gap between two sections before any room is given
ANY_PAGE = "data-spread-any-page"  # on a spreadable block that may take room on any page
SLACK = 1.0 * PX_PER_MM  # kept back at an area's foot: a layout again may round a line lower
# Kept back below the last thing on a page of a running flow: a line's leading reaches lower
# than its letters.
FLOW_SLACK = 2.0 * PX_PER_MM
WORTH = 12.0 * PX_PER_MM  # less room at the foot of a page of a running flow is left there
FORCED = frozenset({"page", "left", "right", "recto", "verso"})


def spreads(document) -> Spreads:
    """The padding each spreadable block gets: an area's spare room shared among its blocks
    that may take it (none the first in its area), a gap at most MOST_MM more; a block that
    stands at the area's foot (`data-foot`, the fact sheet's contact band) takes the rest."""
    given: list[tuple[str, float, float]] = []
    for holder in _holders(document):
        blocks = [(name, box) for name, box in holder.blocks if not _first_in(holder.head, box)]
        if holder.room <= 0 or not blocks:
            continue
        each = min(holder.room / len(blocks), MOST_MM * PX_PER_MM)
        shares = [each] * len(blocks)
        if blocks[-1][1].element.get(FOOT) is not None:
            shares[-1] = holder.room - each * (len(blocks) - 1)
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
    """The areas as the spread will leave them: the room given taken from each area's foot,
    and the widest gap it opens (a section's usual gap above it) as an empty run."""
    room = {name: share for name, _, share in given}
    held = {
        (holder.page, holder.name): (
            holder.height,
            [room[name] for name, _ in holder.blocks if name in room],
        )
        for holder in _holders(document)
    }
    return [_less_blank(area, *held.get((area.page, area.name), (1.0, []))) for area in areas]


def _less_blank(area: Area, height: float, rooms: list[float]) -> Area:
    """An area `height` px tall with `rooms` (px) of its foot given to its gaps."""
    if not rooms:
        return area
    foot = max(0.0, area.foot - sum(rooms) / height)
    gap = max(area.gap, (max(rooms) + USUAL_GAP_MM * PX_PER_MM) / height)
    return Area(area.page, area.name, foot, gap)


@dataclass(frozen=True)
class _Holder:
    """An area whose blocks may take its spare room: its page, its name as economy.py names
    it, where its content starts, its height as economy.py measures it, its spare room and
    its blocks (px)."""

    page: int
    name: str
    head: float
    height: float
    room: float
    blocks: list[tuple[str, Any]]


def _holders(document) -> Iterator[_Holder]:
    """Every area that may spread its room: the panels of each page, and the pages whose
    blocks cannot move on (the last, or one the next starts after a forced break)."""
    pages = document.pages
    for number, page in enumerate(pages, start=1):
        page_box = page._page_box
        for name, panel in _panels(page_box):
            room = panel.content_box_y() + panel.height - content_bottom(panel)
            blocks = list(_spreadable(panel, root=panel))
            head, height = panel.content_box_y(), _trimmed_height(panel, page_box)
            yield _Holder(number, name, head, height, room - SLACK, blocks)
        blocks = list(_spreadable(page_box, root=page_box))
        anywhere = any(box.element.get(ANY_PAGE) is not None for _, box in blocks)
        following = pages[number] if number < len(pages) else None
        if following is not None and not anywhere and not _starts_after_break(following._page_box):
            continue
        room = _spare_in_flow(page, following) if anywhere else _spare(page)
        if anywhere and following is not None and room < WORTH:
            continue  # a page about full: its breaks are too near to move them for so little
        head = page_box.content_box_y()
        yield _Holder(number, f"page {number}", head, page_box.height, room, blocks)


def _panels(box) -> Iterator[tuple[str, Any]]:
    """The fixed boxes below `box` whose blocks stay in them: not one set in columns, where
    room given above a block moves what follows into the next column."""
    for child in getattr(box, "children", ()):
        name = fit_name(child)
        if name is None:
            yield from _panels(child)
        elif not is_columns(child):
            yield name, child


def _trimmed_height(panel, page_box) -> float:
    """A panel's height as economy.py measures it: its padding box within the page's trim
    (a print's bleed cut off)."""
    top = max(panel.padding_box_y(), page_box.position_y)
    bottom = min(
        panel.padding_box_y() + panel.padding_height(),
        page_box.position_y + page_box.margin_height(),
    )
    return bottom - top


def _spare(page) -> float:
    """The room at the foot of a page below its blocks' boxes and above its footnotes, in px,
    less a little for the rounding of a second layout."""
    page_box = page._page_box
    notes = sum(
        child.margin_height()
        for child in page_box.children
        if isinstance(child, FootnoteAreaBox) and child.children
    )
    return (1 - page_fill(page)) * page_box.height - notes - SLACK


def _spare_in_flow(page, following) -> float:
    """The room at the foot of a page of a running flow, in px: below the last thing drawn
    and the boxes that end on it (with their margins: a box broken over pages reaches the
    page's foot, and is left out), above its footnotes, less FLOW_SLACK."""
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
    return floor - max(lowest, default=floor) - FLOW_SLACK


def _boxes(box) -> Iterator[Any]:
    """The boxes of elements below `box`, in the flow (positioned ones aside)."""
    for child in getattr(box, "children", ()):
        if child.style["position"] in ("absolute", "fixed"):
            continue
        if getattr(child, "element", None) is not None:
            yield child
        yield from _boxes(child)


def _spreadable(box, root) -> Iterator[tuple[str, Any]]:
    """The blocks below `box` that may take room above them, by name (each once: the first
    piece of one broken over pages); those in a fixed box other than `root` are its own."""
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", "") or ""
    if element is not None and "::" not in tag and element.get(SPREAD):
        yield element.get(SPREAD), box
        return
    if box is not root and fit_name(box) is not None:
        return
    for child in getattr(box, "children", ()):
        yield from _spreadable(child, root)


def _first_in(head: float, box) -> bool:
    """Whether `box` is the first thing in its area, whose content starts at `head` (room
    above it would move the area's head, not open a gap)."""
    return abs(box.border_box_y() - head) < 1


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
