"""Fixtures: content folders to copy and break, and real PDFs built once per test run.

Helpers live in tests/support/ (imported as `from tests.support.X import …`); only fixtures
are defined here."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from brosur.jobs.pipeline import Built, Request, build
from tests.support.content import CONTENT_FOLDERS, DEFAULT_CONTENT, copy_content
from tests.support.once import once


@pytest.fixture
def content_copy(tmp_path: Path):
    """Return a function that copies a content folder into tmp_path, to edit and break."""

    def copy(source: Path = DEFAULT_CONTENT) -> Path:
        return copy_content(source, tmp_path)

    return copy


def build_every_edition(folder: Path) -> dict[tuple[str, str], Built]:
    """Every edition every content folder declares, built into `folder` with every core."""
    results = {}
    for name, content in CONTENT_FOLDERS.items():
        output = folder / f"output-{name}"
        for result in build(Request(content, output, jobs=os.cpu_count() or 1)):
            assert isinstance(result, Built), result
            results[name, result.edition.name] = result
    return results


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[tuple[str, str], Built]:
    """Every edition every content folder declares, built once for the whole test run (the
    first xdist worker builds, the others read its results): {(folder, edition): Built}."""
    return once(tmp_path_factory, "built", build_every_edition)


@pytest.fixture(scope="session")
def reader(built):
    """Return a function giving a PdfReader for a built edition, such as "factsheet.id"."""
    return lambda folder, edition: PdfReader(built[folder, edition].path)


@pytest.fixture
def weasyprint_log(caplog):
    """WeasyPrint's log lines at warning level or above, for asserting it stayed silent."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    return caplog
