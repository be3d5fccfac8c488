"""One loop for every build, of editions and of recipients' copies alike: make the output
folder ready, skip the PDFs that are fresh, run the rest in the workers, record what they
made, and give one result per PDF: built, cached or failed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from brosur.content.load import Content
from brosur.errors import ContentCheckError
from brosur.findings import ERROR, WARNING, Finding
from brosur.jobs.cache import CACHE_FILE, BuildCache, Entry
from brosur.jobs.editions import font_files
from brosur.jobs.outcomes import Outcome, Refused, Rendered
from brosur.jobs.request import Request
from brosur.jobs.results import Built, Failed
from brosur.jobs.workers import run_all
from brosur.output import ensure_writable, remove_stale_temporaries
from brosur.paths import TEMPLATES
from brosur.pdf.options import Probed
from brosur.render.html import Edition, Renderer


@dataclass(frozen=True)
class Job:
    """One task for a worker: its function and plain-data arguments. It makes the PDF
    `target`, cached under `key`; or, with `then`, it makes no PDF but finds out what the
    jobs it leads to need (a probe, cached under `key` too)."""

    edition: Edition
    target: Path
    key: str
    task: Callable[..., Outcome]  # a PDF's job: Rendered or Refused; a probe's: Probed or Refused
    arguments: tuple
    size: int = 0  # a guess at the work (length of HTML), to start the longest first
    label: str = ""  # what to call the PDF in messages, beside its path
    then: Callable[[Probed | Refused], list[Job | Failed]] | None = None  # a probe's outcome → more


def content_findings(content: Content) -> list[Finding]:
    """Every check that concerns every PDF of the content, before any is made: the content's
    own (content/checks.py), and the translations made from an older source text
    (translation/record.py)."""
    from brosur.content import checks
    from brosur.translation.record import outdated_translations

    return [*checks.content_findings(content), *outdated_translations(content)]


def stop_on_content_errors(content: Content) -> list[Finding]:
    """Raise ContentCheckError when the content fails a check that concerns every PDF;
    return its warnings (an outdated translation, key figures a document has no room for)."""
    findings = content_findings(content)
    if errors := [finding for finding in findings if finding.level == ERROR]:
        raise ContentCheckError(errors)
    return [finding for finding in findings if finding.level == WARNING]


def prepare(
    request: Request,
    content: Content,
    on_done: Callable[[Built | Failed], None],
    pool: Executor | None,
    places: Iterable[Path] = (),
) -> Run:
    """Make ready to write PDFs: a renderer whose labels load, and the output folder,
    writable and cleared of the temporary files of builds that died, with its cache.
    `places` are the folders and files the build writes there besides the cache: none may
    be a link that leads out of the output folder."""
    renderer = Renderer(TEMPLATES)
    renderer.labels  # noqa: B018 -- a bad labels file stops the build before any PDF
    cache_file = request.output / CACHE_FILE
    # Only now: bad input leaves no output folder behind.
    ensure_writable(request.output, [cache_file, *places])
    remove_stale_temporaries(request.output)
    cache = BuildCache(request.output)
    return Run(request, renderer, cache, font_files(content), on_done, pool)


@dataclass
class Run:
    """One build's jobs through the cache and the workers; its results, as they come."""

    request: Request
    renderer: Renderer
    cache: BuildCache
    fonts: list[Path]  # the theme's font files: inputs of every PDF
    on_done: Callable[[Built | Failed], None]
    pool: Executor | None
    # Kept for `run` to return; a `stream`'s are passed on to on_done only.
    results: list[Built | Failed] = field(default_factory=list)
    keep: bool = True

    def run(
        self, jobs: list[Job], order: list[Path], longest_first: bool = False
    ) -> list[Built | Failed]:
        """Run every job whose output is not fresh; return the results in `order` (of
        their paths). One failing job does not stop the others."""
        pending = self._start(jobs)
        if longest_first:
            # So that the last PDF to finish is a short one (the workers end together).
            pending.sort(key=self._expected_seconds, reverse=True)
        then = self._then if any(job.then for job in jobs) else None
        request = self.request
        for job, outcome in run_all(pending, request.jobs, self.pool, then, request.timeout):
            self._finished(job, outcome)
        places = {path: index for index, path in enumerate(order)}
        return sorted(self.results, key=lambda result: places[result.path])

    def stream(
        self, items: Iterable[Job | Failed | None], ahead: int, waiting: Callable[[], int]
    ) -> None:
        """Run the jobs `items` makes while it makes the next ones; each result goes to
        on_done, and is not kept (a list of recipients may have too many). `items` is asked
        for more only while fewer than `ahead` jobs are running or waiting: `waiting()` of
        them wait for a probe, each of those a None in `items`."""
        self.keep = False
        pending = (job for item in items for job in self._pending(item))
        request = self.request
        for job, outcome in run_all(
            pending, request.jobs, self.pool, self._then, request.timeout, ahead, waiting
        ):
            self._finished(job, outcome)

    def _pending(self, item: Job | Failed | None) -> Sequence[Job | None]:
        """The jobs still to run for one item of a stream (see `_start`); a None stays."""
        return [None] if item is None else self._start([item])

    def _start(self, items: Sequence[Job | Failed]) -> list[Job]:
        """The jobs still to run, probes first (their jobs wait on them). A failure is
        reported, a fresh PDF reported as cached, a probe known already followed at once."""
        pending: list[Job] = []
        for item in items:
            if isinstance(item, Failed):
                self._done(item)
            elif item.then and (probed := self._known_probe(item)):
                pending += self._start(item.then(probed))
            elif item.then:
                pending.insert(0, item)
            elif entry := self._fresh(item):
                self._done(_cached(item, entry))
            else:
                pending.append(item)
        return pending

    def _known_probe(self, job: Job) -> Probed | None:
        """What the cache knows a probe found, unless the build is forced."""
        found = None if self.request.force else self.cache.probe(job.key)
        return Probed.from_record(found) if found else None

    def _fresh(self, job: Job) -> Entry | None:
        """The cache's entry for a job's PDF if it is fresh, unless the build is forced."""
        return None if self.request.force else self.cache.fresh(job.target, job.key)

    def _then(self, job: Job, outcome: Outcome) -> list[Job]:
        """The jobs a finished probe leads to (none for a PDF)."""
        if job.then is None or isinstance(outcome, Rendered):
            return []
        if isinstance(outcome, Probed):
            self.cache.record_probe(job.key, outcome.record())
        return self._start(job.then(outcome))

    def _finished(self, job: Job, outcome: Outcome) -> None:
        """Report a PDF's job as its result, recorded in the cache when built (a probe's
        outcome went to the jobs it leads to: `_then`)."""
        if isinstance(outcome, Rendered):
            self.cache.record(job.target, job.key, outcome.pages, outcome.seconds)
            self._done(_built(job, outcome))
        elif isinstance(outcome, Refused) and job.then is None:
            message = f"{job.label}: {outcome.error}" if job.label else outcome.error
            self._done(Failed(job.edition, job.target, message))

    def _expected_seconds(self, job: Job) -> float:
        return self.cache.seconds(job.target) or job.size / 1e5

    def _done(self, result: Built | Failed) -> None:
        if self.keep:
            self.results.append(result)
        self.on_done(result)


def _built(job: Job, outcome: Rendered) -> Built:
    """The result of a job whose PDF a worker wrote."""
    return Built(
        job.edition,
        job.target,
        outcome.pages,
        outcome.bytes,
        outcome.seconds,
        outcome.warnings,
        peak_mib=outcome.peak_mib,
        economy=outcome.economy,
        fitted=outcome.fitted,
    )


def _cached(job: Job, entry: Entry) -> Built:
    """The result of a job whose PDF is fresh, from its entry in the cache."""
    return Built(job.edition, job.target, entry["pages"], entry["bytes"], 0.0, [], cached=True)
