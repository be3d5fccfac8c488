"""The copyfitting moves a document may make, in their documented order (fitting.py)."""

import pytest

from brosur.documents import DOCUMENT_KINDS
from brosur.errors import FitError
from brosur.fitting import Fitting, fittings
from brosur.pdf.fitsearch import first_that_fits, worth_trying
from brosur.pdf.options import Fallback


def test_the_moves_come_in_order_rebalance_tighten_then_trim_one_block_at_a_time():
    forms = fittings(2, ("background", "history.timeline.text"), rebalance=True)
    assert forms == [
        Fitting(),
        Fitting(flow=True),
        Fitting(1, flow=True),
        Fitting(2, flow=True),
        Fitting(2, ("background",), flow=True),
        Fitting(2, ("background", "history.timeline.text"), flow=True),
    ]


def test_a_document_without_bounds_has_only_its_design():
    assert DOCUMENT_KINDS["profile"].fittings() == [Fitting()]


def test_each_move_is_named_as_the_warning_says_it():
    assert Fitting(1).note() == "type one step smaller to fit"
    assert Fitting(flow=True).note() == "text run on from page to page to fit"
    assert Fitting(2, ("background",)).note() == (
        "type two steps smaller, without the background (the profile has them) to fit"
    )


def test_a_block_left_out_whole_is_not_named_again_by_its_parts():
    fit = Fitting(2, ("history.timeline.text", "strategies.text", "history.timeline"))
    assert "the milestones' texts" not in fit.note()
    assert "without the strategies' texts and the milestones (the profile" in fit.note()


def test_smaller_type_is_worth_trying_only_for_a_text_a_little_too_long():
    fits = fittings(2, ("background",))
    forms = [
        Fallback(f"form {index}", (), fit.note(), fit.gain()) for index, fit in enumerate(fits)
    ]
    _, *fallbacks = forms
    # A few per cent over: every form may do. Half as long again: only a block left out.
    assert worth_trying(fallbacks, 1.05) == fallbacks
    assert worth_trying(fallbacks, 1.5) == fallbacks[-1:]
    # Between: two steps smaller may, one step may not.
    assert [form.html for form in worth_trying(fallbacks, 1.15)] == ["form 2", "form 3"]


def test_every_block_a_document_may_trim_has_a_name_and_a_template_that_honours_it():
    for kind in DOCUMENT_KINDS.values():
        for fit in kind.fittings():
            assert fit.note()  # a name for every trimmed field (KeyError otherwise)


class _Layouts:
    """Stands in for laying a form out (the whole PDF, pdf.fitsearch): the forms before
    `first_fit` fail by `over`, the rest fit; it records which forms were laid out."""

    def __init__(self, forms: list[Fallback], first_fit: int, over: float):
        self.forms, self.first_fit, self.over = forms, first_fit, over
        self.laid_out: list[str] = []

    def __call__(self, form: Fallback, setup):
        self.laid_out.append(form.html)
        if self.forms.index(form) < self.first_fit:
            error = FitError([f"{form.html} is too long"])
            error.over = self.over
            raise error
        return (f"layout of {form.html}", [])


def _forms(fits: list[Fitting]) -> tuple[Fallback, ...]:
    return tuple(
        Fallback(f"form {index}", (), fit.note(), fit.gain(), fit.type_gain())
        for index, fit in enumerate(fits)
    )


def test_the_search_finds_the_first_form_that_fits_wherever_it_is():
    forms = _forms(fittings(2, ("background", "history.timeline.text"), rebalance=True))
    for over in (1.02, 1.105, 1.3):
        for first_fit in range(1, len(forms) + 1):
            layouts = _Layouts(list(forms), first_fit, over)
            if first_fit == len(forms):
                with pytest.raises(FitError):
                    first_that_fits(forms, None, layouts)
                continue
            form, _ = first_that_fits(forms, None, layouts)
            assert form is forms[first_fit], (over, first_fit, layouts.laid_out)
            # Halving: never more than a few layouts after the design.
            assert len(layouts.laid_out) <= 1 + 4


def test_a_text_a_little_too_long_is_fitted_from_the_form_whose_type_makes_room():
    """10.5 % over (the bilingual fact sheet with a recipient box): one step smaller holds
    about 8.7 % more, two steps 18 %. The search tries two steps, then one step to be sure
    it is the first that fits: three layouts with the design, not four."""
    forms = _forms(DOCUMENT_KINDS["factsheet"].fittings())
    two_steps = [form.html for form in forms].index("form 3")
    layouts = _Layouts(list(forms), two_steps, 1.105)
    form, _ = first_that_fits(forms, None, layouts)
    assert form.note == "text run on from page to page, type two steps smaller to fit"
    assert layouts.laid_out == ["form 0", "form 3", "form 2"]
