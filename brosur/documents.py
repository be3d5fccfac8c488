"""The kinds of document brosur can build, and what each promises about its pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    """A document: `templates/<name>.html` styled by `styles/<name>.css`."""

    name: str
    max_pages: int

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    @property
    def stylesheet(self) -> str:
        return f"{self.name}.css"


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    kind.name: kind
    for kind in (
        # Two sides of one sheet: front and back.
        DocumentKind("factsheet", max_pages=2),
    )
}
