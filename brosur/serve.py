"""`build.py serve`: a live preview in the browser while staff edit.

A gallery of every document, edition and variant with a thumbnail of each page, page counts,
sizes and download links. It watches the content, templates and styles (watchfiles),
rebuilds what changed (the build cache skips the rest), and tells the open page to reload
(server-sent events). A build error takes the place of the thumbnails until it is fixed.
Listens on 127.0.0.1 only and serves nothing outside the gallery and the output folder.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from brosur.paths import STYLES, TEMPLATES
from brosur.request import Request
from brosur.variants import VARIANTS

THUMBNAILS = ".preview"  # below the output folder
THUMBNAIL_WIDTH = 220  # pixels


@dataclass
class Gallery:
    """What the page shows; `version` changes whenever it does."""

    version: int = 0
    cards: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, cards: list[dict], errors: list[str]) -> None:
        with self.changed:
            self.cards, self.errors = cards, errors
            self.version += 1
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


def rebuild(request: Request, gallery: Gallery, pool=None) -> None:
    """Build what changed and publish the gallery (or the errors)."""
    from brosur.files import OutputError
    from brosur.pipeline import ContentCheckError, build
    from brosur.problems import InputError

    try:
        results = build(request, pool=pool)
    except OutputError as error:
        gallery.publish(gallery.cards, [str(error)])
        return
    except InputError as error:
        gallery.publish(gallery.cards, [str(problem) for problem in error.problems])
        return
    except ContentCheckError as error:
        gallery.publish(gallery.cards, [str(finding) for finding in error.findings])
        return
    gallery.publish([_card(request.output, result) for result in results], [])


def _card(output: Path, result) -> dict:
    edition = result.edition
    card = {
        "title": f"{edition.document.name} · {edition.language} · {edition.variant.name}",
        "file": result.path.relative_to(output).as_posix(),
    }
    if not hasattr(result, "pages"):
        return {**card, "error": result.message}
    return {
        **card,
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


def watch(request: Request, gallery: Gallery, stop: threading.Event, pool=None) -> None:
    """Rebuild whenever content, templates or styles change (changes arriving together are
    one rebuild: watchfiles groups them, and saves made during a rebuild are collected and
    taken by the next one)."""
    from watchfiles import watch as watch_files

    for _changes in watch_files(
        request.content, TEMPLATES, STYLES, stop_event=stop, debounce=300, step=100
    ):
        rebuild(request, gallery, pool)


class Handler(BaseHTTPRequestHandler):
    gallery: Gallery
    output: Path

    def log_message(self, format: str, *arguments) -> None:
        return  # quiet: staff watch the browser, not the terminal

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == "/":
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _page(self.gallery).encode())
        elif path == "/events":
            self._events()
        elif path.startswith("/files/"):
            self._file(path.removeprefix("/files/"))
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")

    def _file(self, relative: str) -> None:
        root = self.output.resolve()
        target = (root / relative).resolve()
        if (
            not target.is_relative_to(root)
            or not target.is_file()
            or target.suffix not in (".pdf", ".png")
        ):
            self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
            return
        kind = "application/pdf" if target.suffix == ".pdf" else "image/png"
        self._send(HTTPStatus.OK, kind, target.read_bytes())

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.gallery.version
        try:
            while True:
                version = self.gallery.wait_for_change(seen, timeout=15)
                message = f"data: {version}\n\n" if version != seen else ": still here\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                seen = version
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _page(gallery: Gallery) -> str:
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
<style>
body {{ font: 15px/1.4 Inter, system-ui, sans-serif; margin: 24px; color: #1d2935; }}
.errors {{ background: #fdecea; border-left: 6px solid #b3261e; padding: 8px 16px; }}
.errors li {{ font-family: ui-monospace, monospace; margin: 6px 0; }}
.card {{ border-top: 1px solid #c7d3df; padding: 12px 0; }}
.card h2 {{ font-size: 16px; margin: 0 0 6px; }}
.pages img {{ width: {THUMBNAIL_WIDTH // 2}px; margin: 0 6px 6px 0; border: 1px solid #ddd; }}
.card .error {{ color: #b3261e; font-family: ui-monospace, monospace; }}
</style></head><body data-version="{gallery.version}">
<h1>brosur</h1>{error_block}<main>{cards}</main>
<script>
new EventSource("/events").onmessage = () => location.reload();
</script></body></html>"""


def _card_html(card: dict) -> str:
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


def serve(request: Request, port: int = 8000) -> None:
    """Build, then serve the gallery on 127.0.0.1 and rebuild on every change until stopped."""
    from brosur.workers import worker_pool

    request = replace(request, variants=tuple(VARIANTS))
    # PDFs are rendered in worker processes, never in the server's: the page stays quick to
    # answer during a rebuild, and the server does not grow over a day of editing (workers
    # are replaced after their share of PDFs; see workers.py).
    pool = worker_pool(max(1, request.jobs), long_running=True)
    gallery = Gallery()
    rebuild(request, gallery, pool)
    handler = type("BoundHandler", (Handler,), {"gallery": gallery, "output": request.output})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(request, gallery, stop, pool), daemon=True)
    watcher.start()
    print(
        f"brosur preview: http://127.0.0.1:{server.server_address[1]}/  (Ctrl-C stops it)",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        pool.shutdown(cancel_futures=True)
