"""The processes that render PDFs. Standard library only: the command line starts them
before it loads anything heavy, so that they load WeasyPrint on the other cores while this
process loads and checks the content. Jobs reach them as plain data (HTML, paths, options),
so a worker never needs pydantic or Jinja."""

from __future__ import annotations

import ctypes
import importlib
import math
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from brosur.jobs.outcomes import Outcome, Refused, Rendered

if TYPE_CHECKING:
    from brosur.pdf.options import CopyLayout, Form, PdfOptions, Probed
    from brosur.pdf.writer import RenderedPdf

# A worker is replaced after this many PDFs: WeasyPrint 70 keeps some memory from every
# document it renders (about 150 KB for a fact sheet; see Kozea/WeasyPrint#2130), so a long
# list of recipients would otherwise grow each worker without bound.
PDFS_PER_WORKER = 100


def worker_pool(workers: int, long_running: bool = False) -> Executor:
    """A pool of `workers` processes, started now and warming up at once.

    One build: the workers are forked from this process at once, before it loads anything
    heavy, and import WeasyPrint while it loads and checks the content. A long run (a list of
    recipients, the live preview): workers are forked from a server process that has imported
    WeasyPrint once, and each is replaced after PDFS_PER_WORKER PDFs. (Forking a replacement
    from this process later, when it has threads, could deadlock the child.)"""
    if not long_running:
        forked = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=forked, initializer=warm_up)
        pool.submit(int)  # a forked pool starts all its processes on the first task
        return pool
    served = multiprocessing.get_context("forkserver")
    served.set_forkserver_preload(["brosur.jobs.forkserver", "brosur.pdf.personalised"])
    return _Pool(
        lambda: served.Pool(workers, initializer=warm_up, maxtasksperchild=PDFS_PER_WORKER)
    )


class _Pool(Executor):
    """concurrent.futures' interface over multiprocessing.Pool, which replaces spent workers
    reliably. (ProcessPoolExecutor's max_tasks_per_child hangs in Python 3.11 once a worker
    retires with tasks still queued: python/cpython#115634.)

    The pool starts in a thread: its server loads WeasyPrint before the first worker exists,
    and the caller goes on loading and checking the content meanwhile."""

    def __init__(self, start):
        self._ready = threading.Event()
        self._pool = None
        self._failure: BaseException | None = None

        def run() -> None:
            try:
                self._pool = start()
            except BaseException as failure:  # handed to whoever uses the pool
                self._failure = failure
            finally:
                self._ready.set()

        threading.Thread(target=run, name="brosur-worker-pool", daemon=True).start()

    @property
    def pool(self):
        self._ready.wait()
        if self._failure is not None:
            raise self._failure
        return self._pool

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_running_or_notify_cancel()
        self.pool.apply_async(
            fn, args, kwargs, callback=future.set_result, error_callback=future.set_exception
        )
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures:
            self.pool.terminate()  # what is still queued is not wanted any more
        else:
            self.pool.close()
        if wait:
            self.pool.join()


def warm_up() -> None:
    """Import what rendering needs: WeasyPrint, through brosur.pdf. Ctrl+C is for the main
    process, which stops the workers itself (a worker would only print a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    importlib.import_module("brosur.pdf.personalised")  # and through it, the writer


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the process that started it ends, even by SIGKILL:
    a worker must never outlive its build (nor hold its output pipes open)."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return  # not Linux: the pool's own shutdown still ends the workers
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


class Task(Protocol):
    """What run_all runs: a function of the workers, and its plain-data arguments."""

    @property
    def task(self) -> Callable[..., Outcome]: ...

    @property
    def arguments(self) -> tuple: ...


T = TypeVar("T", bound=Task)


def run_all(
    jobs: Iterable[T | None],
    workers: int,
    pool: Executor | None = None,
    then: Callable[[T, Outcome], list[T]] | None = None,
    timeout: float = 0,
    ahead: int = 0,
    waiting: Callable[[], int] = lambda: 0,
) -> Iterator[tuple[T, Outcome]]:
    """Yield (job, outcome) as jobs finish: in the given pool, in a pool of `workers`
    processes, or in this process. A job has a `task` function and its `arguments`;
    `then(job, outcome)` may return more jobs, which start as soon as there is a worker.
    A job that runs longer than `timeout` seconds (if given) is stopped and fails (see
    `within`).

    `jobs` may make each job only when it is asked for the next (a generator): with
    `ahead`, it is asked only while fewer than `ahead` jobs are running or waiting, so that
    it makes them just ahead of the workers. `waiting()` jobs wait elsewhere, for a job that
    runs: `jobs` gives a None for each."""
    # One job alone is not worth starting processes for, unless it may lead to more (jobs
    # made one by one may be many).
    worth_a_pool = not isinstance(jobs, Sized) or len(jobs) > (1 if then is None else 0)
    then = then or _leads_nowhere
    if pool is None and workers > 1 and worth_a_pool:
        with worker_pool(workers) as own_pool:
            yield from run_all(jobs, workers, own_pool, then, timeout, ahead, waiting)
        return
    if pool is None:
        yield from _in_turn(iter(jobs), then, timeout)
        return

    def submit(job: T) -> Future[Outcome]:
        return pool.submit(within, timeout, job.task, *job.arguments)

    remaining, more, room = iter(jobs), True, ahead or math.inf
    running: dict[Future[Outcome], T] = {}
    while more or running:
        # Always one job running, whatever waits: it is what the waiting ones wait for.
        while more and (not running or len(running) + waiting() < room):
            job = next(remaining, _End.END)
            if job is _End.END:
                more = False
            elif job is not None:
                running[submit(job)] = job
        if not running:
            continue
        finished, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in finished:
            done = running.pop(future)
            outcome = future.result()
            running |= {submit(new): new for new in then(done, outcome)}
            yield done, outcome


class _End(Enum):
    """What `next` gives when there are no more jobs (a job may be None: see run_all)."""

    END = "end"


def _leads_nowhere(job: Any, outcome: Outcome) -> list:
    return []


def _in_turn(
    jobs: Iterator[T | None], then: Callable[[T, Outcome], list[T]], timeout: float
) -> Iterator[tuple[T, Outcome]]:
    """Run jobs one after the other in this process; those a job leads to come next."""
    waiting: deque[T] = deque()
    while True:
        job = waiting.popleft() if waiting else next(jobs, _End.END)
        if job is _End.END:
            return
        if job is None:
            continue
        outcome = within(timeout, job.task, *job.arguments)
        waiting.extend(then(job, outcome))
        yield job, outcome


R = TypeVar("R")


class OutOfTime(BaseException):
    """Raised by the timer inside a job that ran past its budget. A BaseException, like
    KeyboardInterrupt, so that no `except Exception` inside WeasyPrint can swallow it.
    Internal, so it stays here, not in errors.py: `within` turns it into the job's failure."""


def within(seconds: float, task: Callable[..., R], *arguments: Any) -> R | Refused:
    """Run `task` with a wall-clock budget; past it, stop the task and return its failure
    as plain data. The budget needs this thread to be the process's main thread (a worker,
    or the command line itself): elsewhere signals cannot reach it, and the task runs
    unbounded."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        return task(*arguments)
    previous = signal.signal(signal.SIGALRM, _out_of_time)
    # The timer fires again every second in case one firing lands where it is caught.
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        return task(*arguments)
    except OutOfTime:
        return Refused(out_of_time_message(seconds))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _out_of_time(signum: int, frame: Any) -> None:
    raise OutOfTime


def out_of_time_message(seconds: float) -> str:
    return (
        f"stopped after {seconds:g} s, its time budget: the content is too long to lay out "
        "in reasonable time; shorten its longest texts, or allow more time with "
        f"--timeout {max(300, int(seconds) * 2)}"
    )


def render_pdf(html: str, target: Path, options: PdfOptions) -> Rendered | Refused:
    """Render one PDF (in a worker, or in this process); return what happened as plain data.
    A worker keeps WeasyPrint's font configuration and image cache for every PDF it makes."""
    from brosur.pdf import writer

    return _outcome(lambda: writer.write_pdf(html, target, options))


def render_copy(
    box_html: str, sheets: tuple, target: Path, options: PdfOptions, layout: CopyLayout
) -> Rendered | Refused:
    """Render one recipient's copy: their box alone, drawn over the pages every copy shares
    (see pdf.personalised.write_copy); a worker keeps those pages and the box's stylesheets
    for all the recipients it is given."""
    from brosur.pdf import personalised

    return _outcome(lambda: personalised.write_copy(box_html, sheets, target, options, layout))


def probe_copies(forms: tuple[Form, ...], options: PdfOptions, base: Path) -> Probed | Refused:
    """Which form of a personalised document prints, and where its recipient's box is; the
    pages every copy shares kept at `base` (see pdf.personalised.probe_copies)."""
    from brosur.errors import BuildError
    from brosur.pdf import personalised

    try:
        return personalised.probe_copies(forms, options, base)
    except BuildError as error:
        return Refused(str(error))


def _outcome(write: Callable[[], RenderedPdf]) -> Rendered | Refused:
    from brosur.errors import BuildError

    started = time.perf_counter()
    try:
        rendered = write()
    except BuildError as error:
        return Refused(str(error))
    return Rendered(
        pages=rendered.pages,
        bytes=rendered.bytes,
        warnings=rendered.warnings,
        economy=rendered.economy,
        fitted=rendered.fitted,
        seconds=time.perf_counter() - started,
        peak_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
