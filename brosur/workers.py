"""The processes that render PDFs. Standard library only: the command line starts them
before it loads anything heavy, so that they load WeasyPrint on the other cores while this
process loads and checks the content. Jobs reach them as plain data (HTML, paths, options),
so a worker never needs pydantic or Jinja."""

from __future__ import annotations

import importlib
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from pathlib import Path


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes, started now and warming up at once."""
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=warm_up)
    pool.submit(int)  # a forked pool starts all its processes on the first task
    return pool


def warm_up() -> None:
    """Import what rendering needs: WeasyPrint, through brosur.pdf."""
    importlib.import_module("brosur.pdf")


def run_all(jobs: list, workers: int, pool: Executor | None = None) -> Iterator[tuple]:
    """Yield (job, outcome) as jobs finish: in the given pool, in a pool of `workers`
    processes, or in this process. A job has a `task` function and its `arguments`."""
    if pool is None and (workers <= 1 or len(jobs) <= 1):
        for job in jobs:
            yield job, job.task(*job.arguments)
        return
    if pool is None:
        with worker_pool(min(workers, len(jobs))) as own_pool:
            yield from run_all(jobs, workers, own_pool)
        return
    futures = {pool.submit(job.task, *job.arguments): job for job in jobs}
    for future in as_completed(futures):
        yield futures[future], future.result()


def render_pdf(html: str, target: Path, options: dict) -> dict:
    """Render one PDF (in a worker, or in this process); return what happened as plain data.
    A worker keeps WeasyPrint's font configuration and image cache for every PDF it makes."""
    return _outcome(lambda pdf: pdf.write_pdf(html, target=target, **options))


def render_personal_pdf(personal: str, shared: str, target: Path, options: dict) -> dict:
    """Render one recipient's copy, their pages before the shared ones (see pdf.py); a worker
    lays the shared pages out once for all the recipients it is given."""
    return _outcome(lambda pdf: pdf.write_personal_pdf(personal, shared, target=target, **options))


def probe_parts(forms: list[dict], options: dict) -> dict:
    """Which form of a personalised document prints, and whether its parts can be rendered
    apart (see pdf.probe_parts)."""
    from brosur import pdf
    from brosur.problems import BuildError

    try:
        return pdf.probe_parts(forms, **options)
    except BuildError as error:
        return {"error": str(error)}


def _outcome(write) -> dict:
    from brosur import pdf
    from brosur.problems import BuildError

    started = time.perf_counter()
    try:
        rendered = write(pdf)
    except BuildError as error:
        return {"error": str(error)}
    return {
        "pages": rendered.pages,
        "bytes": rendered.bytes,
        "warnings": rendered.warnings,
        "seconds": time.perf_counter() - started,
    }
