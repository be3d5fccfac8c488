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
from brosur.output import write_all_inside

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
    template = (templates / source.template).read_text(encoding="utf-8")
    stylesheet = (styles / source.stylesheet).read_text(encoding="utf-8")
    # The example's whole entry: its page limit, its form, the fields it leaves out.
    registry = yaml.safe_load((templates / REGISTRY).read_text(encoding="utf-8"))
    entry = yaml.safe_dump({name: registry[example]}, sort_keys=False, default_flow_style=None)
    title = name.replace("-", " ").capitalize()
    files = {
        (templates, templates / f"{name}.html"): template.replace(
            f"labels.document_title.{example}", f"labels.document_title.{name}"
        ),
        (styles, styles / f"{name}.css"): f"/* {name}: started from {example}.css; reshape it "
        f"freely. */\n\n{stylesheet}",
        (templates, templates / REGISTRY): _appended(templates / REGISTRY, entry),
        (templates, templates / "labels.yml"): _inserted(
            templates / "labels.yml",
            "document_title:\n",
            f"  {name}: {{id: {title}, en: {title}}}\n",
        ),
        (content, content / "brosur.yml"): _inserted(
            content / "brosur.yml", "documents:\n", f"  {name}:\n    languages: [id, en]\n"
        ),
    }
    write_all_inside([(folder, path, text.encode()) for (folder, path), text in files.items()])
    document_kinds.cache_clear()
    return [path for _, path in files]


def _appended(path: Path, text: str) -> str:
    return path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text


def _inserted(path: Path, marker: str, text: str) -> str:
    current = path.read_text(encoding="utf-8")
    if marker not in current:
        raise ScaffoldError(f"{path}: no line {marker.strip()!r} to add {text.strip()!r} under")
    return current.replace(marker, marker + text, 1)
