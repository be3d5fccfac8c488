"""Shared fixtures: content folders to copy and break, and real PDFs built once per session."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from brosur.jobs.pipeline import PROJECT_ROOT, Built, Request, build

DEFAULT_CONTENT = PROJECT_ROOT / "content"
EXAMPLE_CONTENT = PROJECT_ROOT / "examples" / "contoh"
MINIMAL_CONTENT = PROJECT_ROOT / "tests" / "fixtures" / "minimal"
CONTENT_FOLDERS = {
    "kemitraan": DEFAULT_CONTENT,
    "contoh": EXAMPLE_CONTENT,
    "minimal": MINIMAL_CONTENT,
}


@pytest.fixture
def content_copy(tmp_path: Path):
    """Return a function that copies a content folder into tmp_path, to edit and break."""

    def copy(source: Path = DEFAULT_CONTENT) -> Path:
        target = tmp_path / "content"
        shutil.copytree(source, target)
        return target

    return copy


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact passage of a content file; fail loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[tuple[str, str], Built]:
    """Build every edition every content folder declares, once: {(folder, edition): Built}."""
    results = {}
    for name, folder in CONTENT_FOLDERS.items():
        output = tmp_path_factory.mktemp(f"output-{name}")
        for result in build(Request(folder, output)):
            assert isinstance(result, Built), result
            results[name, result.edition.name] = result
    return results


@pytest.fixture(scope="session")
def reader(built):
    """Return a function giving a PdfReader for a built edition, such as "factsheet.id"."""
    return lambda folder, edition: PdfReader(built[folder, edition].path)


@pytest.fixture
def weasyprint_log(caplog):
    """WeasyPrint's log lines at warning level or above, for asserting it stayed silent."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    return caplog


def set_logo(folder: Path, value: str) -> tuple[Path, int]:
    """Give the theme in `folder` a logo line; return the theme file and that line's number."""
    theme = folder / "theme.yml"
    lines = theme.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(number for number, line in enumerate(lines) if line.startswith("paper:"))
    lines.insert(index, f"logo: '{value}'\n")
    theme.write_text("".join(lines), encoding="utf-8")
    return theme, index + 1
