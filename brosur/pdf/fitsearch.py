"""Copyfitting's search: the first form of a document that fits (brosur/fitting.py lists the
forms), found in a few layouts; what to cut when none does; and how full the chosen one is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brosur.errors import FitError
from brosur.i18n import LANGUAGES
from brosur.pdf import engine, fit
from brosur.pdf.engine import Setup
from brosur.pdf.options import Capacity, Fallback
from brosur.printing import PrintedText

# A form whose smaller type makes room for less than what the design is over by is not laid
# out; its room is an estimate (fitting.py), so one a little short is still tried.
GAIN_SLACK = 1.04
# How a form is laid out: (document, warnings), or FitError when it does not fit.
LayOut = Callable[[Fallback, Setup], tuple[Any, list[str]]]


def first_that_fits(forms: tuple[Fallback, ...], setup: Setup, lay_out: LayOut | None = None):
    """Lay the forms out and return the first that fits, with its layout: (form, (document,
    warnings)). When none fits, fail saying what to cut.

    Each form holds at least what the one before it holds, so after the design fails the
    first that fits is found by halving: a few layouts, not one a form. Forms whose smaller
    type cannot make up what the design is over by are not laid out at all. The search
    starts at the form whose type alone likely makes up for it, and the one before it: two
    layouts when the estimate is right, as it mostly is for a text a little too long.
    `lay_out` lays a form out (by default as the whole PDF, with its checks)."""
    lay_out = lay_out or _laid_out_whole
    design, *fallbacks = forms
    try:
        return design, lay_out(design, setup)
    except FitError as error:
        if not fallbacks:
            raise
        over, failure = error.over, error
    left = worth_trying(fallbacks, over)
    # The first form that fits is in left[low:high]; none does when the range ends empty.
    low, high, fitted = 0, len(left), None
    likely = next((index for index, form in enumerate(left) if form.type_gain >= over), None)
    first_tries = [] if likely is None else [likely, likely - 1]
    while low < high:
        first_tries = [index for index in first_tries if low <= index < high]
        middle = first_tries.pop(0) if first_tries else (low + high) // 2
        try:
            fitted = left[middle], lay_out(left[middle], setup)
        except FitError as error:
            failure, low = error, middle + 1
        else:
            high = middle
    if fitted is None:
        raise too_long(failure, forms[-1])
    return fitted


def worth_trying(fallbacks: list[Fallback], over: float) -> list[Fallback]:
    """The forms that may make up for a design `over` its room by that much: smaller type
    alone holds only so much more; what a rebalance or a block left out frees is unknown."""
    return [form for form in fallbacks if form.gain * GAIN_SLACK >= over]


def _laid_out_whole(form: Fallback, setup: Setup) -> tuple[Any, list[str]]:
    return engine.laid_out(form.html, setup, form.texts, whole=True)


def too_long(failure: FitError, last: Fallback) -> FitError:
    """The failure of the last form a document may print in, with what to cut: how much too
    long it is, in words per language, and its longest texts."""
    cut = 1 - 1 / max(failure.over, 1.0)
    words: dict[str, int] = {}
    for text in last.texts:
        words[text.language] = words.get(text.language, 0) + text.words
    amounts = [
        f"about {_round_up(count * cut)} words of {LANGUAGES[language]}"
        for language, count in words.items()
        if language in LANGUAGES
    ]
    longest = sorted(last.texts, key=lambda text: -text.words)[:3]
    advice = (
        f"it is about {round(cut * 100)} % too long"
        + (f" even {last.note.removesuffix(' to fit')}" if last.note else "")
        + f": cut {' and '.join(amounts)}, first from the longest: "
        + ", ".join(str(text) for text in longest)
    )
    error = FitError([*failure.messages, advice])
    error.over = failure.over
    return error


def _round_up(words: float) -> int:
    """A number of words to cut, rounded up to a multiple of 5 (an estimate: see fit.py)."""
    return max(5, -(-int(words) // 5) * 5)


def capacity(document, texts: tuple[PrintedText, ...], max_pages: int) -> Capacity:
    """How full a laid-out document is: its fixed boxes, or else its pages; and how many
    more words each language would take before its fullest part is full (an estimate:
    words take room in proportion to their number)."""
    boxes = fit.fills(document)
    if boxes:
        parts = tuple((fill.box, fill.ratio) for fill in boxes)
        fullest = max(ratio for _, ratio in parts)
    else:
        used = len(document.pages) - 1 + fit.page_fill(document.pages[-1])
        fullest = used / max_pages
        parts = ((f"pages (at most {max_pages})", fullest),)
    words: dict[str, int] = {}
    for text in texts:
        if text.language in LANGUAGES:
            words[LANGUAGES[text.language]] = words.get(LANGUAGES[text.language], 0) + text.words
    spare = tuple(
        (language, int(count * (1 / max(fullest, 0.01) - 1))) for language, count in words.items()
    )
    return Capacity(parts, spare)
