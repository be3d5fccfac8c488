"""The preview's page: a card per PDF (thumbnails of its pages, its size, a link), a line
saying what is being built, and the errors that stopped the last build, as one HTML page whose
only style and script are its own (allowed by their hashes in POLICY)."""

from __future__ import annotations

import base64
import hashlib
import html
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from brosur.i18n import EDITION_LANGUAGES
from brosur.jobs.results import State
from brosur.output import inside, write_inside
from brosur.variants import VARIANTS

THUMBNAILS = ".preview"  # below the output folder
THUMBNAIL_WIDTH = 220  # pixels


@dataclass
class Gallery:
    """What the page shows; `version` changes whenever it does, and `round` each time a
    rebuild starts. The preview's builds (rounds.py) change it, one PDF at a time, while the
    server reads it: every change and every read holds `lock`."""

    version: int = 0
    round: int = 0
    cards: dict[str, dict] = field(default_factory=dict)  # by file, below the output folder
    errors: list[str] = field(default_factory=list)
    progress: str = "starting…"  # what is being built; "" when every PDF is up to date
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _building: tuple[str, int, int] = ("", 0, 0)  # what, how many ready, of how many

    def started(self) -> None:
        """A rebuild begins: the content is read again."""
        with self.lock:
            self.round += 1
            self.progress = "reading the content…"
            self.version += 1

    def planned(self, what: str, count: int) -> None:
        """The content is good (its errors are gone): `count` PDFs of `what` are to come."""
        with self.lock:
            self._building = (what, 0, count)
            self.errors, self.progress = [], self._progress()
            self.version += 1

    def landed(self, card: dict) -> None:
        """One PDF is ready (or failed): show its card at once."""
        with self.lock:
            what, ready, count = self._building
            self._building = (what, ready + 1, count)
            self.cards[card["file"]] = card
            self.progress = self._progress()
            self.version += 1

    def settled(self, variants: tuple[str, ...], files: set[str]) -> None:
        """A build of `variants` ended: drop their cards of PDFs it no longer made (a
        document or language taken out of brosur.yml)."""
        with self.lock:
            self.cards = {
                name: card
                for name, card in self.cards.items()
                if name in files or card["variant"] not in variants
            }
            self.version += 1

    def stopped(self, errors: Sequence[str] = ()) -> None:
        """Nothing is being built: every PDF is up to date, or `errors` stopped the build
        (the cards stay, as the last good build left them)."""
        with self.lock:
            self.errors, self.progress = list(errors), ""
            self.version += 1

    def _progress(self) -> str:
        what, ready, count = self._building
        return f"building {what} PDFs: {ready} of {count} ready…"


def card(output: Path, result) -> dict:
    """What the page shows of one result: its PDF's thumbnails and size, or why it failed."""
    edition = result.edition
    heading = {
        "title": f"{edition.document.name} · {edition.language} · {edition.variant.name}",
        "file": result.path.relative_to(output).as_posix(),
        "variant": edition.variant.name,
        "place": _place(edition),
    }
    if result.state == State.FAILED:
        return {**heading, "error": result.message}
    return {
        **heading,
        "pages": result.pages,
        "bytes": result.bytes,
        "thumbnails": _thumbnails(output, result.path),
    }


def _place(edition) -> tuple:
    """Where a card goes on the page: by variant, then as the documents are registered
    (templates/documents.yml), then by language and paper; the same place however the PDFs
    arrive."""
    from brosur.documents import document_kinds

    kinds = list(document_kinds())
    name = edition.document.name
    return (
        list(VARIANTS).index(edition.variant.name),
        kinds.index(name) if name in kinds else len(kinds),
        list(EDITION_LANGUAGES).index(edition.language),
        edition.paper,
    )


def _thumbnails(output: Path, pdf: Path) -> list[str]:
    """PNG thumbnails of every page, made again only when the PDF is newer."""
    import pypdfium2

    folder = output / THUMBNAILS / pdf.relative_to(output).with_suffix("")
    stamp = folder / ".made-from"
    made_from = f"{pdf.stat().st_mtime_ns}:{pdf.stat().st_size}"
    pages = sorted(inside(output, folder).glob("*.png"))
    if stamp.exists() and stamp.read_text() == made_from and pages:
        return [f"{folder.relative_to(output).as_posix()}/{page.name}" for page in pages]
    for old in pages:
        old.unlink()
    document = pypdfium2.PdfDocument(pdf)
    names = []
    try:
        for number, page in enumerate(document, start=1):
            image = page.render(scale=THUMBNAIL_WIDTH / page.get_width()).to_pil()
            names.append(f"{number:03d}.png")
            write_inside(output, folder / names[-1], partial(image.save, format="PNG"))
    finally:
        document.close()
    write_inside(output, stamp, made_from.encode())
    return [f"{folder.relative_to(output).as_posix()}/{name}" for name in names]


# The page's only style and script, allowed by their hashes below.
_STYLE = f"""
body {{ font: 15px/1.4 Inter, system-ui, sans-serif; margin: 24px; color: #1d2935; }}
.errors {{ background: #fdecea; border-left: 6px solid #b3261e; padding: 8px 16px; }}
.errors li {{ font-family: ui-monospace, monospace; margin: 6px 0; }}
.card {{ border-top: 1px solid #c7d3df; padding: 12px 0; }}
.card h2 {{ font-size: 16px; margin: 0 0 6px; }}
.pages img {{ width: {THUMBNAIL_WIDTH // 2}px; margin: 0 6px 6px 0; border: 1px solid #ddd; }}
.card .error {{ color: #b3261e; font-family: ui-monospace, monospace; }}
.progress {{ color: #4f6275; }}
"""
_SCRIPT = """
new EventSource("/events?since=" + document.body.dataset.version).onmessage = () =>
  location.reload();
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
    """The gallery page: errors first, then what is being built, then a card per PDF."""
    with gallery.lock:
        version, round_, progress = gallery.version, gallery.round, gallery.progress
        errors = "".join(f"<li>{html.escape(error)}</li>" for error in gallery.errors)
        shown = sorted(gallery.cards.values(), key=lambda card: (card["place"], card["file"]))
    cards = "".join(_card_html(card) for card in shown)
    error_block = (
        (
            f'<section class="errors" id="errors"><h2>Perbaiki dulu / Fix first</h2>'
            f"<ul>{errors}</ul></section>"
        )
        if errors
        else ""
    )
    progress_line = (
        f'<p class="progress" id="progress">{html.escape(progress)}</p>' if progress else ""
    )
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>brosur — pratinjau / preview</title>
<style>{_STYLE}</style></head><body data-version="{version}" data-round="{round_}">
<h1>brosur</h1>{error_block}{progress_line}<main>{cards}</main>
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
