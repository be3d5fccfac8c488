"""The layout verifier: every word of the content accounted for on the finished pages.

It reads the laid-out document back (layout.py) and fails the PDF, naming the page, the
content field with its file and line, and the distance in millimetres, when a text or a
picture stands off the page's live area, a text runs over another text or a picture, a box
cuts its text off, a heading is left at the end of a page or panel without its content, or a
text of the content is not on the pages at all. Sparse pages and widow words are warnings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from brosur.findings import ERROR, WARNING, Finding
from brosur.pdf.fit import PX_PER_MM, TOLERANCE_MM
from brosur.pdf.layout import FURNITURE, MAIN, Page, Piece, Rect, pages, pieces
from brosur.printing import PrintedText, comparable

SAFE_MARGIN_MM = 5  # no text or picture nearer the paper's edge: trimming is never exact
# Lines of text may touch: a large heading's glyph box reaches into the line above. They
# collide when they share this much of the smaller one's height.
LINE_OVERLAP = 0.35
SPARSE_PAGE = 0.40  # a page under 40 % used wants its content on the page before
WIDOW_LETTERS = 6  # a word this short alone on a paragraph's last line


def verify(document, texts: tuple[PrintedText, ...] = (), whole: bool = True) -> list[Finding]:
    """Check one laid-out document's pages; when it is the `whole` PDF (not a copy's box
    alone), also that every text of `texts` is on them."""
    laid = pieces(document)
    sheets = pages(document)
    names = _Names(texts, laid)
    findings = _merged_pages(
        [
            *_off_the_page(laid, sheets, names),
            *_overlaps(laid, names),
            *_clipped(laid, names),
            *_stranded_headings(laid),
            *_furniture_only(laid, sheets),
            *_sparse_pages(laid, sheets),
            *_widow_words(laid),
        ]
    )
    return findings + missing_texts(laid, texts) if whole else findings


_ON_PAGE = re.compile(r"page (\d+): (.*)", re.DOTALL)


def _merged_pages(findings: list[Finding]) -> list[Finding]:
    """One finding for what recurs on several pages (a footer on every page)."""
    pages_of: dict[tuple, list[str]] = {}
    for finding in findings:
        found = _ON_PAGE.fullmatch(finding.message)
        key = (finding.level, finding.check, found[2] if found else finding.message)
        pages_of.setdefault(key, []).append(found[1] if found else "")
    merged = []
    for (level, check, message), numbers in pages_of.items():
        if numbers != [""]:
            label = "page" if len(numbers) == 1 else "pages"
            message = f"{label} {', '.join(numbers)}: {message}"
        merged.append(Finding(level, check, message))
    return merged


def missing_texts(laid: list[Piece], texts: tuple[PrintedText, ...]) -> list[Finding]:
    """Every text of the content a document should print that is not among its pieces
    (`laid`, in page order), each compared unbroken (a paragraph, a list item, a note) after
    reducing both to letters and digits."""
    streams = _reading_streams(laid)
    findings = []
    for text in texts:
        if any(all(passage not in stream for stream in streams) for passage in text.passages):
            findings.append(
                Finding(
                    ERROR,
                    "text",
                    f"{text} is not in the PDF's text ('{text.opening}'): the template "
                    "leaves it out; if that is meant, declare it in templates/documents.yml",
                )
            )
    return findings


def _reading_streams(laid: list[Piece]) -> list[str]:
    """The document's text as a reader follows it: the main text from page to page; the
    notes and furniture; and each passage in one language on its own (in a bilingual
    edition, its two languages share each page a passage runs over)."""
    main, aside, passages = [], [], defaultdict(list)
    for piece in laid:
        if not piece.text or piece.generated:
            continue
        (main if piece.flow == MAIN else aside).append(piece.text)
        language = next((e for e in reversed(piece.elements) if e.get("lang")), None)
        if language is not None and piece.flow == MAIN:
            passages[id(language)].append(piece.text)
    texts = ["".join(main), "".join(aside), *("".join(run) for run in passages.values())]
    return [comparable(text) for text in texts]


# Off the page ----------------------------------------------------------------------------------


def _off_the_page(laid: list[Piece], sheets: list[Page], names: _Names) -> Iterable[Finding]:
    safe = SAFE_MARGIN_MM * PX_PER_MM
    worst: dict[tuple, tuple[float, str, Piece]] = {}
    for piece in laid:
        page = sheets[piece.page - 1]
        rect = _visible(piece)
        if rect is None:
            continue
        for side, distance in (
            ("left", safe - rect.left),
            ("top", safe - rect.top),
            ("right", rect.right - (page.width - safe)),
            ("bottom", rect.bottom - (page.height - safe)),
        ):
            key = (piece.page, names.of(piece), side)
            if distance / PX_PER_MM > TOLERANCE_MM and distance > worst.get(key, (0,))[0]:
                worst[key] = (distance, side, piece)
    for (page, name, _), (distance, side, piece) in worst.items():
        what = "stands" if piece.text is None else "runs"
        yield Finding(
            ERROR,
            "fit",
            f"page {page}: {name} {what} {distance / PX_PER_MM:.1f} mm past the live area "
            f"({SAFE_MARGIN_MM} mm inside the paper's {side} edge): {_remedy(piece)}",
        )


# Overlap ---------------------------------------------------------------------------------------


def _overlaps(laid: list[Piece], names: _Names) -> Iterable[Finding]:
    """Texts on other lines, or pictures, standing on a text: swept top to bottom per page."""
    reported = set()
    for page_pieces in _by_page(laid).values():
        placed = sorted(
            (piece for piece in page_pieces if not piece.overlap_allowed and not _hidden(piece)),
            key=lambda piece: piece.rect.top,
        )
        for index, piece in enumerate(placed):
            for other in placed[index + 1 :]:
                if other.rect.top >= piece.rect.bottom:
                    break
                if (piece.text is None and other.text is None) or not _collide(piece, other):
                    continue
                text, thing = (piece, other) if piece.text is not None else (other, piece)
                key = (piece.page, names.of(text), names.of(thing))
                if key in reported:
                    continue
                reported.add(key)
                across, down = text.rect.overlap(thing.rect)
                yield Finding(
                    ERROR,
                    "fit",
                    f"page {piece.page}: {names.of(text)} overlaps {names.of(thing)} "
                    f"({across / PX_PER_MM:.1f} × {down / PX_PER_MM:.1f} mm): {_remedy(text)}",
                )


def _collide(first: Piece, second: Piece) -> bool:
    if first.text is not None and second.text is not None and first.line == second.line:
        return False  # runs of one line sit side by side
    across, down = first.rect.overlap(second.rect)
    if across / PX_PER_MM <= TOLERANCE_MM or down / PX_PER_MM <= TOLERANCE_MM:
        return False
    if first.text is None or second.text is None:
        return True
    shorter = min(first.rect.bottom - first.rect.top, second.rect.bottom - second.rect.top)
    return down > LINE_OVERLAP * shorter


def _hidden(piece: Piece) -> bool:
    """Entirely cut off by its box: reported as clipped, not again as an overlap."""
    return _visible(piece) is None


def _visible(piece: Piece) -> Rect | None:
    """The part of a piece its box lets show (a running head cut short with "…"), or None."""
    rect, clip = piece.rect, piece.clip
    if clip is None:
        return rect
    across, down = rect.overlap(clip)
    if across <= 0 or down <= 0:
        return None
    return Rect(
        max(rect.left, clip.left),
        max(rect.top, clip.top),
        min(rect.right, clip.right),
        min(rect.bottom, clip.bottom),
    )


# Clipped ---------------------------------------------------------------------------------------


def _clipped(laid: list[Piece], names: _Names) -> Iterable[Finding]:
    """Text that a box with `overflow: hidden` cuts off, and lines wider than their column
    (a word that cannot break)."""
    worst: dict[tuple, tuple[float, str, Piece]] = {}
    for piece in laid:
        if piece.text is None or piece.flow != MAIN:
            continue
        for kind, bound in (("cut off", piece.clip), ("too wide", piece.column)):
            if bound is None:
                continue
            # A fixed box's depth is measured by fit.py, across the pages it spills onto.
            across_only = kind == "too wide" or piece.clip_fits
            beyond = _beyond(piece.rect, bound, across_only)
            key = (piece.page, names.of(piece), kind)
            if beyond / PX_PER_MM > TOLERANCE_MM and beyond > worst.get(key, (0,))[0]:
                worst[key] = (beyond, kind, piece)
    for (page, name, kind), (beyond, _, piece) in worst.items():
        if kind == "cut off":
            where = f" ({piece.panel.get('data-fit')})" if piece.panel is not None else ""
            problem = f"is cut off {beyond / PX_PER_MM:.1f} mm past its box{where}"
            remedy = _remedy(piece)
        else:
            problem = f"has a line {beyond / PX_PER_MM:.1f} mm wider than its column"
            remedy = "a word too long to break: put a space or a hyphen in it, or shorten it"
        yield Finding(ERROR, "fit", f"page {page}: {name} {problem}: {remedy}")


def _beyond(rect: Rect, bound: Rect, across_only: bool) -> float:
    distances = [bound.left - rect.left, rect.right - bound.right]
    if not across_only:
        distances += [bound.top - rect.top, rect.bottom - bound.bottom]
    return max(distances)


# Stranded headings -----------------------------------------------------------------------------


def _stranded_headings(laid: list[Piece]) -> Iterable[Finding]:
    """A heading whose section's content starts on a later page or in another panel, and a
    page or panel that holds nothing but headings."""
    flow = [piece for piece in laid if piece.flow == MAIN and not piece.generated]
    last_of: dict[int, int] = {}
    holding_content = set()  # the elements that hold something besides headings
    for index, piece in enumerate(flow):
        if piece.heading is not None:
            last_of[id(piece.heading)] = index
        else:
            holding_content.update(id(element) for element in piece.elements)
    for index in sorted(last_of.values()):
        heading = flow[index]
        if id(_parent(heading)) not in holding_content:
            yield Finding(
                ERROR,
                "fit",
                f"page {heading.page}: the heading '{_heading_text(flow, heading)}' has "
                "nothing under it: the template prints a section the content leaves empty",
            )
            continue
        after = _section_content_after(flow, index)
        if after is not None and _place(after) != _place(heading):
            where = "its panel" if heading.panel is not None else "the page"
            yield Finding(
                ERROR,
                "fit",
                f"page {heading.page}: the heading '{_heading_text(flow, heading)}' ends "
                f"{where}; its content starts on page {after.page}: shorten the text before it",
            )
    yield from _only_headings(flow)


def _section_content_after(flow: list[Piece], index: int) -> Piece | None:
    """The first piece after a heading's last line that belongs to the heading's section:
    to the heading's parent element, and not to a heading."""
    parent = _parent(flow[index])
    for piece in flow[index + 1 :]:
        if not any(element is parent for element in piece.elements):
            return None
        if piece.heading is None:
            return piece
    return None


def _parent(piece: Piece):
    """The element a heading piece's heading stands in: its section."""
    return piece.elements[piece.elements.index(piece.heading) - 1]


def _only_headings(flow: list[Piece]) -> Iterable[Finding]:
    groups: dict[tuple, list[Piece]] = defaultdict(list)
    for piece in flow:
        groups[_place(piece)].append(piece)
    for (page, _), group in groups.items():
        if all(piece.heading is not None for piece in group):
            panel = group[0].panel
            where = f"the panel {panel.get('data-fit')!r}" if panel is not None else "the page"
            text = _heading_text(group, group[0])
            yield Finding(
                ERROR,
                "fit",
                f"page {page}: {where} holds only the heading '{text}': shorten the text before it",
            )


def _furniture_only(laid: list[Piece], sheets: list[Page]) -> Iterable[Finding]:
    """A page that prints nothing but its running head and number: an empty page."""
    by_page = _by_page(laid)
    for page in sheets:
        flows = {piece.flow for piece in by_page.get(page.number, [])}
        if flows == {FURNITURE}:
            yield Finding(
                ERROR,
                "fit",
                f"page {page.number} holds only the page's running head and number: "
                "the template breaks the page where nothing follows",
            )


def _place(piece: Piece) -> tuple:
    return piece.page, id(piece.panel)


def _heading_text(flow: list[Piece], piece: Piece) -> str:
    words = " ".join(
        other.text.strip() for other in flow if other.heading is piece.heading and other.text
    )
    return _start(words, 60)


# Warnings --------------------------------------------------------------------------------------


def _sparse_pages(laid: list[Piece], sheets: list[Page]) -> Iterable[Finding]:
    """Inner pages under 40 % used that do not end a chapter (the next page opening another
    of the document's parts) are worth a look: their content could share a page."""
    by_page = _by_page(piece for piece in laid if piece.flow == MAIN)
    for page in sheets[1:-1]:
        used = by_page.get(page.number, [])
        following = by_page.get(page.number + 1, [])
        if not used or (following and _part(following[0]) is not _part(used[-1])):
            continue
        share = (max(p.rect.bottom for p in used) - min(p.rect.top for p in used)) / (
            page.content.bottom - page.content.top
        )
        if share < SPARSE_PAGE:
            yield Finding(WARNING, "layout", f"page {page.number} is only {share:.0%} used")


def _part(piece: Piece):
    """The part of the document a piece is in: the child of <body> it descends from."""
    return piece.elements[2] if len(piece.elements) > 2 else None


def _widow_words(laid: list[Piece]) -> Iterable[Finding]:
    """A short word alone on the last line of a paragraph of several lines."""
    lines: dict[int, list[list[Piece]]] = defaultdict(list)
    for piece in laid:
        if piece.flow != MAIN or piece.text is None or piece.generated or not piece.paragraph:
            continue
        block = lines[piece.block]
        if not block or block[-1][0].line != piece.line:
            block.append([])
        block[-1].append(piece)
    widows = []
    for block in lines.values():
        last = "".join(piece.text for piece in block[-1]).strip()
        if len(block) > 1 and len(last.split()) == 1 and len(comparable(last)) <= WIDOW_LETTERS:
            widows.append(f"page {block[-1][0].page} '{last}'")
    if widows:
        yield Finding(
            WARNING,
            "layout",
            f"a short word alone on a paragraph's last line ({', '.join(widows)}): "
            "rewording the paragraph slightly pulls it up",
        )


# Naming what a piece shows ---------------------------------------------------------------------


IDENTIFYING = 8  # letters: fewer ("2024", "ADDRESS") may be part of many texts


class _Names:
    """Name a piece by the content field its text comes from, else by what it is."""

    def __init__(self, texts: tuple[PrintedText, ...], laid: list[Piece]):
        self.texts = texts
        self._known: dict[tuple, str] = {}
        self._lines: dict[int, list[Piece]] = defaultdict(list)
        for piece in laid:
            if piece.text is not None:
                self._lines[piece.line].append(piece)

    def of(self, piece: Piece) -> str:
        key = (id(piece.elements[-1]) if piece.elements else 0, piece.text)
        if key not in self._known:
            self._known[key] = self._name(piece)
        return self._known[key]

    def _name(self, piece: Piece) -> str:
        if piece.text is None:
            return _picture_name(piece)
        element_words = comparable("".join(piece.elements[-1].itertext())) if piece.elements else ""
        line = "".join(other.text for other in self._lines[piece.line])
        # Its element's whole text first; then its own; then its line's (a bracket or a
        # short word names nothing alone).
        for words in (element_words, comparable(piece.text), comparable(line)):
            if (field := self._field(words)) is not None:
                return field
        # A bracket or a label names nothing alone: the field beside it on its line does.
        for other in self._lines[piece.line]:
            if other is not piece and (field := self._field(comparable(other.text))):
                return field
        return f"the text '{_start(piece.text.strip())}'"

    def _field(self, words: str) -> str | None:
        if len(words) < IDENTIFYING:
            return None
        return next(
            (str(text) for text in self.texts if any(words in part for part in text.passages)),
            None,
        )


PICTURES = {
    "qr": "the QR code",
    "chart": "the chart",
    "timeline": "the timeline",
    "logo": "the logo",
}


def _picture_name(piece: Piece) -> str:
    """What a picture is, from the classes of the elements it stands in."""
    classes = " ".join(element.get("class") or "" for element in piece.elements)
    return next((name for marker, name in PICTURES.items() if marker in classes), "a picture")


def _remedy(piece: Piece) -> str:
    return "shorten it" if piece.text is not None else "the layout has no room for it"


def _by_page(laid: Iterable[Piece]) -> dict[int, list[Piece]]:
    grouped: dict[int, list[Piece]] = defaultdict(list)
    for piece in laid:
        grouped[piece.page].append(piece)
    return grouped


def _start(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
