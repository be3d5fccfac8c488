"""The forms a document may print in: its compositions first, then copyfitting's moves.

A document of fixed size (the fact sheet, the brochure) declares in templates/documents.yml
the ways its blocks may be arranged on its pages: its compositions, the design first (the
fact sheet's back on the second side, the brochure's inside in panels by topic), then those
made for content of another length (the text run on from the front to the back). Each is
tried at the design's type size, and the one that uses the pages best is chosen
(pdf/fitsearch.py measures them, pdf/economy.py judges them): type is never set smaller,
nor a block left out, while a composition holds the text as designed.

Only when no composition holds it does copyfitting move, in the last composition (the one
that holds the most), in this order:

1. its type one step smaller, then two (each document's stylesheet says what a step is,
   never below 8 pt for running text and 7 pt for captions), spacing with it;
2. then, keeping the type two steps smaller, its optional blocks given up one by one in the
   order the registry declares: the profile prints them all;
3. the last of those forms, with every optional block given up, is the document's compact
   form. Only when it fails too does the PDF fail, naming what to cut.

Each move is named in the build's warnings ("type one step smaller to fit"), and the
composition chosen in `build.py check`."""

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
class Composition:
    """One arrangement of a document's blocks on its pages (templates/documents.yml): its
    name, which the templates and stylesheets read, and how a reader would describe it."""

    name: str = "design"
    described: str = "as designed"


DESIGN = Composition()


@dataclass(frozen=True)
class Fitting:
    """One form of a document: its blocks arranged as `composition`, its type `tighten`
    steps smaller, without the `trimmed` fields (see BLOCK_NAMES)."""

    tighten: int = 0
    trimmed: tuple[str, ...] = ()
    composition: Composition = DESIGN
    # Blocks left out with the type less shrunk than copyfitting's order has it there: tried
    # only when the form found leaves an area blank beyond its bounds (pdf/fitsearch.py).
    relaxed: bool = False

    @property
    def moved(self) -> bool:
        """Whether copyfitting changed it: its type set smaller, or a block left out."""
        return bool(self.tighten or self.trimmed)

    def note(self) -> str:
        """The move, as the build's warning says it: "type one step smaller to fit"."""
        moves = [f"type {STEPS[self.tighten]} smaller"] if self.tighten else []
        if self.trimmed:
            # The milestones' texts go without saying once the milestones are left out.
            shown = [
                field
                for field in self.trimmed
                if not any(field.startswith(f"{other}.") for other in self.trimmed)
            ]
            left_out = _listed([BLOCK_NAMES[field] for field in shown])
            moves.append(f"without {left_out} (the profile has them)")
        return f"{', '.join(moves)} to fit" if moves else ""

    def gain(self) -> float:
        """How much more text this form's type holds than the design's: a lower bound on
        how far over its pages a first layout may be for this form to be worth trying. What
        a composition or a block left out frees is not known before the layout."""
        if self.trimmed or not self.tighten:
            return float("inf")
        return self.type_gain()

    def type_gain(self) -> float:
        """How much more text its type alone holds than the design's: where the first form
        that fits most likely is, whatever a composition or a block left out adds to it."""
        return 1 / (TYPE_STEP_SCALE**self.tighten)


def fittings(
    compositions: tuple[Composition, ...], tighten: int, trim: tuple[str, ...]
) -> list[Fitting]:
    """Every form a document with these compositions and bounds may print in, in the order
    they are tried: each composition as designed, then copyfitting's moves in the last; after
    them, each set of blocks left out with the type less shrunk (`relaxed`)."""
    forms = [Fitting(composition=composition) for composition in compositions]
    holding = compositions[-1]  # the one that holds the most: copyfitting keeps it
    forms += [Fitting(step, composition=holding) for step in range(1, tighten + 1)]
    forms += [Fitting(tighten, trim[: count + 1], holding) for count in range(len(trim))]
    forms += [
        Fitting(step, trim[: count + 1], holding, relaxed=True)
        for count in range(len(trim))
        for step in range(tighten)
    ]
    return forms


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


UNFITTED = Fitting()  # the form as designed
