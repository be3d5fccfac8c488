"""Benchmarks: brosur against raw WeasyPrint on the same HTML, measured in one run.

    .venv/bin/python bench/run.py [--repeat N]

Prints ratios, not seconds to compare across machines: each figure is measured against
another taken in the same run on the same machine (medians of N runs, the two figures of a
ratio taken in turns). Not a test: the machines here are shared and noisy, so nothing asserts
on time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import interleaved_medians, median_seconds  # noqa: E402
from brosur.content.load import load_content  # noqa: E402
from brosur.documents import DOCUMENT_KINDS  # noqa: E402
from brosur.jobs.run import content_findings  # noqa: E402
from brosur.paths import PROJECT_ROOT, TEMPLATES  # noqa: E402
from brosur.render.html import Edition, Renderer  # noqa: E402

CONTENT = ROOT / "content"
PYTHON = sys.executable
WEASYPRINT = str(Path(PYTHON).with_name("weasyprint"))


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)


def builder_overhead(repeat: int) -> tuple[float, float]:
    """brosur's own work for one fact sheet, and WeasyPrint's, in one warm process."""
    import weasyprint

    from brosur.pdf import engine

    edition = Edition(DOCUMENT_KINDS["factsheet"], "id")

    def own_work():
        # As a build does it: load and check the content, render the page (its design form:
        # Kemitraan's fact sheet in one language fits as designed).
        content = load_content(CONTENT)
        content_findings(content)
        return Renderer(TEMPLATES).render(content, edition)

    html = own_work()

    def weasyprint_work():
        weasyprint.HTML(string=html, base_url=f"{PROJECT_ROOT.as_uri()}/").write_pdf(
            font_config=engine.FONT_CONFIG, cache={}
        )

    weasyprint_work()  # warm both
    own, weasyprint_seconds = interleaved_medians([own_work, weasyprint_work], repeat)
    return own, weasyprint_seconds


def process_against_command(repeat: int, scratch: Path) -> tuple[float, float]:
    """The whole `build.py` for one fact sheet against the `weasyprint` command, in turns."""
    html = Renderer(TEMPLATES).render(
        load_content(CONTENT), Edition(DOCUMENT_KINDS["factsheet"], "id")
    )
    page = ROOT / ".bench-factsheet.html"  # beside styles/, so its links resolve
    page.write_text(html, encoding="utf-8")
    try:
        build, command = interleaved_medians(
            [
                lambda: run(
                    PYTHON,
                    "build.py",
                    "factsheet",
                    "--lang",
                    "id",
                    "--force",
                    "--jobs",
                    "1",
                    "--output",
                    str(scratch / "b"),
                ),
                lambda: run(WEASYPRINT, str(page), str(scratch / "w.pdf")),
            ],
            repeat,
        )
    finally:
        page.unlink()
    return build, command


def full_and_unchanged(repeat: int, scratch: Path) -> dict[str, float]:
    output = str(scratch / "all")
    sequential, parallel = interleaved_medians(
        [
            lambda: run(PYTHON, "build.py", "--force", "--jobs", "1", "--output", output),
            lambda: run(PYTHON, "build.py", "--force", "--jobs", "2", "--output", output),
        ],
        repeat,
    )
    unchanged = median_seconds(lambda: run(PYTHON, "build.py", "--output", output), repeat)
    return {"sequential": sequential, "parallel": parallel, "unchanged": unchanged}


def one_file_changed(scratch: Path) -> list[str]:
    """Change the history text, which only the profile prints: which PDFs are rebuilt?"""
    content = scratch / "content"
    shutil.copytree(CONTENT, content)
    output = str(scratch / "changed")
    run(PYTHON, "build.py", "--content", str(content), "--output", output)
    organisation = content / "organisation.yml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(
        text.replace("Karena kepemilikan nasional ini", "Karena kepemilikan nasional inilah"),
        encoding="utf-8",
    )
    result = subprocess.run(
        [PYTHON, "build.py", "--content", str(content), "--output", output],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    rows = [line.rstrip() for line in result.stdout.splitlines()]
    return [Path(row.split()[0]).name for row in rows if row.endswith("built")]


RAMAI = ROOT / "tests" / "fixtures" / "ramai"


def brochure_against_fact_sheet(repeat: int, scratch: Path) -> list[str]:
    """`build.py brochure` against `build.py factsheet`, per edition, on Kemitraan's content
    and on the content-rich fixture (copyfitting included: as a user waits for it)."""

    def build(folder: Path, document: str, language: str):
        return lambda: run(
            PYTHON,
            "build.py",
            document,
            "--lang",
            language,
            "--force",
            "--jobs",
            "1",
            "--content",
            str(folder),
            "--output",
            str(scratch / "sheets"),
        )

    lines = []
    for name, folder in (("Kemitraan", CONTENT), ("content-rich", RAMAI)):
        for language in ("id", "en", "id-en"):
            brochure, sheet = interleaved_medians(
                [build(folder, "brochure", language), build(folder, "factsheet", language)],
                repeat,
            )
            lines.append(
                f"brochure vs fact sheet, {name} {language}: {brochure:.2f} s / {sheet:.2f} s = "
                f"{brochure / sheet:.2f}x (goal <= 1.5x)"
            )
    return lines


def script_lines(script: str, *arguments: str) -> list[str]:
    """What another benchmark of bench/ prints, run in its own process."""
    result = subprocess.run(
        [PYTHON, script, *arguments], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return result.stdout.splitlines()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=5)
    repeat = options.parse_args().repeat
    print(f"brosur benchmarks, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        own, weasy = builder_overhead(repeat)
        print(
            f"builder overhead, one fact sheet: brosur {own:.3f} s / WeasyPrint {weasy:.3f} s"
            f" = {own / weasy:.1%} (goal <= 10%)"
        )
        build, command = process_against_command(repeat, scratch)
        print(
            f"whole build.py vs weasyprint command: {build:.2f} s / {command:.2f} s = "
            f"{build / command:.2f}x (goal <= 1.25x)"
        )
        timings = full_and_unchanged(max(2, repeat // 2), scratch)
        print(
            f"nothing changed vs full build: {timings['unchanged']:.2f} s / "
            f"{timings['sequential']:.2f} s = {timings['unchanged'] / timings['sequential']:.1%}"
            " (goal <= 5%)"
        )
        print(
            f"full build, 2 workers vs sequential: {timings['parallel']:.2f} s / "
            f"{timings['sequential']:.2f} s = "
            f"{timings['parallel'] / timings['sequential']:.2f}x (goal <= 0.65x)"
        )
        rebuilt = one_file_changed(scratch)
        print(f"history text changed: rebuilt {len(rebuilt)} of 9: {', '.join(rebuilt)}")
        for line in brochure_against_fact_sheet(max(2, repeat // 2), scratch):
            print(line)
        from bench import composing, growth, preview

        for line in composing.measure(max(2, repeat // 2)):
            print(line)
        for line in [*preview.measure(repeat), *growth.measure(repeat)]:
            print(line)
        for line in script_lines("bench/recipients.py"):
            print(line)
        from bench import scale

        for line in scale.measure(min(repeat, 3)):
            print(line)


if __name__ == "__main__":
    main()
