"""Benchmark: how long someone waits on the live preview (`build.py serve`), in one run.

    .venv/bin/python bench/preview.py [--repeat N]

Prints: the time from starting `serve` until its first HTTP answer (goal ≤ 1 s), as the
median of N fresh starts; when the PDFs of a fresh start land in the page; and the time from
saving an edit of the English vision until the page has the updated fact sheet, against
`build.py factsheet --lang en --force` timed in the same run (goal ≤ 1.5×), both medians of
N. "In the page" is when the server tells the open page to reload (its event stream) with the
new PDF served; the browser's own reload, a few tens of milliseconds, is left out. A second
figure times an edit saved while the preview is still rebuilding after the one before.
Called by bench/run.py. Not a test: the machines here are shared and noisy, so nothing
asserts on time.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import median_seconds  # noqa: E402

CONTENT = ROOT / "content"
PYTHON = sys.executable
# A line of the English vision in content/organisation.yml, and the word an edit adds to it.
VISION = re.compile(r"the welfare of the citizens of( edited\w+)?\n")
POLL = 0.02  # seconds between attempts to reach a starting server
WAIT = 300  # seconds after which a preview that never gets there fails the benchmark
SCREEN_PDFS, ALL_PDFS = 9, 27  # of the default content: 3 documents x 3 editions x variants


def measure(repeat: int) -> list[str]:
    """The preview's waits, as printable lines with their goals."""
    with tempfile.TemporaryDirectory(prefix="brosur-bench-preview-") as folder:
        scratch = Path(folder)
        content = scratch / "content"
        shutil.copytree(CONTENT, content)
        answers = [_first_answer(content, scratch / f"start-{n}") for n in range(repeat)]
        with _Preview(content, scratch / "output") as preview:
            landed = preview.landings()
            edits, busy_edits = [], []
            for number in range(repeat):
                edits.append(preview.edit(f"{number}a"))
                busy_edits.append(preview.edit(f"{number}b"))  # the first is still rebuilding
                preview.wait_until_idle()
            command = median_seconds(
                lambda: _build_factsheet(content, scratch / "factsheet"), repeat
            )
    answer, edit, busy = (statistics.median(times) for times in (answers, edits, busy_edits))
    return [
        f"preview, serve start → first answer: {answer:.2f} s (goal <= 1 s)",
        f"preview, fresh start → PDFs in the page: first {landed['first']:.1f} s, "
        f"{SCREEN_PDFS} screen {landed['screen']:.1f} s, all {ALL_PDFS} {landed['all']:.1f} s",
        f"preview, edit → updated fact sheet in the page vs build.py factsheet --lang en "
        f"--force: {edit:.2f} s / {command:.2f} s = {edit / command:.2f}x (goal <= 1.5x)",
        f"preview, edit during the rebuild of the one before → updated fact sheet: "
        f"{busy:.2f} s / {command:.2f} s = {busy / command:.2f}x",
    ]


def _first_answer(content: Path, output: Path) -> float:
    """Seconds from starting `serve` (fresh output folder) until the page answers."""
    preview = _Preview(content, output)
    try:
        return preview.wait_for_answer()
    finally:
        preview.stop()


def _build_factsheet(content: Path, output: Path) -> None:
    command = [PYTHON, "build.py", "factsheet", "--lang", "en", "--force"]
    command += ["--content", str(content), "--output", str(output)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)


class _Preview:
    """A `build.py serve` in its own process, read through its page and its event stream."""

    def __init__(self, content: Path, output: Path) -> None:
        self.content = content
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        command = [PYTHON, "build.py", "serve", "--port", str(self.port)]
        command += ["--content", str(content), "--output", str(output)]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def __enter__(self) -> _Preview:
        return self

    def __exit__(self, *_) -> None:
        self.stop()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)

    def wait_for_answer(self) -> float:
        """Seconds from the start until the page first answered."""
        while True:
            self._alive()
            try:
                self.page()
                return time.perf_counter() - self.started
            except (urllib.error.URLError, ConnectionError):
                time.sleep(POLL)

    def page(self) -> str:
        with urllib.request.urlopen(self.url, timeout=10) as response:
            return response.read().decode()

    def landings(self) -> dict[str, float]:
        """Seconds from the start until the first PDF, the screen PDFs and all PDFs were in
        the page (looked at after every change the server announces)."""
        self.wait_for_answer()
        seen: dict[str, float] = {}
        for page in self._pages(lambda page: not _building(page)):
            cards = page.count('class="card"')
            moment = time.perf_counter() - self.started
            for name, count in (("first", 1), ("screen", SCREEN_PDFS), ("all", ALL_PDFS)):
                if cards >= count:
                    seen.setdefault(name, moment)
        return seen

    def edit(self, mark: str) -> float:
        """Save a change to the English vision; seconds until the page had the fact sheet
        that prints it."""
        organisation = self.content / "organisation.yml"
        text = organisation.read_text(encoding="utf-8")
        assert len(VISION.findall(text)) == 1, "the English vision is not in the content once"
        word = f"edited{mark}"
        new = VISION.sub(f"the welfare of the citizens of {word}\n", text)
        events = self._events()
        started = time.perf_counter()
        organisation.write_text(new, encoding="utf-8")
        for _ in events:
            if _squeezed(word) in _squeezed(_text(self._file("factsheet.en.pdf"))):
                return time.perf_counter() - started
        raise AssertionError("the preview stopped before the edit reached the fact sheet")

    def wait_until_idle(self) -> None:
        for _ in self._pages(lambda page: not _building(page)):
            pass

    def _pages(self, last: Callable[[str], bool]):
        """The page now and after every change the server announces, until `last(page)`."""
        events = self._events()
        page = self.page()
        yield page
        while not last(page):
            next(events)
            page = self.page()
            yield page

    def _events(self):
        """Yield once for every change the server announces (its event stream)."""
        deadline = time.perf_counter() + WAIT
        stream = urllib.request.urlopen(self.url + "events", timeout=WAIT)

        def announced():
            with stream:
                for line in stream:
                    if time.perf_counter() > deadline:
                        raise TimeoutError("the preview took too long")
                    if line.startswith(b"data:"):
                        yield

        return announced()

    def _file(self, name: str) -> bytes:
        with urllib.request.urlopen(self.url + "files/" + name, timeout=10) as response:
            return response.read()

    def _alive(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(f"build.py serve ended with {self.process.returncode}")
        if time.perf_counter() - self.started > WAIT:
            raise TimeoutError("the preview never answered")


def _building(page: str) -> bool:
    return 'id="progress"' in page


def _text(pdf: bytes) -> str:
    """The text of a PDF's pages, joined."""
    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return text


def _squeezed(text: str) -> str:
    """Text without spaces, line ends or hyphens: a word found even where it was broken."""
    return re.sub(r"[\s\-\u00ad\x02]", "", text)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=5)
    for line in measure(options.parse_args().repeat):
        print(line)


if __name__ == "__main__":
    main()
