"""HTML → PDF: the form to print (its composition, or copyfitted), drawn once and written
atomically inside the output folder. (engine.py runs WeasyPrint; fitsearch.py chooses the
form; economy.py measures its pages; personalised.py makes a recipient's copy.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from brosur.output import write_inside
from brosur.pdf import economy
from brosur.pdf.engine import setup_for, written
from brosur.pdf.fitsearch import Layout, first_that_fits
from brosur.pdf.options import Economy, Form, PdfOptions


@dataclass
class RenderedPdf:
    """What writing one PDF made: its pages and bytes, what it warns of, how it uses its
    pages (its composition, type and areas), and the copyfitting move it took."""

    pages: int
    bytes: int
    warnings: list[str] = field(default_factory=list)
    economy: Economy | None = None
    fitted: str = ""  # the copyfitting move it took (fitting.py), if any


def write_pdf(html: str, target: Path, options: PdfOptions) -> RenderedPdf:
    """Render `html` and write it to `target` atomically; the old file stays on any failure.

    `html` is the design's form (`options.design`); `options.fallbacks` are the other
    compositions, then the copyfitted forms, chosen among as fitsearch.py says; with
    `options.fonts` (the theme's families), a character printed in any other font is an
    error."""
    setup = setup_for(options)
    forms = (Form(html, options.texts, options.design), *options.fallbacks)
    form, layout = first_that_fits(forms, setup)
    # Only the form chosen is drawn: once, so each attachment is read once.
    data, more = written(layout.document, setup)
    size = write_inside(options.folder_of(target), target, data)
    return RenderedPdf(
        len(layout.document.pages),
        size,
        layout.warnings + more + economy_warnings(form, layout, options),
        used(form, layout, options),
        form.note,
    )


def used(form: Form, layout: Layout, options: PdfOptions) -> Economy:
    """How the form chosen uses its pages, as `check` reports it."""
    beyond = tuple(str(excess) for excess in economy.excesses(layout.areas, options.economy))
    return Economy(form.fit.composition.described, form.note, tuple(layout.areas), beyond)


def economy_warnings(form: Form, layout: Layout, options: PdfOptions) -> list[str]:
    """The pages and panels a reader would find wanting: blank beyond their bound while the
    type was set smaller or a block left out (room the text could have had), and a last
    page that holds too little (a lone block before the back cover)."""
    found = economy.excesses(layout.areas, options.economy)
    shrunk = [excess for excess in found if excess.what != "used"] if form.fit.moved else []
    lone = [excess for excess in found if excess.what == "used"]
    because = form.note.removesuffix(" to fit")
    return [f"{excess}, yet the PDF is copyfitted ({because})" for excess in shrunk] + [
        f"{excess}: the pages before it could hold what it holds, or it more" for excess in lone
    ]
