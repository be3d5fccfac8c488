"""Markdown for long texts, made safe: raw HTML is shown as text, never passed through."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

# What staff may use in a long text: paragraphs, bold, italic, lists and links. Headings,
# code blocks and raw HTML stay literal text so content cannot break a layout's hierarchy.
BLOCK_RULES = ["paragraph", "list"]
INLINE_RULES = ["emphasis", "link", "autolink", "escape", "entity", "newline", "backticks"]


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"html": False, "typographer": True, "linkify": False})
    return parser.enable([*BLOCK_RULES, *INLINE_RULES, "smartquotes", "replacements"])


@cache
def _image_finder() -> MarkdownIt:
    return MarkdownIt("zero").enable(["image"])


def render_markdown(text: str) -> Markup:
    """Return the HTML of a Markdown text, block by block."""
    return Markup(_parser().render(text))


def render_markdown_inline(text: str) -> Markup:
    """Return the HTML of a one-line Markdown text, without a wrapping paragraph."""
    return Markup(_parser().renderInline(text))


def has_images(text: str) -> bool:
    """Tell whether a Markdown text tries to place a picture (`![alt](file)`)."""
    return any(
        child.type == "image"
        for token in _image_finder().parse(text)
        for child in token.children or ()
    )
