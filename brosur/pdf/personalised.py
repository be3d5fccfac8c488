"""Personalised copies, each drawn in a few hundredths of a second instead of laid out whole.

Every recipient's copy of an edition is the same but for the recipient's box, which has a
fixed size. So the edition is laid out and drawn once with the box blank at its place (the
base, made by `probe_copies`, which also picks the copyfitted form that fits), and a copy
lays out only its box, alone on a page of the same size (render/boxpage.py), and draws it
over the base (`write_copy`, pdf/overlay.py).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import weasyprint
from weasyprint.css.counters import CounterStyle

from brosur.errors import BuildError, OutputError
from brosur.output import write_inside
from brosur.pdf import engine, overlay, preflight
from brosur.pdf.engine import (
    FONT_CONFIG,
    Setup,
    Sheets,
    base_url,
    setup_for,
    stop_on_errors,
    written,
)
from brosur.pdf.fetcher import ProjectFetcher, refusal
from brosur.pdf.fitsearch import first_that_fits
from brosur.pdf.options import BoxPlace, CopyLayout, Form, PdfOptions, Probed
from brosur.pdf.writer import RenderedPdf, economy_warnings

RECIPIENT_BOX = "the recipient box"  # its data-fit (partials/macros.html `recipient_card`)
_TEMPLATES: OrderedDict[str, overlay.Template] = OrderedDict()
_PARSED_SHEETS: OrderedDict[tuple, Sheets] = OrderedDict()
KEPT = 4  # of each: one per edition being built at once; a template is a PDF of ~100 KB


def probe_copies(forms: tuple[Form, ...], options: PdfOptions, base: Path) -> Probed:
    """Lay out the first of `forms` (an edition with a blank recipient box, as designed, then
    copyfitted: fitting.py) whose whole document fits, found as write_pdf finds it;
    draw it, and keep it at `base` as the template of its copies. Return the form chosen
    and where its box is, with the warnings every copy shares; no box when the document
    has none, or draws it so that it cannot be found (each copy is then rendered whole)."""
    setup = setup_for(options)
    form, layout = first_that_fits(forms, setup)
    index = next(index for index, each in enumerate(forms) if each.fit == form.fit)
    document = layout.document
    warnings = [*layout.warnings, *economy_warnings(form, layout, options)]
    place = _box_place(document)
    try:
        if place is None:
            raise overlay.OverlayError("the document has no recipient box")
        template, drawn = _kept_template(base, setup, document, place.page)
    except overlay.OverlayError:
        return Probed(index)  # each copy rendered whole: slower, never wrong
    pages, shared = len(document.pages), (*warnings, *drawn)
    return Probed(index, place, template.tag, pages, shared, layout.spreads, layout.fewer_hyphens)


def write_copy(
    box_html: str, sheets: tuple, target: Path, options: PdfOptions, layout: CopyLayout
) -> RenderedPdf:
    """Write one recipient's copy: their box (`box_html`, styled by `sheets`), laid out alone
    on its page, drawn over the template `layout.base` (see probe_copies)."""
    # The template carries what the whole document does (attachments, output intent).
    setup = setup_for(replace(options, sources=()))
    template = _template(layout, options)
    document, warnings = engine.laid_out(box_html, setup, (), sheets=_parsed_sheets(sheets, setup))
    place = _box_place(document)
    if place is None:
        raise BuildError("the recipient box is missing from its page")
    # WeasyPrint lays out in CSS pixels, y downwards; PDF space is in points, y upwards.
    shift = ((layout.x - place.x) * 0.75, (place.y - layout.y) * 0.75)
    data, more = written(document, setup)
    merged = overlay.merge(template, data, shift)
    stop_on_errors(preflight.size_findings(len(merged), options.variant))
    size = write_inside(options.folder_of(target), target, merged)
    return RenderedPdf(layout.pages, size, [*layout.warnings, *warnings, *more], fitted=layout.note)


def _box_place(document) -> BoxPlace | None:
    """Where a laid-out document's recipient box is: its page (from 0), its border box's
    corner on the page, and that corner from the page area's, in CSS pixels."""
    found = [
        (number, page._page_box, box)
        for number, page in enumerate(document.pages)
        for box in _recipient_boxes(page._page_box)
    ]
    if not found:
        return None
    if len(found) > 1:
        raise BuildError("the recipient box is broken across pages or printed twice")
    ((number, page, box),) = found
    x, y = box.border_box_x(), box.border_box_y()
    return BoxPlace(number, x, y, x - page.content_box_x(), y - page.content_box_y())


def _recipient_boxes(box) -> Iterator:
    """The recipient's boxes in a laid-out box (not their own anonymous boxes)."""
    element = box.element
    if element is not None and element.get("data-fit") == RECIPIENT_BOX:
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _recipient_boxes(child)


def _template(layout: CopyLayout, options: PdfOptions) -> overlay.Template:
    """The copies' template: kept by this worker, or read from its file, or (when the file
    is gone) made again from its HTML."""
    key = str(layout.base)
    if key in _TEMPLATES:
        _TEMPLATES.move_to_end(key)
        return _TEMPLATES[key]
    try:
        template = overlay.Template(layout.base.read_bytes(), layout.page, layout.tag)
    except OSError:
        setup = setup_for(options)
        document, *_ = engine.laid_out(layout.base_html, setup, options.texts, whole=True)
        template, _ = _kept_template(layout.base, setup, document, layout.page)
        return template  # its warnings were the probe's, and every copy has them
    return _kept(_TEMPLATES, key, template)


def _kept_template(path: Path, setup: Setup, document, page: int):
    """Draw a laid-out base (its blank box on its page `page`, from 0), make it a template,
    and keep it: here, and at `path` for the other workers, if the disk takes it (a worker
    that cannot read it makes its own). Return it, with what drawing it warned of."""
    data, warnings = written(document, setup)
    template = overlay.prepare(data, page)
    with suppress(OutputError):
        write_inside(setup.options.folder_of(path), path, template.data)
    return _kept(_TEMPLATES, str(path), template), warnings


def _kept(kept: OrderedDict, key, value):
    kept[key] = value
    while len(kept) > KEPT:
        kept.popitem(last=False)
    return value


def _parsed_sheets(sheets: tuple, setup: Setup) -> Sheets:
    """`sheets` (("style", CSS) or ("link", href)) parsed, once per worker: parsing the
    stylesheets is most of the time WeasyPrint takes for a box alone."""
    key = (sheets, tuple(setup.roots))
    if key in _PARSED_SHEETS:
        _PARSED_SHEETS.move_to_end(key)
        return _PARSED_SHEETS[key]
    fetcher = ProjectFetcher(setup.roots)
    parsed = Sheets([], {}, CounterStyle())
    for kind, text in sheets:
        source = {"string": text} if kind == "style" else {"url": urljoin(base_url(setup), text)}
        parsed.css.append(
            weasyprint.CSS(
                **source,
                base_url=base_url(setup),
                url_fetcher=fetcher,
                font_config=FONT_CONFIG,
                counter_style=parsed.counter_style,
                color_profiles=parsed.color_profiles,
            )
        )
    if fetcher.blocked:
        raise refusal(fetcher.blocked)
    return _kept(_PARSED_SHEETS, key, parsed)
