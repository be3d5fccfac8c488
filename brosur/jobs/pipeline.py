"""Plan a build (which editions) and run it: content → HTML → PDF, one edition at a time."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path

from brosur.content.load import PROJECT_FILE, Content, load_content
from brosur.documents import document_kinds
from brosur.errors import BuildError, InputError, Problem, display_path
from brosur.jobs.cache import BuildCache, output_key
from brosur.jobs.manifest import write_manifest
from brosur.jobs.output import ensure_writable, remove_stale_temporaries
from brosur.jobs.request import Request
from brosur.jobs.workers import render_pdf, run_all
from brosur.paths import PACKAGE, PROJECT_ROOT, STYLES, TEMPLATES
from brosur.pdf.variants import VARIANTS, Source
from brosur.render.html import Edition, Renderer


@dataclass(frozen=True)
class Built:
    edition: Edition
    path: Path
    pages: int
    bytes: int
    seconds: float
    warnings: list[str]
    cached: bool = False  # unchanged since the last build: not rendered again
    peak_mib: float = 0.0  # the peak memory of the process that rendered it, so far


@dataclass(frozen=True)
class Failed:
    edition: Edition
    path: Path
    message: str


def plan(content: Content, request: Request) -> list[Edition]:
    """List the editions to build: those the project declares, narrowed by the request."""
    documents, language, paper = request.documents, request.language, request.paper
    declared = content.project.documents
    project_file = display_path(content.folder / PROJECT_FILE)
    problems = undeclared_documents(content, documents)
    editions = [
        edition_of(content, name, lang, size, variant)
        for variant in request.variants
        for name, entry in declared.items()
        if not documents or name in documents
        for lang in entry.languages
        if language in (None, lang)
        for size in ([paper] if paper else entry.papers or [content.theme.paper])
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
    request: Request,
    on_done: Callable[[Built | Failed], None] = lambda _: None,
    pool: Executor | None = None,
    content: Content | None = None,
    on_planned: Callable[[int], None] = lambda _: None,
) -> list[Built | Failed]:
    """Build every planned edition that changed; one failing edition does not stop the others.

    Content is loaded (unless the caller passes it, already checked) and every edition's HTML
    rendered here (cheap); only the PDFs whose inputs changed are rendered, in `request.jobs`
    processes at once."""
    cache = BuildCache(request.output)
    files = request.files_stamp()  # before reading: an edit made during the build counts
    checked = content is not None
    content = content or load_content(request.content)
    editions = plan(content, request)
    if not checked:
        stop_on_content_errors(content)
    renderer = Renderer(TEMPLATES)
    renderer.labels  # noqa: B018 -- a bad labels file stops the build before any PDF
    ensure_writable(request.output)  # only now: bad input leaves no output folder behind
    remove_stale_temporaries(request.output)
    cache.fonts = font_files(content)
    jobs = [_job(renderer, content, edition, request.output, cache.fonts) for edition in editions]
    on_planned(len(jobs))
    results: list[Built | Failed] = []
    pending = []
    for job in jobs:
        entry = None if request.force else cache.fresh(job.target, job.key)
        if entry:
            result = Built(job.edition, job.target, entry["pages"], entry["bytes"], 0.0, [], True)
            on_done(result)
            results.append(result)
        else:
            pending.append(job)
    # Longest first, so that the last PDF to finish is a short one (the workers end together).
    pending.sort(key=lambda job: cache.seconds(job.target) or job.size / 1e5, reverse=True)
    for job, outcome in run_all(pending, request.jobs, pool, timeout=request.timeout):
        result = result_of(job, outcome)
        if isinstance(result, Built):
            cache.record(job.target, job.key, result.pages, result.seconds)
        on_done(result)
        results.append(result)
    order = {job.target: index for index, job in enumerate(jobs)}
    results.sort(key=lambda result: order[result.path])
    write_manifest(request.output, [result for result in results if isinstance(result, Built)])
    if all(isinstance(result, Built) for result in results):
        inputs = request.input_stamp(cache.fonts, files)
        cache.record_request(request.key(), inputs, [job.target for job in jobs])
    else:
        cache.forget_request(request.key())
    cache.save()
    return results


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


@dataclass(frozen=True)
class Job:
    """One PDF to make: the worker function and its plain-data arguments, the output, and
    the key it is cached under."""

    edition: Edition
    target: Path
    key: str
    task: Callable[..., dict]
    arguments: tuple
    size: int = 0  # a guess at the work (length of HTML), to start the longest first
    label: str = ""  # what to call the PDF in messages, beside its path


def _job(
    renderer: Renderer, content: Content, edition: Edition, output: Path, fonts: list[Path]
) -> Job:
    html, compact = page_forms(renderer, content, edition)
    options = edition_options(content, edition) | {"compact": compact}
    files = pdf_files(content, fonts, options)
    key = output_key(html + (compact or ""), options_key(options), files)
    target = edition.variant.output_folder(output) / f"{edition.name}.pdf"
    return Job(edition, target, key, render_pdf, (html, target, options), len(html))


def edition_options(content: Content, edition: Edition) -> dict:
    """How one edition's HTML becomes a PDF, as plain data a worker process can take."""
    variant = edition.variant
    return {
        "base": PROJECT_ROOT,
        "roots": [TEMPLATES, STYLES, content.folder],
        "max_pages": edition.document.max_pages,
        "variant": variant,
        "sources": _content_sources(content) if variant.embeds_source else (),
        "date": build_date(content),
        "fonts": (content.theme.fonts.text, content.theme.fonts.display),
    }


def options_key(options: dict) -> str:
    """The options that change a PDF's bytes beyond its HTML and files."""
    return repr((options["variant"], options["date"], options["max_pages"]))


def pdf_files(content: Content, fonts: list[Path], options: dict) -> list[Path]:
    """Every file a PDF of this content may be made from besides its HTML: stylesheets,
    pictures, fonts, the code that renders it, and the files an archive PDF carries."""
    sources = [source.path for source in options["sources"]]
    return [*STYLES.iterdir(), *_assets(content), *fonts, *_pdf_code(), *sources]


def compact_forms(edition: Edition) -> list[bool]:
    """The forms an edition may print in, first choice first (True: the compact form).

    Two languages share one sheet, so they start from the compact form; one language gets the
    whole text, and the compact form only when the whole does not fit."""
    if not edition.document.compact:
        return [False]
    return [True] if len(edition.languages) > 1 else [False, True]


def page_forms(renderer: Renderer, content: Content, edition: Edition, **personal):
    """The HTML to print first, and the shorter form to fall back to (or None). `personal`
    (a recipient and a part, see Renderer.render) goes to the template."""
    first, *fallback = [
        renderer.render(content, edition, compact=compact, **personal)
        for compact in compact_forms(edition)
    ]
    return first, (fallback[0] if fallback and fallback[0] != first else None)


def result_of(job: Job, outcome: dict) -> Built | Failed:
    """A worker's plain-data outcome as a build result."""
    if "error" in outcome:
        message = f"{job.label}: {outcome['error']}" if job.label else outcome["error"]
        return Failed(job.edition, job.target, message)
    return Built(
        job.edition,
        job.target,
        outcome["pages"],
        outcome["bytes"],
        outcome["seconds"],
        outcome["warnings"],
        peak_mib=outcome["peak_mib"],
    )


def _assets(content: Content) -> list[Path]:
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
    return sorted((PACKAGE / "pdf").glob("*.py"))


def font_files(content: Content) -> list[Path]:
    from brosur.content.fonts import font_file

    theme = content.theme
    return [
        path for family in (theme.fonts.text, theme.fonts.display) if (path := font_file(family))
    ]


class ContentCheckError(BuildError):
    """The content passed validation but fails a preflight check that concerns every PDF
    (a colour pair below WCAG AA, a character no theme font has): nothing is built."""

    def __init__(self, findings: list):
        self.findings = findings
        super().__init__("\n".join(str(finding) for finding in findings))


def stop_on_content_errors(content: Content) -> None:
    from brosur.pdf import preflight

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
    from brosur.pdf import preflight

    content = load_content(request.content)
    findings = preflight.content_findings(content)
    if any(finding.level == preflight.ERROR for finding in findings):
        return CheckReport(findings, preflight.translation_coverage(content), [])
    with tempfile.TemporaryDirectory(prefix="brosur-check-") as scratch:
        results = build(replace(request, output=Path(scratch)), content=content)
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
    return tuple(
        Source(source.path, source.path.name, f"brosur content: {role}")
        for role, source in content.sources.items()
    )
