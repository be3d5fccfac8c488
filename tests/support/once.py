"""Results made once for a whole test run, however many xdist workers share it.

The first worker to ask makes them, in a folder all workers share, under a file lock; the
others wait on the lock and then read what it made (pickled), so every worker sees the same
objects the maker returned, warnings and all."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, the same for every xdist worker (each worker's own is
    a subfolder of it); without xdist, the session's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """`make(folder)` run once per test run in a shared `folder` called `name`; its result."""
    shared = shared_folder(tmp_path_factory)
    folder = shared / name
    done = shared / f"{name}.pickle"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if done.exists():
            return pickle.loads(done.read_bytes())
        if folder.exists():  # a worker that failed midway: start again
            shutil.rmtree(folder)
        folder.mkdir()
        result = make(folder)
        partial = done.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(result))
        partial.replace(done)
        return result
