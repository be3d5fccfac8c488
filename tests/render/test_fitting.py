"""The copyfitting moves a document may make, in their documented order (render/fitting.py)."""

from brosur.documents import DOCUMENT_KINDS
from brosur.pdf.options import Fallback
from brosur.pdf.writer import worth_trying
from brosur.render.fitting import Fitting, fittings


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
