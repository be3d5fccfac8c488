"""Text on its way to a terminal: input quoted in a message is shown, never obeyed.

Messages quote what staff and others wrote: field names, file names, a translator's unit ids,
a recipient's name. A terminal acts on some characters instead of printing them: ESC starts
sequences that clear the screen, move the cursor or set the window's title, the C1 controls
(U+0080–U+009F) do the same on some terminals, and the direction marks reorder the rest of
the line (the "Trojan Source" characters). `escaped` writes each of them as a visible escape
(`\\x1b`, `\\u202e`) instead, and `guarded` puts every line a command prints through it, so
that no message, however it was made, can hand them to the terminal.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

# Characters that change the order text is displayed in without showing themselves (the
# "Trojan Source" characters): embeddings, overrides and isolates. Content may not hold them
# (content/yamlsource.py); a message escapes them, and the direction marks too, which an
# Arabic name may hold but which shift what follows them on a line.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")
# C0 and C1 controls and DEL; the line and paragraph separators, which break a line.
CONTROLS = frozenset(
    [chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))] + ["\u2028", "\u2029"]
)
LINE_BREAKS = frozenset("\n\t")  # kept in the lines a command prints, escaped in a quote


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_ACTING = CONTROLS | DIRECTION_CONTROLS | DIRECTION_MARKS
_QUOTED = {ord(character): _escape(character) for character in _ACTING}
_PRINTED = {code: escape for code, escape in _QUOTED.items() if chr(code) not in LINE_BREAKS}


def escaped(text: str, lines: bool = False) -> str:
    """`text` with every character a terminal would act on written as a visible escape;
    with `lines`, line breaks and tabs are kept (a whole message, not one quoted value)."""
    return text.translate(_PRINTED if lines else _QUOTED)


class _Guarded(io.TextIOBase):
    """A text stream that escapes what is written to it (see `escaped`) and passes the rest
    on to the stream it guards."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(escaped(text, lines=True))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    # typeshed declares TextIOBase.encoding a writable attribute; io's own is a read-only
    # property, as this one.
    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding


@contextmanager
def guarded() -> Iterator[None]:
    """Escape everything printed to standard output and error while the block runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Guarded(sys.stdout), _Guarded(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def raw(stream: TextIO) -> TextIO:
    """The stream a guarded one passes to: for rich, which writes its own escape sequences
    (colours, the progress bar) and is given only text passed through `escaped`."""
    return stream.stream if isinstance(stream, _Guarded) else stream
