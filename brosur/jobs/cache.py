"""The build cache (`output/.brosur-cache.json`): what is unchanged is not built again.

Two levels. A stamp of every input file (size and modification time) answers "did anything
change at all?" in milliseconds, before content is even loaded; when it did, each PDF is keyed
by the hash of its HTML and of every file that HTML pulls in (stylesheets, pictures, fonts), so
only the PDFs whose inputs changed are rendered again. Standard library only: checking costs no
WeasyPrint, pydantic or Jinja import.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brosur.output import locked, write_atomically

CACHE_FILE = ".brosur-cache.json"
VERSION = 1  # bump when the meaning of a key changes


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
    """The cache file of one output folder."""

    def __init__(self, output: Path):
        self.path = output / CACHE_FILE
        self.data = self._load()
        # What this build recorded: merged into the file as it is when saved, so that two
        # builds into one folder at once keep each other's records.
        self.touched: dict[str, set[str]] = {"outputs": set(), "probes": set(), "requests": set()}

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == VERSION:
                return data
        except (OSError, ValueError, AttributeError):
            pass  # no cache, or a damaged one: start again
        return {"version": VERSION, "requests": {}, "outputs": {}, "fonts": [], "probes": {}}

    @property
    def fonts(self) -> list[Path]:
        """The font files the last build used (they are inputs too)."""
        return [Path(path) for path in self.data.get("fonts", [])]

    @fonts.setter
    def fonts(self, paths: list[Path]) -> None:
        self.data["fonts"] = [str(path) for path in paths]

    def unchanged_request(self, request: str, inputs: str) -> list[dict[str, Any]] | None:
        """The outputs of `request` when no input changed since it last succeeded, else None."""
        entry = self.data["requests"].get(request)
        if not entry or entry["inputs"] != inputs:
            return None
        outputs = [self.data["outputs"].get(name) for name in entry["outputs"]]
        if any(output is None or not self._intact(output) for output in outputs):
            return None
        return outputs

    def fresh(self, target: Path, key: str) -> dict[str, Any] | None:
        """The recorded build of `target` if it was made from `key` and is still on disk."""
        entry = self.data["outputs"].get(str(target))
        return entry if entry and entry["key"] == key and self._intact(entry) else None

    def record(self, target: Path, key: str, pages: int, seconds: float) -> None:
        self.touched["outputs"].add(str(target))
        status = target.stat()
        self.data["outputs"][str(target)] = {
            "file": str(target),
            "key": key,
            "pages": pages,
            "bytes": status.st_size,
            "mtime": status.st_mtime_ns,
            "seconds": round(seconds, 3),
        }

    def seconds(self, target: Path) -> float:
        """How long `target` took to render last time (0 when never built here)."""
        return self.data["outputs"].get(str(target), {}).get("seconds", 0.0)

    def probe(self, key: str) -> dict[str, Any] | None:
        """What probing a personalised edition found (see batch.py), if its inputs are the
        same as then."""
        return self.data.setdefault("probes", {}).get(key)

    def record_probe(self, key: str, found: dict[str, Any]) -> None:
        self.touched["probes"].add(key)
        self.data.setdefault("probes", {})[key] = found

    def record_request(self, request: str, inputs: str, targets: list[Path]) -> None:
        self.touched["requests"].add(request)
        self.data["requests"][request] = {
            "inputs": inputs,
            "outputs": [str(target) for target in targets],
        }

    def forget_request(self, request: str) -> None:
        self.touched["requests"].add(request)
        self.data["requests"].pop(request, None)

    def save(self) -> None:
        """Merge what this build recorded into the cache file as it is now, and write it."""
        with locked(self.path.parent):
            merged = self._load()
            for section, keys in self.touched.items():
                for key in keys:
                    if key in self.data.get(section, {}):
                        merged.setdefault(section, {})[key] = self.data[section][key]
                    else:
                        merged.setdefault(section, {}).pop(key, None)
            merged["fonts"] = self.data["fonts"]
            text = json.dumps(merged, indent=1, sort_keys=True)
            write_atomically(self.path, lambda stream: stream.write(text.encode("utf-8")))
        self.data = merged

    @staticmethod
    def _intact(entry: dict[str, Any]) -> bool:
        try:
            status = Path(entry["file"]).stat()
        except OSError:
            return False
        return status.st_size == entry["bytes"] and status.st_mtime_ns == entry["mtime"]
