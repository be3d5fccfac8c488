"""The live preview: driven in a real browser (Playwright with Debian's Chromium), sent
hostile requests byte for byte, and stopped as a terminal or a service manager stops it.

Its content declares three editions (NARROW), 9 PDFs a start with their print and archive
variants; nothing here asserts on time: only on what the page shows, and in which order."""

import contextlib
import io
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from brosur.commands.serve import WATCH_GROUPING
from brosur.paths import PROJECT_ROOT
from tests.support.content import MINIMAL_CONTENT, edit

# Every preview builds its PDFs when it starts (9 here), most tests waiting for them.
pytestmark = pytest.mark.slow

# The editions the previews here build: their cards are the gallery's, in this order.
# (The quickest documents: a start builds them in about a second once WeasyPrint is loaded.)
NARROW = {"factsheet": ["id", "en"], "brochure": ["id"]}
SCREEN_CARDS = ["factsheet · id · screen", "factsheet · en · screen", "brochure · id · screen"]
CARDS = [
    title.replace("screen", variant)
    for variant in ("screen", "print", "archive")
    for title in SCREEN_CARDS
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWD = Path("/etc/passwd").read_bytes()


def narrowed(folder: Path) -> Path:
    """Declare only the NARROW editions in a content folder (9 PDFs a start, not 27)."""
    project = folder / "brosur.yml"
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    data["documents"] = {name: {"languages": languages} for name, languages in NARROW.items()}
    project.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # an answer, not a speed
        return response.read()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """A running `build.py serve`, started as a terminal starts it (Ctrl+C handled, even when
    the test run itself was started in the background with SIGINT ignored; see
    tests/jobs/test_faults.start_build), everything it prints collected as it comes."""

    def __init__(self, folder: Path, output: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        command = [sys.executable, str(PROJECT_ROOT / "build.py"), "serve"]
        command += ["--port", str(self.port), "--content", str(folder), "--output", str(output)]
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
        finally:
            signal.signal(signal.SIGINT, previous)
        self.lines: list[str] = []
        self.since = 0  # where output() starts: a test sharing this preview sees its own
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        """Collect the output until every process holding it has closed it: the server, its
        workers and multiprocessing's resource tracker, which reports leaked semaphores last."""
        for line in self.process.stdout:
            self.lines.append(line)

    def output(self) -> str:
        return "".join(self.lines[self.since :])

    def wait_until_answering(self, seconds: float = 180, every: float = 0.5) -> str:
        """Wait for the page; return it (the first page the preview answered with)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    return response.read().decode()
            except (urllib.error.URLError, ConnectionError):
                assert self.process.poll() is None, self.output()
                time.sleep(every)
        pytest.fail(f"the preview never answered:\n{self.output()}")

    def round(self) -> int:
        """How many rounds of builds the preview has started (one, then one a save)."""
        return int(re.search(r'data-round="(\d+)"', fetch(self.url).decode())[1])

    def wait_until_built(self, after_round: int = 0, seconds: float = 180) -> str:
        """Wait until a round later than `after_round` has started and nothing is being
        built any more; return the page."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            page = fetch(self.url).decode()
            started = int(re.search(r'data-round="(\d+)"', page)[1])
            if started > after_round and 'id="progress"' not in page:
                return page
            assert self.process.poll() is None, self.output()
            time.sleep(0.2)
        pytest.fail(f"the preview never finished building:\n{self.output()}")

    def pages(self):
        """The page after each change the preview announces (its event stream), forever."""
        with urllib.request.urlopen(self.url + "events", timeout=60) as events:
            for line in events:
                if line.startswith(b"data:"):
                    yield fetch(self.url).decode()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.reader.join(timeout=20)
        self.process.stdout.close()


def start_preview(folder: Path, output: Path):
    preview = Preview(folder, output)
    try:
        preview.wait_until_answering()
        yield preview
    finally:
        preview.close()


@pytest.fixture
def preview(content_copy, tmp_path):
    """A running preview of a copy of the shortest content, answering (and building behind
    its page); stopped after the test."""
    yield from start_preview(narrowed(content_copy(MINIMAL_CONTENT)), tmp_path / "output")


@pytest.fixture(scope="module")
def shared_preview(tmp_path_factory):
    """One running preview for the tests that only send it requests, its PDFs built."""
    folder = tmp_path_factory.mktemp("shared") / "content"
    shutil.copytree(MINIMAL_CONTENT, folder)
    for preview in start_preview(narrowed(folder), folder.parent / "output"):
        preview.wait_until_built()
        yield preview


@pytest.fixture
def served(shared_preview):
    """The shared preview, its output() counted from this test's start."""
    shared_preview.since = len(shared_preview.lines)
    return shared_preview


@dataclass
class Answer:
    status: int | None  # None: the connection closed without an answer
    headers: dict[str, str]
    body: bytes


def ask(port: int, target: bytes | str, host: str | None = None) -> Answer:
    """Send one GET with exactly this target and Host (no client library tidies the path or
    writes the Host itself), and return the whole answer."""
    if isinstance(target, str):
        target = target.encode()
    host = f"127.0.0.1:{port}" if host is None else host
    request = b"GET " + target + f" HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status = re.match(rb"HTTP/1\.[01] (\d{3}) ", head)
    fields = (line.split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line)
    headers = {name.strip().lower().decode(): value.strip().decode() for name, value in fields}
    return Answer(int(status[1]) if status else None, headers, body)


def assert_refused_and_still_answering(preview: Preview, answer: Answer, status: int) -> None:
    """The request got `status`, the server still serves the gallery, and printed no
    traceback (the old http.server code printed one and never answered)."""
    assert answer.status == status, answer
    assert ask(preview.port, "/").status == 200
    assert "Traceback" not in preview.output()


def watch_cards(preview: Preview) -> list[list[str]]:
    """Start collecting the page's card titles after every change the preview announces;
    return the list that fills (until the preview stops)."""
    seen: list[list[str]] = []

    def collect() -> None:
        with contextlib.suppress(OSError):  # the preview stopped
            for page in preview.pages():
                seen.append(re.findall(r'class="card"><h2>([^<]*)</h2>', page))

    threading.Thread(target=collect, daemon=True).start()
    return seen


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


@pytest.mark.browser
def test_the_gallery_answers_before_the_first_pdf_and_fills_in_as_they_land(content_copy, tmp_path):
    with sync_playwright() as playwright:
        browser = launch(playwright)  # first: the page is to be opened the moment it answers
        output = tmp_path / "output"
        preview = Preview(narrowed(content_copy(MINIMAL_CONTENT)), output)
        try:
            # The first answer: the page, before any PDF (the first needs WeasyPrint loaded
            # in a worker, and the content read, before it can even start).
            first = preview.wait_until_answering(every=0.02)
            assert not list(output.rglob("*.pdf"))
            assert 'id="progress"' in first, first
            assert 'class="card"' not in first, first
            seen = watch_cards(preview)
            page = browser.new_page()
            page.goto(preview.url)
            # The open page fills in by itself, every card in its place.
            expect(page.locator(".card")).to_have_count(len(CARDS), timeout=120_000)
            expect(page.locator("#progress")).to_have_count(0, timeout=60_000)
            assert page.locator(".card h2").all_inner_texts() == CARDS
            assert page.locator(".card img").count() >= len(CARDS)
        finally:
            preview.close()
            browser.close()
    # As the PDFs landed: a few at a time, each card in its place, and the screen PDFs
    # before any print or archive one.
    assert seen[-1] == CARDS, seen
    assert any(0 < len(cards) < len(CARDS) for cards in seen), seen
    for cards in seen:
        assert cards == [title for title in CARDS if title in cards], cards
        if any(title not in SCREEN_CARDS for title in cards):
            assert set(SCREEN_CARDS) <= set(cards), cards


def test_an_edit_rebuilds_the_screen_pdf_it_touches_before_the_others(preview):
    output = preview.folder.parent / "output"
    preview.wait_until_built()
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*.pdf")}
    started = preview.round()
    # Only the English editions print the English tagline: of those here, the fact sheet.
    edit(preview.folder / "organisation.yml", "en: Few words}", "en: Fewer words}")
    preview.wait_until_built(after_round=started)
    after = {path: path.stat().st_mtime_ns for path in output.rglob("*.pdf")}
    assert after.keys() == before.keys()
    rebuilt = {path for path in after if after[path] != before[path]}
    screen = output / "factsheet.en.pdf"
    # Of the screen PDFs, the one the edit touched; of the others, the same fact sheet for
    # print, and every archive PDF (each carries the content files it was made from).
    assert {path for path in rebuilt if path.parent == output} == {screen}
    assert {path.relative_to(output).as_posix() for path in rebuilt - {screen}} == {
        "print/factsheet.en.pdf",
        "archive/factsheet.id.pdf",
        "archive/factsheet.en.pdf",
        "archive/brochure.id.pdf",
    }
    # The screen PDF first: it was written before any of the others was.
    assert all(after[screen] < after[path] for path in rebuilt - {screen})
    assert "Fewer words" in PdfReader(screen).pages[0].extract_text()


@pytest.mark.browser
def test_preview_shows_thumbnails_follows_edits_and_shows_errors(preview):
    folder = preview.folder
    preview.wait_until_built()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(preview.url)
        # Every document x edition x variant, with a thumbnail of each page.
        expect(page.locator(".card")).to_have_count(len(CARDS))
        # The minimal content's fact sheets are one side each, its brochure two.
        expect(page.locator(".card img")).to_have_count(3 * (1 + 1 + 2))
        expect(page.locator(".card h2").first).to_contain_text("factsheet · id · screen")
        version = page.locator("body").get_attribute("data-version")

        # Edit the content: the page reloads by itself and shows the new text's PDFs.
        edit(folder / "organisation.yml", "Few words", "Fewer words")
        expect(page.locator("body")).not_to_have_attribute("data-version", version, timeout=90_000)
        expect(page.locator("#progress")).to_have_count(0, timeout=90_000)
        expect(page.locator(".card")).to_have_count(len(CARDS))

        # Break the YAML: the error, with file, line and field, takes the page.
        organisation = folder / "organisation.yml"
        good = organisation.read_text()
        organisation.write_text(
            good.replace(
                "tagline: {id: Sedikit kata, en: Fewer words}", "tagline: {id: Sedikit kata}"
            )
        )
        errors = page.locator("#errors")
        expect(errors).to_contain_text("organisation.yml:4:", timeout=90_000)
        expect(errors).to_contain_text("tagline.en: English text is missing")

        # Repair it: the error goes and the thumbnails come back.
        organisation.write_text(good)
        expect(page.locator("#errors")).to_have_count(0, timeout=90_000)
        expect(page.locator(".card")).to_have_count(len(CARDS))
        browser.close()
    # The page's own style and script run under its Content-Security-Policy (the reloads
    # above need the script), and nothing on it was blocked.
    assert not [line for line in console if "Content Security Policy" in line], console


def test_a_burst_of_saves_ends_with_the_last_and_the_page_answers_throughout(preview):
    url, folder = preview.url, preview.folder
    preview.wait_until_built()
    organisation = folder / "organisation.yml"
    text = organisation.read_text(encoding="utf-8")
    before = preview.round()
    for number in range(20):
        changed = text.replace("en: Few words}", f"en: Few words {number}}}")
        organisation.write_text(changed, encoding="utf-8")
        assert b"<h1>brosur</h1>" in fetch(url)  # the page answers while rebuilds run
        time.sleep(0.05)
    # Each group of saves (watchfiles groups those arriving together) starts a round and
    # ends the one under way; the preview's own writes (PDFs, thumbnails, the cache) start
    # none: once it has settled, no round follows, however long the watcher is given.
    page = preview.wait_until_built(after_round=before)
    settled = int(re.search(r'data-round="(\d+)"', page)[1])
    time.sleep(WATCH_GROUPING / 1000 * 3)
    assert preview.round() == settled, "the preview's own writes started another round"
    # The last round had the last save: its PDF, and every card, and no error.
    sheet = PdfReader(io.BytesIO(fetch(url + "files/factsheet.en.pdf")))
    assert "Few words 19" in sheet.pages[0].extract_text()
    assert re.findall(r'class="card"><h2>([^<]*)</h2>', page) == CARDS
    assert 'id="errors"' not in page


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_preview_stops_cleanly_with_a_page_open(preview, stop):
    # A page open in the browser keeps its event stream open: the stop must not wait for it.
    with socket.create_connection(("127.0.0.1", preview.port), timeout=10) as events:
        events.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n\r\n".encode())
        assert re.match(rb"HTTP/1\.[01] 200 ", events.recv(100))
        preview.process.send_signal(stop)
        assert preview.process.wait(timeout=15) == 0, preview.output()
    preview.reader.join(timeout=15)
    assert not preview.reader.is_alive(), "a worker or helper process outlived the server"
    output = preview.output()
    assert "leaked semaphore" not in output
    assert "Traceback" not in output


def test_preview_serves_nothing_outside_the_gallery_and_output(served, tmp_path):
    output = served.folder.parent / "output"
    outside = tmp_path / "outside.pdf"
    shutil.copy(output / "factsheet.id.pdf", outside)
    (output / "leads-out.pdf").symlink_to(outside)
    for target in (
        "/files/../../../etc/passwd",
        "/files/%2e%2e/%2e%2e/etc/hostname",
        "/files/.brosur-cache.sqlite",  # inside, but neither a PDF nor a PNG
        "/../etc/passwd",
        "/files/manifest.json",
        "/files//etc/passwd",  # an absolute path
        "/files/leads-out.pdf",  # a PDF, but a symlink leads it out of the output folder
        "/files/",
    ):
        assert ask(served.port, target).status == 404, target
    pdf = ask(served.port, "/files/factsheet.id.pdf")
    assert pdf.status == 200
    assert pdf.body.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Traceback" not in served.output()


def test_a_nul_byte_in_a_path_is_a_bad_request(served):
    # 400, not 404: a NUL names no file at all, so the request itself is malformed.
    port = served.port
    for target in (b"/files/factsheet.id.pdf%00.png", b"/files/factsheet.id.pdf\0.png"):
        assert_refused_and_still_answering(served, ask(port, target), 400)


def test_a_broken_percent_escape_is_a_bad_request(served):
    port = served.port
    for target in ("/files/%zz.pdf", "/files/factsheet.id.pdf%", "/files/%C0%AE%C0%AE/etc/passwd"):
        assert_refused_and_still_answering(served, ask(port, target), 400)


def test_a_10_kb_path_is_refused_as_too_long(served):
    answer = ask(served.port, "/files/" + "a" * 10 * 1024)
    assert_refused_and_still_answering(served, answer, 414)


@pytest.mark.parametrize("target", ["/files/../../etc/passwd", "/files/%2e%2e/%2e%2e/etc/passwd"])
def test_dot_dot_never_leaves_the_output_folder(served, target):
    answer = ask(served.port, target)
    assert_refused_and_still_answering(served, answer, 404)
    assert PASSWD not in answer.body
    assert not [line for line in PASSWD.splitlines() if line and line in answer.body]


def test_a_page_on_another_site_is_refused_by_its_host_name(served):
    # DNS rebinding: evil.example resolves to 127.0.0.1, and the browser sends its own name.
    port = served.port
    answer = ask(port, "/", host="evil.example")
    assert_refused_and_still_answering(served, answer, 403)
    assert b"<h1>brosur</h1>" not in answer.body
    for host in (f"evil.example:{port}", f"localhost:{port + 1}", f"[::1]:{port}"):
        assert ask(port, "/", host=host).status == 403, host
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert ask(port, "/", host=host).status == 200, host


def test_every_answer_says_same_origin_only_no_sniffing_and_no_caching(served):
    port = served.port
    for target in ("/", "/files/factsheet.id.pdf", "/files/missing.pdf"):
        headers = ask(port, target).headers
        assert headers["x-content-type-options"] == "nosniff", target
        assert headers["cache-control"] == "no-store", target
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy, target
        assert "unsafe-inline" not in policy and "*" not in policy, target
    page = ask(port, "/")
    assert page.headers["content-type"].startswith("text/html")
    assert b"<script>" in page.body and b"<style>" in page.body  # allowed by their hashes


def test_the_gallery_names_a_content_file_outside_the_folder_without_showing_it(
    content_copy, tmp_path
):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$PREVIEW-SECRET:19000:0:99999:7:::\n", encoding="utf-8")
    folder = content_copy(MINIMAL_CONTENT)
    edit(folder / "brosur.yml", "published:", f"theme: '{secret}'\npublished:")
    for preview in start_preview(folder, tmp_path / "output"):
        page = preview.wait_until_built()
        assert "theme: &#x27;" + str(secret) + "&#x27; is outside the content folder" in page
        assert "PREVIEW-SECRET" not in page + preview.output()


def test_a_page_that_shows_an_older_version_is_told_to_reload_at_once(served):
    """A change that lands while the page reloads (after the page was served, before its
    event stream opened) is sent as soon as the stream opens, not lost until the next."""
    page = fetch(served.url).decode()
    version = int(re.search(r'data-version="(\d+)"', page)[1])
    with urllib.request.urlopen(f"{served.url}events?since={version - 1}", timeout=10) as events:
        assert events.readline() == f"data: {version}\n".encode()


@pytest.mark.parametrize(
    ("shown", "counted_from"), [("7", 7), (None, 12), ("seven", 12), ("-1", 12), ("9" * 40, 12)]
)
def test_the_version_a_page_shows_counts_only_when_it_is_one(shown, counted_from):
    from brosur.commands.serve import page_version

    assert page_version(shown, 12) == counted_from
