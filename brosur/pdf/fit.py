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
    """Return every `data-fit` box of a rendered WeasyPrint document whose content spills,
    past its bottom or, when WeasyPrint broke it, onto a following page."""
    fragments: dict[int, list] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            if _fit_name(box) is not None:
                fragments.setdefault(id(box.element), []).append((number, box))
    found = []
    for pieces in fragments.values():
        (page, first), rest = pieces[0], pieces[1:]
        spill = _content_bottom(first) - _box_bottom(first)
        spill += sum(_content_bottom(box) - box.content_box_y() for _, box in rest)
        if spill / PX_PER_MM > TOLERANCE_MM:
            found.append(Overflow(_fit_name(first), page, round(spill / PX_PER_MM, 1)))
    return found


def _fit_name(box) -> str | None:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None)
    # ::before and ::after boxes (the fold marks) carry their element too: not the box itself.
    if element is None or tag is None or "::" in tag or not hasattr(box, "height"):
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
