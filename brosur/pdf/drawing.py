"""Watching WeasyPrint draw: a picture it cannot draw, or a text Pango cannot set, fails the
PDF by the field that names the picture, instead of leaving a blank where it was (issue 23).

WeasyPrint catches any exception inside an SVG's drawing, logs "Failed to render SVG image"
and carries on without it; Pango reports a text it cannot set on the terminal, through GLib's
log, and sets it anyway, wrongly. Both are caught here while WeasyPrint runs, along with the
rest of what it logs (kept as warnings), and nothing of them reaches the terminal. The content
checks refuse what is known to fail (content/svgdrawing.py); this is the second lock.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote, urlsplit

from brosur.content.pictures import MAX_NESTING
from brosur.content.svgdrawing import MAX_SVG_DEPTH
from brosur.printing import NamedPicture

# WeasyPrint draws an SVG by recursion, up to three Python calls a level (see
# content/svgdrawing.py), in each SVG nested in it too, where Python allows 1,000 calls by
# default; a thousand more for the page around the pictures. (These calls take no C stack:
# 16,000 nested groups drew in a thread of 8 MB, past any limit set here.)
RECURSION_ROOM = 3 * MAX_SVG_DEPTH * (MAX_NESTING + 1) + 1_000
SVG_FAILED = "Failed to render SVG image %s"  # weasyprint/images.py, SVGImage.draw
# GLib's log levels (gmessages.h): Pango's CRITICAL and WARNING, and the flags that go with.
CRITICAL, WARNING, FLAGS = 1 << 3, 1 << 4, (1 << 0) | (1 << 1)


def make_room() -> None:
    """Let WeasyPrint draw the deepest SVG the content checks let through."""
    if sys.getrecursionlimit() < RECURSION_ROOM:
        sys.setrecursionlimit(RECURSION_ROOM)


@dataclass
class Watched:
    """What WeasyPrint and Pango said while they ran: warnings to print, and what could not
    be drawn (each with the SVGs being drawn then, outermost first)."""

    warnings: list[str] = field(default_factory=list)
    undrawn: list[tuple[tuple[str, ...], str]] = field(default_factory=list)

    def failures(self, pictures: tuple[NamedPicture, ...]) -> list[str]:
        """What could not be drawn, each picture named once (by the field that names it)."""
        named = {picture.path: picture for picture in pictures}
        messages: dict[str, str] = {}
        for svgs, what in self.undrawn:
            key, message = _failure(svgs, what, named)
            messages.setdefault(key, message)
        return list(messages.values())


_watching = threading.local()


@contextmanager
def watched() -> Iterator[Watched]:
    """Catch what WeasyPrint logs and Pango prints while the block runs, in this thread."""
    seen = Watched()
    handler = _LogHandler(seen)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    stack = _watching.__dict__.setdefault("stack", [])
    stack.append(seen)
    pango = _catch_pango()
    try:
        yield seen
    finally:
        _release_pango(pango)
        stack.remove(seen)
        logger.removeHandler(handler)
        logger.propagate = propagate


class _LogHandler(logging.Handler):
    """WeasyPrint's log lines, kept: an SVG it could not draw apart from the rest."""

    def __init__(self, seen: Watched):
        super().__init__(logging.WARNING)
        self.seen = seen

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == SVG_FAILED:
            # Logged inside the drawing of the SVG that failed: the stack names it (and the
            # message's first argument, its URL).
            url = record.args[0] if isinstance(record.args, tuple) and record.args else ""
            drawn = _svgs_being_drawn() or (str(url),)
            self.seen.undrawn.append((drawn, "svg"))
        else:
            self.seen.warnings.append(record.getMessage())


def _svgs_being_drawn() -> tuple[str, ...]:
    """The SVGs WeasyPrint is drawing now, outermost first: each SVG, and an SVG inside it,
    is drawn by its own SVGImage.draw (weasyprint/images.py, WeasyPrint 70)."""
    from weasyprint.images import SVGImage

    drawn = []
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        owner = frame.f_locals.get("self") if frame.f_code.co_name == "draw" else None
        if isinstance(owner, SVGImage):
            drawn.append(str(owner._base_url))
        frame = frame.f_back
    return tuple(reversed(drawn))


def _failure(svgs: tuple[str, ...], what: str, named: dict[Path, NamedPicture]) -> tuple[str, str]:
    """What could not be drawn inside `svgs` (outermost first; `what`: "svg" or Pango's
    complaint), as (the picture, a message naming it by the first that content names)."""
    for depth, url in enumerate(svgs):
        if (path := _path(url)) is not None and (picture := named.get(path)):
            return url, f"{picture}: {picture.written!r} {_problem(what, depth < len(svgs) - 1)}"
    shown = (svgs or ("",))[-1]
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    if what != "svg":
        return shown, f"a text could not be set ({what})"
    return shown, f"a picture ({shown}) {_problem(what, False)}"


def _problem(what: str, inside: bool) -> str:
    """What went wrong with a picture, to follow its name; `inside`: in a picture inside it."""
    if what != "svg":
        return f"has a text that cannot be set ({what}): check its font sizes and export it again"
    drawn = "has a picture inside it that could not be drawn" if inside else "could not be drawn"
    return (
        f"{drawn}, so the PDF would print a blank in its place: open it in a drawing program "
        "and export it again as plain SVG"
    )


def _path(url: str) -> Path | None:
    """The file a file: URL names, as content names pictures (resolved); None for others."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    with suppress(OSError):
        return Path(unquote(parts.path)).resolve()
    return None


@dataclass
class _Glib:
    """GLib's log, reached through cffi as WeasyPrint reaches its libraries: loaded once."""

    ffi: Any = None
    library: Any = None  # None: not loaded (yet, or it cannot be: Pango's lines then pass)
    callback: Any = None
    tried: bool = False


_GLIB = _Glib()


def _catch_pango() -> int:
    """Take Pango's messages from GLib's log; return the handler's id (0: none taken)."""
    if not _GLIB.tried:
        _load_glib()
    if _GLIB.library is None:
        return 0
    levels = CRITICAL | WARNING | FLAGS
    return _GLIB.library.g_log_set_handler(b"Pango", levels, _GLIB.callback, _GLIB.ffi.NULL)


def _release_pango(handler: int) -> None:
    """Give Pango's messages back to GLib's own handler."""
    if handler:
        _GLIB.library.g_log_remove_handler(b"Pango", handler)


def _load_glib() -> None:
    """Reach GLib's log functions, once (found as WeasyPrint finds its libraries)."""
    import cffi  # WeasyPrint's own way to its libraries

    _GLIB.tried = True
    ffi = cffi.FFI()
    ffi.cdef(
        "typedef void (*GLogFunc)(const char *, int, const char *, void *);"
        "unsigned int g_log_set_handler(const char *, int, GLogFunc, void *);"
        "void g_log_remove_handler(const char *, unsigned int);"
    )
    # WeasyPrint's names for GLib's libraries (text/ffi.py), with this system's first.
    for name in ("libglib-2.0.so.0", "libglib-2.0.0.dylib", "libglib-2.0-0.dll", "glib-2.0"):
        with suppress(OSError):
            _GLIB.library = ffi.dlopen(name)
            break
    _GLIB.ffi, _GLIB.callback = ffi, ffi.callback("GLogFunc", _pango_said)


def _pango_said(domain, level: int, message, data) -> None:
    """GLib's call with a message of Pango's: a critical one fails the SVG being drawn."""
    text = _GLIB.ffi.string(message).decode("utf-8", "replace")
    for seen in getattr(_watching, "stack", [])[-1:]:
        if level & CRITICAL:
            seen.undrawn.append((_svgs_being_drawn(), f"Pango: {text}"))
        else:
            seen.warnings.append(f"Pango: {text}")
