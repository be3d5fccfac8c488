"""The two languages brosur writes in, and locale formatting of dates and numbers (Babel)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Language = Literal["id", "en"]
LANGUAGES: dict[str, str] = {"id": "Indonesian", "en": "English"}

# The tag each language is declared with in the HTML, and so in the PDF (/Lang) and to
# WeasyPrint's hyphenation (pyphen picks its dictionary by it). The content's English is
# British (organisation, programme, colour, neighbourhood): en-GB, pyphen's hyph_en_GB.
# Templates print it with the `tag` filter: lang="{{ p.lang | tag }}". Babel formats its
# dates and numbers in the same English: "28 November 2026", not "November 28, 2026".
# (A bare "en" happens to reach the same dictionary, only as pyphen's first "en_*" file.)
LANGUAGE_TAGS: dict[str, str] = {"id": "id", "en": "en-GB"}
LOCALES: dict[str, str] = {"id": "id", "en": "en_GB"}


# An edition is one language, or both side by side (Indonesian first: it is the source text).
EditionLanguage = Literal["id", "en", "id-en"]
EDITION_LANGUAGES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "en": ("en",),
    "id-en": ("id", "en"),
}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, as history is usually told."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        parts = [
            f"{self.year:04d}",
            self.month and f"{self.month:02d}",
            self.day and f"{self.day:02d}",
        ]
        return "-".join(part for part in parts if part)


def format_partial_date(value: PartialDate | dt.date, language: str) -> str:
    """Format a date for `language`: `Maret 2000`, `28 November 2026`, `2003`."""
    from babel.dates import format_date, format_skeleton  # Babel's data loads on first use

    if isinstance(value, dt.date):
        return format_date(value, format="long", locale=LOCALES[language])
    if value.day:
        return format_date(value.as_date(), format="long", locale=LOCALES[language])
    if value.month:
        return format_skeleton("yMMMM", value.as_date(), locale=LOCALES[language])
    return str(value.year)


def format_number(value: float | int, language: str) -> str:
    """Format a number for `language`: `1.234,5` in Indonesian, `1,234.5` in English."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALES[language])
