"""The worker processes: spent workers are replaced, and nothing waits forever."""

from __future__ import annotations

import os

from brosur.jobs import workers


def test_a_worker_is_replaced_after_its_share_of_pdfs_and_the_queue_still_drains(monkeypatch):
    monkeypatch.setattr(workers, "PDFS_PER_WORKER", 2)
    pool = workers.worker_pool(1, long_running=True)
    try:
        futures = [pool.submit(os.getpid) for _ in range(7)]
        pids = [future.result(timeout=60) for future in futures]
    finally:
        pool.shutdown()
    assert len(pids) == 7
    assert len(set(pids)) == 4  # 2 + 2 + 2 + 1: a fresh process for every two tasks
