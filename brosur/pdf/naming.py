"""Naming what a piece of a laid-out page shows, as a finding tells it: the content field its
text comes from, with its file and line (`contact.address (organisation.yml:58)`), or what a
picture is (the QR code, the chart); and the small words findings share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from brosur.pdf.layout import Piece
from brosur.printing import PrintedText, comparable

IDENTIFYING = 8  # letters: fewer ("2024", "ADDRESS") may be part of many texts


class Names:
    """Name a piece by the content field its text comes from, else by what it is."""

    def __init__(self, texts: tuple[PrintedText, ...], laid: list[Piece]):
        self.texts = texts
        self._known: dict[tuple, str] = {}
        # The pieces of text on each line, with their texts.
        self._lines: dict[int, list[tuple[Piece, str]]] = defaultdict(list)
        for piece in laid:
            if piece.text is not None:
                self._lines[piece.line].append((piece, piece.text))

    def of(self, piece: Piece) -> str:
        key = (id(piece.elements[-1]) if piece.elements else 0, piece.text)
        if key not in self._known:
            self._known[key] = self._name(piece)
        return self._known[key]

    def _name(self, piece: Piece) -> str:
        if piece.text is None:
            return _picture_name(piece)
        element_words = comparable("".join(piece.elements[-1].itertext())) if piece.elements else ""
        line = "".join(text for _, text in self._lines[piece.line])
        # Its element's whole text first; then its own; then its line's (a bracket or a
        # short word names nothing alone).
        for words in (element_words, comparable(piece.text), comparable(line)):
            if (field := self._field(words)) is not None:
                return field
        # A bracket or a label names nothing alone: the field beside it on its line does.
        for other, text in self._lines[piece.line]:
            if other is not piece and (field := self._field(comparable(text))):
                return field
        return f"the text '{shortened(piece.text.strip())}'"

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


def remedy_for(piece: Piece) -> str:
    """What to do about a piece that does not fit where it stands."""
    return "shorten it" if piece.text is not None else "the layout has no room for it"


def pieces_by_page(laid: Iterable[Piece]) -> dict[int, list[Piece]]:
    """The pieces of each page, by its number."""
    grouped: dict[int, list[Piece]] = defaultdict(list)
    for piece in laid:
        grouped[piece.page].append(piece)
    return grouped


def shortened(text: str, length: int = 40) -> str:
    """`text`, cut to `length` characters with an ellipsis when it is longer."""
    return text if len(text) <= length else text[: length - 1] + "…"
