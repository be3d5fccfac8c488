"""One PDF through WeasyPrint, set up once: laid out and checked, then drawn and checked.
Every PDF brosur makes passes here (writer.py, fitsearch.py, personalised.py)."""

from __future__ import annotations

import io
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from brosur.errors import FitError, PageLimitError, PreflightError
from brosur.pdf import drawing, fit, preflight, verify
from brosur.pdf.fetcher import ProjectFetcher, refusal
from brosur.pdf.options import PdfOptions
from brosur.printing import PrintedText
from brosur.variants import CMYK_PROFILE

# One font configuration for every document this process renders (shared/WEASYPRINT-70.md).
# Pictures are not shared: WeasyPrint 70 replaces a picture's data with the downsampled copy
# it writes into a PDF (RasterImage.get_x_object), in its cache too, so a cache shared by
# documents made a PDF's pictures, and so its bytes, depend on what its process drew before
# (a screen profile after a print one carried full-resolution photos: 256 KB, not 149 KB).
FONT_CONFIG = FontConfiguration()

drawing.make_room()


@dataclass(frozen=True)
class Setup:
    """One PDF's options with what follows from them, worked out once: the folders it may
    read, and the keyword arguments WeasyPrint takes."""

    options: PdfOptions
    roots: list[Path]
    weasyprint: dict


def setup_for(options: PdfOptions) -> Setup:
    """The setup of one PDF with `options`."""
    # The print variant also reads its CMYK profile.
    variant = options.variant
    extra = [CMYK_PROFILE.parent] if variant and variant.name == "print" else []
    return Setup(options, [*options.roots, *extra], _weasyprint_options(options))


@dataclass(frozen=True)
class Sheets:
    """Stylesheets parsed once for many documents, with what they declare beyond styles."""

    css: list
    color_profiles: dict
    counter_style: dict

    def arguments(self) -> dict:
        return {
            "stylesheets": self.css,
            "color_profiles": self.color_profiles,
            "counter_style": self.counter_style,
        }


def laid_out(
    html: str,
    setup: Setup,
    texts: tuple[PrintedText, ...],
    whole: bool = False,
    sheets: Sheets | None = None,
):
    """Lay `html` out and check its layout (`texts` name the content's fields in messages;
    when the HTML is the `whole` PDF, each must be on its pages); return (document,
    warnings) or raise, with every problem found. `sheets`, parsed already, style HTML that
    links none of its own (see write_copy)."""
    fetcher = ProjectFetcher(setup.roots)
    styled = {} if sheets is None else sheets.arguments()
    with drawing.watched() as logged:
        try:
            document = weasyprint.HTML(
                string=html, base_url=base_url(setup), url_fetcher=fetcher
            ).render(
                font_config=FONT_CONFIG,
                cache={},  # one per document: see FONT_CONFIG
                **styled,
                **setup.weasyprint,
            )
        except Exception as error:  # WeasyPrint's own failure, on this form of the page
            raise _crashed(error) from error
    if fetcher.blocked:
        raise refusal(fetcher.blocked)
    _stop_on_undrawn(logged, setup.options)
    # A fixed box that spills is named first, even when it pushed a page out; then a page
    # limit passed (the pages past it are not worth verifying); then everything else.
    findings = preflight.layout_findings(document, html, setup.options.variant)
    max_pages = setup.options.max_pages
    try:
        stop_on_errors(findings)
        if whole and len(document.pages) > max_pages:
            raise PageLimitError(len(document.pages), max_pages)
    except FitError as error:
        error.over = _over(document, max_pages)
        raise
    findings += verify.verify(document, texts, whole)
    stop_on_errors(findings)
    return document, [*logged.warnings, *(str(finding) for finding in findings)]


def _crashed(error: Exception) -> FitError:
    """WeasyPrint failing to lay a form out (an IndexError deep in its page layout, for a
    very tall grid), as a form that does not fit: the search tries the next one, and when
    none is left the PDF fails by name, never with a traceback."""
    frame = traceback.extract_tb(error.__traceback__)[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno}"
    return FitError(
        [
            f"WeasyPrint could not lay this arrangement of the pages out ({type(error).__name__}"
            f" in {where}): shorten the longest texts"
        ]
    )


def _over(document, max_pages: int) -> float:
    """How far over its room a document's text is: its fullest fixed box, or the pages it
    takes (the last one as far as it is filled) over the pages it may have."""
    pages = len(document.pages) - 1 + fit.page_fill(document.pages[-1])
    return max([pages / max_pages] + [fill.ratio for fill in fit.fills(document)])


def written(document, setup: Setup):
    """Draw a laid-out document as a PDF and check it; return (bytes, warnings) or raise."""
    options = setup.options
    if len(document.pages) > options.max_pages:
        raise PageLimitError(len(document.pages), options.max_pages)
    # Pictures inside an SVG are fetched only now, as the pages are drawn.
    with drawing.watched() as logged, ProjectFetcher.refusals() as refused:
        data = document.write_pdf(**setup.weasyprint)
    if refused:
        raise refusal(refused)
    _stop_on_undrawn(logged, options)
    findings = preflight.font_findings(document, options.fonts) if options.fonts else []
    findings += preflight.size_findings(len(data), options.variant)
    stop_on_errors(findings)
    return data, [*logged.warnings, *(str(finding) for finding in findings)]


def _stop_on_undrawn(logged: drawing.Watched, options: PdfOptions) -> None:
    """Fail a PDF in which WeasyPrint left a picture blank, or Pango could not set a text."""
    if failures := logged.failures(options.pictures):
        raise PreflightError(failures)


def stop_on_errors(findings: list) -> None:
    errors = [finding for finding in findings if finding.level == preflight.ERROR]
    if errors:
        # A text cut off is missing from the PDF's text too: that is the fit's doing.
        checks = {finding.check for finding in errors}
        fits = "fit" in checks and checks <= {"fit", "text"}
        raise (FitError if fits else PreflightError)([finding.message for finding in errors])


def base_url(setup: Setup) -> str:
    return f"{setup.options.base.resolve().as_uri()}/"


def _weasyprint_options(options: PdfOptions) -> dict:
    """The keyword arguments WeasyPrint's render() and write_pdf() take for these options."""
    variant = options.variant
    if variant is None:
        return {}
    arguments: dict[str, Any] = {"pdf_variant": variant.pdf_variant, "pdf_tags": variant.tagged}
    if variant.image_dpi:
        arguments |= {"optimize_images": True, "dpi": variant.image_dpi, "jpeg_quality": 85}
    if variant.embeds_source:
        arguments["attachments"] = [
            weasyprint.Attachment(
                file_obj=io.BytesIO(source.path.read_bytes()),
                name=source.name,
                description=source.description,
                created=options.date,
                modified=options.date,
                relationship="Source",
            )
            for source in options.sources
        ]
    return arguments
