"""One edition as a PDF job needs it, for editions and recipients' copies alike: its forms of
HTML, its PdfOptions, and the files its bytes depend on besides the HTML."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from brosur.content.load import PROJECT_FILE, Content
from brosur.documents import document_kinds
from brosur.errors import Problem, display_path
from brosur.paths import PACKAGE, PROJECT_ROOT, STYLES, TEMPLATES
from brosur.pdf.options import Form, PdfOptions
from brosur.render.html import Edition, Renderer
from brosur.render.printed import printed_pictures, printed_texts
from brosur.variants import VARIANTS, Source


def undeclared_documents(content: Content, documents: tuple[str, ...]) -> list[Problem]:
    """A problem for each requested document that brosur.yml does not declare."""
    declared = content.project.documents
    return [
        Problem(
            display_path(content.folder / PROJECT_FILE),
            1,
            1,
            "documents",
            f"{name!r} is not declared here; declared: {', '.join(declared)}",
        )
        for name in documents
        if name not in declared
    ]


def edition_of(content: Content, document: str, language: str, paper: str, variant: str):
    """One edition; its file name names the paper only when it is not the theme's."""
    return Edition(
        document_kinds()[document],
        language,
        paper,
        paper != content.theme.paper,
        VARIANTS[variant],
    )


def pdf_options(content: Content, edition: Edition, output: Path) -> PdfOptions:
    """How one edition's HTML becomes a PDF written inside `output` (its copyfitted forms
    aside, see page_forms)."""
    variant = edition.variant
    return PdfOptions(
        base=PROJECT_ROOT,
        roots=(TEMPLATES, STYLES, content.folder),
        max_pages=edition.document.max_pages,
        variant=variant,
        sources=_content_sources(content) if variant.embeds_source else (),
        date=build_date(content),
        fonts=(content.theme.fonts.text, content.theme.fonts.display),
        texts=printed_texts(content, edition),
        pictures=printed_pictures(content),
        design=edition.document.fittings()[0],
        economy=edition.document.economy,
        output=output,
    )


def pdf_files(content: Content, fonts: list[Path], options: PdfOptions) -> list[Path]:
    """Every file a PDF of this content may be made from besides its HTML: stylesheets,
    pictures, fonts, the code that renders it, and the files an archive PDF carries."""
    sources = [source.path for source in options.sources]
    return [*STYLES.iterdir(), *content_assets(content), *fonts, *_pdf_code(), *sources]


def page_forms(
    renderer: Renderer, content: Content, edition: Edition, **personal
) -> tuple[str, tuple[Form, ...]]:
    """The HTML to print as designed, and its other forms, in the order they are tried: its
    other compositions, then its copyfitted forms (fitting.py); a form that comes out the
    same as one before it is left out.
    `personal` (a recipient and a part, see Renderer.render) goes to the template."""
    first, *fits = edition.document.fittings()
    html = renderer.render(content, edition, fit=first, **personal)
    seen, fallbacks = {html}, []
    for fit in fits:
        form = renderer.render(content, edition, fit=fit, **personal)
        if form not in seen:
            seen.add(form)
            texts = printed_texts(content, edition, fit)
            fallbacks.append(Form(form, texts, fit))
    return html, tuple(fallbacks)


def font_files(content: Content) -> list[Path]:
    """The font files of the theme's two families (inputs of every PDF, like its files)."""
    from brosur.content.fonts import font_file

    theme = content.theme
    return [
        path for family in (theme.fonts.text, theme.fonts.display) if (path := font_file(family))
    ]


def build_date(content: Content) -> dt.datetime:
    """The date a build stamps into its PDFs: SOURCE_DATE_EPOCH when set (reproducible-builds
    convention), else the edition date from brosur.yml; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    published = content.project.published
    return dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC)


def content_assets(content: Content) -> list[Path]:
    """Every file in the content folder that is not YAML: the pictures a PDF may embed.
    A link leading out of the folder is passed over: nothing outside is read, even to
    hash it (it could be a device, a pipe, or someone else's file)."""
    return [
        path
        for path in content.folder.rglob("*")
        if path.suffix not in (".yml", ".yaml")
        and path.resolve().is_relative_to(content.folder)
        and path.is_file()
    ]


def _pdf_code() -> list[Path]:
    """The code that turns HTML into a PDF: a change to it must rebuild every PDF."""
    return [*sorted((PACKAGE / "pdf").glob("*.py")), PACKAGE / "variants.py"]


def _content_sources(content: Content) -> tuple:
    """The content files a PDF was made from, to embed in its archive variant."""
    return tuple(
        Source(source.path, source.path.name, f"brosur content: {role}")
        for role, source in content.sources.items()
    )
