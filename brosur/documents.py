"""The kinds of document brosur can build (templates/documents.yml), and what each promises
about its pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from brosur.fitting import DESIGN, Composition, Fitting, fittings
from brosur.paths import TEMPLATES

REGISTRY = "documents.yml"


@dataclass(frozen=True)
class Bound:
    """How a document's areas must use their room (pdf/economy.py): at most `foot` of an
    area blank at its foot, no empty run inside it taller than `gap`, at least `used` of it
    used; each a share of the area's height. `areas` names the areas it holds for: "pages",
    "inner pages" (between the cover and the last content page), "last page" (the last
    content page), or the panels whose name begins so ("inside", "outside flap")."""

    areas: str
    foot: float = 1.0
    gap: float = 1.0
    used: float = 0.0


@dataclass(frozen=True)
class DocumentKind:
    """A document: `templates/<name>.html` styled by `styles/<name>.css`."""

    name: str
    max_pages: int
    landscape: bool = False
    # Content fields the template does not print (another document has them): the layout
    # verifier expects every other text on the page.
    leaves_out: frozenset[str] = frozenset()
    # Its compositions, the design first (fitting.py); when none holds the text: type at
    # most `tighten` steps smaller, then the `trim` fields given up, first to last.
    compositions: tuple[Composition, ...] = (DESIGN,)
    tighten: int = 0
    trim: tuple[str, ...] = ()
    fitted_in: tuple[str, ...] = ()  # the compositions copyfitting may keep (default: the last)
    key_figures: int | None = None  # how many key figures it has room for (None: all)
    economy: tuple[Bound, ...] = ()  # how its pages and panels must use their room

    def fittings(self) -> list[Fitting]:
        """The forms this document may print in, in the order they are tried."""
        holding = tuple(found for found in self.compositions if found.name in self.fitted_in)
        return fittings(self.compositions, self.tighten, self.trim, holding)

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
    return {name: _kind(name, entry) for name, entry in entries.items()}


def _kind(name: str, entry: dict) -> DocumentKind:
    fit = entry.get("fit", {})
    compositions = tuple(
        Composition(composition, described)
        for composition, described in entry.get("compositions", {}).items()
    )
    return DocumentKind(
        name,
        int(entry["max_pages"]),
        bool(entry.get("landscape")),
        frozenset(entry.get("leaves_out", ())),
        compositions or (DESIGN,),
        int(fit.get("tighten", 0)),
        tuple(fit.get("trim", ())),
        tuple(fit.get("in", ())),
        entry.get("key_figures"),
        tuple(Bound(areas, **limits) for areas, limits in entry.get("economy", {}).items()),
    )


DOCUMENT_KINDS = document_kinds()
