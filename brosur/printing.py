"""What a PDF must print of the content: each text, and each picture, named by the field it
comes from. An edition says what it prints (render/printed.py); the layout verifier finds
every text on the finished pages (pdf/verify.py), and a picture that cannot be drawn fails
its PDF by its field (pdf/drawing.py)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PrintedText:
    """One text of the content, in one language, that a PDF prints: the field it comes from,
    and its passages as the layout verifier compares them (see `comparable`)."""

    field: str  # as a user reads it: "contact.address", "mission.en"
    where: str  # the file and line it was written on: "organisation.yml:58"
    passages: tuple[str, ...]  # each is found unbroken on the page (a paragraph, a note)
    opening: str = ""  # its first words as written, to quote in a message
    words: int = 0  # how many words it has, to say how many to cut
    language: str = ""  # "id", "en"; "" for a text written once for every language

    def __str__(self) -> str:
        return f"{self.field} ({self.where})"


@dataclass(frozen=True)
class NamedPicture:
    """A picture the content names, with the field that names it: a PDF that cannot draw it
    fails by that field (pdf/drawing.py)."""

    path: Path  # the file, resolved
    written: str  # as the content names it: "images/logo.svg"
    field: str  # as a user reads it: "logo", "partners[2].logo"
    where: str  # the file and line it is named on: "content/theme.yml:14"

    def __str__(self) -> str:
        return f"{self.field} ({self.where})"


def comparable(text: str) -> str:
    """A text reduced to what survives every way of setting it: letters and digits only,
    case-folded. Line breaks, hyphenation, soft hyphens, typographic quotes, small capitals
    and `text-transform` all leave it unchanged."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(character for character in folded if character.isalnum())
