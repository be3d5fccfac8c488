"""A file name for each recipient of a list: their name, kept readable in any script, unique
in the list, and short enough for every disk once brosur's suffixes are added."""

from __future__ import annotations

import re
import unicodedata

from brosur.i18n import EDITION_LANGUAGES
from brosur.output import TEMPORARY_BYTES
from brosur.paper import PAPERS

SLUG_CHARACTERS = 80  # enough to tell names apart, few enough to read in a folder listing
# A file name has at most 255 bytes on Linux and macOS (NTFS: 255 UTF-16 units, never more
# than the UTF-8 bytes). A copy's name adds to its stem at most `.id-en.letter.pdf`
# (jobs/batch.py), and it is written through `.<name>.<pid>.<random>.tmp` (output.py):
# 216 bytes are left for the stem, the `-2` that tells two alike apart included.
NAME_BYTES = 255
SLUG_BYTES = NAME_BYTES - (
    max(len(f".{language}".encode()) for language in EDITION_LANGUAGES)
    + max(len(f".{paper}".encode()) for paper in PAPERS)
    + len(b".pdf")
    + TEMPORARY_BYTES
)

# Names Windows refuses for a file, whatever follows the dot.
RESERVED_NAMES = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"{port}{n}" for port in ("com", "lpt") for n in range(10)),
}
VIRAMA = 9  # the canonical combining class of every script's virama (्, ্, ್ ...)


def slugify(name: str) -> str:
    """A file name from a recipient's name that keeps its meaning in any script:
    `Yayasan Ōtsuka 大塚` → `yayasan-ōtsuka-大塚`. Letters, marks and digits stay; anything
    else (spaces, punctuation, slashes, dots) becomes one hyphen. A long name is cut to
    SLUG_CHARACTERS characters and SLUG_BYTES bytes of UTF-8 (see `_cut_slug`)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(
        character if unicodedata.category(character)[0] in "LMN" else "-" for character in text
    )
    # NFC: a name typed on a Mac (decomposed) and on Windows (composed) is one file.
    slug = unicodedata.normalize("NFC", re.sub("-+", "-", kept).strip("-"))
    slug = _cut_slug(slug, SLUG_BYTES) or "recipient"
    return f"{slug}-" if slug in RESERVED_NAMES else slug


def _cut_slug(slug: str, limit: int) -> str:
    """`slug` cut to at most SLUG_CHARACTERS characters and `limit` bytes of UTF-8, between
    two characters (never inside one's bytes), and between two grapheme clusters unless one
    cluster alone is longer than that; with no hyphen left at the end."""
    # Bytes cut off mid-character are an incomplete sequence at the end: "ignore" drops it.
    head = slug[:SLUG_CHARACTERS].encode()[:limit].decode("utf-8", "ignore")
    end = len(head)
    while 0 < end < len(slug) and _joined(slug, end):
        end -= 1
    return slug[: end or len(head)].rstrip("-")


def _joined(text: str, index: int) -> bool:
    """Whether `text[index]` belongs to the grapheme cluster of the character before it: a
    mark (an accent, a vowel sign), a consonant after a virama (क्ष), a Hangul vowel or
    final consonant jamo, anything after a Hangul leading consonant jamo. A simple form of
    Unicode's rules (UAX #29), enough for the letters, marks and digits a slug keeps."""
    character, before = text[index], text[index - 1]
    return (
        unicodedata.category(character).startswith("M")
        or (unicodedata.combining(before) == VIRAMA and character.isalpha())
        or unicodedata.name(character, "").startswith(("HANGUL JUNGSEONG", "HANGUL JONGSEONG"))
        or unicodedata.name(before, "").startswith("HANGUL CHOSEONG")
    )


class FileNames:
    """Gives each recipient of a list a file name stem unique in the list, in row order: the
    second `Ani` is `ani-2`, never an overwrite of the first, and so is a long name that is
    the same as another once both are cut to length. It keeps every stem it gave: for a list
    of 100,000 names, some megabytes."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        # The number a stem that came again was given last: the next `Ani` tries from there
        # (every number below was taken, and stays taken), so that a name that comes 10,000
        # times costs 10,000 tries, not 50 million.
        self.numbered: dict[str, int] = {}

    def take(self, name: str) -> str:
        """The stem for `name`, the next recipient of the list."""
        base = slugify(name)
        slug, count = base, self.numbered.get(base, 1)
        if count > 1:
            slug = f"{_cut_slug(base, SLUG_BYTES - len(f'-{count}'))}-{count}"
        while slug in self.taken:
            count += 1
            # The number is part of the file name too: a long name gives way to it.
            slug = f"{_cut_slug(base, SLUG_BYTES - len(f'-{count}'))}-{count}"
        if count > 1:
            self.numbered[base] = count
        self.taken.add(slug)
        return slug
