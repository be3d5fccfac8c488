"""Writing files safely, for every command that writes: only inside the folder it was given,
whole files or nothing, one writer of the shared records at a time, and a clear message when
the folder cannot be written.

A command writes inside one folder: the output folder (PDFs, the cache, the preview's
pictures), the content folder (schemas, translations, the record of translations), the
folder a translations file goes to, brosur's templates and styles (`new`). A link on the way
to a file may lead elsewhere inside that folder, never out of it: such a link is refused by
name and not followed, so a content folder made with `schema -> /home/someone` or
`organisation.yml -> ~/.bashrc` cannot make brosur write over a file elsewhere.

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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from brosur.errors import OutputError, display_path

LOCK_FILE = ".brosur.lock"
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")  # .<name>.<pid>.<random>.tmp
TOKEN_BYTES = 4  # the random part


def write_inside(folder: Path, target: Path, data: bytes | Callable[[BinaryIO], object]) -> int:
    """Write `data` (bytes, or a function that writes to a stream) to `target`, a file inside
    `folder`, through a temporary file beside it; return its size. The old file stays whole,
    and keeps its permissions, if anything fails or the process is interrupted; a link on the
    way that leads out of `folder` is refused."""
    with output_errors(target.parent, target):
        real = inside(folder, target)
        real.parent.mkdir(parents=True, exist_ok=True)
        temporary = real.with_name(temporary_name(real.name, os.getpid(), _token()))
        try:
            with open(temporary, "xb") as stream:
                if isinstance(data, bytes):
                    stream.write(data)
                else:
                    data(stream)
                stream.flush()
                os.fsync(stream.fileno())
            if real.exists():
                temporary.chmod(real.stat().st_mode & 0o7777)
            os.replace(temporary, real)
        except BaseException:
            # The first failure is the one to tell: a temporary file that could not even be
            # made cannot be removed either (a name too long), and a stale one goes next build.
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise
        return real.stat().st_size


def write_all_inside(files: list[tuple[Path, Path, bytes]]) -> None:
    """Write each (folder, file, bytes) as `write_inside` does, checking every file's way
    before the first is written: a link that leads out refuses them all, not the last."""
    for folder, target, _ in files:
        with output_errors(target.parent, target):
            inside(folder, target)
    for folder, target, data in files:
        write_inside(folder, target, data)


def inside(folder: Path, path: Path) -> Path:
    """Where `path`, below `folder`, really is, to write there or make it: each link on the
    way is followed only while it leads to a place inside `folder`; one that leads out (or
    further than the file system can follow) raises OutputError naming it."""
    root = folder.resolve()
    place = root
    for part in Path(os.path.abspath(path)).relative_to(os.path.abspath(folder)).parts:
        place = place / part
        if place.is_symlink():
            try:
                real = place.resolve(strict=False)
            except (OSError, RuntimeError):  # a loop of links
                real = None
            if real is None or not real.is_relative_to(root):
                raise OutputError(_leads_out(folder, path, place, real))
            place = real
    return place


def _leads_out(folder: Path, path: Path, link: Path, real: Path | None) -> str:
    where = "in a loop" if real is None else f"to {real}"
    shown = display_path(folder / link.relative_to(folder.resolve()))
    writing = "" if shown == display_path(path) else f"cannot write {display_path(path)}: "
    return (
        f"{writing}{shown} is a link that leads out of {display_path(folder)} ({where}); "
        "brosur writes only inside that folder, so it does not follow the link: remove the "
        "link, or put a real folder or file in its place"
    )


def temporary_name(name: str, pid: int, token: str) -> str:
    """The name of the temporary file `name` is written through (see `_TEMPORARY`)."""
    return f".{name}.{pid}.{token}.tmp"


def _token() -> str:
    return os.urandom(TOKEN_BYTES).hex()


# What the temporary file adds to a name, at most: a pid has up to 7 digits (Linux's
# pid_max is at most 2**22 = 4194304), the token two hex digits a byte. Recipients' file
# names leave room for it (content/filenames.SLUG_BYTES).
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


def ensure_writable(folder: Path, places: Iterable[Path] = ()) -> None:
    """Stop before any work when the output folder cannot be made or written to, or one of
    the `places` inside it that the build writes is a link that leads out of it."""
    with output_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        with open(inside(folder, folder / LOCK_FILE), "a"):
            pass
        for place in places:
            inside(folder, place)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock: for reading, merging and writing the records builds
    share (the cache, the manifest), which are small and quick to write."""
    with output_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        with open(inside(folder, folder / LOCK_FILE), "a") as lock:
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
        code = error.errno or 0  # an OSError raised without a code has no known reason
        reason = REASONS.get(code)
        if reason is not None:
            raise OutputError(f"cannot write into {display_path(folder)}: {reason}") from None
        if file is None:
            raise
        reason = FILE_REASONS.get(code, error.strerror or str(error))
        raise OutputError(f"cannot write {display_path(file)}: {reason}") from None
