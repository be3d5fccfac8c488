"""The build cache (`output/.brosur-cache.sqlite`): what is unchanged is not built again.

Two levels. A stamp of every input file (size and modification time) answers "did anything
change at all?" in milliseconds, before content is even loaded; when it did, each PDF is keyed
by the hash of its HTML and of every file that HTML pulls in (stylesheets, pictures, fonts), so
only the PDFs whose inputs changed are rendered again. Standard library only: checking costs no
WeasyPrint, pydantic or Jinja import.

The records are an SQLite database, looked up and written a record at a time: a list of a
hundred thousand recipients' copies is never held in memory, whole or as one JSON text, and
builds into one folder at once each add their records under SQLite's own lock. What a build
recorded is committed every COMMIT_EVERY records, so a stopped build keeps most of it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, TypedDict, overload

from brosur.errors import OutputError
from brosur.output import inside, output_errors

CACHE_FILE = ".brosur-cache.sqlite"
VERSION = 1  # bump when the meaning of a key changes
LEGACY_FILE = ".brosur-cache.json"  # the cache before it was a database: removed
LAYOUT = 2  # bump when the tables change: a cache of another layout is started afresh
COMMIT_EVERY = 200  # records
SQLITE_PATH_BYTES = 511  # the longest path SQLite opens a database by (its MAX_PATHNAME, 512)
WAIT_FOR_LOCK = 60.0  # seconds another build may hold the database's lock
TABLES = """
CREATE TABLE IF NOT EXISTS outputs (
    file TEXT PRIMARY KEY, key TEXT, pages INTEGER, bytes INTEGER, mtime INTEGER, seconds REAL
);
CREATE TABLE IF NOT EXISTS probes (key TEXT PRIMARY KEY, found TEXT);
CREATE TABLE IF NOT EXISTS requests (request TEXT PRIMARY KEY, inputs TEXT, outputs TEXT);
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT);
"""
OUTPUT_FIELDS = ("file", "key", "pages", "bytes", "mtime", "seconds")


class Entry(TypedDict):
    """A PDF the cache recorded: its file, the key it was made from, what it was made into."""

    file: str
    key: str
    pages: int
    bytes: int
    mtime: int  # in nanoseconds
    seconds: float  # how long it took to make


def stamp(files: Iterable[Path]) -> str:
    """A fingerprint of files by path, size and modification time (no reading)."""
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        try:
            status = path.stat()
        except OSError:
            digest.update(f"{path}:missing\n".encode())
            continue
        digest.update(f"{path}:{status.st_size}:{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def input_files(*folders: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """Every file below the folders (hidden files and caches aside), and the extra ones."""
    found = [
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith((".", "__")) for part in path.parts[-2:])
    ]
    return [*found, *extra]


def output_key(html: str, options: str, files: Iterable[Path]) -> str:
    """What a PDF is made of: its HTML, its variant options, and the bytes of its files."""
    digest = hashlib.sha256(f"{VERSION}\n{options}\n".encode())
    digest.update(html.encode())
    for path in sorted(set(files)):
        digest.update(f"\n{path}\n".encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


class BuildCache:
    """The cache of one output folder. Reading it never makes it: a folder without one
    answers that nothing is known."""

    def __init__(self, output: Path):
        self.folder = output
        self.path = output / CACHE_FILE
        self._database: sqlite3.Connection | None = None
        self._uncommitted = 0

    # Reading -------------------------------------------------------------------------------

    @property
    def fonts(self) -> list[Path]:
        """The font files the last build used (they are inputs too)."""
        row = self._one("SELECT value FROM settings WHERE name = 'fonts'")
        return [Path(path) for path in json.loads(row[0])] if row else []

    def unchanged_request(self, request: str, inputs: str) -> list[Entry] | None:
        """The outputs of `request` when no input changed since it last succeeded, else None."""
        row = self._one("SELECT inputs, outputs FROM requests WHERE request = ?", request)
        if row is None or row[0] != inputs:
            return None
        outputs = []
        for name in json.loads(row[1]):
            output = self._output(name)
            if output is None or not self._intact(output):
                return None
            outputs.append(output)
        return outputs

    def fresh(self, target: Path, key: str) -> Entry | None:
        """The recorded build of `target` if it was made from `key` and is still on disk."""
        entry = self._output(str(target))
        return entry if entry and entry["key"] == key and self._intact(entry) else None

    def seconds(self, target: Path) -> float:
        """How long `target` took to render last time (0 when never built here)."""
        row = self._one("SELECT seconds FROM outputs WHERE file = ?", str(target))
        return row[0] if row else 0.0

    def probe(self, key: str) -> dict[str, Any] | None:
        """What probing a personalised edition found (see jobs/copies.py), if its inputs are
        the same as then."""
        row = self._one("SELECT found FROM probes WHERE key = ?", key)
        return json.loads(row[0]) if row else None

    # Recording -----------------------------------------------------------------------------

    def record_fonts(self, paths: list[Path]) -> None:
        """Record the font files this build uses (see `fonts`)."""
        value = json.dumps([str(path) for path in paths])
        self._write("INSERT OR REPLACE INTO settings VALUES ('fonts', ?)", value)

    def record(self, target: Path, key: str, pages: int, seconds: float) -> None:
        status = target.stat()
        values = (str(target), key, pages, status.st_size, status.st_mtime_ns, round(seconds, 3))
        self._write("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?)", *values)

    def record_probe(self, key: str, found: dict[str, Any]) -> None:
        self._write("INSERT OR REPLACE INTO probes VALUES (?, ?)", key, json.dumps(found))

    def record_request(self, request: str, inputs: str, targets: list[Path]) -> None:
        outputs = json.dumps([str(target) for target in targets])
        self._write("INSERT OR REPLACE INTO requests VALUES (?, ?, ?)", request, inputs, outputs)

    def forget_request(self, request: str) -> None:
        self._write("DELETE FROM requests WHERE request = ?", request)

    def save(self) -> None:
        """Commit what this build recorded since the last commit."""
        if self._database is not None and self._uncommitted:
            with output_errors(self.folder, self.path):
                self._database.commit()
            self._uncommitted = 0

    # The database --------------------------------------------------------------------------

    def _output(self, name: str) -> Entry | None:
        row = self._one(f"SELECT {', '.join(OUTPUT_FIELDS)} FROM outputs WHERE file = ?", name)
        if row is None:
            return None
        file, key, pages, size, mtime, seconds = row
        return Entry(file=file, key=key, pages=pages, bytes=size, mtime=mtime, seconds=seconds)

    def _one(self, query: str, *values: Any) -> tuple | None:
        """The first row `query` finds; None when there is no cache (it is not made for a
        question) or it cannot be read (a damaged one is started afresh when written)."""
        try:
            database = self._database or self._opened(create=False)
            return database.execute(query, values).fetchone() if database else None
        except (sqlite3.DatabaseError, OutputError):  # a build says why it cannot write it
            return None

    def _write(self, statement: str, *values: Any) -> None:
        database = self._database or self._opened(create=True)
        with output_errors(self.folder, self.path):
            database.execute(statement, values)
        self._uncommitted += 1
        if self._uncommitted >= COMMIT_EVERY:
            self.save()

    @overload
    def _opened(self, create: Literal[True]) -> sqlite3.Connection: ...

    @overload
    def _opened(self, create: bool) -> sqlite3.Connection | None: ...

    def _opened(self, create: bool) -> sqlite3.Connection | None:
        """The database, opened (and kept open); made, or made afresh when it is not one of
        this layout, only when `create`."""
        real = inside(self.folder, self.path)  # a link that leads out is refused
        if not create and not real.is_file():
            return None
        # SQLite opens no file by a longer path: such a build keeps its records in memory
        # (a build into so deep a folder makes every PDF again next time).
        where = str(real) if len(bytes(real)) <= SQLITE_PATH_BYTES else ":memory:"
        with output_errors(self.folder, self.path):
            database = _connect(where)
            if _layout(database) != LAYOUT:
                database.close()
                if not create:
                    return None
                real.unlink(missing_ok=True)
                (self.folder / LEGACY_FILE).unlink(missing_ok=True)
                database = _connect(where)
                database.executescript(TABLES + f"PRAGMA user_version = {LAYOUT};")
        self._database = database
        return database

    @staticmethod
    def _intact(entry: Entry) -> bool:
        try:
            status = Path(entry["file"]).stat()
        except OSError:
            return False
        return status.st_size == entry["bytes"] and status.st_mtime_ns == entry["mtime"]


def _connect(path: str) -> sqlite3.Connection:
    # One build's records are one writer's: a crash loses at most the last uncommitted ones,
    # so the database need not wait for the disk at every commit.
    database = sqlite3.connect(path, timeout=WAIT_FOR_LOCK)
    database.execute("PRAGMA synchronous = NORMAL")
    return database


def _layout(database: sqlite3.Connection) -> int | None:
    """The layout of the tables, or None when the file is no database (damaged, or not one)."""
    try:
        return database.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
