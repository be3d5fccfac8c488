"""`build.py serve`: a live preview in the browser while staff edit.

A gallery of every document, edition and variant with a thumbnail of each page, page counts,
sizes and download links. It answers at once and builds in the background, screen PDFs
first (rounds.py); it watches the content, templates and styles (watchfiles), rebuilds what
changed (the build cache skips the rest), and tells the open page to reload as each PDF lands
(server-sent events). A build error is shown above the thumbnails until it is fixed.

Served by Starlette on uvicorn, which parse requests and paths; this module adds what a
preview on someone's laptop must refuse (issue 11): a Host other than its own (another site
reaching it through DNS rebinding), malformed or over-long paths, and any file that is not a
PDF or thumbnail inside the output folder. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import socket
import sys
import threading
from collections.abc import Callable
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

from brosur.commands.gallery import POLICY, Gallery, page_html
from brosur.commands.rounds import Rounds
from brosur.jobs.request import Request
from brosur.paths import STYLES, TEMPLATES

ADDRESS = "127.0.0.1"
# The longest path and query answered (414 beyond): the gallery's own are under 100 bytes,
# and a file name can be at most 255 anyway.
MAX_TARGET = 2048
SERVED = {".pdf": "application/pdf", ".png": "image/png"}  # suffix → Content-Type
EVENT_POLL = 0.25  # seconds between looks at the gallery's version for an open page
KEEP_ALIVE = 15  # seconds of silence after which an open page is sent a comment
STOP_WAIT = 10  # seconds the builds may take to record what they made once stopped
WATCH_GROUPING = 300  # milliseconds within which saves arriving together are one change


def watch(request: Request, rounds: Rounds, stop: threading.Event) -> None:
    """Start a new round of builds whenever content, templates or styles change (changes
    arriving together are one: watchfiles groups them)."""
    from watchfiles import watch as watch_files

    for _changes in watch_files(
        request.content, TEMPLATES, STYLES, stop_event=stop, debounce=WATCH_GROUPING, step=100
    ):
        rounds.saved()


HEADERS = {
    # On every answer: Chromium's PDF viewer still shows a PDF under it (checked).
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",  # a PNG or an error is never read as a page
    "Cache-Control": "no-store",  # every answer is about files that change as staff save
    # Other sites' pages may not even embed the thumbnails or PDFs.
    "Cross-Origin-Resource-Policy": "same-origin",
}


async def _events(gallery: Gallery, stopping: Callable[[], bool], shown: str | None):
    """Send the gallery's version whenever it differs from the one the page shows (`shown`,
    its data-version: the page then reloads), and a comment after each quiet spell so the
    connection stays open. Ends when the server is stopping: an open page must not hold the
    stop up.

    The page says which version it shows because a change can land while it reloads: after
    it was served, before its event stream opened. Counted from the version at opening, that
    change would never be sent, and the page would miss it (a card missing until the next)."""
    seen, quiet = page_version(shown, gallery.version), 0.0
    while not stopping():
        if gallery.version == seen:
            await asyncio.sleep(EVENT_POLL)
        if gallery.version != seen:
            seen, quiet = gallery.version, 0.0
            yield f"data: {seen}\n\n"
        elif (quiet := quiet + EVENT_POLL) >= KEEP_ALIVE:
            quiet = 0.0
            yield ": still here\n\n"


def page_version(shown: str | None, current: int) -> int:
    """The version a page says it shows (`current` when it says none)."""
    if shown is None or not shown.isdecimal() or len(shown) > 18:
        return current
    return int(shown)


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
    if target is None or body is None:
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
        Route("/", lambda request: HTMLResponse(page_html(gallery))),
        Route(
            "/events",
            lambda request: StreamingResponse(
                _events(gallery, stopping, request.query_params.get("since")),
                media_type="text/event-stream",
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
    """Serve the gallery on 127.0.0.1 at once, build every PDF behind it, and rebuild on every
    change until stopped (Ctrl+C or SIGTERM, at any moment: the workers are ended and nothing
    is left behind)."""
    from brosur.jobs.workers import worker_pool

    listener = _listen(port)
    port = listener.getsockname()[1]  # the one given, or the one found for port 0
    # PDFs are rendered in worker processes, never in the server's: the page stays quick to
    # answer during a rebuild, and the server does not grow over a day of editing (workers
    # are replaced after their share of PDFs; see workers.py).
    workers = max(1, request.jobs)
    pool = worker_pool(workers, long_running=True)
    stop = threading.Event()
    gallery = Gallery()
    server = _server(gallery, request.output, port)
    rounds = Rounds(request, gallery, pool, workers)
    builds = threading.Thread(
        target=rounds.run, args=(lambda: server.started,), name="brosur-builds", daemon=True
    )
    # SIGTERM before serving begins stops it as Ctrl+C does, through the cleanup below.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        builds.start()
        threading.Thread(target=watch, args=(request, rounds, stop), daemon=True).start()
        print(f"brosur preview: http://{ADDRESS}:{port}/  (Ctrl-C stops it)", flush=True)
        _serve_until_stopped(server, listener)
    except KeyboardInterrupt:
        pass  # Ctrl+C (or SIGTERM) before serving began: the usual way to stop, not an error
    finally:
        stop.set()
        rounds.stop()
        _stop_workers(pool)
        builds.join(timeout=STOP_WAIT)  # it records what it made in the cache, then ends
        listener.close()
        signal.signal(signal.SIGTERM, previous)
