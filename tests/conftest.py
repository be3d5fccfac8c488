"""Fixtures: content folders to copy and break, and real PDFs built once per test run.

Helpers live in tests/support/ (imported as `from tests.support.X import …`); only fixtures
are defined here."""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader

from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built, Failed
from brosur.jobs.workers import worker_pool
from tests.support.content import CONTENT_FOLDERS, DEFAULT_CONTENT, copy_content
from tests.support.once import once

# The test files that take longest, longest first. xdist hands whole files to its workers as
# they free up (--dist loadfile), in the order collected: long files collected last would
# leave one worker alone with them for minutes while the other waits.
LONGEST_FIRST = (
    "tests/pdf/test_readback.py",
    "tests/pdf/test_copyfit.py",
    "tests/commands/test_serve.py",
    "tests/pdf/test_profile_pages.py",
    "tests/pdf/test_verify.py",
    "tests/jobs/test_faults.py",
    "tests/pdf/test_variants.py",
    "tests/security/test_whole_command.py",
    "tests/jobs/test_copies.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: index for index, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.partition("::")[0], len(rank)))


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


# Every edition is read back in these variants on these papers (tests/pdf/test_readback.py):
# each variant on each paper costs about 70 s of CPU (3 content folders, 26 PDFs). The archive
# variant is laid out as the screen one (the same HTML and CSS; only how the PDF is written
# differs), so it is left out here to keep CI under ten minutes; test_variants.py reads back
# archive PDFs of the default content.
READBACK_VARIANTS = ("screen", "print")
READBACK_PAPERS = ("a4", "letter")


def build_every_variant(
    folder: Path, built: dict[tuple[str, str], Built]
) -> dict[tuple[str, str, str, str], Built | Failed]:
    """Every edition of every content folder in every READBACK_VARIANTS on every
    READBACK_PAPERS, the PDFs of `built` reused where they are the same (the screen variant
    on a folder's own paper): {(folder, "profile.id", variant, paper): Built or Failed}. A
    failed PDF is left for the test of its variant and paper to report.

    Each folder and paper is one build of all its variants; the builds run side by side and
    share one pool of workers, so that no core waits for the last PDF of a build."""
    pdfs: dict[tuple[str, str, str, str], Built | Failed] = {}

    def add(name: str, result: Built | Failed) -> None:
        edition = result.edition
        label = f"{edition.document.name}.{edition.language}"
        pdfs[name, label, edition.variant.name, edition.paper] = result

    for (name, _), result in built.items():
        add(name, result)
    covered = {(name, variant, paper) for name, _, variant, paper in pdfs}
    requests = [
        (name, Request(content, folder / f"{name}-{paper}", paper=paper, variants=variants))
        for name, content in CONTENT_FOLDERS.items()
        for paper in READBACK_PAPERS
        if (variants := tuple(v for v in READBACK_VARIANTS if (name, v, paper) not in covered))
    ]
    with (
        worker_pool(os.cpu_count() or 1) as pool,
        ThreadPoolExecutor(max(len(requests), 1)) as threads,
    ):
        builds = threads.map(lambda request: build(request[1], pool=pool), requests)
        for (name, _), results in zip(requests, builds, strict=True):
            for result in results:
                add(name, result)
    return pdfs


@pytest.fixture(scope="session")
def every_variant(tmp_path_factory, built) -> dict[tuple[str, str, str, str], Built | Failed]:
    """Every edition of every content folder in every READBACK_VARIANTS on every
    READBACK_PAPERS, built once for the whole test run (see build_every_variant)."""
    return once(
        tmp_path_factory, "every_variant", lambda folder: build_every_variant(folder, built)
    )


@pytest.fixture(scope="session")
def reader(built):
    """Return a function giving a PdfReader for a built edition, such as "factsheet.id"."""
    return lambda folder, edition: PdfReader(built[folder, edition].path)


@pytest.fixture
def weasyprint_log(caplog):
    """WeasyPrint's log lines at warning level or above, for asserting it stayed silent."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    return caplog
