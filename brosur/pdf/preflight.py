"""Preflight: the checks a print shop, a grant portal or a screen reader would otherwise fail.

Layout checks read the laid-out WeasyPrint document (fit, image resolution, links); font
checks read what WeasyPrint embedded. (The checks of the content itself, run before any PDF,
are in content/checks.py.) Every build runs these on every PDF (errors stop that PDF,
warnings are printed); `build.py check` runs them all and reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

from brosur.content.addresses import is_link
from brosur.findings import ERROR, WARNING, Finding
from brosur.pdf.fit import PX_PER_MM, overflows


def layout_findings(document, html: str, variant) -> list[Finding]:
    """Check a rendered document before it is written."""
    findings = [Finding(ERROR, "fit", f"{spill}: shorten it") for spill in overflows(document)]
    findings += image_findings(document, variant)
    findings += link_findings(html)
    return findings


def font_findings(document, families: tuple[str, ...]) -> list[Finding]:
    """Check the fonts WeasyPrint embedded (known only once the PDF has been drawn)."""
    chosen = set(families)
    findings = []
    for font in document.fonts.values():
        characters = _characters(font)
        if font.family not in chosen:
            findings.append(
                Finding(
                    ERROR,
                    "fonts",
                    f"{_quote(characters)} printed in {font.family}, a font the "
                    f"theme did not choose ({', '.join(sorted(chosen))} lack it)",
                )
            )
        if font.missing:
            missing = "".join(chr(codepoint) for codepoint in font.missing)
            findings.append(
                Finding(
                    ERROR,
                    "fonts",
                    f"{_quote(missing)} has no glyph in {font.family}: it would "
                    "print as an empty box",
                )
            )
        if not font.file_content:
            findings.append(Finding(ERROR, "fonts", f"{font.family} could not be embedded"))
    return findings


def size_findings(size: int, variant) -> list[Finding]:
    """Check a written PDF against its variant's size budget."""
    budget = variant.size_budget if variant else None
    if budget and size > budget:
        return [
            Finding(
                WARNING,
                "size",
                f"{size / 1e6:.1f} MB, over the {variant.name} "
                f"budget of {budget / 1e6:.0f} MB (for mail and grant portals)",
            )
        ]
    return []


def image_findings(document, variant) -> Iterator[Finding]:
    """Effective resolution of every raster image at its placed size (print variant)."""
    if not variant or not variant.min_image_dpi:
        return
    error_below, warn_below = variant.min_image_dpi
    for box in _all_boxes(document):
        image = getattr(box, "replacement", None)
        if image is None or not hasattr(image, "width") or not getattr(box, "width", 0):
            continue
        dpi = _effective_dpi(box, image)
        name = (box.element.get("src") or "").rsplit("/", 1)[-1]
        if dpi < error_below:
            yield Finding(
                ERROR,
                "images",
                f"{name} prints at {dpi:.0f} dpi; at least "
                f"{error_below} dpi is needed (use a larger picture)",
            )
        elif dpi < warn_below:
            yield Finding(
                WARNING,
                "images",
                f"{name} prints at {dpi:.0f} dpi; print shops ask for {warn_below}",
            )


def _effective_dpi(box, image) -> float:
    # The picture is scaled to cover (or fit) its box; what counts is pixels per inch on paper.
    box_width_in = box.width / PX_PER_MM / 25.4
    box_height_in = box.height / PX_PER_MM / 25.4
    scales = (box_width_in / image.width, box_height_in / image.height)
    inches_per_pixel = max(scales) if box.style["object_fit"] == "cover" else min(scales)
    return 1 / inches_per_pixel


def link_findings(html: str) -> list[Finding]:
    """Every link is well-formed: a web address, an e-mail address or a page in the PDF."""
    collector = _Links()
    collector.feed(html)
    return [
        Finding(ERROR, "links", f"{href!r} is not a well-formed link")
        for href in collector.hrefs
        if not _well_formed(href, collector.ids)
    ]


def _well_formed(href: str, ids: set[str]) -> bool:
    if href.startswith("#"):
        return href[1:] in ids
    return is_link(href)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href") is not None:
            self.hrefs.append(attributes["href"])


def _all_boxes(document):
    for page in document.pages:
        yield from page._page_box.descendants()


def _characters(font) -> str:
    return "".join(sorted(set("".join(font.to_unicode.values()))))[:20]


def _quote(characters: str) -> str:
    return ", ".join(f"'{character}' (U+{ord(character):04X})" for character in characters[:5])
