"""HTML → PDF: the copyfitted form that fits, drawn once and written atomically inside the
output folder. (engine.py runs WeasyPrint; fitsearch.py finds the form; personalised.py
makes a recipient's copy.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from brosur.output import write_inside
from brosur.pdf.engine import setup_for, written
from brosur.pdf.fitsearch import capacity, first_that_fits
from brosur.pdf.options import Capacity, Fallback, PdfOptions


@dataclass
class RenderedPdf:
    """What writing one PDF made: its pages and bytes, what it warns of, how full it is, and
    the copyfitting move it took."""

    pages: int
    bytes: int
    warnings: list[str] = field(default_factory=list)
    capacity: Capacity | None = None
    fitted: str = ""  # the copyfitting move it took (fitting.py), if any


def write_pdf(html: str, target: Path, options: PdfOptions) -> RenderedPdf:
    """Render `html` and write it to `target` atomically; the old file stays on any failure.

    `options.fallbacks` are the copyfitted forms to print, in order, when `html` does not fit
    its pages or boxes; with `options.fonts` (the theme's families), a character printed in
    any other font is an error."""
    setup = setup_for(options)
    forms = (Fallback(html, options.texts, "", 1.0), *options.fallbacks)
    form, (document, warnings) = first_that_fits(forms, setup)
    # Only the form chosen is drawn: once, so each attachment is read once.
    data, more = written(document, setup)
    fullness = capacity(document, form.texts, options.max_pages)
    size = write_inside(options.folder_of(target), target, data)
    return RenderedPdf(len(document.pages), size, warnings + more, fullness, form.note)
