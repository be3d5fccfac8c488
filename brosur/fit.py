"""Fixed boxes that must hold their text: find, in a laid-out document, any that overflow.

A template marks such a box with `data-fit="<name>"` (a brochure panel, for instance) and
gives it a fixed size with `overflow: hidden`. WeasyPrint then clips what does not fit,
silently; this check reads the layout back and names every box whose content runs past it.
"""

from __future__ import annotations

from dataclasses import dataclass

PX_PER_MM = 96 / 25.4  # WeasyPrint lays out in CSS pixels
TOLERANCE_MM = 0.2  # rounding, not overflow


@dataclass(frozen=True)
class Overflow:
    box: str
    page: int
    by_mm: float

    def __str__(self) -> str:
        return f"the text in {self.box} (page {self.page}) runs {self.by_mm:.1f} mm past its box"


def overflows(document) -> list[Overflow]:
    """Return every `data-fit` box of a rendered WeasyPrint document whose content spills."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            name = _fit_name(box)
            if name is None:
                continue
            spill_mm = (_content_bottom(box) - _box_bottom(box)) / PX_PER_MM
            if spill_mm > TOLERANCE_MM:
                found.append(Overflow(name, number, round(spill_mm, 1)))
    return found


def _fit_name(box) -> str | None:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None or not hasattr(box, "height"):
        return None
    return element.get("data-fit")


def _box_bottom(box) -> float:
    return box.content_box_y() + box.height


def _content_bottom(box) -> float:
    bottoms = [
        child.position_y + child.margin_height()
        for child in _in_flow_descendants(box)
        if hasattr(child, "margin_height")
    ]
    return max(bottoms, default=_box_bottom(box))


def _in_flow_descendants(box):
    """Every box below `box` except positioned ones (such as fold marks), which are drawn
    where they are placed, not where the text runs."""
    for child in getattr(box, "children", ()):
        if child.style["position"] in ("absolute", "fixed"):
            continue
        yield child
        yield from _in_flow_descendants(child)
