"""Page economy: how each page and panel of a laid-out document is used, as a designer reads
a proof (issue 25).

Measured from the boxes WeasyPrint laid out: for each area — a page's live area, or each
panel of a document in panels (its fixed boxes, `data-fit`, and the columns a panel is set
in) — the blank band at its foot and the tallest empty run inside it, each a share of its
height. A line of text, a picture and every painted box (a card's tint, a band, a rule)
count as used; running heads and folios do not, nor the paint of the area itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from weasyprint.formatting_structure.boxes import MarginBox, ReplacedBox, TextBox

from brosur.documents import Bound
from brosur.pdf.fit import fit_name
from brosur.pdf.layout import ASCENT, DESCENT
from brosur.pdf.options import Area

RECIPIENT_BOX = "the recipient box"  # a copy's own box: part of its page, not a panel


def areas(document) -> list[Area]:
    """Every area of a laid-out document, page by page: its panels where it has any."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        panels = list(_panels(page_box))
        if panels:
            trim = (page_box.position_y, page_box.position_y + page_box.margin_height())
            found += [_measured(number, name, box, own=False, trim=trim) for name, box in panels]
        else:
            found.append(_measured(number, f"page {number}", page_box, own=True))
    return found


def _panels(box, name: str | None = None) -> Iterator[tuple[str, object]]:
    """The panels below `box` (not those inside them): a fixed box, or each of the columns it
    is set in, by name."""
    for child in getattr(box, "children", ()):
        found = fit_name(child)
        if found is None or found == RECIPIENT_BOX:
            yield from _panels(child, name)
        elif _columns(child):
            for index, column in enumerate(_columns(child), start=1):
                yield f"{found} {index}", column
        else:
            yield found, child


def _columns(box) -> list:
    if box.style["column_count"] == "auto" and box.style["column_width"] == "auto":
        return []
    right = box.content_box_x() + box.width + 1
    return [
        child
        for child in box.children
        if hasattr(child, "width") and child.position_x + child.width <= right
    ]


def _measured(page: int, name: str, box, own: bool, trim=(0.0, 0.0)) -> Area:
    """The area of `box` (a page: its content box; a panel: its padding box within the
    page's `trim`, top and bottom: a print's bleed is cut off, and would count as blank)
    and how the marks inside it use it."""
    if own:  # a page: its live area, inside the margins
        top, bottom = box.content_box_y(), box.content_box_y() + box.height
    else:
        top = max(box.padding_box_y(), trim[0])
        bottom = min(box.padding_box_y() + box.padding_height(), trim[1])
    height = max(bottom - top, 1.0)
    spans = sorted(
        (max(top, upper), min(bottom, lower))
        for upper, lower in _marks(box, root=box)
        if lower > top and upper < bottom
    )
    if not spans:
        return Area(page, name, 1.0, 0.0)
    gap, reached = 0.0, top
    for upper, lower in spans:
        gap = max(gap, upper - reached)
        reached = max(reached, lower)
    return Area(page, name, (bottom - reached) / height, gap / height)


def marks(root) -> Iterator[tuple[float, float]]:
    """The vertical extent of everything drawn inside `root`, as `_measured` counts it."""
    return _marks(root, root=root)


def _marks(box, root) -> Iterator[tuple[float, float]]:
    """The vertical extent of everything drawn below `box`: text by its letters, pictures and
    painted boxes whole; page furniture left out, and `root`'s own paint."""
    if isinstance(box, MarginBox):
        return
    if isinstance(box, TextBox):
        if box.text.strip():
            baseline, size = box.position_y + box.baseline, box.style["font_size"]
            yield baseline - ASCENT * size, baseline + DESCENT * size
        return
    if isinstance(box, ReplacedBox) or (box is not root and _painted(box)):
        y = box.border_box_y()
        yield y, y + box.border_height()
        if isinstance(box, ReplacedBox):
            return
    for child in getattr(box, "children", ()):
        yield from _marks(child, root)


def _painted(box) -> bool:
    """Whether a box paints something of its own: a background or a visible border (the
    document's root and body, which paint whole pages, aside)."""
    if getattr(box, "element_tag", None) in ("html", "body") or not hasattr(box, "border_height"):
        return False
    style = box.style
    if style["background_color"].alpha > 0 or any(
        image[0] != "none" for image in style["background_image"]
    ):
        return True
    return any(
        style[f"border_{side}_width"] > 0 and style[f"border_{side}_style"] != "none"
        for side in ("top", "right", "bottom", "left")
    )


# Judging the areas ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Excess:
    """An area beyond a bound of its document: by how much (a share of its height)."""

    area: Area
    what: str  # "blank at the foot", "empty run inside", "used"
    share: float  # the area's
    bound: float  # the document's
    over: float  # how far past the bound

    def __str__(self) -> str:
        if self.what == "used":
            return f"{self.area.name} is only {self.share:.0%} used (at least {self.bound:.0%})"
        return f"{self.area.name} is {self.share:.0%} {self.what} (at most {self.bound:.0%})"


def excesses(found: list[Area], bounds: tuple[Bound, ...]) -> list[Excess]:
    """Every area beyond a bound that holds for it, in page order."""
    over = []
    for bound in bounds:
        for area in _held_by(bound.areas, found):
            measures = (
                ("blank at the foot", area.foot, bound.foot, area.foot - bound.foot),
                ("an empty run inside", area.gap, bound.gap, area.gap - bound.gap),
                ("used", area.used, bound.used, bound.used - area.used),
            )
            over += [Excess(area, *measure) for measure in measures if measure[3] > 0.005]
    return sorted(over, key=lambda excess: (excess.area.page, excess.area.name))


def penalty(found: list[Area], bounds: tuple[Bound, ...]) -> float:
    """How far a layout's areas are past their bounds, in all: 0 when within every one."""
    return sum(excess.over for excess in excesses(found, bounds))


def _held_by(areas: str, found: list[Area]) -> list[Area]:
    """The areas a bound names: "pages", "inner pages" (between the cover and the last
    content page), "last page" (the last content page, before the back cover), or the panels
    whose name begins so."""
    pages = [area for area in found if area.name.startswith("page ")]
    if areas == "pages":
        return pages
    if areas == "inner pages":
        return pages[1:-2]
    if areas == "last page":
        return pages[-2:-1] if len(pages) > 2 else []
    return [area for area in found if area.name.startswith(areas)]
