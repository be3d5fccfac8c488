"""HTML → PDF with WeasyPrint: only the project's own files, metadata, and an atomic write."""

from __future__ import annotations

import io
import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urljoin, urlsplit

import weasyprint
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from brosur.content.pictures import data_picture
from brosur.errors import BuildError, FitError, OutputError, PageLimitError, PreflightError
from brosur.i18n import LANGUAGES
from brosur.output import write_inside
from brosur.pdf import drawing, fit, overlay, preflight, verify
from brosur.pdf.options import Capacity, CopyLayout, Fallback, PdfOptions
from brosur.printing import PrintedText
from brosur.variants import CMYK_PROFILE

# One font configuration for every document this process renders (shared/WEASYPRINT-70.md).
# Pictures are not shared: WeasyPrint 70 replaces a picture's data with the downsampled copy
# it writes into a PDF (RasterImage.get_x_object), in its cache too, so a cache shared by
# documents made a PDF's pictures, and so its bytes, depend on what its process drew before
# (a screen profile after a print one carried full-resolution photos: 256 KB, not 149 KB).
FONT_CONFIG = FontConfiguration()
drawing.make_room()


class ProjectFetcher(URLFetcher):
    """Serve files from the given folders only, and the pictures written into data: URLs
    (as SVG logos embed them) that pass the picture checks: no network, nothing else on the
    disk.

    WeasyPrint logs a refused resource and carries on without it, so every refusal is also
    kept in `blocked` for the build to report: nothing is dropped silently."""

    _watching = threading.local()

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.blocked: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return self._picture_in_url(url)
        path = self._allowed_path(url)
        if path is None:
            self._refuse(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        inside = any(path.is_relative_to(root) for root in self.roots)
        return path if inside and path.is_file() else None

    def _picture_in_url(self, url: str) -> URLFetcherResponse:
        """A picture written into a data: URL, checked as content checks a picture file (the
        pictures named in content were checked when it was read; this is the second lock)."""
        try:
            kind, body = data_picture(url)
        except Exception as problem:  # a picture that breaks the checks is refused, too
            self._refuse(f"{url[:40]}… ({problem})" if len(url) > 40 else f"{url} ({problem})")
        return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    def _refuse(self, url: str) -> NoReturn:
        self.blocked.append(url)
        for refused in getattr(self._watching, "lists", []):
            refused.append(url)
        raise ValueError(f"blocked: {url}")

    @classmethod
    @contextmanager
    def refusals(cls) -> Iterator[list[str]]:
        """Collect what any fetcher refuses, in this thread, while the block runs.

        WeasyPrint fetches the pictures inside an SVG only when it draws the page, and
        through the fetcher of the document that first loaded the SVG (it keeps the parsed
        SVG, with that fetcher, in its image cache): the fetcher of the PDF being drawn may
        never hear of them."""
        lists = cls._watching.__dict__.setdefault("lists", [])
        refused: list[str] = []
        lists.append(refused)
        try:
            yield refused
        finally:
            lists.remove(refused)


def _refused(blocked: list[str]) -> BuildError:
    return BuildError(
        "refused to load "
        + ", ".join(dict.fromkeys(blocked))
        + ": only files inside the project can be used"
    )


@dataclass
class RenderedPdf:
    pages: int
    bytes: int
    warnings: list[str] = field(default_factory=list)
    capacity: Capacity | None = None
    fitted: str = ""  # the copyfitting move it took (fitting.py), if any


@dataclass(frozen=True)
class _Setup:
    """One PDF's options with what follows from them, worked out once: the folders it may
    read, and the keyword arguments WeasyPrint takes."""

    options: PdfOptions
    roots: list[Path]
    weasyprint: dict


def _setup(options: PdfOptions) -> _Setup:
    # The print variant also reads its CMYK profile.
    variant = options.variant
    extra = [CMYK_PROFILE.parent] if variant and variant.name == "print" else []
    return _Setup(options, [*options.roots, *extra], _weasyprint_options(options))


def write_pdf(html: str, target: Path, options: PdfOptions) -> RenderedPdf:
    """Render `html` and write it to `target` atomically; the old file stays on any failure.

    `options.fallbacks` are the copyfitted forms to print, in order, when `html` does not fit
    its pages or boxes; with `options.fonts` (the theme's families), a character printed in
    any other font is an error."""
    setup = _setup(options)
    forms = (Fallback(html, options.texts, "", 1.0), *options.fallbacks)
    form, (document, warnings) = _first_that_fits(forms, setup)
    # Only the form chosen is drawn: once, so each attachment is read once.
    data, more = _written(document, setup)
    capacity = _capacity(document, form.texts, options.max_pages)
    size = write_inside(options.folder_of(target), target, data)
    return RenderedPdf(len(document.pages), size, warnings + more, capacity, form.note)


# A form whose smaller type makes room for less than what the design is over by is not laid
# out; its room is an estimate (fitting.py), so one a little short is still tried.
GAIN_SLACK = 1.04


def _first_that_fits(forms: tuple[Fallback, ...], setup: _Setup):
    """Lay the forms out and return the first that fits, with its layout: (form, (document,
    warnings)). When none fits, fail saying what to cut.

    Each form holds at least what the one before it holds, so after the design fails the
    first that fits is found by halving: a few layouts, not one a form. Forms whose smaller
    type cannot make up what the design is over by are not laid out at all. The search
    starts at the form whose type alone likely makes up for it, and the one before it: two
    layouts when the estimate is right, as it mostly is for a text a little too long."""
    design, *fallbacks = forms
    try:
        return design, _laid_out_whole(design, setup)
    except FitError as error:
        if not fallbacks:
            raise
        over, failure = error.over, error
    left = worth_trying(fallbacks, over)
    # The first form that fits is in left[low:high]; none does when the range ends empty.
    low, high, fitted = 0, len(left), None
    likely = next((index for index, form in enumerate(left) if form.type_gain >= over), None)
    first_tries = [] if likely is None else [likely, likely - 1]
    while low < high:
        first_tries = [index for index in first_tries if low <= index < high]
        middle = first_tries.pop(0) if first_tries else (low + high) // 2
        try:
            fitted = left[middle], _laid_out_whole(left[middle], setup)
        except FitError as error:
            failure, low = error, middle + 1
        else:
            high = middle
    if fitted is None:
        raise too_long(failure, forms[-1])
    return fitted


def worth_trying(fallbacks: list[Fallback], over: float) -> list[Fallback]:
    """The forms that may make up for a design `over` its room by that much: smaller type
    alone holds only so much more; what a rebalance or a block left out frees is unknown."""
    return [form for form in fallbacks if form.gain * GAIN_SLACK >= over]


def _laid_out_whole(form: Fallback, setup: _Setup):
    return _laid_out(form.html, setup, form.texts, whole=True)


def too_long(failure: FitError, last: Fallback) -> FitError:
    """The failure of the last form a document may print in, with what to cut: how much too
    long it is, in words per language, and its longest texts."""
    cut = 1 - 1 / max(failure.over, 1.0)
    words: dict[str, int] = {}
    for text in last.texts:
        words[text.language] = words.get(text.language, 0) + text.words
    amounts = [
        f"about {_round_up(count * cut)} words of {LANGUAGES[language]}"
        for language, count in words.items()
        if language in LANGUAGES
    ]
    longest = sorted(last.texts, key=lambda text: -text.words)[:3]
    advice = (
        f"it is about {round(cut * 100)} % too long"
        + (f" even {last.note.removesuffix(' to fit')}" if last.note else "")
        + f": cut {' and '.join(amounts)}, first from the longest: "
        + ", ".join(str(text) for text in longest)
    )
    error = FitError([*failure.messages, advice])
    error.over = failure.over
    return error


def _round_up(words: float) -> int:
    """A number of words to cut, rounded up to a multiple of 5 (an estimate: see fit.py)."""
    return max(5, -(-int(words) // 5) * 5)


def _laid_out(
    html: str,
    setup: _Setup,
    texts: tuple[PrintedText, ...],
    whole: bool = False,
    sheets: _Sheets | None = None,
):
    """Lay `html` out and check its layout (`texts` name the content's fields in messages;
    when the HTML is the `whole` PDF, each must be on its pages); return (document,
    warnings) or raise, with every problem found. `sheets`, parsed already, style HTML that
    links none of its own (see write_copy)."""
    fetcher = ProjectFetcher(setup.roots)
    styled = {} if sheets is None else sheets.arguments()
    with drawing.watched() as logged:
        document = weasyprint.HTML(
            string=html, base_url=_base_url(setup), url_fetcher=fetcher
        ).render(
            font_config=FONT_CONFIG,
            cache={},  # one per document: see FONT_CONFIG
            **styled,
            **setup.weasyprint,
        )
    if fetcher.blocked:
        raise _refused(fetcher.blocked)
    _stop_on_undrawn(logged, setup.options)
    # A fixed box that spills is named first, even when it pushed a page out; then a page
    # limit passed (the pages past it are not worth verifying); then everything else.
    findings = preflight.layout_findings(document, html, setup.options.variant)
    max_pages = setup.options.max_pages
    try:
        _stop_on_errors(findings)
        if whole and len(document.pages) > max_pages:
            raise PageLimitError(len(document.pages), max_pages)
    except FitError as error:
        error.over = _over(document, max_pages)
        raise
    findings += verify.verify(document, texts, whole)
    _stop_on_errors(findings)
    return document, [*logged.warnings, *(str(finding) for finding in findings)]


def _over(document, max_pages: int) -> float:
    """How far over its room a document's text is: its fullest fixed box, or the pages it
    takes (the last one as far as it is filled) over the pages it may have."""
    pages = len(document.pages) - 1 + fit.page_fill(document.pages[-1])
    return max([pages / max_pages] + [fill.ratio for fill in fit.fills(document)])


def _capacity(document, texts: tuple[PrintedText, ...], max_pages: int) -> Capacity:
    """How full a laid-out document is: its fixed boxes, or else its pages; and how many
    more words each language would take before its fullest part is full (an estimate:
    words take room in proportion to their number)."""
    boxes = fit.fills(document)
    if boxes:
        parts = tuple((fill.box, fill.ratio) for fill in boxes)
        fullest = max(ratio for _, ratio in parts)
    else:
        used = len(document.pages) - 1 + fit.page_fill(document.pages[-1])
        fullest = used / max_pages
        parts = ((f"pages (at most {max_pages})", fullest),)
    words: dict[str, int] = {}
    for text in texts:
        if text.language in LANGUAGES:
            words[LANGUAGES[text.language]] = words.get(LANGUAGES[text.language], 0) + text.words
    spare = tuple(
        (language, int(count * (1 / max(fullest, 0.01) - 1))) for language, count in words.items()
    )
    return Capacity(parts, spare)


def _written(document, setup: _Setup):
    """Draw a laid-out document as a PDF and check it; return (bytes, warnings) or raise."""
    options = setup.options
    if len(document.pages) > options.max_pages:
        raise PageLimitError(len(document.pages), options.max_pages)
    # Pictures inside an SVG are fetched only now, as the pages are drawn.
    with drawing.watched() as logged, ProjectFetcher.refusals() as refused:
        data = document.write_pdf(**setup.weasyprint)
    if refused:
        raise _refused(refused)
    _stop_on_undrawn(logged, options)
    findings = preflight.font_findings(document, options.fonts) if options.fonts else []
    findings += preflight.size_findings(len(data), options.variant)
    _stop_on_errors(findings)
    return data, [*logged.warnings, *(str(finding) for finding in findings)]


def _stop_on_undrawn(logged: drawing.Watched, options: PdfOptions) -> None:
    """Fail a PDF in which WeasyPrint left a picture blank, or Pango could not set a text."""
    if failures := logged.failures(options.pictures):
        raise PreflightError(failures)


# Personalised copies --------------------------------------------------------------------------
#
# Every recipient's copy of an edition is the same but for the recipient's box, which has a
# fixed size. So the edition is laid out and drawn once with the box blank at its place (the
# base, made by `probe_copies`, which also picks the copyfitted form that fits), and a copy
# lays out only its box, alone on a page of the same size (render/boxpage.py), and draws it
# over the base (`write_copy`, pdf/overlay.py): a few hundredths of a second, not the page's
# layout.

RECIPIENT_BOX = "the recipient box"  # its data-fit (partials/macros.html `recipient_card`)
_TEMPLATES: OrderedDict[str, overlay.Template] = OrderedDict()
_PARSED_SHEETS: OrderedDict[tuple, _Sheets] = OrderedDict()
KEPT = 4  # of each: one per edition being built at once; a template is a PDF of ~100 KB


def probe_copies(forms: tuple[Fallback, ...], options: PdfOptions, base: Path) -> dict:
    """Lay out the first of `forms` (an edition with a blank recipient box, as designed, then
    copyfitted: fitting.py) whose whole document fits, found as write_pdf finds it;
    draw it, and keep it at `base` as the template of its copies. Return the form chosen
    and where its box is, with the warnings every copy shares; no "box" when the document
    has none, or draws it so that it cannot be found (each copy is then rendered whole)."""
    setup = _setup(options)
    form, (document, warnings) = _first_that_fits(forms, setup)
    index = forms.index(form)
    place = _box_place(document)
    try:
        if place is None:
            raise overlay.OverlayError("the document has no recipient box")
        template, drawn = _kept_template(base, setup, document, place[0])
    except overlay.OverlayError:
        return {"form": index}  # each copy rendered whole: slower, never wrong
    page, x, y, left, top = place
    return {
        "form": index,
        "box": {"page": page, "x": x, "y": y, "left": left, "top": top},
        "tag": list(template.tag) if template.tag else None,
        "pages": len(document.pages),
        "warnings": warnings + drawn,
    }


def write_copy(
    box_html: str, sheets: tuple, target: Path, options: PdfOptions, layout: CopyLayout
) -> RenderedPdf:
    """Write one recipient's copy: their box (`box_html`, styled by `sheets`), laid out alone
    on its page, drawn over the template `layout.base` (see probe_copies)."""
    # The template carries what the whole document does (attachments, output intent).
    setup = _setup(replace(options, sources=()))
    template = _template(layout, options)
    document, warnings = _laid_out(box_html, setup, (), sheets=_parsed_sheets(sheets, setup))
    place = _box_place(document)
    if place is None:
        raise BuildError("the recipient box is missing from its page")
    _, x, y, _, _ = place
    # WeasyPrint lays out in CSS pixels, y downwards; PDF space is in points, y upwards.
    shift = ((layout.x - x) * 0.75, (y - layout.y) * 0.75)
    data, more = _written(document, setup)
    merged = overlay.merge(template, data, shift)
    _stop_on_errors(preflight.size_findings(len(merged), options.variant))
    size = write_inside(options.folder_of(target), target, merged)
    return RenderedPdf(layout.pages, size, [*layout.warnings, *warnings, *more], fitted=layout.note)


def _box_place(document) -> tuple[int, float, float, float, float] | None:
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
    return number, x, y, x - page.content_box_x(), y - page.content_box_y()


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
        setup = _setup(options)
        document, *_ = _laid_out(layout.base_html, setup, options.texts, whole=True)
        template, _ = _kept_template(layout.base, setup, document, layout.page)
        return template  # its warnings were the probe's, and every copy has them
    return _kept(_TEMPLATES, key, template)


def _kept_template(path: Path, setup: _Setup, document, page: int):
    """Draw a laid-out base (its blank box on its page `page`, from 0), make it a template,
    and keep it: here, and at `path` for the other workers, if the disk takes it (a worker
    that cannot read it makes its own). Return it, with what drawing it warned of."""
    data, warnings = _written(document, setup)
    template = overlay.prepare(data, page)
    with suppress(OutputError):
        write_inside(setup.options.folder_of(path), path, template.data)
    return _kept(_TEMPLATES, str(path), template), warnings


def _kept(kept: OrderedDict, key, value):
    kept[key] = value
    while len(kept) > KEPT:
        kept.popitem(last=False)
    return value


@dataclass(frozen=True)
class _Sheets:
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


def _parsed_sheets(sheets: tuple, setup: _Setup) -> _Sheets:
    """`sheets` (("style", CSS) or ("link", href)) parsed, once per worker: parsing the
    stylesheets is most of the time WeasyPrint takes for a box alone."""
    key = (sheets, tuple(setup.roots))
    if key in _PARSED_SHEETS:
        _PARSED_SHEETS.move_to_end(key)
        return _PARSED_SHEETS[key]
    fetcher = ProjectFetcher(setup.roots)
    parsed = _Sheets([], {}, CounterStyle())
    for kind, text in sheets:
        source = {"string": text} if kind == "style" else {"url": urljoin(_base_url(setup), text)}
        parsed.css.append(
            weasyprint.CSS(
                **source,
                base_url=_base_url(setup),
                url_fetcher=fetcher,
                font_config=FONT_CONFIG,
                counter_style=parsed.counter_style,
                color_profiles=parsed.color_profiles,
            )
        )
    if fetcher.blocked:
        raise _refused(fetcher.blocked)
    return _kept(_PARSED_SHEETS, key, parsed)


def _base_url(setup: _Setup) -> str:
    return f"{setup.options.base.resolve().as_uri()}/"


def _stop_on_errors(findings: list) -> None:
    errors = [finding for finding in findings if finding.level == preflight.ERROR]
    if errors:
        # A text cut off is missing from the PDF's text too: that is the fit's doing.
        checks = {finding.check for finding in errors}
        fits = "fit" in checks and checks <= {"fit", "text"}
        raise (FitError if fits else PreflightError)([finding.message for finding in errors])


def _weasyprint_options(options: PdfOptions) -> dict:
    """The keyword arguments WeasyPrint's render() and write_pdf() take for these options."""
    variant = options.variant
    if variant is None:
        return {}
    arguments = {"pdf_variant": variant.pdf_variant, "pdf_tags": variant.tagged}
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
