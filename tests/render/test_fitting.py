"""The copyfitting moves a document may make, in their documented order (render/fitting.py)."""

from brosur.documents import DOCUMENT_KINDS
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
    assert Fitting().gain() == 1
    assert 1.05 < Fitting(1).gain() < Fitting(2).gain() < 1.3
    assert Fitting(2, ("background",)).gain() == float("inf")  # what a block frees is unknown


def test_every_block_a_document_may_trim_has_a_name_and_a_template_that_honours_it():
    for kind in DOCUMENT_KINDS.values():
        for fit in kind.fittings():
            assert fit.note()  # a name for every trimmed field (KeyError otherwise)
