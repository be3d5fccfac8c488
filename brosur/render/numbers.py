"""Numbers as each language writes them (Babel): a fact's amount, a key figure's count,
share or sum of money, one text per language for `Words.passages`, which prints them once in
a bilingual edition when both read alike ("62%", "2009")."""

from __future__ import annotations

from decimal import Decimal

from brosur.content.text import Text
from brosur.i18n import LANGUAGES, LOCALES, format_money, format_number


def key_figure(figure) -> dict[str, str]:
    """A key figure's value in each language: `48 desa` / `48 villages`, `62,5%` / `62.5%`,
    `Rp 18,7 miliar` / `IDR 18.7 billion`."""
    if figure.kind == "money":
        return {
            language: format_money(figure.value, figure.currency, language)
            for language in LANGUAGES
        }
    if figure.kind == "percent":
        return {language: format_percent(figure.value, language) for language in LANGUAGES}
    return amount(figure.value, figure.unit)


def amount(number: float, unit: Text | None) -> dict[str, str]:
    """A number with its unit in each language, for `passages`: `12.450 orang` and
    `12,450 people`; a bilingual edition prints it once when both read alike (`62%`)."""
    return {language: format_amount(number, unit, language) for language in LANGUAGES}


def format_amount(number: float, unit: Text | None, language: str) -> str:
    """A number as `language` writes it (Babel), with its unit; a "%" unit follows the
    language's percent pattern (`62%`) rather than standing apart as a word."""
    written = unit.get(language).strip() if unit else ""
    if written == "%":
        return format_percent(number, language)
    figure = format_number(number, language)
    return f"{figure} {written}" if written else figure


def format_percent(number: float, language: str) -> str:
    """A percentage (62.5 for 62.5 %) in `language`'s percent pattern: `62,5%`, `62.5%`."""
    from babel.numbers import format_percent as babel_percent

    # Through the number as written (Decimal of its text), so 33.3 stays 33.3, not 33.29…
    fraction = Decimal(str(number)) / 100
    return babel_percent(fraction, locale=LOCALES[language], decimal_quantization=False)
