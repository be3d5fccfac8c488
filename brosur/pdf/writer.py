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

from brosur.content.pictures import data_picture
from brosur.errors import BuildError, FitError, PageLimitError, PreflightError
from brosur.output import write_atomically
from brosur.pdf import preflight, verify
from brosur.pdf.options import CopyLayout, PdfOptions, PrintedText
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

    `options.compact` is the shorter HTML to print when `html` does not fit its pages or
    boxes; with `options.fonts` (the theme's families), a character printed in any other
    font is an error."""
    setup = _setup(options)
    try:
        data, pages, warnings = _render_checked(html, setup, options.texts)
    except FitError:
        if options.compact is None:
            raise
        data, pages, warnings = _render_checked(options.compact, setup, options.compact_texts)
        warnings.insert(0, COMPACT_WARNING)
    size = write_atomically(target, lambda stream: stream.write(data))
    return RenderedPdf(pages=pages, bytes=size, warnings=warnings)


COMPACT_WARNING = (
    "warning: fit: the whole text does not fit, so this PDF leaves out the background and "
    "the milestones' texts (the profile has them)"
)


def _render_checked(html: str, setup: _Setup, texts: tuple[PrintedText, ...]):
    """Render and check one HTML, which must print `texts`; return (PDF bytes, pages,
    warnings) or raise."""
    document, warnings, _ = _laid_out(html, setup, texts, whole=True)
    data, more = _written(document, setup)
    return data, len(document.pages), warnings + more


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
    _stop_on_errors(findings)
    if whole and len(document.pages) > setup.options.max_pages:
        raise PageLimitError(len(document.pages), setup.options.max_pages)
    found, laid = verify.verify(document, texts, whole)
    findings += found
    _stop_on_errors(findings)
    return document, [*logged, *(str(finding) for finding in findings)], laid


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


def probe_parts(forms: list[dict], options: PdfOptions) -> dict:
    """Pick the first of `forms` (the whole text, then the compact one) whose whole document
    fits, and tell whether its parts can be rendered apart: each form holds the `whole`,
    `personal` and `shared` HTML of a copy for a sample recipient."""
    # Layout only: nothing is drawn, so nothing is attached.
    setup = _setup(replace(options, sources=(), date=None))
    failure = None
    for index, form in enumerate(forms):
        texts = options.texts if index == 0 else options.compact_texts
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
    notes = [COMPACT_WARNING] if layout.compact_warning else []
    return RenderedPdf(len(whole.pages), size, notes + warnings + shared_warnings + more)


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
        fits = all(finding.check == "fit" for finding in errors)
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
