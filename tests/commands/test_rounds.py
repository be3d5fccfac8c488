"""The preview's rounds of builds: how a round hands its PDFs to the workers, and how a save
ends it early (rounds.Throttle), with a pool of threads standing in for the workers: the
order of events here is set by the test, not by how long a PDF takes. The whole preview, its
PDFs in order, is tested in test_serve.py."""

import threading
from concurrent.futures import ThreadPoolExecutor, wait

import pytest

from brosur.commands.rounds import SUPERSEDED, Throttle
from brosur.jobs.outcomes import Refused


class Gates:
    """Tasks that each wait for the test to let them end: {name: started, may end}."""

    def __init__(self) -> None:
        self.started: dict[str, threading.Event] = {}
        self.open: dict[str, threading.Event] = {}

    def task(self, name: str):
        self.started[name], self.open[name] = threading.Event(), threading.Event()

        def run() -> dict:
            self.started[name].set()
            assert self.open[name].wait(10), f"{name} was never let through"
            return {"name": name}

        return run


@pytest.fixture
def pool():
    with ThreadPoolExecutor(4) as threads:
        yield threads


def test_a_round_has_at_most_one_pdf_per_worker_in_the_workers(pool):
    gates, throttle = Gates(), Throttle(pool, 2)
    futures = [throttle.submit(gates.task(name)) for name in "abc"]
    assert gates.started["a"].wait(10) and gates.started["b"].wait(10)
    assert not gates.started["c"].is_set()  # held until one of the two ends
    gates.open["a"].set()
    assert futures[0].result(10) == {"name": "a"}
    assert gates.started["c"].wait(10)
    gates.open["b"].set()
    gates.open["c"].set()
    assert [future.result(10)["name"] for future in futures] == ["a", "b", "c"]


def test_a_save_ends_the_round_without_waiting_for_what_it_held(pool):
    gates, throttle = Gates(), Throttle(pool, 1)
    running, held = throttle.submit(gates.task("a")), throttle.submit(gates.task("b"))
    assert gates.started["a"].wait(10)
    throttle.hold_back()
    # What was held is answered at once, and never starts; what the round submits after
    # the save (it was still reading the content) too.
    assert held.result(10) == Refused(SUPERSEDED)
    late = throttle.submit(gates.task("c"))
    assert late.result(10) == Refused(SUPERSEDED)
    # The PDF in the workers finishes, as made: the cache keeps it.
    assert not running.done()
    gates.open["a"].set()
    assert running.result(10) == {"name": "a"}
    assert not gates.started["b"].is_set() and not gates.started["c"].is_set()


def test_stopping_answers_even_the_pdfs_in_the_workers(pool):
    gates, throttle = Gates(), Throttle(pool, 2)
    futures = [throttle.submit(gates.task(name)) for name in "abc"]
    assert gates.started["a"].wait(10) and gates.started["b"].wait(10)
    throttle.hold_back(everything=True)  # the workers are being stopped: wait for none
    done, _ = wait(futures, timeout=10)
    assert len(done) == 3
    assert all(future.result() == Refused(SUPERSEDED) for future in futures)
    gates.open["a"].set()  # a worker ending after all is not an error
    gates.open["b"].set()
