"""The live preview's builds, in rounds: what someone is waiting to see is built first.

A round builds the screen variant of every document, the quickest first (the seconds each PDF
took last time, from the build cache; before any build, fact sheets, then brochures, then
profiles: pipeline.QUICKEST_KINDS), then the print and archive variants. Each PDF goes into
the gallery as it lands. The first round starts once the server answers, so the page is there
at once and fills in. A round rebuilds only what changed (the build cache), so after a save
the first PDFs to land are the screen PDFs the save touched.

A save during a round starts the next round: the one under way stops handing PDFs to the
workers, and the next starts again from the screen variants. For this a round keeps all but
one PDF per worker back (Throttle), so a save waits for the PDFs being rendered at most (the
cache keeps them), never for the rest of a round.

Print and archive are built in the background, not when their card is opened: once the screen
PDFs are out the workers would be idle while someone reads them; a card is then ready when
opened, not seconds after a click; and the server keeps answering requests without starting
work on any of them (a page on it may look, not make it build; see serve.py).
"""

from __future__ import annotations

import threading
import traceback
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, InvalidStateError
from dataclasses import replace
from functools import partial

from brosur.commands.gallery import Gallery, card
from brosur.commands.report import STOPS, problem_lines
from brosur.jobs.outcomes import Outcome, Refused
from brosur.jobs.request import Request
from brosur.jobs.results import State
from brosur.variants import VARIANTS

SCREEN = ("screen",)
OTHERS = tuple(name for name in VARIANTS if name not in SCREEN)
SUPERSEDED = "not built: a newer save came first"  # a PDF a round held back, as its failure
READY_POLL = 0.05  # seconds between looks at whether the server answers yet


class Rounds:
    """The preview's builds, one round after another in the thread that calls run(); saved()
    and stop() come from other threads."""

    def __init__(self, request: Request, gallery: Gallery, pool: Executor, workers: int) -> None:
        self.request, self.gallery, self.pool, self.workers = request, gallery, pool, workers
        self._saved = threading.Event()  # a file changed since the round under way began
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # between a save and the start of a build
        self._throttle: Throttle | None = None

    def saved(self) -> None:
        """A file changed: end the round under way and start another."""
        with self._lock:
            self._saved.set()
            if self._throttle:
                self._throttle.hold_back()

    def stop(self) -> None:
        """Start nothing more and wait for nothing: the workers are being stopped."""
        with self._lock:
            self._stopping.set()
            self._saved.set()
            if self._throttle:
                self._throttle.hold_back(everything=True)

    def run(self, ready: Callable[[], bool] = lambda: True) -> None:
        """Build a round once `ready()` (the server answers), and another after each save,
        until stopped."""
        while not ready():
            if self._stopping.wait(READY_POLL):
                return
        self._saved.set()
        while self._saved.wait() and not self._stopping.is_set():
            self.gallery.started()
            with self._lock:
                self._saved.clear()  # a save from now on is for the next round
            if self._build(SCREEN) and self._build(OTHERS):
                self.gallery.stopped()

    def _build(self, variants: tuple[str, ...]) -> bool:
        """Build `variants` (what changed of them); False when the round ends here: a save
        came, the content has errors, or the preview is stopping."""
        from brosur.jobs.pipeline import build

        with self._lock:
            if self._saved.is_set():
                return False
            throttle = self._throttle = Throttle(self.pool, self.workers)
        request = replace(self.request, variants=variants)
        what = " and ".join(variants)
        try:
            results = build(
                request,
                self._landed,
                throttle,
                on_planned=lambda count: self.gallery.planned(what, count),
                quickest_first=True,
            )
        except STOPS as error:
            self.gallery.stopped(problem_lines(error))
            return False
        except Exception as error:
            if not self._stopping.is_set():  # stopping: the workers went first, say nothing
                traceback.print_exc()
                self.gallery.stopped([f"the preview could not build: {error}"])
            return False
        if throttle.held_back:
            return False
        made = {result.path.relative_to(request.output).as_posix() for result in results}
        self.gallery.settled(variants, made)
        return True

    def _landed(self, result) -> None:
        """Show a PDF that landed (not one held back, nor anything once stopping)."""
        held_back = result.state == State.FAILED and result.message == SUPERSEDED
        if not held_back and not self._stopping.is_set():
            self.gallery.landed(card(self.request.output, result))


class Throttle(Executor):
    """The worker pool as one round sees it: at most `room` of the round's PDFs in the workers
    at once, the others held here until one ends. hold_back() then ends the round quickly:
    every PDF still held is answered with SUPERSEDED (the build records it as failed, so the
    cache still rebuilds it), and the next round's PDFs are next in the workers."""

    def __init__(self, pool: Executor, room: int) -> None:
        self._pool, self._room = pool, max(1, room)
        self._held: deque[tuple[Future, Callable, tuple, dict]] = deque()
        self._running: set[Future] = set()
        self._lock = threading.Lock()
        self.held_back = False

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_running_or_notify_cancel()
        with self._lock:
            held_back = self.held_back  # the round was overtaken before it got this far
            if not held_back:
                self._held.append((future, fn, args, kwargs))
        if held_back:
            _answer(future, Refused(SUPERSEDED))
        self._feed()
        return future

    def hold_back(self, everything: bool = False) -> None:
        """Start no more PDFs; answer those held with SUPERSEDED, and, `everything`, those
        in the workers too (the preview is stopping, and its workers with it)."""
        with self._lock:
            self.held_back = True
            answered = [future for future, *_ in self._held]
            self._held.clear()
            if everything:
                answered += self._running
        for future in answered:
            _answer(future, Refused(SUPERSEDED))

    def _feed(self) -> None:
        """Hand held PDFs to the workers while there is room."""
        while True:
            with self._lock:
                if self.held_back or not self._held or len(self._running) >= self._room:
                    return
                future, fn, args, kwargs = self._held.popleft()
                self._running.add(future)
            try:
                inner = self._pool.submit(fn, *args, **kwargs)
            except Exception as error:  # the pool has stopped
                inner = Future()
                inner.set_exception(error)
            inner.add_done_callback(partial(self._ended, future))

    def _ended(self, future: Future, inner: Future) -> None:
        """A PDF left the workers: start the next, then pass its outcome on."""
        with self._lock:
            self._running.discard(future)
        self._feed()
        error = inner.exception()
        _answer(future, None if error else inner.result(), error)


def _answer(future: Future, outcome: Outcome | None, error: BaseException | None = None) -> None:
    """Give `future` its outcome, unless it has one already (hold_back(everything=True)
    answers the PDFs in the workers before they end)."""
    try:
        if error is None:
            future.set_result(outcome)
        else:
            future.set_exception(error)
    except InvalidStateError:
        pass
