"""The form a document prints in (brosur/fitting.py lists them): its compositions at the
design's type size, judged by how they use the pages (pdf/economy.py), then, when none holds
the text, copyfitting's first form that fits, found in a few layouts; what to cut when none
does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from brosur.errors import FitError
from brosur.fitting import Composition, larger_type
from brosur.i18n import LANGUAGES
from brosur.pdf import economy, engine, hyphenation, spread
from brosur.pdf.engine import Setup
from brosur.pdf.hyphenation import Marks
from brosur.pdf.options import Area, Form, Spreads

# A form whose smaller type makes room for less than what the design is over by is not laid
# out; its room is an estimate (fitting.py), so one a little short is still tried.
GAIN_SLACK = 1.04


@dataclass(frozen=True)
class Layout:
    """A form laid out: WeasyPrint's document, what its checks warn of, its pages and panels
    measured, how far they are past the document's bounds once spread (0: within them), and
    what the form is laid out again with: the spare room its pages spread over their blocks
    (spread.py) and its blocks set again with fewer hyphens (hyphenation.py); each to give,
    or, once laid out again, given."""

    document: Any
    warnings: list[str]
    areas: list[Area]
    penalty: float
    spreads: Spreads = ()
    fewer_hyphens: Marks = ()  # its blocks with a ladder of hyphens: to set again, or set


# How a form is laid out, or FitError when it does not fit.
LayOut = Callable[[Form, Setup], Layout]


def first_that_fits(
    forms: tuple[Form, ...], setup: Setup, lay_out: LayOut | None = None
) -> tuple[Form, Layout]:
    """The form to print, with its layout. First the compositions at the design's type size,
    in order: the first within every bound of the document's economy, else the one nearest
    them. When none holds the text, the first copyfitted form that fits (`_copyfitted`), its
    type grown back where a block left out leaves room (`_grown`), in each composition
    copyfitting may keep (`_holding`) until one keeps the bounds; the best of them by
    `_score`. When none fits, fail saying what to cut. `lay_out` lays a form out (by default
    as the whole PDF, with its checks)."""
    lay_out = lay_out or _laid_out_whole
    composed = [form for form in forms if not form.fit.moved]
    chosen, failures = _best_composition(composed, setup, lay_out)
    if chosen is not None:
        return _spread(*chosen, setup, lay_out)
    moved = [form for form in forms if form.fit.moved]
    if not moved:
        raise failures[composed[-1].fit.composition]
    first_failure, best = None, None
    for holding in _holding(failures, [form.fit.composition for form in moved]):
        try:
            fitted = _copyfitted_in(holding, moved, failures[holding], setup, lay_out)
        except FitError as error:
            first_failure = first_failure or error
            continue
        best = min(best or fitted, fitted, key=_score)
        if best[1].penalty == 0:
            break  # within the bounds: no other composition is laid out
    if best is None:
        assert first_failure is not None
        raise first_failure
    return _spread(*best, setup, lay_out)


def _score(fitted: tuple[Form, Layout]) -> tuple[int, float, int]:
    """How a copyfitted form ranks, the least first: its type nearest the design's, then how
    far its pages are past their bounds, then the fewest blocks left out."""
    form, layout = fitted
    return form.fit.tighten, layout.penalty, len(form.fit.trimmed)


def _copyfitted_in(
    holding: Composition, forms: list[Form], failure: FitError, setup: Setup, lay_out: LayOut
) -> tuple[Form, Layout]:
    """The copyfitted form to print in the composition `holding`, its design `failure` over
    its room: the first of copyfitting's steps that fits, each holding at least what the one
    before holds (smaller type, then blocks left out at the smallest type), its type grown
    back where a block left out leaves room."""
    forms = [form for form in forms if form.fit.composition == holding]
    most = max(form.fit.tighten for form in forms)
    steps = [form for form in forms if not form.fit.trimmed or form.fit.tighten == most]
    form, layout = _copyfitted(steps, failure, steps[-1], setup, lay_out)
    if layout.penalty > 0 and form.fit.trimmed:
        return _grown(form, layout, forms, setup, lay_out)
    return form, layout


def _best_composition(
    composed: list[Form], setup: Setup, lay_out: LayOut
) -> tuple[tuple[Form, Layout] | None, dict[Composition, FitError]]:
    """The first of the compositions within every bound, else the one nearest them (None
    when none fits), and the failure of each that did not fit."""
    best: tuple[float, Form, Layout] | None = None
    failures: dict[Composition, FitError] = {}
    for form in composed:
        try:
            layout = lay_out(form, setup)
        except FitError as error:
            failures[form.fit.composition] = error
            continue
        if best is None or layout.penalty < best[0]:
            best = (layout.penalty, form, layout)
        if layout.penalty == 0:
            break
    return (None if best is None else (best[1], best[2])), failures


def _holding(failures: dict[Composition, FitError], candidates: list[Composition]):
    """The compositions copyfitting may keep, in the order to try them: first those whose
    design failed by a measured amount of text (pages too many, a panel too full), in their
    order; then those that failed otherwise (a box over another, which copyfitting may not
    mend: the fact sheet's facts beside the text running on over the back)."""
    candidates = list(dict.fromkeys(candidates))
    measured = [composition for composition in candidates if failures[composition].over > 1]
    return measured + [composition for composition in candidates if composition not in measured]


def _grown(
    form: Form, layout: Layout, forms: list[Form], setup: Setup, lay_out: LayOut
) -> tuple[Form, Layout]:
    """The form that leaves out what `form` leaves out, with the largest type that still
    fits: a block given up leaves room (`layout` is past the document's bounds), which the
    type takes back before it is left blank."""
    by_fit = {other.fit: other for other in forms}
    for fit in larger_type(form.fit, list(by_fit)):
        try:
            return by_fit[fit], lay_out(by_fit[fit], setup)
        except FitError:
            continue
    return form, layout


def _spread(form: Form, layout: Layout, setup: Setup, lay_out: LayOut) -> tuple[Form, Layout]:
    """The form with its pages' spare room spread over their blocks and its flaws of
    hyphens set again, laid out again once. Where the room given moves a block on (the pages
    are more, or used worse), the form is laid out with the hyphens set again only; where
    that moves one on too, it is printed as it was."""
    marks = layout.fewer_hyphens
    if not layout.spreads and not marks:
        return form, layout
    tries = [layout.spreads, ()] if layout.spreads and marks else [layout.spreads]
    for spreads in tries:
        html = hyphenation.with_fewer_hyphens(spread.spread_html(form.html, spreads), marks)
        again = replace(form, html=html)
        try:
            laid = lay_out(again, setup)
        except FitError:
            continue
        if not _moved_on(layout, laid, setup):
            return again, replace(laid, spreads=spreads, fewer_hyphens=marks)
    return form, replace(layout, spreads=(), fewer_hyphens=())


def _moved_on(before: Layout, after: Layout, setup: Setup) -> bool:
    """Whether the room given, or a paragraph set again, moved a block on: more pages, or
    pages used worse than before."""
    bounds = setup.options.economy
    return len(after.document.pages) != len(before.document.pages) or economy.penalty(
        after.areas, bounds
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
    penalty = economy.penalty(judged, bounds)
    return Layout(document, warnings, found, penalty, given, hyphenation.hyphen_flaws(document))


def too_long(failure: FitError, last: Form) -> FitError:
    """The failure of the last form a document may print in, with what to cut: how much too
    long it is, in words per language, and its longest texts. A failure not measured in
    length (a text over another) keeps its own messages: they name what to shorten."""
    moves = f" even {last.note.removesuffix(' to fit')}" if last.note else ""
    if failure.over <= 1:
        error = FitError([*failure.messages, f"it does not fit{moves}"])
        error.over = failure.over
        return error
    cut = 1 - 1 / failure.over
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
        f"it is about {round(cut * 100)} % too long{moves}"
        + f": cut {' and '.join(amounts)}, first from the longest: "
        + ", ".join(str(text) for text in longest)
    )
    error = FitError([*failure.messages, advice])
    error.over = failure.over
    return error


def _round_up(words: float) -> int:
    """A number of words to cut, rounded up to a multiple of 5 (an estimate: see fit.py)."""
    return max(5, -(-int(words) // 5) * 5)
