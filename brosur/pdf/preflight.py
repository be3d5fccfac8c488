"""Preflight: the checks a print shop, a grant portal or a screen reader would otherwise fail.

Layout checks read the laid-out WeasyPrint document (fit, image resolution, links); font
checks read what WeasyPrint embedded; content checks read the validated content (translation
coverage in every language, characters the theme's fonts lack, colour contrast). Every build
runs the document checks (errors stop that PDF, warnings are printed); `build.py check` runs
them all and reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from brosur.content.addresses import is_link
from brosur.pdf.fit import PX_PER_MM, overflows

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR stops the PDF; WARNING is reported
    check: str  # fit, fonts, images, links, size, translations, characters, contrast
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.check}: {self.message}"


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


# Content checks ------------------------------------------------------------------------------

# Text colour on background colour, as the templates pair them; each must reach WCAG AA.
CONTRAST_PAIRS = [
    ("ink", "white"),
    ("muted", "white"),
    ("accent_text", "white"),
    ("second", "white"),
    ("brand", "white"),
    ("ink", "tint"),
    ("muted", "tint"),
    ("brand", "tint"),
    ("second", "tint"),
    ("white", "brand"),
    ("brand_soft", "brand"),
]
WCAG_AA = 4.5


def content_findings(content) -> list[Finding]:
    """Check the content itself: translations in every language, characters, contrast."""
    return [
        *translation_findings(content),
        *character_findings(content),
        *contrast_findings(content),
    ]


def translation_findings(content) -> list[Finding]:
    """Every text missing in a language the project does not build yet (those it builds
    were already refused by validation), with its file and line."""
    from brosur.content.i18n import LANGUAGES

    built = set(content.project.languages)
    source = content.sources["organisation"]
    return [
        Finding(
            WARNING,
            "translations",
            f"{source.problem((*path, language), '')}"
            f"{LANGUAGES[language]} text is missing (not built yet, so not required)",
        )
        for path, text in _texts(content.organisation)
        for language in LANGUAGES
        if language not in built and not text.get(language)
    ]


def translation_coverage(content) -> dict[str, tuple[int, int]]:
    """For each language: (texts written, texts in all)."""
    from brosur.content.i18n import LANGUAGES

    texts = [text for _, text in _texts(content.organisation)]
    return {
        language: (sum(bool(text.get(language)) for text in texts), len(texts))
        for language in LANGUAGES
    }


def character_findings(content) -> list[Finding]:
    """A character the theme's fonts lack would print in another font, or as a box."""
    from brosur.content.fonts import font_characters

    families = [content.theme.fonts.text, content.theme.fonts.display]
    covered = {family: font_characters(family) for family in families}
    if not all(covered.values()):
        return []  # fontconfig cannot tell: the PDF check still catches it
    source = content.sources["organisation"]
    findings = []
    for path, value in _strings(content.organisation):
        for character in sorted(set(value)):
            lacking = [family for family in families if ord(character) not in covered[family]]
            if lacking and not character.isspace():
                where = source.problem(path, "")
                findings.append(
                    Finding(
                        ERROR,
                        "characters",
                        f"{where}'{character}' "
                        f"(U+{ord(character):04X}) is not in "
                        f"{' or '.join(lacking)}: replace it or choose a "
                        "font that has it",
                    )
                )
    return findings


def contrast_findings(content) -> list[Finding]:
    colours = content.theme.colours
    source = content.sources["theme"]
    findings = []
    for text, background in CONTRAST_PAIRS:
        ratio = contrast_ratio(_rgb(colours, text), _rgb(colours, background))
        if ratio < WCAG_AA:
            where = source.problem(("colours", text), "")
            findings.append(
                Finding(
                    ERROR,
                    "contrast",
                    f"{where}{text} on {background} is "
                    f"{ratio:.1f}:1; WCAG AA asks {WCAG_AA}:1 for text",
                )
            )
    return findings


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _rgb(colours, name: str) -> str:
    return "#ffffff" if name == "white" else getattr(colours, name).rgb


def _texts(model):
    """(path, Text) for every translated text in a content model."""
    from brosur.content.text import Text

    return _leaves(model, lambda value: isinstance(value, Text))


def _strings(model):
    """(path, string) for every piece of text in a content model, in every language."""
    return _leaves(model, lambda value: isinstance(value, str))


def _leaves(model, wanted, path=()):
    """Walk a content model; yield (field path, value) for every value `wanted` accepts."""
    from pydantic import BaseModel

    if wanted(model):
        yield path, model
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from _leaves(getattr(model, name), wanted, (*path, name))
    elif isinstance(model, list | tuple):
        for index, item in enumerate(model):
            yield from _leaves(item, wanted, (*path, index))
