"""HTML → PDF with WeasyPrint: only the project's own files, metadata, and an atomic write."""

from __future__ import annotations

import datetime as dt
import io
import logging
import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.formatting_structure.boxes import MarginBox, TextBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from brosur.content.pictures import data_picture
from brosur.errors import BuildError
from brosur.jobs.output import write_atomically
from brosur.pdf import preflight
from brosur.pdf.variants import CMYK_PROFILE, Source, Variant


class _ImageCache(dict):
    """WeasyPrint's image cache, but for the pictures that failed to load: WeasyPrint keeps
    those as None and never asks the fetcher for them again, so a picture refused for one
    document would be left out of the next one without a word."""

    def __setitem__(self, key, value) -> None:
        if value is not None:
            super().__setitem__(key, value)


# One font configuration and one image cache for every document this process renders
# (shared/WEASYPRINT-70.md: sharing both took a document with images from 0.19 s to 0.12 s).
FONT_CONFIG = FontConfiguration()
IMAGE_CACHE: dict = _ImageCache()


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
        SVG, with that fetcher, in IMAGE_CACHE): the fetcher of the PDF being drawn may
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


def write_pdf(
    html: str,
    *,
    base: Path,
    roots: list[Path],
    target: Path,
    max_pages: int,
    variant: Variant | None = None,
    sources: tuple[Source, ...] = (),
    date: dt.datetime | None = None,
    fonts: tuple[str, ...] = (),
    compact: str | None = None,
) -> RenderedPdf:
    """Render `html` and write it to `target` atomically; the old file stays on any failure.

    `variant` picks the PDF standard, tagging and image resolution; `date` stamps the
    attachments so that the same input gives the same bytes; with `fonts` (the theme's
    families), a character printed in any other font is an error. `compact` is the shorter
    HTML to print when `html` does not fit its pages or boxes."""
    roots = _roots(roots, variant)
    options = _pdf_options(variant, sources, date)

    def attempt(page_html: str):
        return _render_checked(page_html, base, roots, max_pages, variant, fonts, options)

    try:
        data, pages, warnings = attempt(html)
    except FitError:
        if compact is None:
            raise
        data, pages, warnings = attempt(compact)
        warnings.insert(0, COMPACT_WARNING)
    size = write_atomically(target, lambda stream: stream.write(data))
    return RenderedPdf(pages=pages, bytes=size, warnings=warnings)


def _roots(roots: list[Path], variant: Variant | None) -> list[Path]:
    """The folders a PDF may load files from: the print variant adds its CMYK profile."""
    return [*roots, CMYK_PROFILE.parent] if variant and variant.name == "print" else roots


COMPACT_WARNING = (
    "warning: fit: the whole text does not fit, so this PDF leaves out the background and "
    "the milestones' texts (the profile has them)"
)


def _render_checked(html, base, roots, max_pages, variant, fonts, options):
    """Render and check one HTML; return (PDF bytes, pages, warnings) or raise."""
    document, warnings = _laid_out(html, base, roots, variant, options)
    data, more = _written(document, max_pages, variant, fonts, options)
    return data, len(document.pages), warnings + more


def _laid_out(html, base, roots, variant, options, first_page: int = 1):
    """Lay `html` out and check its layout; return (document, warnings) or raise.
    `first_page` numbers the first page otherwise than 1 (see probe_parts)."""
    fetcher = ProjectFetcher(roots)
    numbering = f"@page :first {{ counter-reset: page {first_page} }}"
    stylesheets = [weasyprint.CSS(string=numbering)] if first_page != 1 else []
    with _captured_warnings() as logged:
        document = weasyprint.HTML(
            string=html, base_url=f"{base.resolve().as_uri()}/", url_fetcher=fetcher
        ).render(font_config=FONT_CONFIG, cache=IMAGE_CACHE, stylesheets=stylesheets, **options)
    if fetcher.blocked:
        raise _refused(fetcher.blocked)
    # Layout first: a fixed box that spills is named, even when it pushed a page out.
    findings = preflight.layout_findings(document, html, variant)
    _stop_on_errors(findings)
    return document, [*logged, *(str(finding) for finding in findings)]


def _written(document, max_pages, variant, fonts, options):
    """Draw a laid-out document as a PDF and check it; return (bytes, warnings) or raise."""
    if len(document.pages) > max_pages:
        raise PageLimitError(len(document.pages), max_pages)
    # Pictures inside an SVG are fetched only now, as the pages are drawn.
    with _captured_warnings() as logged, ProjectFetcher.refusals() as refused:
        data = document.write_pdf(**options)
    if refused:
        raise _refused(refused)
    findings = preflight.font_findings(document, fonts) if fonts else []
    findings += preflight.size_findings(len(data), variant)
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


def probe_parts(forms: list[dict], *, base, roots, max_pages, variant=None, **_) -> dict:
    """Pick the first of `forms` (the whole text, then the compact one) whose whole document
    fits, and tell whether its parts can be rendered apart: each form holds the `whole`,
    `personal` and `shared` HTML of a copy for a sample recipient."""
    roots = _roots(roots, variant)
    options = _pdf_options(variant, (), None)
    failure = None
    for index, form in enumerate(forms):
        try:
            whole, _ = _laid_out(form["whole"], base, roots, variant, options)
            if len(whole.pages) > max_pages:
                raise PageLimitError(len(whole.pages), max_pages)
        except FitError as error:
            failure = error
            continue
        personal, _ = _laid_out(form["personal"], base, roots, variant, options)
        # Numbered on from the personal pages, as the copies' shared pages will be (so
        # that a contents page lists the same page numbers).
        first = len(personal.pages) + 1
        shared, _ = _laid_out(form["shared"], base, roots, variant, options, first)
        split = page_texts(whole) == page_texts(personal) + page_texts(shared)
        return {
            "form": index,
            "split": split,
            "personal_pages": len(personal.pages),
            "shared_pages": len(shared.pages),
        }
    raise failure


def write_personal_pdf(
    personal: str,
    shared: str,
    *,
    shared_key: str,
    personal_pages: int,
    base: Path,
    roots: list[Path],
    target: Path,
    max_pages: int,
    variant: Variant | None = None,
    sources: tuple[Source, ...] = (),
    date: dt.datetime | None = None,
    fonts: tuple[str, ...] = (),
    compact_warning: bool = False,
) -> RenderedPdf:
    """Write one recipient's copy: their `personal` pages, then the `shared` pages (laid out
    once for every recipient, kept under `shared_key`)."""
    roots = _roots(roots, variant)
    options = _pdf_options(variant, sources, date)
    shared_document, shared_warnings = _shared_document(
        shared_key, shared, base, roots, variant, options
    )
    document, warnings = _laid_out(personal, base, roots, variant, options)
    if len(document.pages) != personal_pages:
        raise FitError(
            [
                f"the recipient's pages run to {len(document.pages)} pages instead of "
                f"{personal_pages}: shorten the texts in this row"
            ]
        )
    whole = document.copy([*document.pages, *shared_document.pages])
    data, more = _written(whole, max_pages, variant, fonts, options)
    size = write_atomically(target, lambda stream: stream.write(data))
    notes = [COMPACT_WARNING] if compact_warning else []
    return RenderedPdf(len(whole.pages), size, notes + warnings + shared_warnings + more)


def _shared_document(key, html, base, roots, variant, options):
    if key in _SHARED_DOCUMENTS:
        _SHARED_DOCUMENTS.move_to_end(key)
        return _SHARED_DOCUMENTS[key]
    _SHARED_DOCUMENTS[key] = _laid_out(html, base, roots, variant, options)
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


class PreflightError(BuildError):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


def _pdf_options(
    variant: Variant | None, sources: tuple[Source, ...], date: dt.datetime | None
) -> dict:
    if variant is None:
        return {}
    options = {"pdf_variant": variant.pdf_variant, "pdf_tags": variant.tagged}
    if variant.image_dpi:
        options |= {"optimize_images": True, "dpi": variant.image_dpi, "jpeg_quality": 85}
    if variant.embeds_source:
        options["attachments"] = [
            weasyprint.Attachment(
                file_obj=io.BytesIO(source.path.read_bytes()),
                name=source.name,
                description=source.description,
                created=date,
                modified=date,
                relationship="Source",
            )
            for source in sources
        ]
    return options


class FitError(PreflightError):
    """The text does not fit its boxes: a shorter form of the document may."""


class PageLimitError(FitError):
    def __init__(self, pages: int, max_pages: int):
        self.pages, self.max_pages = pages, max_pages
        super().__init__(
            [
                f"the text runs to {pages} pages, but this document holds at most "
                f"{max_pages}: shorten the longest texts"
            ]
        )


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
