"""Markdown for long texts, made safe: raw HTML is shown as text, never passed through."""

from __future__ import annotations

from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from brosur.content.addresses import has_unsafe_scheme, is_link

# What staff may use in a long text: paragraphs, bold, italic, lists, links and notes
# (`^[a note]`, printed as a footnote). Headings,
# code blocks and raw HTML stay literal text so content cannot break a layout's hierarchy.
BLOCK_RULES = ["paragraph", "list"]
INLINE_RULES = ["emphasis", "link", "autolink", "escape", "entity", "newline", "backticks"]


class _SafeLinks(MarkdownIt):
    """markdown-it whose links never have an unsafe scheme."""

    def validateLink(self, url: str) -> bool:
        # markdown-it lets `data:image/png…` links through; none of the unsafe schemes is
        # ever a link here. What it refuses stays as the text that was typed.
        return not has_unsafe_scheme(url)


@cache
def _parser() -> MarkdownIt:
    parser = _SafeLinks("zero", {"html": False, "typographer": True, "linkify": False})
    parser.enable([*BLOCK_RULES, *INLINE_RULES, "smartquotes", "replacements"])
    parser.inline.ruler.push("note", _note)
    parser.add_render_rule("note", _render_note)
    return parser


def _note(state, silent: bool) -> bool:
    """A note written in the text as `^[the note]` (Pandoc's inline footnote)."""
    if not state.src.startswith("^[", state.pos):
        return False
    end = state.md.helpers.parseLinkLabel(state, state.pos + 1)
    if end < 0:
        return False
    if not silent:
        token = state.push("note", "span", 0)
        token.children = []
        state.md.inline.parse(state.src[state.pos + 2 : end], state.md, state.env, token.children)
    state.pos = end + 1
    return True


def _render_note(renderer, tokens, index, options, env) -> str:
    # The profile floats it to the page foot (a real footnote); elsewhere it stays in the line.
    body = renderer.renderInline(tokens[index].children, options, env)
    return f'<span class="footnote">{body}</span>'


@cache
def _image_finder() -> MarkdownIt:
    return MarkdownIt("zero").enable(["image"])


def render_markdown(text: str) -> Markup:
    """Return the HTML of a Markdown text, block by block."""
    return Markup(_parser().render(text))


def blocks(text: str) -> list[str]:
    """The Markdown of each block of a long text, in order: its paragraphs, and its lists
    item by item (an item of a numbered list keeps its number). A bilingual edition pairs
    the two languages block by block, so that each stands beside its translation."""
    lines = text.splitlines()
    return [
        "\n".join(lines[token.map[0] : token.map[1]]).rstrip()
        for token in _parser().parse(text)
        if token.map and (token.type, token.level) in _BLOCK_OPENINGS
    ]


# A paragraph of the text, and an item of one of its lists (not a paragraph inside an item).
_BLOCK_OPENINGS = {("paragraph_open", 0), ("list_item_open", 1)}


def render_markdown_inline(text: str) -> Markup:
    """Return the HTML of a one-line Markdown text, without a wrapping paragraph."""
    return Markup(_parser().renderInline(text))


@lru_cache(maxsize=256)
def has_images(text: str) -> bool:
    """Tell whether a Markdown text tries to place a picture (`![alt](file)`)."""
    return any(
        child.type == "image"
        for token in _image_finder().parse(text)
        for child in token.children or ()
    )


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple:
    """The parsed text, kept for the checks a long text goes through one after another (and
    again each time a file is checked, while a person edits another field of it)."""
    return tuple(_parser().parse(text))


def broken_links(text: str) -> list[str]:
    """The targets of the links in a Markdown text that a reader could not follow: neither a
    web address nor an e-mail address (`#`, `example.org` without https://, `tel:…`)."""
    return [
        href
        for token in _tokens(text)
        for child in _descendants(token.children or ())
        if child.type == "link_open" and not is_link(href := str(child.attrs.get("href", "")))
    ]


def _descendants(tokens):
    for token in tokens:
        yield token
        yield from _descendants(token.children or ())


def markdown_blocks(text: str) -> int:
    """How many paragraphs and list items a Markdown text has."""
    # A tight list's items hold hidden paragraphs: each item counts once.
    return sum(
        token.type == "list_item_open" or (token.type == "paragraph_open" and not token.hidden)
        for token in _tokens(text)
    )


def printed_passages(text: str) -> list[str]:
    """The runs of text a reader finds unbroken on the page, in order: each paragraph or list
    item, with each note (`^[…]`) apart, since a note may be printed at the page's foot."""
    passages: list[str] = []
    for token in _tokens(text):
        if token.type == "inline":
            passages += _inline_passages(token.children or ())
    return [passage for passage in passages if passage.strip()]


def _inline_passages(tokens) -> list[str]:
    runs, current = [], ""
    for token in tokens:
        if token.type == "note":
            runs.append(current)
            runs += _inline_passages(token.children or ())
            current = ""
        elif token.type in ("text", "code_inline"):
            current += token.content
        elif token.type in ("softbreak", "hardbreak"):
            current += " "
    return [*runs, current]
