"""Reading an SVG as WeasyPrint will: the pictures it names (`<image href>`), and anything
else in it that would make WeasyPrint fetch a file, which is refused (pictures.py checks the
pictures it names)."""

from __future__ import annotations

import re
from xml.parsers import expat

import tinycss2  # WeasyPrint's own CSS parser

from brosur.content.svgdrawing import Drawing
from brosur.content.svgvalues import SvgProblem

MAX_SVG_ELEMENTS = 20_000  # a logo or a chart has hundreds
# WeasyPrint draws an element by its name whatever its namespace, so an <image> inside a
# <foreignObject> is drawn too. (It does not draw <feImage> yet; a later version may.)
PICTURE_ELEMENTS = {"image", "feImage"}
XML_BASE = "http://www.w3.org/XML/1998/namespace base"
DOCTYPE = "declares a DOCTYPE or entities, which brosur does not read; export it again"


def as_weasyprint_reads(href: str) -> str:
    """An href as WeasyPrint reads it: spaces around it, tabs and line breaks in it dropped."""
    return re.sub(r"[\t\n\r]", "", href.strip(" \t\n\f\r"))


def shown(href: str) -> str:
    return href if len(href) <= 60 else href[:59] + "…"


# CSS that fetches a file or names a picture holds one of these (a backslash starts an escape).
CSS_THAT_FETCHES = re.compile(r"url|src|href|@|\\", re.IGNORECASE)
CSS_AT_RULES = {
    "import": "imports CSS with @import, which brosur does not read; remove it",
    "font-face": "loads a font with @font-face, which brosur does not allow; convert its text "
    "to paths (outlines)",
}


class SvgReader:
    """Read an SVG once, with the XML parser WeasyPrint uses, for the pictures it names;
    raise SvgProblem for anything else in it that would make WeasyPrint fetch a file, or
    that WeasyPrint could not draw or would draw invisibly (svgdrawing.py, svgvalues.py)."""

    def __init__(self, groups: int = 0):
        """`groups`: the see-through layers around the SVG, when it is inside another."""
        self.elements = 0
        self.pictures: list[str] = []
        self.styles: list[list[str]] = []  # the text of each <style> element being read
        self.drawing = Drawing(groups)

    def pictures_in(self, data: bytes) -> list[str]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        try:
            parser.Parse(data, True)
        except expat.ExpatError as error:
            raise SvgProblem(f"is not a valid SVG file ({error}); export it again") from None
        self.drawing.finish()
        return self.pictures

    def _doctype(self, *_) -> None:
        # The bytes were searched already; this finds one written in UTF-16.
        raise SvgProblem(DOCTYPE)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_SVG_ELEMENTS:
            raise SvgProblem(f"has more than {MAX_SVG_ELEMENTS:,} elements; simplify it")
        element = _local(name)
        if element == "style":
            self.styles.append([])
        for attribute, value in attributes.items():
            self._attribute(element, attribute, value)
        self.drawing.start(element, attributes)

    def _end(self, name: str) -> None:
        if _local(name) == "style":
            css = "".join(self.styles.pop())
            _check_css(css, "stylesheet")
            self.drawing.stylesheet(css)
        self.drawing.end()

    def _text(self, text: str) -> None:
        if self.styles:
            self.styles[-1].append(text)

    def _attribute(self, element: str, attribute: str, value: str) -> None:
        name = _local(attribute)
        if attribute == XML_BASE:  # WeasyPrint reads an <image>'s href from there
            raise SvgProblem("uses xml:base, which brosur does not read; remove it")
        if name == "href" and element in PICTURE_ELEMENTS:
            self.pictures.append(value)
        elif name in ("href", "src"):
            # A link (<a>) is never fetched; <use> and the rest draw parts of the same SVG.
            if element != "a" and not _same_svg(value):
                raise SvgProblem(
                    f"refers to {shown(value.strip())!r} in a <{element}> element, where only "
                    "parts of the same SVG can be used; copy that part into it"
                )
        elif name == "style":
            _check_css(value, "declarations")
        else:  # presentation attributes such as fill="url(#gradient)"
            _check_css(value, "values")


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace."""
    return name.rpartition(" ")[2]


def _same_svg(href: str) -> bool:
    href = as_weasyprint_reads(href)
    return not href or href.startswith("#")


def _check_css(text: str, kind: str) -> None:
    """Raise SvgProblem for CSS that would fetch a file (a url() to anything but a part of the
    same SVG, @import, @font-face) or give a picture its name (WeasyPrint takes every CSS
    declaration as an attribute, href included). `kind`: stylesheet, declarations, values."""
    if not CSS_THAT_FETCHES.search(text):
        return  # nearly every style attribute: no need to parse it
    parse = {
        "stylesheet": tinycss2.parse_stylesheet,
        "declarations": tinycss2.parse_blocks_contents,
        "values": tinycss2.parse_component_value_list,
    }[kind]
    pending = list(parse(text, skip_comments=True))
    while pending:  # not recursive: brackets can nest deeper than Python calls
        node = pending.pop()
        _check_css_node(node)
        pending.extend(_css_children(node))


def _check_css_node(node) -> None:
    if node.type == "at-rule" and node.lower_at_keyword in CSS_AT_RULES:
        raise SvgProblem(CSS_AT_RULES[node.lower_at_keyword])
    if node.type == "declaration" and (
        node.lower_name == "href" or not re.fullmatch(r"-{0,2}[a-z][a-z0-9-]*", node.lower_name)
    ):
        raise SvgProblem(
            f"sets {shown(node.name)!r} in its CSS, which brosur does not allow; write it as "
            "an attribute"
        )
    target = None
    if node.type == "url":
        target = node.value
    elif node.type == "function" and node.lower_name in ("url", "src"):
        strings = [argument.value for argument in node.arguments if argument.type == "string"]
        target = strings[0] if strings else tinycss2.serialize(node.arguments)
    if target is not None and not _same_svg(target):
        raise SvgProblem(
            f"refers to {shown(target.strip())!r} in its CSS, where only parts of the same SVG "
            "(url(#name)) can be named; remove it"
        )


def _css_children(node) -> list:
    if node.type in ("at-rule", "qualified-rule"):
        content = tinycss2.parse_blocks_contents(node.content or [], skip_comments=True)
        return [*node.prelude, *content]
    if node.type == "declaration":
        return node.value
    if node.type == "function":
        return node.arguments
    if node.type in ("() block", "[] block", "{} block"):
        return node.content
    return []
