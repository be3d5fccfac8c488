"""`build.py new <document>`: a new kind of document, started from a working one.

Copies the example's template and stylesheet, registers the new kind in
templates/documents.yml, gives it a title in templates/labels.yml, and declares it in the
content's brosur.yml, so that the next build already makes it and staff can reshape it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from brosur.documents import REGISTRY, document_kinds
from brosur.errors import ScaffoldError

NAME = re.compile(r"[a-z][a-z0-9-]{1,30}")


def scaffold(name: str, example: str, templates: Path, styles: Path, content: Path) -> list[Path]:
    """Create document `name` from `example`; return the files created or changed."""
    kinds = document_kinds(templates)
    if not NAME.fullmatch(name):
        raise ScaffoldError(f"{name!r}: use lower-case letters, digits and '-' (e.g. flyer)")
    if name in kinds or (templates / f"{name}.html").exists():
        raise ScaffoldError(f"{name!r} exists already")
    if example not in kinds:
        raise ScaffoldError(
            f"no document {example!r} to start from; there are: " + ", ".join(kinds)
        )
    source = kinds[example]
    template, stylesheet = templates / f"{name}.html", styles / f"{name}.css"
    template.write_text(
        (templates / source.template)
        .read_text(encoding="utf-8")
        .replace(f"labels.document_title.{example}", f"labels.document_title.{name}"),
        encoding="utf-8",
    )
    stylesheet.write_text(
        f"/* {name}: started from {example}.css; reshape it freely. */\n\n"
        + (styles / source.stylesheet).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    # The example's whole entry: its page limit, its form, the fields it leaves out.
    registry = yaml.safe_load((templates / REGISTRY).read_text(encoding="utf-8"))
    entry = yaml.safe_dump({name: registry[example]}, sort_keys=False, default_flow_style=None)
    _append(templates / REGISTRY, entry)
    title = name.replace("-", " ").capitalize()
    _insert_after(
        templates / "labels.yml", "document_title:\n", f"  {name}: {{id: {title}, en: {title}}}\n"
    )
    _insert_after(content / "brosur.yml", "documents:\n", f"  {name}:\n    languages: [id, en]\n")
    document_kinds.cache_clear()
    return [
        template,
        stylesheet,
        templates / REGISTRY,
        templates / "labels.yml",
        content / "brosur.yml",
    ]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def _insert_after(path: Path, marker: str, text: str) -> None:
    current = path.read_text(encoding="utf-8")
    if marker not in current:
        raise ScaffoldError(f"{path}: no line {marker.strip()!r} to add {text.strip()!r} under")
    path.write_text(current.replace(marker, marker + text, 1), encoding="utf-8")
