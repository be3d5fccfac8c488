"""Whether WeasyPrint can draw an SVG, and whether what it draws can be seen, followed element
by element as svg.SvgReader reads it (issue 23: such a picture vanished from the PDF).

How deep its elements nest, counting what a `<use>`, a clip path, a mask or a marker draws in
its place, and how many elements that makes: WeasyPrint draws by recursion, and a `<use>` that
includes itself never ends. How deep its see-through layers nest: PDF viewers stop drawing
past a depth. And its values (svgvalues.py): lengths, font sizes, its drawing area.

Every bound was found by drawing with WeasyPrint 70: past it, the picture vanished (a log
line, a Pango-CRITICAL line, a blank in the PDF viewer) or WeasyPrint raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tinycss2

from brosur.content.svgvalues import (
    DEFAULT_FONT_SIZE,
    FONT_SIZE,
    LENGTHS,
    FontSize,
    SvgProblem,
    check_area,
    check_font_size,
    check_numbers,
    check_viewbox,
    declarations,
    element_values,
    font_size,
    see_through,
    written,
)

# WeasyPrint draws an SVG by recursion, up to three Python calls a level (the bounding boxes
# of nested groups with opacity, then their nested PDF groups as the PDF is written). Within
# Python's default 1,000 calls, plain groups vanished past about 910 levels and groups with
# opacity past 300, so pdf/drawing.py gives WeasyPrint room for this many levels of the
# costliest kind in each of the SVGs nested in one another (pictures.MAX_NESTING), and the
# page around them. 500 levels of it drew in about a second; exported logos nest 10 to 30.
MAX_SVG_DEPTH = 500
MAX_DRAWN = 20_000  # elements drawn, each copy a <use> draws counted: as many as it may hold
# WeasyPrint draws an element with opacity (below 1) as a group of its own, a PDF form inside
# the form around it. PDF viewers stop drawing forms nested deeper than a limit: pdfium (in
# Chrome) drew about 40 such layers on a page and left the picture blank past them, with
# no message, counting the SVG pictures inside the SVG; poppler drew about 100. Exported
# logos nest see-through layers 1 to 5 deep: 20 leaves room for the page around them.
MAX_GROUPS = 20

# Elements whose contents WeasyPrint draws only where something refers to them (<defs> and
# its DEF_TYPES).
NOT_IN_PLACE = frozenset(
    {
        *("defs", "clipPath", "filter", "gradient", "image"),
        *("marker", "mask", "path", "pattern", "symbol"),
    }
)
# References that draw what they name in their element's place, with the kind of element
# each draws (WeasyPrint takes an element whose name holds it: "clipPath" for "path").
REFERENCES = {
    "clip-path": "path",
    "mask": "mask",
    "marker": "marker",
    "marker-start": "marker",
    "marker-mid": "marker",
    "marker-end": "marker",
}  # (A pattern is drawn apart: one that fills itself with itself draws once, harmlessly.)
URL = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)")


@dataclass
class _Element:
    name: str
    group: bool = False  # drawn as a see-through group of its own (MAX_GROUPS)
    selectors: tuple[str, ...] = ()  # what a simple CSS rule names it by: g, .st0, #logo
    children: list[int] = field(default_factory=list)
    # (the id named, the kind of element it draws: "" for any, the attribute that names it)
    references: list[tuple[str, str, str]] = field(default_factory=list)


class Drawing:
    """What WeasyPrint will draw of one SVG, followed as it is read; each method raises
    SvgProblem for what could not be drawn or would not be seen."""

    def __init__(self, groups: int = 0):
        self.elements: list[_Element] = []
        self.open: list[int] = []  # the elements being read, outermost first
        self.fonts = [FontSize(DEFAULT_FONT_SIZE)]
        self.ids: dict[str, int] = {}
        self.see_through: set[str] = set()  # simple selectors of rules that set opacity
        # The see-through layers around the SVG (when it is inside another), then at most
        # around anything it draws, once it is read: the pictures inside it are inside them.
        self.groups = groups

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """Read one element's start tag (attribute names as expat gives them)."""
        if len(self.open) == MAX_SVG_DEPTH:
            raise SvgProblem(
                f"has elements nested more than {MAX_SVG_DEPTH} deep, more than brosur can "
                "draw; ungroup them in a drawing program and export it again"
            )
        values = element_values(attributes)
        for attribute, (value, origin) in values.items():
            if attribute in LENGTHS:
                check_numbers(name, attribute, value, origin)
        self.fonts.append(font_size(name, values, self.fonts[-1]))
        viewbox = None
        if "viewBox" in values:
            value, origin = values["viewBox"]
            viewbox = check_viewbox(name, written("viewBox", value, origin), value)
        if not self.open and name == "svg":
            check_area(values, viewbox)
        self._record(name, attributes, values)

    def end(self) -> None:
        self.open.pop()
        self.fonts.pop()

    def stylesheet(self, css: str) -> None:
        """Check the lengths a `<style>` element sets (in rules for any element), and keep
        the simple selectors of its rules that make elements see-through (Illustrator's
        `.st3{opacity:0.5;}`; rules of other selectors are not followed)."""
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            values = dict(declarations(tinycss2.serialize(rule.content)))
            for name, value in values.items():
                if name in LENGTHS:
                    check_numbers("style", name, value, "rule")
                elif name in FONT_SIZE:
                    font = font_size("style", {name: (value, "rule")}, self.fonts[0])
                    check_font_size(font, "style")
            if see_through({name: (value, "rule") for name, value in values.items()}):
                selectors = tinycss2.serialize(rule.prelude).split(",")
                self.see_through.update(selector.strip() for selector in selectors)

    def finish(self) -> None:
        """Check what the SVG draws once every element is read: see `_walk`."""
        for element in self.elements:
            element.group = element.group or not self.see_through.isdisjoint(element.selectors)
        if self.elements:
            self.groups += _walk(self.elements, self.ids)
        if self.groups > MAX_GROUPS:
            raise SvgProblem(
                f"nests see-through layers (opacity) more than {MAX_GROUPS} deep (an SVG "
                "inside another adds to the other's), and PDF viewers leave such a picture "
                "blank; flatten its transparency or ungroup it, and export it again"
            )

    def _record(self, name: str, attributes: dict[str, str], values: dict) -> None:
        """Keep an element's place in the tree, its id and what it refers to (for `_walk`)."""
        index = len(self.elements)
        classes = tuple(f".{name}" for name in attributes.get("class", "").split())
        identifier = attributes.get("id")
        selectors = (name, *classes, *([f"#{identifier}"] if identifier else []))
        element = _Element(name, see_through(values), selectors)
        self.elements.append(element)
        if self.open:
            self.elements[self.open[-1]].children.append(index)
            if identifier:  # WeasyPrint finds no root by its id
                self.ids.setdefault(identifier, index)
        self.open.append(index)
        href = next((v for a, v in attributes.items() if a.rpartition(" ")[2] == "href"), "")
        if name in ("use", "textPath", "tref") and (target := href.strip().partition("#")[2]):
            element.references.append((target, "", "href"))
        for attribute, kind in REFERENCES.items():
            if attribute in values and (match := URL.search(values[attribute][0])):
                element.references.append((match[1], kind, attribute))


# What the references draw ---------------------------------------------------------------------


def _walk(elements: list[_Element], ids: dict[str, int]) -> int:
    """Refuse an SVG whose references draw it deeper than MAX_SVG_DEPTH, in a loop, or more
    than MAX_DRAWN elements in all; return how deep it nests see-through layers. Depth first
    from the root, without recursion (an SVG drawn through its references can be deeper than
    Python's calls allow).

    An element is walked as a step: 2 × its index, plus 1 when it is drawn whole, as what a
    reference names is; a clip path, a symbol... in its place is drawn without its children."""
    heights, counts, groups = ([0] * 2 * len(elements) for _ in range(3))
    # The steps being walked, each with how it was reached ("" for a child; a reference such
    # as 'href (#a)') and the steps it leads to still to walk.
    path = [(1, "", iter(_drawn(elements, ids, 1)))]
    on_path = {1}
    while path:
        step, _, following = path[-1]
        after = next(following, None)
        if after is None:  # all it draws is measured: measure it
            path.pop()
            on_path.discard(step)
            drawn = [inner for inner, _ in _drawn(elements, ids, step)]
            heights[step] = 1 + max((heights[inner] for inner in drawn), default=0)
            counts[step] = 1 + sum(counts[inner] for inner in drawn)
            own = elements[step // 2].group
            groups[step] = own + max((groups[inner] for inner in drawn), default=0)
            _check_drawn(heights[step], counts[step])
        elif after[0] in on_path:
            _loop(elements, path, after)
        elif not heights[after[0]]:
            path.append((*after, iter(_drawn(elements, ids, after[0]))))
            on_path.add(after[0])
    return groups[1]


def _drawn(elements: list[_Element], ids: dict[str, int], step: int) -> list[tuple[int, str]]:
    """The steps WeasyPrint takes inside one (see _walk): its children, unless it is drawn
    only where something names it and is not drawn whole, and what its references name;
    each with how it is reached ("" for a child)."""
    element = elements[step // 2]
    whole = step % 2 or element.name not in NOT_IN_PLACE
    children = element.children if whole and element.name != "defs" else []
    drawn = [(child * 2, "") for child in children]
    for target, kind, attribute in element.references:
        found = ids.get(target)
        if found is not None and kind in elements[found].name.lower():
            drawn.append((found * 2 + 1, f"{attribute} (#{target})"))
    return drawn


def _check_drawn(height: int, count: int) -> None:
    """Refuse an element that draws too deep or too many elements, its references followed."""
    if height > MAX_SVG_DEPTH:
        raise SvgProblem(
            f"draws elements more than {MAX_SVG_DEPTH} deep once what its <use> elements, "
            "clip paths, masks and markers draw inside them is counted, more than brosur can "
            "draw; simplify it"
        )
    if count > MAX_DRAWN:
        raise SvgProblem(
            f"draws more than {MAX_DRAWN:,} elements once each copy its <use> elements draw "
            "is counted; simplify it"
        )


def _loop(elements: list[_Element], path: list, step: tuple[int, str]) -> None:
    """Refuse a reference that leads back to an element being drawn: naming one on the loop
    (there is one: children alone never lead back)."""
    first = next(position for position, (walked, *_) in enumerate(path) if walked == step[0])
    steps = [(path[position - 1][0], path[position][1]) for position in range(first + 1, len(path))]
    referrer, reference = next(
        (walked, how) for walked, how in [*steps, (path[-1][0], step[1])] if how
    )
    raise SvgProblem(
        f"has a <{elements[referrer // 2].name}> whose {reference} leads back to itself, so it "
        "would be drawn without end; remove that reference and export it again"
    )
