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


# From a million up, an amount is written as people say it: "Rp 18,7 miliar".
COMPACT_FROM = 1_000_000


def format_money(value: float, currency: str, language: str) -> str:
    """An amount as `language` writes it (Babel): `Rp 18,7 miliar` / `IDR 18.7 billion`
    from a million up, `Rp 750.000` / `US$2,500.00` below.

    The symbol is the language's own for the currency (Rp in Indonesian, IDR in English),
    set apart from the digits by a no-break space where it ends in a letter, as CLDR's
    currency spacing asks (Babel leaves that rule out: "Rp750.000", "IDR18.7bn")."""
    from babel.numbers import format_compact_decimal, format_currency, get_currency_symbol

    locale = LOCALES[language]
    symbol = get_currency_symbol(currency, locale)
    if abs(value) >= COMPACT_FROM:
        figure = format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=1)
        return _spaced(symbol, figure)
    # A whole amount is printed whole: "US$45,000", not "US$45,000.00".
    whole = float(value).is_integer()
    written = format_currency(
        value, currency, _WHOLE if whole else None, locale, currency_digits=not whole
    )
    return written.replace(symbol, _spaced(symbol, ""), 1) if symbol[-1:].isalpha() else written


_WHOLE = "¤#,##0"


def _spaced(symbol: str, figure: str) -> str:
    return f"{symbol}\N{NO-BREAK SPACE}{figure}" if symbol[-1:].isalpha() else symbol + figure
