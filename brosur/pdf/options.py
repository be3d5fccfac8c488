"""How one HTML becomes a PDF: the options a job carries whole to a worker process."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from brosur.documents import Bound
from brosur.fitting import UNFITTED, Fitting
from brosur.printing import NamedPicture, PrintedText
from brosur.variants import Source, Variant

# Spare room spread over a page's blocks (pdf/spread.py): (a block's name, the padding above
# it then, the room that adds), in CSS pixels.
Spreads = tuple[tuple[str, float, float], ...]


@dataclass(frozen=True)
class Area:
    """One page, or one panel of a document in panels, and how it is used (pdf/economy.py):
    `foot` is the blank band below its last use, `gap` the tallest empty run above that, each
    a share of its height."""

    page: int  # from 1
    name: str  # "page 2", "inside 3"
    foot: float
    gap: float

    @property
    def used(self) -> float:
        """The share of its height down to its last use."""
        return 1.0 - self.foot

    def __str__(self) -> str:
        gap = f", an empty run of {self.gap:.0%} inside" if self.gap >= 0.05 else ""
        return f"{self.name} {self.foot:.0%} blank at the foot{gap}"


@dataclass(frozen=True)
class Economy:
    """How a PDF uses its pages, as `build.py check` reports it: the composition chosen, its
    type and blocks (the copyfitting move, if any), and each page or panel."""

    composition: str  # as a reader would describe it: "the back on the second side"
    fitted: str  # the copyfitting move: "type two steps smaller to fit"; "" for none
    areas: tuple[Area, ...]
    beyond: tuple[str, ...] = ()  # the areas past a bound of the document's, as said

    def __str__(self) -> str:
        return "; ".join(str(area) for area in self.areas)


@dataclass(frozen=True)
class Form:
    """One form of a document's HTML (fitting.py): a composition of its blocks, at its
    design's type size or copyfitted, with what it prints."""

    html: str
    texts: tuple[PrintedText, ...]  # what it prints (it may leave optional blocks out)
    fit: Fitting = UNFITTED

    @property
    def note(self) -> str:
        """The copyfitting move it makes, as the build's warning names it ("" for none)."""
        return self.fit.note()

    @property
    def gain(self) -> float:
        """How much more text it holds than the design, at least (fitting.py)."""
        return self.fit.gain()

    @property
    def type_gain(self) -> float:
        """How much more its type alone holds: where the copyfit search starts."""
        return self.fit.type_gain()


@dataclass(frozen=True)
class PdfOptions:
    """Everything but the HTML and the target that decides a PDF: plain data, so that it
    pickles to a worker (standard library and pdf.variants only, no WeasyPrint)."""

    base: Path  # the folder relative URLs in the HTML start from
    roots: tuple[Path, ...]  # the only folders a PDF may load files from
    max_pages: int
    variant: Variant | None = None  # the PDF standard, tagging and image resolution
    sources: tuple[Source, ...] = ()  # the content files an archive PDF carries
    date: dt.datetime | None = None  # stamps the attachments: same input, same bytes
    fonts: tuple[str, ...] = ()  # the theme's families: a character in any other is an error
    # The content's texts the HTML must print (see render/printed.py), for the verifier.
    texts: tuple[PrintedText, ...] = ()
    # The form the HTML is (its composition, fitting.py), and the other forms to try, in
    # order: the other compositions, then the copyfitted forms.
    design: Fitting = UNFITTED
    fallbacks: tuple[Form, ...] = ()
    economy: tuple[Bound, ...] = ()  # how its pages and panels must use their room
    # The content's pictures, to name one that cannot be drawn (render/printed.py).
    pictures: tuple[NamedPicture, ...] = ()
    # The folder the PDF, and any file made for it, is written inside (the output folder): a
    # link out of it is refused (output.py). None: the folder of the file written.
    output: Path | None = None

    def folder_of(self, target: Path) -> Path:
        """The folder `target` must be written inside."""
        return self.output or target.parent

    def cache_key(self) -> str:
        """The options that change a PDF's bytes beyond its HTML and files (the economy's
        bounds choose the form it prints)."""
        return repr((self.variant, self.date, self.max_pages, self.economy))


@dataclass(frozen=True)
class CopyLayout:
    """How one recipient's copy is put together: their box, laid out alone, drawn over the
    edition's pages laid out once for every copy with the box blank (the `base`, a template
    made by pdf/personalised.probe_copies; see pdf/overlay.py)."""

    base: Path  # the template's file, kept by each worker that reads it
    base_html: str  # to make the template again if its file is gone
    page: int  # the page the box is on, from 0
    x: float  # where the box's corner is on it, in CSS pixels
    y: float
    tag: tuple[int, int] | None  # the blank box's tag in the template (None: untagged)
    pages: int
    warnings: tuple[str, ...] = ()  # what every copy's pages but the box warn of
    note: str = ""  # the copyfitting move the copies make, if any (fitting.py)


@dataclass(frozen=True)
class BoxPlace:
    """Where the recipient's box is on the pages every copy shares, in CSS pixels."""

    page: int  # from 0
    x: float  # its border box's corner on the page
    y: float
    left: float  # that corner from the page area's
    top: float


@dataclass(frozen=True)
class Probed:
    """What probing a personalised edition found (pdf/personalised.probe_copies): the form
    that prints (an index of its forms) and where its recipient's box is, with what the
    pages every copy shares warn of. Without a box (none, or none that can be found), each
    copy is rendered whole."""

    form: int
    box: BoxPlace | None = None
    tag: tuple[int, int] | None = None  # the blank box's tag in the template
    pages: int = 0
    warnings: tuple[str, ...] = ()
    spreads: Spreads = ()  # the spare room its pages spread over their blocks (pdf/spread.py)
    fewer_hyphens: tuple[tuple[str, int], ...] = ()  # blocks set again (pdf/hyphenation.py)

    def record(self) -> dict[str, Any]:
        """As the build cache keeps it, in JSON."""
        if self.box is None:
            return {"form": self.form}
        tag = list(self.tag) if self.tag else None
        box = asdict(self.box)
        return {
            "form": self.form,
            "box": box,
            "tag": tag,
            "pages": self.pages,
            "warnings": list(self.warnings),
            "spreads": [list(given) for given in self.spreads],
            "fewer_hyphens": [list(mark) for mark in self.fewer_hyphens],
        }

    @classmethod
    def from_record(cls, found: dict[str, Any]) -> Probed:
        """A probe's finding as the build cache kept it."""
        if "box" not in found:
            return cls(found["form"])
        tag = (found["tag"][0], found["tag"][1]) if found["tag"] else None
        box = BoxPlace(**found["box"])
        spreads = tuple((name, padding, room) for name, padding, room in found["spreads"])
        warnings = tuple(found["warnings"])
        marks = tuple((tag_name, index) for tag_name, index in found.get("fewer_hyphens", ()))
        return cls(found["form"], box, tag, found["pages"], warnings, spreads, marks)
