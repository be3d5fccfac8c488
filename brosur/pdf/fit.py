"""Fixed boxes that must hold their text: how full each is, in a laid-out document, and
which overflow.

A template marks such a box with `data-fit="<name>"` (a brochure panel, for instance) and
gives it a fixed size with `overflow: hidden`. WeasyPrint then clips what does not fit,
silently; this check reads the layout back and names every box whose content runs past it.
A box set in columns (`columns: 3`) overflows into columns beyond its right edge, which
WeasyPrint lays out but never draws: their text counts as spilled.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

PX_PER_MM = 96 / 25.4  # WeasyPrint lays out in CSS pixels
TOLERANCE_MM = 0.2  # rounding, not overflow


@dataclass(frozen=True)
class Fill:
    """How much of a fixed box its content takes: `used` and `room` in mm of column."""

    box: str
    page: int
    used: float
    room: float

    @property
    def ratio(self) -> float:
        return self.used / self.room if self.room else 1.0

    @property
    def by_mm(self) -> float:
        return round(self.used - self.room, 1)

    @property
    def overflows(self) -> bool:
        return self.used - self.room > TOLERANCE_MM

    def __str__(self) -> str:
        return f"the text in {self.box} (page {self.page}) runs {self.by_mm:.1f} mm past its box"


def fills(document) -> list[Fill]:
    """How full every `data-fit` box of a laid-out WeasyPrint document is: content past its
    bottom, onto a following page when WeasyPrint broke it, or into columns past its edge,
    counts as used."""
    names: dict[int, str] = {}
    fragments: dict[int, list] = {}
    for number, page in enumerate(document.pages, start=1):
        for name, box in _outermost_fit_boxes(page._page_box):
            names[id(box.element)] = name
            fragments.setdefault(id(box.element), []).append((number, box))
    return [_fill(names[element], pieces) for element, pieces in fragments.items()]


def overflows(document) -> list[Fill]:
    """Every `data-fit` box whose content spills."""
    return [fill for fill in fills(document) if fill.overflows]


def _fill(name: str, pieces: list) -> Fill:
    (page, first), rest = pieces[0], pieces[1:]
    if is_columns(first):
        used, room = _columns_used(first)
    elif _is_spread(first):
        # Its parts are spread from head to foot: what they take is their own heights.
        room, used = first.height, sum(child.margin_height() for child in first.children)
    else:
        room = first.height
        used = content_bottom(first) - first.content_box_y()
    used += sum(content_bottom(box) - box.content_box_y() for _, box in rest)
    return Fill(name, page, used / PX_PER_MM, room / PX_PER_MM)


def page_fill(page) -> float:
    """How much of a laid-out page's content area its text takes, from the top (0 to 1)."""
    page_box = page._page_box
    roots = [child for child in page_box.children if child.element_tag == "html"]
    bottom = max((content_bottom(root) for root in roots), default=page_box.content_box_y())
    return (bottom - page_box.content_box_y()) / page_box.height


def _is_spread(box) -> bool:
    style = box.style
    return (
        style["display"] == ("block", "flex")
        and style["flex_direction"] == "column"
        and style["justify_content"] == ("space-between",)
    )


def is_columns(box) -> bool:
    return box.style["column_count"] != "auto" or box.style["column_width"] != "auto"


def _columns_used(box) -> tuple[float, float]:
    """(used, room) of a box set in columns, summed over its columns: those past its right
    edge are all spill."""
    columns = [child for child in box.children if hasattr(child, "margin_height")]
    right = box.content_box_x() + box.width + TOLERANCE_MM * PX_PER_MM
    inside = [column for column in columns if column.position_x + column.width <= right]
    room = box.height * max(len(inside), 1)
    used = sum(content_bottom(column) - column.content_box_y() for column in columns)
    if len(inside) < len(columns):
        # The columns it holds are full (a block kept whole may leave a gap at a foot).
        spill = columns[len(inside) :]
        return room + sum(content_bottom(column) - column.content_box_y() for column in spill), room
    return used, room


def _outermost_fit_boxes(box) -> Iterator[tuple[str, Any]]:
    """The `data-fit` boxes below `box`, not those inside them (a box set in columns lays
    each column out as a box of the same element), each with its name."""
    for child in getattr(box, "children", ()):
        if (name := fit_name(child)) is not None:
            yield name, child
        else:
            yield from _outermost_fit_boxes(child)


def fit_name(box) -> str | None:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None)
    # ::before and ::after boxes (the fold marks) carry their element too: not the box itself.
    if element is None or tag is None or "::" in tag or not hasattr(box, "height"):
        return None
    return element.get("data-fit")


def content_bottom(box) -> float:
    bottoms = [
        child.position_y + child.margin_height()
        for child in _in_flow_descendants(box)
        if hasattr(child, "margin_height")
    ]
    return max(bottoms, default=box.content_box_y())


def _in_flow_descendants(box):
    """Every box below `box` except positioned ones (such as fold marks), which are drawn
    where they are placed, not where the text runs."""
    for child in getattr(box, "children", ()):
        if child.style["position"] in ("absolute", "fixed"):
            continue
        yield child
        yield from _in_flow_descendants(child)
