"""The forms a document may print in, in their documented order (fitting.py), and how the
search chooses among them (pdf/fitsearch.py): compositions first, judged by how they use the
pages; copyfitting only when none holds the text."""

import pytest

from brosur.documents import DOCUMENT_KINDS
from brosur.errors import FitError
from brosur.fitting import DESIGN, Composition, Fitting, fittings, larger_type
from brosur.pdf.fitsearch import Layout, first_that_fits, too_long, worth_trying
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
        # The same blocks left out with larger type, for a block that leaves room.
        Fitting(0, ("background",), RUN_ON),
        Fitting(1, ("background",), RUN_ON),
        Fitting(0, ("background", "history.timeline.text"), RUN_ON),
        Fitting(1, ("background", "history.timeline.text"), RUN_ON),
    ]
    assert larger_type(forms[4], forms) == [forms[6], forms[7]]
    assert larger_type(forms[3], forms) == [forms[1], forms[2]]  # in its composition only


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
    _, *copyfitted = _forms(fittings((DESIGN,), 2, ("background",)))[:4]
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

    def __init__(self, forms: list[Form], first_fit: int, over: float, penalties=None, failing=()):
        self.forms, self.first_fit, self.over = forms, first_fit, over
        self.penalties = penalties or {}
        self.failing = set(failing)  # more forms that do not fit
        self.laid_out: list[str] = []

    def __call__(self, form: Form, setup) -> Layout:
        self.laid_out.append(form.html)
        index = self.forms.index(form)
        if index < self.first_fit or index in self.failing:
            error = FitError([f"{form.html} is too long"])
            error.over = self.over
            raise error
        return Layout(f"layout of {form.html}", [], [], self.penalties.get(index, 0.0))


def test_the_search_finds_the_first_form_that_fits_wherever_it_is():
    forms = _forms(fittings((DESIGN, RUN_ON), 2, ("background", "history.timeline.text")))
    steps = 6  # the compositions and copyfitting's steps; then the larger type's forms
    for over in (1.02, 1.105, 1.3):
        worth = worth_trying(list(forms[2:steps]), over)
        for first_fit in range(1, steps + 1):
            if first_fit >= 2 and first_fit < steps and forms[first_fit] not in worth:
                continue  # a form whose type cannot make up `over` is passed over, by design
            layouts = _Layouts(list(forms), first_fit, over)
            if first_fit == steps:
                with pytest.raises(FitError):
                    first_that_fits(forms, None, layouts)
                continue
            form, _ = first_that_fits(forms, None, layouts)
            assert form is forms[first_fit], (over, first_fit, layouts.laid_out)
            # Both compositions, then halving: never more than a few layouts.
            assert len(layouts.laid_out) <= 2 + 4


def test_a_text_a_little_too_long_is_fitted_from_the_form_whose_type_makes_room():
    """10.5 % over (the bilingual fact sheet with a recipient box): one step smaller holds
    about 8.7 % more, two steps 18 %. After its three compositions the search tries two
    steps, then one step to be sure it is the first that fits, in the first composition
    copyfitting may keep (the text run on)."""
    kind = DOCUMENT_KINDS["factsheet"]
    forms = _forms(kind.fittings())
    run_on = kind.compositions[1]
    one_step, two_steps = (
        kind.fittings().index(Fitting(step, composition=run_on)) for step in (1, 2)
    )
    layouts = _Layouts(list(forms), two_steps, 1.105)
    form, _ = first_that_fits(forms, None, layouts)
    assert form.note == "type two steps smaller to fit"
    assert form.fit.composition.name == "run-on"
    assert layouts.laid_out == [
        "form 0",
        "form 1",
        "form 2",
        f"form {two_steps}",
        f"form {one_step}",
    ]


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


def test_a_block_left_out_that_leaves_room_gives_the_type_back_as_far_as_it_fits():
    """The fact sheet without its background holds the rest at two steps smaller with a page
    a third blank: the type grows back, one step smaller (as designed does not fit)."""
    forms = _forms(fittings((DESIGN, RUN_ON), 2, ("background",)))
    without_two, without_as_designed, without_one = 4, 5, 6
    layouts = _Layouts(
        list(forms), without_two, 1.2, penalties={without_two: 0.1}, failing={without_as_designed}
    )
    form, _ = first_that_fits(forms, None, layouts)
    assert form is forms[without_one]
    assert (
        form.note == "type one step smaller, without the background (the profile has them) to fit"
    )
    assert layouts.laid_out[-2:] == ["form 5", "form 6"]


def test_a_block_left_out_that_leaves_no_room_keeps_the_type_it_fitted_with():
    forms = _forms(fittings((DESIGN, RUN_ON), 2, ("background",)))
    layouts = _Layouts(list(forms), 4, 1.2)
    form, _ = first_that_fits(forms, None, layouts)
    assert form is forms[4]
    assert not {"form 5", "form 6"} & set(layouts.laid_out)


def test_facts_that_do_not_fit_beside_the_text_are_copyfitted_in_the_next_composition():
    """The fact sheet's sidebar of facts, too long, runs over the back (a text over another,
    not measured in length): copyfitting keeps the composition with the facts in a strip."""
    kind = DOCUMENT_KINDS["factsheet"]
    fits = kind.fittings()
    forms = _forms(fits)
    strip = kind.compositions[2]
    sidebar = {index for index, fit in enumerate(fits) if fit.composition != strip}
    layouts = _OverlapsBeside(list(forms), sidebar)
    form, _ = first_that_fits(forms, None, layouts)
    assert form.fit.composition == strip
    assert form.note == "type one step smaller to fit"


class _OverlapsBeside(_Layouts):
    """The forms in `sidebar` fail with a text over another; in the strip, the design is 5 %
    over and one step smaller fits."""

    def __init__(self, forms: list[Form], sidebar: set[int]):
        super().__init__(forms, 0, 1.0)
        self.sidebar = sidebar

    def __call__(self, form: Form, setup) -> Layout:
        index = self.forms.index(form)
        if index in self.sidebar:
            self.laid_out.append(form.html)
            raise FitError(["page 2: facts[6].text.en overlaps the text 'CONTACT'"])
        if not form.fit.moved:
            self.laid_out.append(form.html)
            error = FitError(["the text runs to 3 pages"])
            error.over = 1.05
            raise error
        return super().__call__(form, setup)


def test_a_form_that_fails_by_a_text_over_another_says_so_not_how_many_words_to_cut():
    error = FitError(["page 2: facts[6].text.en overlaps the text 'CONTACT': shorten it"])
    last = Form("compact", (), Fitting(2, ("background",)))
    assert too_long(error, last).messages == [
        "page 2: facts[6].text.en overlaps the text 'CONTACT': shorten it",
        "it does not fit even type two steps smaller, without the background (the profile has "
        "them)",
    ]
