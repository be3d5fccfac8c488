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
   order the registry declares: the profile prints them all. A block given up may leave
   room: the type then grows back as far as it still fits, so that no page or panel is left
   blank beside type smaller than it need be;
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
    compositions: tuple[Composition, ...],
    tighten: int,
    trim: tuple[str, ...],
    holding: tuple[Composition, ...] = (),
) -> list[Fitting]:
    """Every form a document with these compositions and bounds may print in, in the order
    they are tried: each composition as designed, then copyfitting's moves in each of the
    `holding` compositions (the last composition when none is given). The search copyfits
    in the first of them that holds the text (pdf/fitsearch.py)."""
    forms = [Fitting(composition=composition) for composition in compositions]
    for composition in holding or compositions[-1:]:
        forms += _copyfitted(composition, tighten, trim)
    return forms


def _copyfitted(composition: Composition, tighten: int, trim: tuple[str, ...]) -> list[Fitting]:
    """Copyfitting's moves in one composition: its steps, each holding at least what the one
    before holds; then the same blocks left out with larger type, tried (the largest first)
    only when the form with the smallest type leaves a page or panel blank beyond its bound."""
    steps = [Fitting(step, composition=composition) for step in range(1, tighten + 1)]
    steps += [Fitting(tighten, trim[: count + 1], composition) for count in range(len(trim))]
    larger = [
        Fitting(step, trim[: count + 1], composition)
        for count in range(len(trim))
        for step in range(tighten)
    ]
    return steps + larger


def larger_type(fit: Fitting, forms: list[Fitting]) -> list[Fitting]:
    """The forms among `forms` in `fit`'s composition that leave out what it leaves out,
    with larger type than it has: the largest first."""
    return sorted(
        (
            form
            for form in forms
            if (form.composition, form.trimmed) == (fit.composition, fit.trimmed)
            and form.tighten < fit.tighten
        ),
        key=lambda form: form.tighten,
    )


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


UNFITTED = Fitting()  # the form as designed
