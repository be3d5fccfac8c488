"""output/manifest.json: every PDF the output folder holds, with its size and checksum."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from brosur.output import locked, write_inside

MANIFEST = "manifest.json"


def write_manifest(output: Path, built: list) -> Path:
    """Add the PDFs just built to the manifest, drop entries whose file is gone, and write
    it atomically with sorted keys, so the same outputs give the same manifest."""
    path = output / MANIFEST
    fresh = [_entry(output, result) for result in built]
    with locked(output):  # another build may be adding its own PDFs at the same time
        entries = {entry["file"]: entry for entry in _read(path)}
        entries |= {entry["file"]: entry for entry in fresh}
        kept = [entries[name] for name in sorted(entries) if (output / name).is_file()]
        text = json.dumps({"pdfs": kept}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        write_inside(output, path, text.encode("utf-8"))
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
