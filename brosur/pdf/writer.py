"""HTML → PDF with WeasyPrint: only the project's own files, metadata, and an atomic write."""

from __future__ import annotations

import io
import logging
import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.formatting_structure.boxes import MarginBox, TextBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from brosur.content.i18n import LANGUAGES
from brosur.content.pictures import data_picture
from brosur.errors import BuildError, FitError, PageLimitError, PreflightError
from brosur.output import write_atomically
from brosur.pdf import fit, preflight, verify
from brosur.pdf.options import Capacity, CopyLayout, Fallback, PdfOptions, PrintedText
from brosur.variants import CMYK_PROFILE

# One font configuration for every document this process renders (shared/WEASYPRINT-70.md).
# Pictures are not shared: WeasyPrint 70 replaces a picture's data with the downsampled copy
# it writes into a PDF (RasterImage.get_x_object), in its cache too, so a cache shared by
# documents made a PDF's pictures, and so its bytes, depend on what its process drew before
# (a screen profile after a print one carried full-resolution photos: 256 KB, not 149 KB).
FONT_CONFIG = FontConfiguration()


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
    fitted: str = ""  # the copyfitting move it took (render/fitting.py), if any


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
    form, (document, warnings, _) = _first_that_fits(forms, setup)
    # Only the form chosen is drawn: once, so each attachment is read once.
    data, more = _written(document, setup)
    capacity = _capacity(document, form.texts, options.max_pages)
    size = write_atomically(target, lambda stream: stream.write(data))
    return RenderedPdf(len(document.pages), size, warnings + more, capacity, form.note)


# A form whose smaller type makes room for less than what the design is over by is not laid
# out; its room is an estimate (render/fitting.py), so one a little short is still tried.
GAIN_SLACK = 1.04


def _first_that_fits(forms: tuple[Fallback, ...], setup: _Setup):
    """Lay the forms out and return the first that fits, with its layout: (form, (document,
    warnings, pieces)). When none fits, fail saying what to cut.

    Each form holds at least what the one before it holds, so after the design fails the
    first that fits is found by halving: a few layouts, not one a form. Forms whose smaller
    type cannot make up what the design is over by are not laid out at all."""
    design, *fallbacks = forms
    try:
        return design, _laid_out_whole(design, setup)
    except FitError as error:
        if not fallbacks:
            raise
        over, failure = error.over, error
    left = worth_trying(fallbacks, over)
    fitted = None
    while left:
        middle = len(left) // 2
        try:
            fitted = left[middle], _laid_out_whole(left[middle], setup)
        except FitError as error:
            failure, left = error, left[middle + 1 :]
        else:
            left = left[:middle]
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
    first_page: int = 1,
    whole: bool = False,
):
    """Lay `html` out and check its layout (`texts` name the content's fields in messages;
    when the HTML is the `whole` PDF, each must be on its pages); return (document,
    warnings) or raise, with every problem found. `first_page` numbers the first page
    otherwise than 1 (see probe_parts)."""
    fetcher = ProjectFetcher(setup.roots)
    numbering = f"@page :first {{ counter-reset: page {first_page} }}"
    stylesheets = [weasyprint.CSS(string=numbering)] if first_page != 1 else []
    base = setup.options.base
    with _captured_warnings() as logged:
        document = weasyprint.HTML(
            string=html, base_url=f"{base.resolve().as_uri()}/", url_fetcher=fetcher
        ).render(
            font_config=FONT_CONFIG,
            cache={},  # one per document: see FONT_CONFIG
            stylesheets=stylesheets,
            **setup.weasyprint,
        )
    if fetcher.blocked:
        raise _refused(fetcher.blocked)
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
    found, laid = verify.verify(document, texts, whole)
    findings += found
    _stop_on_errors(findings)
    return document, [*logged, *(str(finding) for finding in findings)], laid


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
    with _captured_warnings() as logged, ProjectFetcher.refusals() as refused:
        data = document.write_pdf(**setup.weasyprint)
    if refused:
        raise _refused(refused)
    findings = preflight.font_findings(document, options.fonts) if options.fonts else []
    findings += preflight.size_findings(len(data), options.variant)
    _stop_on_errors(findings)
    return data, [*logged, *(str(finding) for finding in findings)]


# Personalised copies --------------------------------------------------------------------------
#
# A copy for one recipient differs from the next only on the pages that name the recipient
# (render.py's PERSONAL part). The other pages (the SHARED part) are laid out once per process
# and put behind each recipient's own pages, so a copy costs the layout of its personal pages
# and the drawing of the whole. `probe_parts` first checks, with a sample recipient, that the
# two parts together give exactly the pages of the whole document.

_SHARED_DOCUMENTS: OrderedDict[str, tuple] = OrderedDict()
SHARED_DOCUMENTS_KEPT = 4  # one per edition being built at once; each is a few MB


def probe_parts(forms: list[dict], printed: list[tuple], options: PdfOptions) -> dict:
    """Pick the first of `forms` (as designed, then copyfitted: render/fitting.py) whose whole
    document fits, and tell whether its parts can be rendered apart: each form holds the
    `whole`, `personal` and `shared` HTML of a copy for a sample recipient, and prints the
    `printed` texts of the same index."""
    # Layout only: nothing is drawn, so nothing is attached.
    setup = _setup(replace(options, sources=(), date=None))
    failure = None
    for index, (form, texts) in enumerate(zip(forms, printed, strict=True)):
        try:
            whole, *_ = _laid_out(form["whole"], setup, texts, whole=True)
        except FitError as error:
            failure = error
            continue
        personal, *_ = _laid_out(form["personal"], setup, texts)
        # Numbered on from the personal pages, as the copies' shared pages will be (so
        # that a contents page lists the same page numbers).
        first = len(personal.pages) + 1
        shared, *_ = _laid_out(form["shared"], setup, texts, first)
        split = page_texts(whole) == page_texts(personal) + page_texts(shared)
        return {
            "form": index,
            "split": split,
            "personal_pages": len(personal.pages),
            "shared_pages": len(shared.pages),
        }
    raise failure


def write_personal_pdf(
    personal: str, shared: str, target: Path, options: PdfOptions, layout: CopyLayout
) -> RenderedPdf:
    """Write one recipient's copy: their `personal` pages, then the `shared` pages (laid out
    once for every recipient, see CopyLayout)."""
    setup = _setup(options)
    shared_document, shared_warnings, shared_pieces = _shared_document(
        layout.shared_key, shared, setup
    )
    personal_pages = layout.personal_pages
    document, warnings, personal_pieces = _laid_out(personal, setup, options.texts)
    if len(document.pages) != personal_pages:
        raise FitError(
            [
                f"the recipient's pages run to {len(document.pages)} pages instead of "
                f"{personal_pages}: shorten the texts in this row"
            ]
        )
    whole = document.copy([*document.pages, *shared_document.pages])
    # The copy's text as a whole: its own pages read now, the shared ones read once.
    _stop_on_errors(verify.missing_texts(personal_pieces + shared_pieces, options.texts))
    data, more = _written(whole, setup)
    size = write_atomically(target, lambda stream: stream.write(data))
    warnings += shared_warnings + more
    return RenderedPdf(len(whole.pages), size, warnings, fitted=layout.note)


def _shared_document(key: str, html: str, setup: _Setup):
    if key in _SHARED_DOCUMENTS:
        _SHARED_DOCUMENTS.move_to_end(key)
        return _SHARED_DOCUMENTS[key]
    _SHARED_DOCUMENTS[key] = _laid_out(html, setup, setup.options.texts)
    while len(_SHARED_DOCUMENTS) > SHARED_DOCUMENTS_KEPT:
        _SHARED_DOCUMENTS.popitem(last=False)
    return _SHARED_DOCUMENTS[key]


def page_texts(document) -> list[str]:
    """The text on each page of a laid-out document, page furniture (margin boxes) aside."""
    return [
        "".join(
            box.text
            for child in page._page_box.children
            if not isinstance(child, MarginBox)
            for box in child.descendants()
            if isinstance(box, TextBox)
        )
        for page in document.pages
    ]


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


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs while rendering, instead of letting it reach the terminal."""
    messages: list[str] = []
    handler = _ListHandler(messages)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str]):
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
