"""Plan a build (which editions) and run it: content → HTML → PDF, one edition at a time."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from brosur.content import PROJECT_FILE, Content, load_content
from brosur.documents import DOCUMENT_KINDS
from brosur.manifest import write_manifest
from brosur.problems import BuildError, InputError, Problem, display_path
from brosur.render import Edition, Renderer
from brosur.variants import VARIANTS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"
STYLES = PROJECT_ROOT / "styles"


@dataclass(frozen=True)
class Built:
    edition: Edition
    path: Path
    pages: int
    bytes: int
    seconds: float
    warnings: list[str]


@dataclass(frozen=True)
class Failed:
    edition: Edition
    path: Path
    message: str


@dataclass(frozen=True)
class Request:
    """What the user asked for: a content folder, an output folder, and a selection."""

    content: Path
    output: Path
    documents: tuple[str, ...] = ()
    language: str | None = None
    paper: str | None = None  # build on this paper only, whatever the project declares
    variants: tuple[str, ...] = ("screen",)


def plan(content: Content, request: Request) -> list[Edition]:
    """List the editions to build: those the project declares, narrowed by the request."""
    documents, language, paper = request.documents, request.language, request.paper
    declared = content.project.documents
    project_file = display_path(content.folder / PROJECT_FILE)
    problems = [
        Problem(
            project_file,
            1,
            1,
            "documents",
            f"{name!r} is not declared here; declared: {', '.join(declared)}",
        )
        for name in documents
        if name not in declared
    ]
    default_paper = content.theme.paper
    editions = [
        Edition(DOCUMENT_KINDS[name], lang, size, size != default_paper, VARIANTS[variant])
        for variant in request.variants
        for name, entry in declared.items()
        if not documents or name in documents
        for lang in entry.languages
        if language in (None, lang)
        for size in ([paper] if paper else entry.papers or [default_paper])
    ]
    if language and not problems and not editions:
        problems.append(
            Problem(
                project_file, 1, 1, "documents", f"no document is declared in language {language!r}"
            )
        )
    if problems:
        raise InputError(problems)
    return editions


def build(
    request: Request, on_done: Callable[[Built | Failed], None] = lambda _: None
) -> list[Built | Failed]:
    """Build every planned edition; one failing edition does not stop the others."""
    content = load_content(request.content)
    editions = plan(content, request)
    _stop_on_content_errors(content)
    renderer = Renderer(TEMPLATES)
    renderer.labels  # noqa: B018 -- a bad labels file stops the build before any PDF
    results = []
    for edition in editions:
        result = _build_edition(renderer, content, edition, request.output)
        on_done(result)
        results.append(result)
    write_manifest(request.output, [result for result in results if isinstance(result, Built)])
    return results


def _build_edition(
    renderer: Renderer, content: Content, edition: Edition, output: Path
) -> Built | Failed:
    from brosur import pdf  # imported here: loading WeasyPrint costs ~0.4 s

    target = edition.variant.output_folder(output) / f"{edition.name}.pdf"
    started = time.perf_counter()
    try:
        page = renderer.render(content, edition)
        rendered = pdf.write_pdf(
            page.html,
            base=PROJECT_ROOT,
            roots=[TEMPLATES, STYLES, content.folder],
            target=target,
            max_pages=edition.document.max_pages,
            variant=edition.variant,
            sources=_content_sources(content),
            date=build_date(content),
            theme=content.theme,
        )
    except BuildError as error:
        return Failed(edition, target, str(error))
    return Built(
        edition,
        target,
        rendered.pages,
        rendered.bytes,
        time.perf_counter() - started,
        rendered.warnings,
    )


class ContentCheckError(BuildError):
    """The content passed validation but fails a preflight check that concerns every PDF
    (a colour pair below WCAG AA, a character no theme font has): nothing is built."""

    def __init__(self, findings: list):
        self.findings = findings
        super().__init__("\n".join(str(finding) for finding in findings))


def _stop_on_content_errors(content: Content) -> None:
    from brosur import preflight

    errors = [
        finding
        for finding in preflight.content_findings(content)
        if finding.level == preflight.ERROR
    ]
    if errors:
        raise ContentCheckError(errors)


@dataclass(frozen=True)
class CheckReport:
    """What `build.py check` found: in the content, and in every PDF it built to a scratch
    folder (the output folder is left as it was)."""

    content: list
    coverage: dict[str, tuple[int, int]]
    results: list[Built | Failed]

    @property
    def errors(self) -> int:
        content_errors = sum(finding.level == "error" for finding in self.content)
        return content_errors + sum(isinstance(result, Failed) for result in self.results)


def check(request: Request) -> CheckReport:
    """Run every preflight check on the content and on every requested edition."""
    from brosur import preflight

    content = load_content(request.content)
    findings = preflight.content_findings(content)
    if any(finding.level == preflight.ERROR for finding in findings):
        return CheckReport(findings, preflight.translation_coverage(content), [])
    with tempfile.TemporaryDirectory(prefix="brosur-check-") as scratch:
        results = build(replace(request, output=Path(scratch)))
        # The scratch folder goes away: report paths as they would be in the output folder.
        results = [
            replace(result, path=request.output / result.path.relative_to(scratch))
            for result in results
        ]
    return CheckReport(findings, preflight.translation_coverage(content), results)


def build_date(content: Content) -> dt.datetime:
    """The date a build stamps into its PDFs: SOURCE_DATE_EPOCH when set (reproducible-builds
    convention), else the edition date from brosur.yml; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    published = content.project.published
    return dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC)


def _content_sources(content: Content) -> tuple:
    """The content files a PDF was made from, to embed in its archive variant."""
    from brosur.pdf import Source

    return tuple(
        Source(source.path, source.path.name, f"brosur content: {role}")
        for role, source in content.sources.items()
    )
