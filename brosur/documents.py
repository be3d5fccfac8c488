"""The kinds of document brosur can build (templates/documents.yml), and what each promises
about its pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from brosur.fitting import Fitting, fittings
from brosur.paths import TEMPLATES

REGISTRY = "documents.yml"


@dataclass(frozen=True)
class DocumentKind:
    """A document: `templates/<name>.html` styled by `styles/<name>.css`."""

    name: str
    max_pages: int
    landscape: bool = False
    # Content fields the template does not print (another document has them): the layout
    # verifier expects every other text on the page.
    leaves_out: frozenset[str] = frozenset()
    # When the text does not fit (fitting.py): type at most `tighten` steps smaller,
    # then the `trim` fields given up, first to last.
    tighten: int = 0
    trim: tuple[str, ...] = ()
    rebalance: bool = False  # it has parts in fixed places that may flow on instead
    key_figures: int | None = None  # how many key figures it has room for (None: all)

    def fittings(self) -> list[Fitting]:
        """The forms this document may print in, first choice first."""
        return fittings(self.tighten, self.trim, self.rebalance)

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
            frozenset(entry.get("leaves_out", ())),
            int(entry.get("fit", {}).get("tighten", 0)),
            tuple(entry.get("fit", {}).get("trim", ())),
            bool(entry.get("fit", {}).get("rebalance")),
            entry.get("key_figures"),
        )
        for name, entry in entries.items()
    }


DOCUMENT_KINDS = document_kinds()
