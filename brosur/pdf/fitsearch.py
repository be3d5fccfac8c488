"""The form a document prints in (brosur/fitting.py lists them): its compositions at the
design's type size, judged by how they use the pages (pdf/economy.py), then, when none holds
the text, copyfitting's first form that fits, found in a few layouts; what to cut when none
does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from brosur.errors import FitError
from brosur.i18n import LANGUAGES
from brosur.pdf import economy, engine, spread
from brosur.pdf.engine import Setup
from brosur.pdf.options import Area, Form, Spreads

# A form whose smaller type makes room for less than what the design is over by is not laid
# out; its room is an estimate (fitting.py), so one a little short is still tried.
GAIN_SLACK = 1.04


@dataclass(frozen=True)
class Layout:
    """A form laid out: WeasyPrint's document, what its checks warn of, its pages and panels
    measured, the spare room its pages spread over their blocks (spread.py: to give, or, once
    the form is laid out again with it, given), and how far they are past the document's
    bounds so spread (0: within them)."""

    document: Any
    warnings: list[str]
    areas: list[Area]
    penalty: float
    spreads: Spreads = ()


# How a form is laid out, or FitError when it does not fit.
LayOut = Callable[[Form, Setup], Layout]


def first_that_fits(
    forms: tuple[Form, ...], setup: Setup, lay_out: LayOut | None = None
) -> tuple[Form, Layout]:
    """The form to print, with its layout. First the compositions at the design's type size,
    in order: the first within every bound of the document's economy, else the one nearest
    them. When none holds the text, the first copyfitted form that fits (`_copyfitted`);
    when none fits, fail saying what to cut. `lay_out` lays a form out (by default as the
    whole PDF, with its checks)."""
    lay_out = lay_out or _laid_out_whole
    composed = [form for form in forms if not form.fit.moved]
    best: tuple[float, Form, Layout] | None = None
    failure = None
    for form in composed:
        try:
            layout = lay_out(form, setup)
        except FitError as error:
            failure = error
            continue
        if best is None or layout.penalty < best[0]:
            best = (layout.penalty, form, layout)
        if layout.penalty == 0:
            break
    if best is not None:
        return _spread(best[1], best[2], setup, lay_out)
    assert failure is not None  # every composition was laid out, and none fitted
    moved = [form for form in forms if form.fit.moved]
    if not moved:
        raise failure
    return _spread(*_copyfitted(moved, failure, forms[-1], setup, lay_out), setup, lay_out)


def _spread(form: Form, layout: Layout, setup: Setup, lay_out: LayOut) -> tuple[Form, Layout]:
    """The form with its pages' spare room spread over their blocks, laid out again (as it
    was, in the rare case the room given moves a block on: the pages are more, or used
    worse)."""
    if not layout.spreads:
        return form, layout
    spread_form = replace(form, html=spread.spread_html(form.html, layout.spreads))
    try:
        spread_layout = lay_out(spread_form, setup)
    except FitError:
        return form, replace(layout, spreads=())
    if _moved_on(layout, spread_layout, setup):
        return form, replace(layout, spreads=())
    return spread_form, replace(spread_layout, spreads=layout.spreads)


def _moved_on(before: Layout, spread_out: Layout, setup: Setup) -> bool:
    """Whether the room given moved a block on: more pages, or pages used worse than
    before it was given."""
    bounds = setup.options.economy
    return len(spread_out.document.pages) != len(before.document.pages) or economy.penalty(
        spread_out.areas, bounds
    ) > economy.penalty(before.areas, bounds)


def _copyfitted(
    forms: list[Form], failure: FitError, last: Form, setup: Setup, lay_out: LayOut
) -> tuple[Form, Layout]:
    """The first of the copyfitted `forms` that fits, the composition they keep being
    `failure.over` its room as designed.

    Each form holds at least what the one before it holds, so the first that fits is found
    by halving: a few layouts, not one a form. Forms whose smaller type cannot make up what
    the design is over by are not laid out at all. The search starts at the form whose type
    alone likely makes up for it, and the one before it: two layouts when the estimate is
    right, as it mostly is for a text a little too long."""
    over = failure.over
    left = worth_trying(forms, over)
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
        raise too_long(failure, last)
    return fitted


def worth_trying(forms: list[Form], over: float) -> list[Form]:
    """The forms that may make up for a design `over` its room by that much: smaller type
    alone holds only so much more; what a block left out frees is unknown."""
    return [form for form in forms if form.gain * GAIN_SLACK >= over]


def _laid_out_whole(form: Form, setup: Setup) -> Layout:
    document, warnings = engine.laid_out(form.html, setup, form.texts, whole=True)
    found = economy.areas(document)
    given = spread.spreads(document)
    judged = spread.predicted(found, document, given) if given else found
    bounds = setup.options.economy
    return Layout(document, warnings, found, economy.penalty(judged, bounds), given)


def too_long(failure: FitError, last: Form) -> FitError:
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
