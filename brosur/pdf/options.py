"""How one HTML becomes a PDF: the options a job carries whole to a worker process."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from brosur.printing import NamedPicture, PrintedText
from brosur.variants import Source, Variant


@dataclass(frozen=True)
class Capacity:
    """How full a PDF is: each fixed box, or each page, as a share of its room; and about
    how many more words per language its fullest part would hold (`build.py check`)."""

    parts: tuple[tuple[str, float], ...]  # ("inside", 0.94), ("pages (at most 2)", 0.97)
    spare_words: tuple[tuple[str, int], ...]  # ("Indonesian", 40)

    def __str__(self) -> str:
        parts = ", ".join(f"{name} {share:.0%}" for name, share in self.parts)
        spare = [f"{words} of {language}" for language, words in self.spare_words]
        if not spare:
            return parts
        first, *rest = spare
        more = " and ".join([first.replace(" of ", " more words of ", 1), *rest])
        return f"{parts}; room for about {more}"


@dataclass(frozen=True)
class Fallback:
    """A copyfitted form of a document's HTML, printed when the forms before it do not fit."""

    html: str
    texts: tuple[PrintedText, ...]  # what it prints (it may leave optional blocks out)
    note: str  # the move it makes, as the build's warning names it
    gain: float  # how much more text it holds than the design (fitting.py), at least
    type_gain: float = 1.0  # how much more its type alone holds: where the search starts


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
    # The copyfitted forms to print, in order, when the HTML does not fit (fitting.py).
    fallbacks: tuple[Fallback, ...] = ()
    # The content's pictures, to name one that cannot be drawn (render/printed.py).
    pictures: tuple[NamedPicture, ...] = ()
    # The folder the PDF, and any file made for it, is written inside (the output folder): a
    # link out of it is refused (output.py). None: the folder of the file written.
    output: Path | None = None

    def folder_of(self, target: Path) -> Path:
        """The folder `target` must be written inside."""
        return self.output or target.parent

    def cache_key(self) -> str:
        """The options that change a PDF's bytes beyond its HTML and files."""
        return repr((self.variant, self.date, self.max_pages))


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
        }

    @classmethod
    def from_record(cls, found: dict[str, Any]) -> Probed:
        """A probe's finding as the build cache kept it."""
        if "box" not in found:
            return cls(found["form"])
        tag = (found["tag"][0], found["tag"][1]) if found["tag"] else None
        box = BoxPlace(**found["box"])
        return cls(found["form"], box, tag, found["pages"], tuple(found["warnings"]))
