"""Headings left without their content: at the foot of a page or panel, alone on a page, or a
page that holds only its running head and folio (verify.py runs these)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from brosur.findings import ERROR, Finding
from brosur.pdf.layout import FURNITURE, MAIN, Page, Piece
from brosur.pdf.naming import pieces_by_page, shortened


def stranded_headings(laid: list[Piece]) -> Iterable[Finding]:
    """A heading whose section's content starts on a later page or in another panel, and a
    page or panel that holds nothing but headings."""
    flow = [piece for piece in laid if piece.flow == MAIN and not piece.generated]
    last_of: dict[int, int] = {}
    holding_content: set[int] = set()  # the elements that hold something besides headings
    for index, piece in enumerate(flow):
        if piece.heading is not None:
            last_of[id(piece.heading)] = index
        else:
            holding_content.update(id(element) for element in piece.elements)
    for index in sorted(last_of.values()):
        heading = flow[index]
        if id(_parent(heading)) not in holding_content:
            yield Finding(
                ERROR,
                "fit",
                f"page {heading.page}: the heading '{_heading_text(flow, heading)}' has "
                "nothing under it: the template prints a section the content leaves empty",
            )
            continue
        after = _section_content_after(flow, index)
        if after is not None and _place(after) != _place(heading):
            where = "its panel" if heading.panel is not None else "the page"
            yield Finding(
                ERROR,
                "fit",
                f"page {heading.page}: the heading '{_heading_text(flow, heading)}' ends "
                f"{where}; its content starts on page {after.page}: shorten the text before it",
            )
    yield from _only_headings(flow)


def _section_content_after(flow: list[Piece], index: int) -> Piece | None:
    """The first piece after a heading's last line that belongs to the heading's section:
    to the heading's parent element, and not to a heading."""
    parent = _parent(flow[index])
    for piece in flow[index + 1 :]:
        if not any(element is parent for element in piece.elements):
            return None
        if piece.heading is None:
            return piece
    return None


def _parent(piece: Piece):
    """The element a heading piece's heading stands in: its section."""
    return piece.elements[piece.elements.index(piece.heading) - 1]


def _only_headings(flow: list[Piece]) -> Iterable[Finding]:
    groups: dict[tuple, list[Piece]] = defaultdict(list)
    for piece in flow:
        groups[_place(piece)].append(piece)
    for (page, _), group in groups.items():
        if all(piece.heading is not None for piece in group):
            panel = group[0].panel
            where = f"the panel {panel.get('data-fit')!r}" if panel is not None else "the page"
            text = _heading_text(group, group[0])
            yield Finding(
                ERROR,
                "fit",
                f"page {page}: {where} holds only the heading '{text}': shorten the text before it",
            )


def furniture_only(laid: list[Piece], sheets: list[Page]) -> Iterable[Finding]:
    """A page that prints nothing but its running head and number: an empty page."""
    by_page = pieces_by_page(laid)
    for page in sheets:
        flows = {piece.flow for piece in by_page.get(page.number, [])}
        if flows == {FURNITURE}:
            yield Finding(
                ERROR,
                "fit",
                f"page {page.number} holds only the page's running head and number: "
                "the template breaks the page where nothing follows",
            )


def _place(piece: Piece) -> tuple:
    return piece.page, id(piece.panel)


def _heading_text(flow: list[Piece], piece: Piece) -> str:
    words = " ".join(
        other.text.strip() for other in flow if other.heading is piece.heading and other.text
    )
    return shortened(words, 60)
