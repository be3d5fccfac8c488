"""The live preview, driven in a real browser (Playwright with Debian's Chromium)."""

import io
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from brosur.paths import PROJECT_ROOT
from tests.conftest import MINIMAL_CONTENT, edit

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(content_copy, tmp_path):
    """A running `build.py serve` on a copy of the shortest content; stopped after the test."""
    folder = content_copy(MINIMAL_CONTENT)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(PROJECT_ROOT / "build.py"),
            "serve",
            "--port",
            str(port),
            "--content",
            str(folder),
            "--output",
            str(tmp_path / "output"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
            break
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.5)
    try:
        yield url, folder
    finally:
        server.terminate()
        server.wait(timeout=20)
        server.stdout.close()


def test_preview_shows_thumbnails_follows_edits_and_shows_errors(preview):
    url, folder = preview
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(url)
        # Every document x edition x variant, with a thumbnail of each page.
        expect(page.locator(".card")).to_have_count(27)
        assert page.locator(".card img").count() >= 27 * 2
        expect(page.locator(".card h2").first).to_contain_text("profile · id · screen")
        version = page.locator("body").get_attribute("data-version")

        # Edit the content: the page reloads by itself and shows the new text's PDFs.
        edit(folder / "organisation.yml", "Few words", "Fewer words")
        expect(page.locator("body")).not_to_have_attribute("data-version", version, timeout=90_000)
        expect(page.locator(".card")).to_have_count(27)

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
        expect(page.locator(".card")).to_have_count(27)
        browser.close()


def test_preview_serves_nothing_outside_the_gallery_and_output(preview):
    url, _ = preview
    for path in (
        "files/../../../etc/passwd",
        "files/%2e%2e/%2e%2e/etc/hostname",
        "files/.brosur-cache.json",
        "../etc/passwd",
        "files/manifest.json",
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + path, timeout=5)
        refused.value.close()
        assert refused.value.code == 404, path
    with urllib.request.urlopen(url + "files/profile.id.pdf", timeout=5) as response:
        assert response.read(5) == b"%PDF-"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # an answer, not a speed
        return response.read()


def test_a_burst_of_saves_is_one_or_a_few_rebuilds_and_the_page_answers_throughout(preview):
    url, folder = preview

    def version() -> int:
        return int(re.search(rb'data-version="(\d+)"', fetch(url))[1])

    organisation = folder / "organisation.yml"
    text = organisation.read_text(encoding="utf-8")
    before = version()
    for number in range(20):
        changed = text.replace("en: Few words}", f"en: Few words {number}}}")
        organisation.write_text(changed, encoding="utf-8")
        assert b"<h1>brosur</h1>" in fetch(url)  # the page answers while rebuilds run
        time.sleep(0.05)
    # Wait for the last save to reach the PDFs, then for the gallery to settle.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        sheet = PdfReader(io.BytesIO(fetch(url + "files/factsheet.en.pdf")))
        if "Few words 19" in sheet.pages[0].extract_text():
            break
        time.sleep(0.5)
    else:
        pytest.fail("the last save never reached the PDF")
    # Then for the gallery to settle: no new version for three seconds.
    settled, quiet_since = version(), time.monotonic()
    while time.monotonic() - quiet_since < 3:
        assert time.monotonic() < deadline, "the gallery never settled"
        time.sleep(0.5)
        if (now := version()) != settled:
            settled, quiet_since = now, time.monotonic()
    rebuilds = settled - before
    # 20 saves over about two seconds, while one rebuild of 27 PDFs takes several: the
    # first save starts a rebuild, the others are collected and taken by one or two more.
    assert 1 <= rebuilds <= 4, f"20 saves made {rebuilds} rebuilds"
