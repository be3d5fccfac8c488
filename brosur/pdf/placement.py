"""Where the layout verifier finds a text or a picture out of its place: off the page's live
area, over another text or a picture, or cut off by its box; each named by its field and
page, with the distance in millimetres (verify.py runs them)."""

from __future__ import annotations

from collections.abc import Iterable

from brosur.findings import ERROR, Finding
from brosur.pdf.fit import PX_PER_MM, TOLERANCE_MM
from brosur.pdf.layout import MAIN, Page, Piece, Rect
from brosur.pdf.naming import Names, pieces_by_page, remedy_for

SAFE_MARGIN_MM = 5  # no text or picture nearer the paper's edge: trimming is never exact
# Lines of text may touch: a large heading's glyph box reaches into the line above. They
# collide when they share this much of the smaller one's height.
LINE_OVERLAP = 0.35


def off_the_page(laid: list[Piece], sheets: list[Page], names: Names) -> Iterable[Finding]:
    """A text or picture nearer the paper's edge than the live area allows, the worst of each
    field and page."""
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
            f"({SAFE_MARGIN_MM} mm inside the paper's {side} edge): {remedy_for(piece)}",
        )


def overlaps(laid: list[Piece], names: Names) -> Iterable[Finding]:
    """Texts on other lines, or pictures, standing on a text: swept top to bottom per page."""
    reported = set()
    for page_pieces in pieces_by_page(laid).values():
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
                    f"({across / PX_PER_MM:.1f} × {down / PX_PER_MM:.1f} mm): {remedy_for(text)}",
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


def clipped(laid: list[Piece], names: Names) -> Iterable[Finding]:
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
            remedy = remedy_for(piece)
        else:
            problem = f"has a line {beyond / PX_PER_MM:.1f} mm wider than its column"
            remedy = "a word too long to break: put a space or a hyphen in it, or shorten it"
        yield Finding(ERROR, "fit", f"page {page}: {name} {problem}: {remedy}")


def _beyond(rect: Rect, bound: Rect, across_only: bool) -> float:
    distances = [bound.left - rect.left, rect.right - bound.right]
    if not across_only:
        distances += [bound.top - rect.top, rect.bottom - bound.bottom]
    return max(distances)
