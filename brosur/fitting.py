"""Copyfitting: the moves a designer makes, in order, when a fixed-size document does not
fit its pages or panels, before it fails.

Texts flow from one panel or column into the next wherever the design allows it (the
brochure's inside is one flow across its three panels), so a document that does not fit
tries, in this order:

1. rebalanced, where its design gives parts fixed places (the fact sheet's back starts on
   its second side): its text flows on from one page to the next instead;
2. its type one step smaller, then two (each document's stylesheet says what a step is,
   never below 8 pt for running text and 7 pt for captions), spacing with it;
3. then, keeping the type two steps smaller, its optional blocks given up one by one in the
   order the registry (templates/documents.yml) declares: the profile prints them all;
4. the last of those forms, with every optional block given up, is the document's compact
   form. Only when it fails too does the PDF fail, naming what to cut.

Each move is named in the build's warnings ("type one step smaller to fit")."""

from __future__ import annotations

from dataclasses import dataclass

# The optional blocks a document may give up, as a reader would name them.
BLOCK_NAMES = {
    "background": "the background",
    "history.timeline.text": "the milestones' texts",
    "strategies.text": "the strategies' texts",
    "history.timeline": "the milestones",
}
STEPS = ("", "one step", "two steps")
TYPE_STEP_SCALE = 0.92  # about what one step of the type scale shrinks a text's height by


@dataclass(frozen=True)
class Fitting:
    """One form of a document: its text flowing from page to page if `flow`, its type
    `tighten` steps smaller, without the `trimmed` fields (see BLOCK_NAMES)."""

    tighten: int = 0
    trimmed: tuple[str, ...] = ()
    flow: bool = False

    @property
    def moved(self) -> bool:
        return bool(self.tighten or self.trimmed or self.flow)

    def note(self) -> str:
        """The move, as the build's warning says it: "type one step smaller to fit"."""
        moves = ["text run on from page to page"] if self.flow else []
        moves += [f"type {STEPS[self.tighten]} smaller"] if self.tighten else []
        if self.trimmed:
            # The milestones' texts go without saying once the milestones are left out.
            shown = [
                field
                for field in self.trimmed
                if not any(field.startswith(f"{other}.") for other in self.trimmed)
            ]
            left_out = _listed([BLOCK_NAMES[field] for field in shown])
            moves.append(f"without {left_out} (the profile has them)")
        return f"{', '.join(moves)} to fit"

    def gain(self) -> float:
        """How much more text this form's type holds than the design's: a lower bound on
        how far over its pages a first layout may be for this form to be worth trying. What
        a rebalance or a block left out frees is not known before the layout."""
        if self.trimmed or self.flow:
            return float("inf")
        return self.type_gain()

    def type_gain(self) -> float:
        """How much more text its type alone holds than the design's: where the first form
        that fits most likely is, whatever a rebalance or a block left out adds to it."""
        return 1 / (TYPE_STEP_SCALE**self.tighten)


def fittings(tighten: int, trim: tuple[str, ...], rebalance: bool = False) -> list[Fitting]:
    """Every form a document with these bounds may print in, first choice first."""
    forms = [Fitting()] + [Fitting(flow=True)] * rebalance
    forms += [Fitting(step, flow=rebalance) for step in range(1, tighten + 1)]
    forms += [Fitting(tighten, trim[: count + 1], rebalance) for count in range(len(trim))]
    return forms


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


UNFITTED = Fitting()  # the form as designed
