"""The kinds of document brosur can build, and what each promises about its pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    """A document: `templates/<name>.html` styled by `styles/<name>.css`."""

    name: str
    max_pages: int
    landscape: bool = False

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    @property
    def stylesheet(self) -> str:
        return f"{self.name}.css"


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    kind.name: kind
    for kind in (
        # For donor meetings and grant proposals: cover, contents, sections, back cover.
        DocumentKind("profile", max_pages=24),
        # Two sides of one sheet: front and back.
        DocumentKind("factsheet", max_pages=2),
        # A tri-fold handout: two sides of three panels each.
        DocumentKind("brochure", max_pages=2, landscape=True),
    )
}
