"""The forms a document may print in, in their documented order (fitting.py), and how the
search chooses among them (pdf/fitsearch.py): compositions first, judged by how they use the
pages; copyfitting only when none holds the text."""

import pytest

from brosur.documents import DOCUMENT_KINDS
from brosur.errors import FitError
from brosur.fitting import DESIGN, Composition, Fitting, fittings
from brosur.pdf.fitsearch import Layout, first_that_fits, worth_trying
from brosur.pdf.options import Form

RUN_ON = Composition("run-on", "the text run on")


def test_the_compositions_come_first_then_copyfitting_in_the_last():
    forms = fittings((DESIGN, RUN_ON), 2, ("background", "history.timeline.text"))
    assert forms == [
        Fitting(),
        Fitting(composition=RUN_ON),
        Fitting(1, composition=RUN_ON),
        Fitting(2, composition=RUN_ON),
        Fitting(2, ("background",), RUN_ON),
        Fitting(2, ("background", "history.timeline.text"), RUN_ON),
    ]


def test_a_document_that_never_copyfits_has_only_its_compositions():
    """The profile grows by pages: it has no copyfitting moves, only its compositions."""
    profile = DOCUMENT_KINDS["profile"]
    assert profile.fittings() == [Fitting(composition=form) for form in profile.compositions]
    assert [form.name for form in profile.compositions] == ["spacious", "close"]


def test_each_move_is_named_as_the_warning_says_it_and_a_composition_is_no_move():
    assert Fitting(1).note() == "type one step smaller to fit"
    assert Fitting(composition=RUN_ON).note() == ""
    assert not Fitting(composition=RUN_ON).moved
    assert Fitting(2, ("background",)).note() == (
        "type two steps smaller, without the background (the profile has them) to fit"
    )


def test_a_block_left_out_whole_is_not_named_again_by_its_parts():
    fit = Fitting(2, ("history.timeline.text", "strategies.text", "history.timeline"))
    assert "the milestones' texts" not in fit.note()
    assert "without the strategies' texts and the milestones (the profile" in fit.note()


def _forms(fits: list[Fitting]) -> tuple[Form, ...]:
    return tuple(Form(f"form {index}", (), fit) for index, fit in enumerate(fits))


def test_smaller_type_is_worth_trying_only_for_a_text_a_little_too_long():
    _, *copyfitted = _forms(fittings((DESIGN,), 2, ("background",)))
    # A few per cent over: every form may do. Half as long again: only a block left out.
    assert worth_trying(copyfitted, 1.05) == copyfitted
    assert worth_trying(copyfitted, 1.5) == copyfitted[-1:]
    # Between: two steps smaller may, one step may not.
    assert [form.html for form in worth_trying(copyfitted, 1.15)] == ["form 2", "form 3"]


def test_every_block_a_document_may_trim_has_a_name():
    for kind in DOCUMENT_KINDS.values():
        for fit in kind.fittings():
            assert fit.note() or not fit.moved  # a name for every trimmed field


class _Layouts:
    """Stands in for laying a form out (the whole PDF, pdf.fitsearch): the forms before
    `first_fit` fail by `over`, the rest fit, each past the document's bounds by its entry
    in `penalties` (0 when none); it records which forms were laid out."""

    def __init__(self, forms: list[Form], first_fit: int, over: float, penalties=None):
        self.forms, self.first_fit, self.over = forms, first_fit, over
        self.penalties = penalties or {}
        self.laid_out: list[str] = []

    def __call__(self, form: Form, setup) -> Layout:
        self.laid_out.append(form.html)
        index = self.forms.index(form)
        if index < self.first_fit:
            error = FitError([f"{form.html} is too long"])
            error.over = self.over
            raise error
        return Layout(f"layout of {form.html}", [], [], self.penalties.get(index, 0.0))


def test_the_search_finds_the_first_form_that_fits_wherever_it_is():
    forms = _forms(fittings((DESIGN, RUN_ON), 2, ("background", "history.timeline.text")))
    for over in (1.02, 1.105, 1.3):
        worth = worth_trying(list(forms[2:]), over)
        for first_fit in range(1, len(forms) + 1):
            if first_fit >= 2 and first_fit < len(forms) and forms[first_fit] not in worth:
                continue  # a form whose type cannot make up `over` is passed over, by design
            layouts = _Layouts(list(forms), first_fit, over)
            if first_fit == len(forms):
                with pytest.raises(FitError):
                    first_that_fits(forms, None, layouts)
                continue
            form, _ = first_that_fits(forms, None, layouts)
            assert form is forms[first_fit], (over, first_fit, layouts.laid_out)
            # Both compositions, then halving: never more than a few layouts.
            assert len(layouts.laid_out) <= 2 + 4


def test_a_text_a_little_too_long_is_fitted_from_the_form_whose_type_makes_room():
    """10.5 % over (the bilingual fact sheet with a recipient box): one step smaller holds
    about 8.7 % more, two steps 18 %. After both compositions the search tries two steps,
    then one step to be sure it is the first that fits."""
    forms = _forms(DOCUMENT_KINDS["factsheet"].fittings())
    two_steps = [form.html for form in forms].index("form 3")
    layouts = _Layouts(list(forms), two_steps, 1.105)
    form, _ = first_that_fits(forms, None, layouts)
    assert form.note == "type two steps smaller to fit"
    assert form.fit.composition.name == "run-on"
    assert layouts.laid_out == ["form 0", "form 1", "form 3", "form 2"]


def test_a_composition_within_the_bounds_is_chosen_over_the_design_that_is_not():
    forms = _forms(fittings((DESIGN, RUN_ON), 2, ()))
    layouts = _Layouts(list(forms), 0, 1.0, penalties={0: 0.12, 1: 0.0})
    form, _ = first_that_fits(forms, None, layouts)
    assert form is forms[1]
    assert layouts.laid_out == ["form 0", "form 1"]


def test_the_design_is_kept_when_it_keeps_the_bounds_and_nothing_else_is_laid_out():
    forms = _forms(fittings((DESIGN, RUN_ON), 2, ()))
    layouts = _Layouts(list(forms), 0, 1.0)
    form, _ = first_that_fits(forms, None, layouts)
    assert form is forms[0]
    assert layouts.laid_out == ["form 0"]


def test_when_no_composition_keeps_the_bounds_the_nearest_is_chosen_and_type_is_not_shrunk():
    forms = _forms(fittings((DESIGN, RUN_ON), 2, ()))
    layouts = _Layouts(list(forms), 0, 1.0, penalties={0: 0.05, 1: 0.2})
    form, _ = first_that_fits(forms, None, layouts)
    assert form is forms[0]
    assert not form.fit.moved
