"""output/manifest.json: every PDF the output folder holds, with its size and checksum."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"


def write_manifest(output: Path, built: list) -> Path:
    """Add the PDFs just built to the manifest, drop entries whose file is gone, and write
    it atomically with sorted keys, so the same outputs give the same manifest."""
    path = output / MANIFEST
    entries = {entry["file"]: entry for entry in _read(path)}
    for result in built:
        entry = _entry(output, result)
        entries[entry["file"]] = entry
    kept = [entries[name] for name in sorted(entries) if (output / name).is_file()]
    output.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=output, prefix=".manifest.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump({"pdfs": kept}, stream, indent=2, sort_keys=True, ensure_ascii=False)
        stream.write("\n")
    os.replace(temporary, path)
    return path


def _entry(output: Path, result) -> dict[str, Any]:
    edition = result.edition
    return {
        "file": result.path.relative_to(output).as_posix(),
        "document": edition.document.name,
        "language": edition.language,
        "paper": edition.paper,
        "variant": edition.variant.name,
        "pages": result.pages,
        "bytes": result.bytes,
        "sha256": hashlib.sha256(result.path.read_bytes()).hexdigest(),
    }


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["pdfs"]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # missing or damaged: rebuilt from what this build made
