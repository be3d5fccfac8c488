"""An SVG's values as WeasyPrint reads them, each refused when it could not be drawn or
would print nothing (issue 23): the lengths and coordinates it draws (sizes, path data,
transforms), which must be finite numbers within what can be drawn; the font sizes of its
texts, which Pango must be able to set; and its drawing area (the viewBox, or its width and
height without one), which at the size brosur prints a picture may be too large or too small
to show at all. svgdrawing.py reads an SVG's elements with these.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import tinycss2


class SvgProblem(Exception):
    """What is wrong with the SVG being read (raised from inside the XML parser).
    Internal: pictures.py turns it into a Problem of errors.InputError, which users see."""


# WeasyPrint writes numbers into a PDF with six decimals. A picture prints at least 9 mm (a
# partner's logo) and at most a page across: a drawing area wider than 1,000,000 units gets
# a scale with too few digits left to keep its size (a viewBox of 1e9 is written "0. 0 0 0.
# 0 0 cm": nothing is drawn), and one narrower than 0.01 units has its points rounded onto
# fewer than 10,000 places across it (on one, far below).
DRAWING_AREA = (0.01, 1_000_000)
MAX_ASPECT = 1_000  # a logo 45 mm wide and 1,000 times less high prints 0.045 mm high
MIN_PRINTED = 96 / 25.4  # 1 mm in CSS pixels: an SVG's own size below it is lost on paper
MAX_NUMBER = 10_000_000  # any length or coordinate: ten times the widest drawing area
# Pango sets type from 1/1024 to 2,097,151 px (sizes are 1/1024ths in 32 bits); past either,
# WeasyPrint's drawing of the SVG fails (Pango-CRITICAL, ZeroDivisionError).
FONT_SIZES = (0.01, 1_000_000)
DEFAULT_FONT_SIZE = 16.0  # 12pt, WeasyPrint's own for an SVG

# What WeasyPrint reads as lengths or numbers to draw (an attribute, or the same name in CSS).
LENGTHS = frozenset(
    {
        *("x", "y", "width", "height", "x1", "y1", "x2", "y2", "dx", "dy", "points", "d"),
        *("cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "refX", "refY", "stdDeviation"),
        *("stroke-width", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit"),
        *("textLength", "startOffset", "rotate", "letter-spacing", "word-spacing"),
        *("baseline-shift", "kerning", "markerWidth", "markerHeight"),
        *("transform", "gradientTransform", "patternTransform"),
    }
)
FONT_SIZE = ("font-size", "font")
TEXTS = frozenset({"text", "tspan", "textPath", "tref", "a"})  # WeasyPrint sets `a` as text
UNITS = {"px": 1, "pt": 4 / 3, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4}
UNITS["q"] = UNITS["mm"] / 4
RELATIVE = {"%": 0.01, "rem": 1, "em": 1, "ex": 0.5}  # of the font size around (WeasyPrint)
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
NOT_A_NUMBER = re.compile(r"nan|inf", re.IGNORECASE)
LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z%]*)\s*")


@dataclass(frozen=True)
class FontSize:
    """The font size an element's text is set at, and the `font-size` it comes from, as
    WeasyPrint reads it: a relative size is inherited as written and applied at each level."""

    size: float
    written: str = ""  # as the message shows it: font-size="2em"
    value: str = ""
    element: str = ""


# Values and numbers ---------------------------------------------------------------------------


def element_values(attributes: dict[str, str]) -> dict[str, tuple[str, str]]:
    """An element's presentation values as WeasyPrint reads them, each with its origin (see
    `written`): its attributes without a namespace, overridden by its style attribute."""
    values = {name: (value, "") for name, value in attributes.items() if " " not in name}
    for name, value in declarations(attributes.get("style", "")):
        values[name] = (value, "style")
    return values


def see_through(values: dict) -> bool:
    """Whether WeasyPrint draws an element as a see-through group: opacity below 1."""
    value = values.get("opacity", ("1", ""))[0].strip()
    scale = 100 if value.endswith("%") else 1
    try:  # as WeasyPrint reads it: clamped, so that -1 and nan are 0
        return min(1, max(0, float(value.removesuffix("%")) / scale)) < 1
    except ValueError:
        return False  # WeasyPrint fails to draw it: pdf/drawing.py names it


def written(name: str, value: str, origin: str) -> str:
    """A value as a message quotes it, as it is written in the SVG: in an attribute (origin
    ""), in a style attribute ("style"), or in a rule of a <style> element ("rule")."""
    value = " ".join(value.split())
    value = value if len(value) <= 40 else value[:39] + "…"
    if origin == "rule":
        return f"{name}: {value}"
    return f'{name}="{value}"' if not origin else f'style="{name}: {value}"'


def declarations(css: str) -> list[tuple[str, str]]:
    """The declarations of a style attribute or a rule, as (lower-case name, value)."""
    if not css.strip():
        return []
    if not re.search(r"/\*|\\|[\"'(]", css):  # no comment, escape, string or bracket
        pairs = (part.partition(":") for part in css.split(";"))
        return [(name.strip().lower(), value.strip()) for name, colon, value in pairs if colon]
    return [
        (node.lower_name, tinycss2.serialize(node.value).strip())
        for node in tinycss2.parse_blocks_contents(css, skip_comments=True)
        if node.type == "declaration"
    ]


def check_numbers(element: str, attribute: str, value: str, origin: str) -> None:
    """Refuse a length or coordinate that is not a finite number WeasyPrint can draw."""
    where = f"has {written(attribute, value, origin)} on a <{element}>"
    if NOT_A_NUMBER.search(value):
        raise SvgProblem(f"{where}, which is not a number; correct it and export it again")
    for number in NUMBER.findall(value):
        # Seven digits without an exponent are below the bound: no need to read them.
        short = len(number) <= 7 and "e" not in number.lower()
        if not short and not abs(float(number)) <= MAX_NUMBER:
            raise SvgProblem(
                f"{where}, a number too large to draw (at most {MAX_NUMBER:,}); correct it "
                "and export it again"
            )


def _numbers(value: str) -> list[float] | None:
    """The numbers of a list such as a viewBox, or None if it holds anything else."""
    if NUMBER.sub(" ", value).replace(",", " ").strip():
        return None
    return [float(number) for number in NUMBER.findall(value)]


def _length(value: str, font_size: float) -> float | None:
    """A length in CSS pixels as WeasyPrint reads it, or None if it is not one."""
    match = LENGTH.fullmatch(value)
    if not match:
        return None
    number, unit = float(match[1]), match[2].lower()
    if unit in RELATIVE:
        return number * RELATIVE[unit] * font_size
    return number * UNITS.get(unit or "px", 0)  # WeasyPrint draws an unknown unit as 0


def _amount(number: float) -> str:
    """A number as a message shows it: 1,000,000,000; 0.000001; 1e+30."""
    if 1e-9 <= abs(number) < 1e15:
        return f"{number:,.9f}".rstrip("0").rstrip(".")
    return f"{number:g}"


# Font sizes -----------------------------------------------------------------------------------


def font_size(element: str, values: dict, around: FontSize) -> FontSize:
    """The font size of an element, as WeasyPrint works it out; refuse one that is not a
    size, or, on a text, one that cannot be set."""
    font = _font_set(element, values) or around  # inherited as written, applied again here
    if not font.value:
        return around
    size = _length(font.value, around.size)
    if NOT_A_NUMBER.search(font.value) or (size is not None and not math.isfinite(size)):
        raise SvgProblem(
            f"sets {font.written} on a <{font.element}>, which is not a size; correct it and "
            "export it again"
        )
    font = replace(font, size=size or 0.0)  # WeasyPrint sets what it cannot read at 0
    if element in TEXTS:
        check_font_size(font, element)
    return font


def _font_set(element: str, values: dict) -> FontSize | None:
    """The font size an element sets itself, if it does (its size not worked out yet)."""
    if "font" in values and len(parts := values["font"][0].split(maxsplit=1)) == 2:
        return FontSize(0, written("font", *values["font"]), parts[0], element)
    if "font-size" in values:
        value, origin = values["font-size"]
        return FontSize(0, written("font-size", value, origin), value, element)
    return None


def check_font_size(font: FontSize, element: str) -> None:
    """Refuse a font size Pango cannot set a text of `element` at."""
    where = f"sets {font.written} on a <{font.element}>"
    low, high = FONT_SIZES
    if font.size < 0:
        raise SvgProblem(f"{where}, a font size below 0; correct it and export it again")
    if font.size > high:
        bound = f"larger than can be set (at most {high:,})"
    elif 0 < font.size < low:
        bound = f"smaller than can be set (at least {low})"
    else:
        return
    what = "its text" if font.element == element else f"a <{element}> in it"
    raise SvgProblem(
        f"{where}, which sets {what} {_amount(font.size)} units high, {bound}; correct it and "
        "export it again"
    )


# The drawing area -----------------------------------------------------------------------------


def check_viewbox(element: str, written: str, value: str) -> list[float]:
    """A viewBox's four numbers; refuse one that is not four finite numbers."""
    numbers = _numbers(value)
    if numbers is None or len(numbers) != 4 or not all(map(math.isfinite, numbers)):
        raise SvgProblem(
            f"has {written} on a <{element}>, which is not four numbers; correct it and "
            "export it again"
        )
    return numbers


def check_area(values: dict, viewbox: list[float] | None) -> None:
    """Refuse an SVG whose drawing area prints nothing visible at the size pictures print,
    given its attributes' values and its viewBox's numbers (checked by `check_viewbox`)."""
    sizes = {}
    for side in ("width", "height"):
        if side in values:
            sizes[side] = _own_size(values[side][0], written(side, *values[side]))
    own_width, own_height = sizes.get("width"), sizes.get("height")
    if viewbox is not None:
        *_, width, height = viewbox
        area = "its viewBox is"
    elif own_width and own_height:
        width, height = own_width, own_height
        area = "it has no viewBox and is"
    else:
        return  # drawn in CSS pixels at the size its place gives it
    for side, size in (("wide", width), ("high", height)):
        _check_extent(area, side, size)
    if max(width / height, height / width) > MAX_ASPECT:
        ratio, (long, short) = max(width / height, height / width), ("wide", "high")
        if height > width:
            long, short = short, long
        raise SvgProblem(
            f"draws nothing visible at the size it prints: {area} {_amount(round(ratio))} times "
            f"as {long} as it is {short}, so it prints thinner than a hair; crop it to what it "
            "draws and export it again"
        )


def _own_size(value: str, written: str) -> float | None:
    """An SVG's own width or height in CSS pixels (None when relative): refuse one that
    prints nothing."""
    size = _length(value, DEFAULT_FONT_SIZE)
    if size is None or value.strip().endswith(("%", "em", "ex")):
        return None
    if size <= 0:
        raise SvgProblem(f"draws nothing: its {written} gives it no size; export it again")
    if size < MIN_PRINTED:
        raise SvgProblem(
            f"draws nothing visible at the size it prints: its {written} is "
            f"{_amount(size * 25.4 / 96)} mm, too small to see; export it again at its real size"
        )
    return size


def _check_extent(area: str, side: str, size: float) -> None:
    """Refuse one side of a drawing area too large or too small to draw at any size."""
    low, high = DRAWING_AREA
    if size <= 0:
        raise SvgProblem(f"draws nothing: {area} {_amount(size)} units {side}; export it again")
    if size > high:
        raise SvgProblem(
            f"draws nothing visible at the size it prints: {area} {_amount(size)} units {side}, "
            f"so that one unit prints too small for a PDF to place (at most {high:,} units); "
            "export it again at its real size"
        )
    if size < low:
        raise SvgProblem(
            f"draws nothing visible at the size it prints: {area} {_amount(size)} units {side}, "
            f"so that its points print too close together for a PDF to place (at least {low} "
            "units); export it again at its real size"
        )
