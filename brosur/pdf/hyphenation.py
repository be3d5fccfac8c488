"""No more than two hyphenated lines in a row, and never a word's tail alone on a line: a
ladder of hyphens down a paragraph's right edge, or "strate-" then "gis" by itself, is the
first flaw a reader's eye catches. WeasyPrint 70 ignores CSS's `hyphenate-limit-lines` (it
warns and lays the text out without it), and sets the line before an inline box badly now and
then, so the laid-out lines are read back instead: a paragraph with either flaw is set again
without automatic hyphens (`data-hyphens="fewer"`, base.css), in the HTML the PDF is laid
out from again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from weasyprint.formatting_structure.boxes import LineBox, TextBox

MOST_IN_A_ROW = 2
HYPHEN = "\u2010"  # what WeasyPrint sets at a line's end where it hyphenated a word
MARK = 'data-hyphens="fewer"'
# The blocks a paragraph's lines belong to, as the templates write them.
BLOCKS = frozenset({"p", "li", "dd", "figcaption"})

Marks = tuple[tuple[str, int], ...]  # each block to set again: its tag, its index among them


def hyphen_flaws(document) -> Marks:
    """The blocks of a laid-out document with more than MOST_IN_A_ROW hyphenated lines in a
    row, or a line holding nothing but the tail of the word hyphenated above it, by tag and
    place among the blocks of that tag in the document's order."""
    found: list = []
    for page in document.pages:
        run, block = 0, None
        for owner, line in _lines(page._page_box, None):
            tail_alone = run > 0 and owner is block and " " not in _text(line).strip()
            run = run + 1 if owner is block and _hyphenated(line) else int(_hyphenated(line))
            block = owner
            flawed = run == MOST_IN_A_ROW + 1 or tail_alone
            if flawed and owner is not None and owner not in found:
                found.append(owner)
    if not found:
        return ()
    root = next(
        box.element for box in document.pages[0]._page_box.children if box.element is not None
    )
    return tuple(
        (element.tag.rpartition("}")[2], list(root.iter(element.tag)).index(element))
        for element in found
    )


def with_fewer_hyphens(html: str, marks: Marks) -> str:
    """The HTML with each block of `marks` set without automatic hyphens."""
    for tag, index in marks:
        starts = list(re.finditer(rf"<{tag}(?=[\s>])", html))
        if index < len(starts):
            end = starts[index].end()
            html = f"{html[:end]} {MARK}{html[end:]}"
    return html


def _lines(box, owner) -> Iterator[tuple[object, LineBox]]:
    """Each line below `box`, with the block of BLOCKS it belongs to (None: none)."""
    for child in getattr(box, "children", ()):
        if isinstance(child, LineBox):
            yield owner, child
            continue
        element = getattr(child, "element", None)
        tag = getattr(child, "element_tag", "") or ""
        yield from _lines(child, element if tag in BLOCKS else owner)


def _hyphenated(line: LineBox) -> bool:
    texts = [box.text for box in _texts(line)]
    return bool(texts) and texts[-1].rstrip().endswith(HYPHEN)


def _text(line: LineBox) -> str:
    return "".join(box.text for box in _texts(line))


def _texts(box) -> Iterator[TextBox]:
    for child in getattr(box, "children", ()):
        if isinstance(child, TextBox):
            yield child
        else:
            yield from _texts(child)
