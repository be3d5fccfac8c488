"""Plan a build (which editions) and run it: content → HTML → PDF, one edition at a time."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path

from brosur.content.load import PROJECT_FILE, Content, load_content
from brosur.errors import InputError, Problem, display_path
from brosur.findings import ERROR, WARNING, Finding
from brosur.jobs.cache import output_key
from brosur.jobs.editions import (
    edition_of,
    page_forms,
    pdf_files,
    pdf_options,
    undeclared_documents,
)
from brosur.jobs.manifest import MANIFEST, write_manifest
from brosur.jobs.request import Request
from brosur.jobs.results import Built, Failed, State
from brosur.jobs.run import Job, content_findings, prepare, stop_on_content_errors
from brosur.jobs.workers import render_pdf
from brosur.render.html import Edition, Renderer
from brosur.variants import VARIANTS


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
    on_warnings: Callable[[list], None] = lambda _: None,
    quickest_first: bool = False,
) -> list[Built | Failed]:
    """Build every planned edition that changed; one failing edition does not stop the others.
    The content's own warnings (checks.py) go to `on_warnings`, before any PDF is made.

    Content is loaded (unless the caller passes it, already checked) and every edition's HTML
    rendered here (cheap); only the PDFs whose inputs changed are rendered, in `request.jobs`
    processes at once: longest first, so that the workers end together, or `quickest_first`
    for someone waiting to see each PDF (the live preview)."""
    files = request.files_stamp()  # before reading: an edit made during the build counts
    checked = content is not None
    content = content or load_content(request.content)
    editions = plan(content, request)
    if not checked:
        on_warnings(stop_on_content_errors(content))
    folders = {VARIANTS[variant].output_folder(request.output) for variant in request.variants}
    run = prepare(request, content, on_done, pool, [*folders, request.output / MANIFEST])
    jobs = [_job(run.renderer, content, edition, request.output, run.fonts) for edition in editions]
    on_planned(len(jobs))
    targets = [job.target for job in jobs]
    if quickest_first:
        jobs.sort(key=lambda job: _quickness(run.cache.seconds(job.target), job))
    results = run.run(jobs, targets, longest_first=not quickest_first)
    on_warnings(composition_findings(results))
    write_manifest(request.output, [result for result in results if isinstance(result, Built)])
    # A request that fully succeeded is answered from the cache next time, if nothing changed.
    run.cache.record_fonts(run.fonts)
    if all(result.state != State.FAILED for result in results):
        inputs = request.input_stamp(run.fonts, files)
        run.cache.record_request(request.key(), inputs, targets)
    else:
        run.cache.forget_request(request.key())
    run.cache.save()
    return results


def composition_findings(results: list[Built | Failed]) -> list[Finding]:
    """A warning for each edition whose variants (screen, print, archive) were composed
    apart: the proof on screen must be what the print shop prints."""
    composed: dict[tuple, dict[str, str]] = {}
    for result in results:
        if isinstance(result, Built) and result.economy is not None:
            edition, economy = result.edition, result.economy
            form = f"{economy.composition}; {economy.fitted or 'type as designed'}"
            key = (edition.document.name, edition.language, edition.paper)
            composed.setdefault(key, {})[edition.variant.name] = form
    return [
        Finding(
            WARNING,
            "layout",
            f"{document}.{language} ({paper}): its variants are composed apart ("
            + "; ".join(f"{variant}: {form}" for variant, form in forms.items())
            + "): they should print alike",
        )
        for (document, language, paper), forms in composed.items()
        if len(set(forms.values())) > 1
    ]


# The kinds of document, quickest to make first, for the PDFs the cache has not timed yet: a
# fact sheet and a brochure are two pages each (the brochure's three panels a little more
# work), a profile many.
QUICKEST_KINDS = ("factsheet", "brochure", "profile")


def _quickness(seconds: float, job: Job) -> tuple:
    """Sort key, quickest first: the seconds the PDF took last time, when known; after them
    the others, by kind (QUICKEST_KINDS), then by length of HTML (a bilingual edition after
    its single-language ones)."""
    if seconds:
        return (0, seconds)
    kind = job.edition.document.name
    rank = QUICKEST_KINDS.index(kind) if kind in QUICKEST_KINDS else len(QUICKEST_KINDS)
    return (1, rank, job.size)


def _job(
    renderer: Renderer, content: Content, edition: Edition, output: Path, fonts: list[Path]
) -> Job:
    html, fallbacks = page_forms(renderer, content, edition)
    options = replace(pdf_options(content, edition, output), fallbacks=fallbacks)
    files = pdf_files(content, fonts, options)
    key = output_key(html + "".join(form.html for form in fallbacks), options.cache_key(), files)
    target = edition.variant.output_folder(output) / f"{edition.name}.pdf"
    return Job(edition, target, key, render_pdf, (html, target, options), len(html))


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
        return content_errors + sum(result.state == State.FAILED for result in self.results)


def check(request: Request) -> CheckReport:
    """Run every preflight check on the content and on every requested edition."""
    from brosur.content import checks

    content = load_content(request.content)
    findings = content_findings(content)
    if any(finding.level == ERROR for finding in findings):
        return CheckReport(findings, checks.translation_coverage(content), [])
    with tempfile.TemporaryDirectory(prefix="brosur-check-") as scratch:
        results = build(replace(request, output=Path(scratch)), content=content)
        # The scratch folder goes away: report paths as they would be in the output folder.
        results = [
            replace(result, path=request.output / result.path.relative_to(scratch))
            for result in results
        ]
    findings += composition_findings(results)
    return CheckReport(findings, checks.translation_coverage(content), results)
