"""A recipient's box alone on its page, as HTML: what a personalised copy draws over the pages
every copy of its edition shares (jobs/copies.py, pdf/overlay.py).

From the HTML of a recipient's copy it keeps the head's metadata (the title names the
recipient), the box, and the elements the box stands in (their classes and languages give the
box its type and colours), and nothing else: laying out a box costs a few hundredths of a
second, not the page's. The head's stylesheets are handed over apart, so that a worker parses
them once for all the copies it makes; `placed` adds the last one, which takes every
ancestor's paint and page furniture away and puts the box where the shared pages have it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# The box's own marker (partials/macros.html `recipient_card`).
BOX = 'data-fit="the recipient box"'
ANCESTOR = "data-box-ancestor"
_SHEET = re.compile(r'<style>(.*?)</style>|<link rel="stylesheet" href="([^"]+)">', re.DOTALL)
_BOX = re.compile(rf"<aside [^>]*{re.escape(BOX)}[^>]*>.*?</aside>", re.DOTALL)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_ACROSS = ("left-corner", "left", "center", "right", "right-corner")
_MARGIN_BOXES = [
    *(f"{edge}-{place}" for edge in ("top", "bottom") for place in _ACROSS),
    *(f"{edge}-{place}" for edge in ("left", "right") for place in ("top", "middle", "bottom")),
]


@dataclass(frozen=True)
class BoxPage:
    """One recipient's box alone: its HTML, and the stylesheets of its head, in order."""

    html: str
    sheets: tuple[tuple[str, str], ...]  # ("style", its CSS) or ("link", its href)


def box_page(html: str) -> BoxPage:
    """The box of a recipient's copy (`html`, its page with the box at least) on its own."""
    head, body = html.split("</head>", 1)
    sheets = tuple(
        ("style", sheet[1]) if sheet[1] is not None else ("link", sheet[2])
        for sheet in _SHEET.finditer(head)
    )
    box = _BOX.search(body)
    if box is None:
        raise ValueError("the page has no recipient box")
    ancestors = _ancestors(body[: box.start()])
    opening = "".join(tag.replace(f"<{name}", f"<{name} {ANCESTOR}", 1) for name, tag in ancestors)
    closing = "".join(f"</{name}>" for name, _ in reversed(ancestors))
    meta = _SHEET.sub("", head)
    # The body is the first of the open elements.
    return BoxPage(f"{meta}</head>\n{opening}{box[0]}{closing}\n</html>\n", sheets)


def placed(left: float, top: float) -> str:
    """The last stylesheet of a box page: the box at (`left`, `top`) CSS pixels from the page
    area's corner, as the shared pages measured it, and nothing else painted (no ancestor's
    background, border or generated content, no running head, page number or print mark)."""
    furniture = " ".join(f"@{name} {{ content: none !important; }}" for name in _MARGIN_BOXES)
    return (
        f"@page {{ background: none !important; marks: none !important; {furniture} }}\n"
        f"html, body, [{ANCESTOR}] {{ background: none !important; border: 0 !important; "
        "box-shadow: none !important; outline: none !important; position: static !important; "
        "overflow: visible !important; transform: none !important; opacity: 1 !important; }\n"
        f"body::before, body::after, [{ANCESTOR}]::before, [{ANCESTOR}]::after "
        "{ content: none !important; }\n"
        f"[{BOX}] {{ position: absolute !important; float: none !important; "
        f"margin: 0 !important; left: {left:.6f}px !important; top: {top:.6f}px !important; }}\n"
    )


def _ancestors(before: str) -> list[tuple[str, str]]:
    """The elements still open at the end of `before` (the body up to the box), outermost
    first, as (name, start tag)."""
    parser = _OpenElements()
    parser.feed(before)
    return parser.open


class _OpenElements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.open: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            # Within handle_starttag, the text of the tag is always there.
            self.open.append((tag, self.get_starttag_text() or ""))

    def handle_endtag(self, tag):
        names = [name for name, _ in self.open]
        if tag in names:
            del self.open[len(names) - 1 - names[::-1].index(tag) :]
