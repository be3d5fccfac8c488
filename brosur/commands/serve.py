"""`build.py serve`: a live preview in the browser while staff edit.

A gallery of every document, edition and variant with a thumbnail of each page, page counts,
sizes and download links. It watches the content, templates and styles (watchfiles),
rebuilds what changed (the build cache skips the rest), and tells the open page to reload
(server-sent events). A build error takes the place of the thumbnails until it is fixed.

Served by Starlette on uvicorn, which parse requests and paths; this module adds what a
preview on someone's laptop must refuse (issue 11): a Host other than its own (another site
reaching it through DNS rebinding), malformed or over-long paths, and any file that is not a
PDF or thumbnail inside the output folder. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import html
import re
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote_to_bytes

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request as HTTPRequest
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from brosur.jobs.request import Request
from brosur.paths import STYLES, TEMPLATES
from brosur.pdf.variants import VARIANTS

THUMBNAILS = ".preview"  # below the output folder
THUMBNAIL_WIDTH = 220  # pixels
ADDRESS = "127.0.0.1"
# The longest path and query answered (414 beyond): the gallery's own are under 100 bytes,
# and a file name can be at most 255 anyway.
MAX_TARGET = 2048
SERVED = {".pdf": "application/pdf", ".png": "image/png"}  # suffix → Content-Type
EVENT_POLL = 0.25  # seconds between looks at the gallery's version for an open page
KEEP_ALIVE = 15  # seconds of silence after which an open page is sent a comment


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


def rebuild(request: Request, gallery: Gallery, pool=None) -> None:
    """Build what changed and publish the gallery (or the errors)."""
    from brosur.errors import InputError
    from brosur.jobs.output import OutputError
    from brosur.jobs.pipeline import ContentCheckError, build

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
HEADERS = {
    # On every answer: Chromium's PDF viewer still shows a PDF under it (checked).
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",  # a PNG or an error is never read as a page
    "Cache-Control": "no-store",  # every answer is about files that change as staff save
    # Other sites' pages may not even embed the thumbnails or PDFs.
    "Cross-Origin-Resource-Policy": "same-origin",
}


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
<style>{_STYLE}</style></head><body data-version="{gallery.version}">
<h1>brosur</h1>{error_block}<main>{cards}</main>
<script>{_SCRIPT}</script></body></html>"""


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


async def _events(gallery: Gallery, stopping: Callable[[], bool]):
    """Send the gallery's version whenever it changes (the page then reloads), and a comment
    after each quiet spell so the connection stays open. Ends when the server is stopping:
    an open page must not hold the stop up."""
    seen, quiet = gallery.version, 0.0
    while not stopping():
        await asyncio.sleep(EVENT_POLL)
        if gallery.version != seen:
            seen, quiet = gallery.version, 0.0
            yield f"data: {seen}\n\n"
        elif (quiet := quiet + EVENT_POLL) >= KEEP_ALIVE:
            quiet = 0.0
            yield ": still here\n\n"


def _servable(root: Path, relative: str) -> Path | None:
    """The file `relative` names below `root`, if the preview may serve it: a PDF or a PNG
    that is inside `root` once every symlink is followed."""
    if ".." in relative.split("/"):
        return None
    try:
        target = (root / relative).resolve()
        found = target.is_file()
    except (OSError, ValueError):  # too long a name, a NUL byte: no such file
        return None
    if not found or not target.is_relative_to(root) or target.suffix not in SERVED:
        return None
    return target


def _file(root: Path, request: HTTPRequest) -> Response:
    target = _servable(root, request.path_params["path"])
    body = _read(target) if target else None
    if body is None:
        return PlainTextResponse("not found", status_code=404)
    return Response(body, media_type=SERVED[target.suffix])


def _read(target: Path) -> bytes | None:
    """The file's bytes, read whole now (a rebuild may replace or remove it meanwhile)."""
    try:
        return target.read_bytes()
    except OSError:
        return None


def _refusal(scope: Scope, port: int) -> tuple[int, str] | None:
    """Why a request is refused before it reaches a route, as (status, message), or None."""
    named = Headers(scope=scope).getlist("host")
    if len(named) != 1 or named[0].lower() not in _hosts(port):
        # A page on another site that rebinds its name to 127.0.0.1 still sends its own
        # name. (Starlette's TrustedHostMiddleware would answer 400 and let any port by.)
        return 403, f"this preview answers only at http://{ADDRESS}:{port}/"
    raw_path = scope.get("raw_path") or scope["path"].encode()
    if len(raw_path) + len(scope["query_string"]) > MAX_TARGET:
        return 414, "path too long"
    if not _well_formed(raw_path):
        return 400, "malformed path"
    return None


def _well_formed(raw_path: bytes) -> bool:
    """Whether a path's percent-escapes are complete and decode to UTF-8 without NUL (a NUL
    ends a file name in the C library below Python, so it can name no file)."""
    if re.search(rb"%(?![0-9A-Fa-f]{2})", raw_path):
        return False
    try:
        path = unquote_to_bytes(raw_path).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\0" not in path


class _Guard:
    """Refuse what `_refusal` refuses, and give every answer the headers in HEADERS. Plain
    ASGI, so that it also covers the event stream, unbuffered."""

    def __init__(self, app: ASGIApp, port: int) -> None:
        self.app, self.port = app, port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
            await send(message)

        refusal = _refusal(scope, self.port)
        if refusal is None:
            await self.app(scope, receive, send_with_headers)
            return
        status, message = refusal
        await PlainTextResponse(message, status_code=status)(scope, receive, send_with_headers)


def _hosts(port: int) -> frozenset[str]:
    """The Host headers a browser sends for this server (a port of 80 goes unwritten)."""
    names = {ADDRESS, "localhost"}
    return frozenset({f"{name}:{port}" for name in names} | (names if port == 80 else set()))


def _app(gallery: Gallery, output: Path, port: int, stopping: Callable[[], bool]) -> Starlette:
    root = output.resolve()
    routes = [
        Route("/", lambda request: HTMLResponse(_page(gallery))),
        Route(
            "/events",
            lambda request: StreamingResponse(
                _events(gallery, stopping), media_type="text/event-stream"
            ),
        ),
        Route("/files/{path:path}", lambda request: _file(root, request)),
    ]
    return Starlette(routes=routes, middleware=[Middleware(_Guard, port=port)])


def _listen(port: int) -> socket.socket:
    """Bind the port now, before the first build, so a port in use is said at once."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((ADDRESS, port))
    except OSError as error:
        listener.close()
        sys.exit(f"brosur preview: cannot listen on {ADDRESS}:{port}: {error.strerror}")
    return listener


def _server(gallery: Gallery, output: Path, port: int) -> uvicorn.Server:
    server: uvicorn.Server

    def stopping() -> bool:
        return server.should_exit

    config = uvicorn.Config(
        _app(gallery, output, port, stopping),
        log_level="warning",  # quiet: staff watch the browser, not the terminal
        access_log=False,
        lifespan="off",
        ws="none",
        proxy_headers=False,  # no proxy in front: X-Forwarded-* is never believed
        server_header=False,
        timeout_graceful_shutdown=5,  # a download still running does not hold a stop up
    )
    server = uvicorn.Server(config)
    return server


def _serve_until_stopped(server: uvicorn.Server, listener: socket.socket) -> None:
    """Serve until Ctrl+C or SIGTERM. uvicorn stops on either, then raises the signal again
    for the handler it found; this one only stops the server (also when the signal comes
    before uvicorn's own handler is in place), so serve() goes on to end the workers.
    Python's default handlers would instead raise KeyboardInterrupt through asyncio, or end
    the process at once and leave the pool's semaphores behind."""

    def stop(signum, frame) -> None:
        server.should_exit = True

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run(sockets=[listener])
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _stop_workers(pool) -> None:
    """End the workers, dropping what is queued. A pool whose start was cut short (Ctrl+C in
    a terminal reaches its forkserver too) has nothing to end, and says so with EOFError."""
    with contextlib.suppress(EOFError, OSError):
        pool.shutdown(cancel_futures=True)


def serve(request: Request, port: int = 8000) -> None:
    """Build, then serve the gallery on 127.0.0.1 and rebuild on every change until stopped
    (Ctrl+C or SIGTERM, at any moment: the workers are ended and nothing is left behind)."""
    from brosur.jobs.workers import worker_pool

    request = replace(request, variants=tuple(VARIANTS))
    listener = _listen(port)
    port = listener.getsockname()[1]  # the one given, or the one found for port 0
    # PDFs are rendered in worker processes, never in the server's: the page stays quick to
    # answer during a rebuild, and the server does not grow over a day of editing (workers
    # are replaced after their share of PDFs; see workers.py).
    pool = worker_pool(max(1, request.jobs), long_running=True)
    stop = threading.Event()
    # SIGTERM during the first build stops it as Ctrl+C does, through the cleanup below.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        gallery = Gallery()
        rebuild(request, gallery, pool)
        watcher = threading.Thread(target=watch, args=(request, gallery, stop, pool), daemon=True)
        watcher.start()
        print(f"brosur preview: http://{ADDRESS}:{port}/  (Ctrl-C stops it)", flush=True)
        _serve_until_stopped(_server(gallery, request.output, port), listener)
    except KeyboardInterrupt:
        pass  # Ctrl+C (or SIGTERM) before serving began: the usual way to stop, not an error
    finally:
        stop.set()
        _stop_workers(pool)
        listener.close()
        signal.signal(signal.SIGTERM, previous)
