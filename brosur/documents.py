"""The kinds of document brosur can build (templates/documents.yml), and what each promises
about its pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from brosur.paths import TEMPLATES

REGISTRY = "documents.yml"


@dataclass(frozen=True)
class DocumentKind:
    """A document: `templates/<name>.html` styled by `styles/<name>.css`."""

    name: str
    max_pages: int
    landscape: bool = False
    compact: bool = False  # the template has a shorter form (`compact`) to fall back to
    # Content fields the template does not print (another document has them), and those its
    # compact form gives up: the layout verifier expects every other text on the page.
    leaves_out: frozenset[str] = frozenset()
    compact_leaves_out: frozenset[str] = frozenset()

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    @property
    def stylesheet(self) -> str:
        return f"{self.name}.css"


@cache
def document_kinds(templates: Path = TEMPLATES) -> dict[str, DocumentKind]:
    """The registry in `templates/documents.yml` (trusted: it ships with the templates)."""
    entries = yaml.safe_load((templates / REGISTRY).read_text(encoding="utf-8")) or {}
    return {
        name: DocumentKind(
            name,
            int(entry["max_pages"]),
            bool(entry.get("landscape")),
            bool(entry.get("compact")),
            frozenset(entry.get("leaves_out", ())),
            frozenset(entry.get("compact_leaves_out", ())),
        )
        for name, entry in entries.items()
    }


DOCUMENT_KINDS = document_kinds()
