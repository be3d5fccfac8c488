"""Writing into the output folder safely: whole files or nothing, one writer of the shared
records at a time, and a clear message when the folder cannot be written.

Every file is written to a temporary file beside it, named with the writing process's id,
then renamed over the target: a reader, or a build running at the same time, sees the old
file or the new one, never half of one. A build killed mid-write leaves its temporary file;
the next build removes every temporary file whose process is gone.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from brosur.errors import OutputError, display_path

LOCK_FILE = ".brosur.lock"
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")  # .<name>.<pid>.<random>.tmp
TOKEN_BYTES = 4  # the random part


def write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> int:
    """Write `target` through a temporary file beside it; return its size. The old file
    stays whole if anything fails or the process is interrupted."""
    with output_errors(target.parent, target):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(temporary_name(target.name, os.getpid(), _token()))
        try:
            with open(temporary, "xb") as stream:
                write(stream)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            # The first failure is the one to tell: a temporary file that could not even be
            # made cannot be removed either (a name too long), and a stale one goes next build.
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise
        return target.stat().st_size


def temporary_name(name: str, pid: int, token: str) -> str:
    """The name of the temporary file `name` is written through (see `_TEMPORARY`)."""
    return f".{name}.{pid}.{token}.tmp"


def _token() -> str:
    return os.urandom(TOKEN_BYTES).hex()


# What the temporary file adds to a name, at most: a pid has up to 7 digits (Linux's
# pid_max is at most 2**22 = 4194304), the token two hex digits a byte. Recipients' file
# names leave room for it (recipients.SLUG_BYTES).
TEMPORARY_BYTES = len(temporary_name("", 10**7 - 1, "0" * 2 * TOKEN_BYTES))


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files that builds which no longer run left in `folder`."""
    removed = []
    for path in folder.rglob(".*.tmp") if folder.is_dir() else ():
        match = _TEMPORARY.match(path.name)
        if match and not _running(int(match[1])):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def ensure_writable(folder: Path) -> None:
    """Stop before any work when the output folder cannot be made or written to."""
    with output_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / LOCK_FILE, "a"):
            pass


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock: for reading, merging and writing the records builds
    share (the cache, the manifest), which are small and quick to write."""
    with output_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / LOCK_FILE, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


REASONS = {
    errno.EACCES: "you may not write there; choose another folder with --output, or ask for "
    "write permission",
    errno.EPERM: "you may not write there; choose another folder with --output, or ask for "
    "write permission",
    errno.EROFS: "the disk is read-only; choose another folder with --output",
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "your disk quota is used up; free some space and build again",
    errno.ENOTDIR: "it is a file, not a folder; choose another with --output",
    errno.EEXIST: "it is a file, not a folder; choose another with --output",
}


# Failures of one file, not of its folder: the other files still get written.
FILE_REASONS = {
    errno.ENAMETOOLONG: "the name is too long for this disk; shorten it, or choose a folder "
    "with a shorter path with --output",
    errno.EISDIR: "a folder of that name is in the way; move it or choose another folder "
    "with --output",
}


@contextmanager
def output_errors(folder: Path, file: Path | None = None) -> Iterator[None]:
    """Turn a failure to write into `folder` into a message naming the folder and the cure;
    while writing `file`, any other failure too, as a message naming the file."""
    try:
        yield
    except OSError as error:
        reason = REASONS.get(error.errno)
        if reason is not None:
            raise OutputError(f"cannot write into {display_path(folder)}: {reason}") from None
        if file is None:
            raise
        reason = FILE_REASONS.get(error.errno, error.strerror or str(error))
        raise OutputError(f"cannot write {display_path(file)}: {reason}") from None
