"""The preview's page: a card per PDF (thumbnails of its pages, its size, a link) and the
errors that stopped the last build, as one HTML page whose only style and script are its own
(allowed by their hashes in POLICY)."""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass, field
from pathlib import Path

from brosur.jobs.results import State

THUMBNAILS = ".preview"  # below the output folder
THUMBNAIL_WIDTH = 220  # pixels


@dataclass
class Gallery:
    """What the page shows; `version` changes whenever it does. Only the build that runs
    before serving and then the watcher thread publish, one after the other."""

    version: int = 0
    cards: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def publish(self, cards: list[dict], errors: list[str]) -> None:
        self.cards, self.errors = cards, errors
        self.version += 1


def card(output: Path, result) -> dict:
    """What the page shows of one result: its PDF's thumbnails and size, or why it failed."""
    edition = result.edition
    heading = {
        "title": f"{edition.document.name} · {edition.language} · {edition.variant.name}",
        "file": result.path.relative_to(output).as_posix(),
    }
    if result.state == State.FAILED:
        return {**heading, "error": result.message}
    return {
        **heading,
        "pages": result.pages,
        "bytes": result.bytes,
        "thumbnails": _thumbnails(output, result.path),
    }


def _thumbnails(output: Path, pdf: Path) -> list[str]:
    """PNG thumbnails of every page, made again only when the PDF is newer."""
    import pypdfium2

    folder = output / THUMBNAILS / pdf.relative_to(output).with_suffix("")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / ".made-from"
    made_from = f"{pdf.stat().st_mtime_ns}:{pdf.stat().st_size}"
    pages = sorted(folder.glob("*.png"))
    if stamp.exists() and stamp.read_text() == made_from and pages:
        return [page.relative_to(output).as_posix() for page in pages]
    for old in pages:
        old.unlink()
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            scale = THUMBNAIL_WIDTH / page.get_width()
            page.render(scale=scale).to_pil().save(folder / f"{number:03d}.png")
    finally:
        document.close()
    stamp.write_text(made_from)
    return [page.relative_to(output).as_posix() for page in sorted(folder.glob("*.png"))]


# The page's only style and script, allowed by their hashes below.
_STYLE = f"""
body {{ font: 15px/1.4 Inter, system-ui, sans-serif; margin: 24px; color: #1d2935; }}
.errors {{ background: #fdecea; border-left: 6px solid #b3261e; padding: 8px 16px; }}
.errors li {{ font-family: ui-monospace, monospace; margin: 6px 0; }}
.card {{ border-top: 1px solid #c7d3df; padding: 12px 0; }}
.card h2 {{ font-size: 16px; margin: 0 0 6px; }}
.pages img {{ width: {THUMBNAIL_WIDTH // 2}px; margin: 0 6px 6px 0; border: 1px solid #ddd; }}
.card .error {{ color: #b3261e; font-family: ui-monospace, monospace; }}
"""
_SCRIPT = """
new EventSource("/events").onmessage = () => location.reload();
"""


def _hash_source(text: str) -> str:
    """A CSP source allowing exactly this inline text (CSP level 2, "hash-source")."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# Same origin only, and of inline code only the page's own style and script: text that
# content pasted into a title or an error could never run, even if an escape were missed.
POLICY = (
    f"default-src 'none'; img-src 'self'; connect-src 'self'; "
    f"style-src {_hash_source(_STYLE)}; script-src {_hash_source(_SCRIPT)}; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def page_html(gallery: Gallery) -> str:
    """The gallery page: errors first, then a card per PDF."""
    errors = "".join(f"<li>{html.escape(error)}</li>" for error in gallery.errors)
    cards = "".join(_card_html(card) for card in gallery.cards)
    error_block = (
        (
            f'<section class="errors" id="errors"><h2>Perbaiki dulu / Fix first</h2>'
            f"<ul>{errors}</ul></section>"
        )
        if errors
        else ""
    )
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>brosur — pratinjau / preview</title>
<style>{_STYLE}</style></head><body data-version="{gallery.version}">
<h1>brosur</h1>{error_block}<main>{cards}</main>
<script>{_SCRIPT}</script></body></html>"""


def _card_html(card: dict) -> str:
    """One card: a title, then the thumbnails and a link, or the error in their place."""
    title = html.escape(card["title"])
    link = f'<a href="/files/{html.escape(card["file"])}">{html.escape(card["file"])}</a>'
    if "error" in card:
        body = f'<p class="error">{html.escape(card["error"])}</p>'
    else:
        images = "".join(
            f'<img src="/files/{html.escape(thumbnail)}" alt="">'
            for thumbnail in card["thumbnails"]
        )
        body = (
            f"<p>{card['pages']} pages · {card['bytes'] / 1024:,.0f} KB · {link}</p>"
            f'<div class="pages">{images}</div>'
        )
    return f'<section class="card"><h2>{title}</h2>{body}</section>'
