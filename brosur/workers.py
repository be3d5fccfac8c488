"""The processes that render PDFs. Standard library only: the command line starts them
before it loads anything heavy, so that they load WeasyPrint on the other cores while this
process loads and checks the content. Jobs reach them as plain data (HTML, paths, options),
so a worker never needs pydantic or Jinja."""

from __future__ import annotations

import importlib
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
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


def render_pdf(html: str, target: Path, options: dict) -> dict:
    """Render one PDF (in a worker, or in this process); return what happened as plain data.
    A worker keeps WeasyPrint's font configuration and image cache for every PDF it makes."""
    from brosur import pdf
    from brosur.problems import BuildError

    started = time.perf_counter()
    try:
        rendered = pdf.write_pdf(html, target=target, **options)
    except BuildError as error:
        return {"error": str(error)}
    return {
        "pages": rendered.pages,
        "bytes": rendered.bytes,
        "warnings": rendered.warnings,
        "seconds": time.perf_counter() - started,
    }
