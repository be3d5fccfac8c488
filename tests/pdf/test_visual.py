"""Visual regression: every page of the fixed fixtures against reviewed reference images.

After an intended change to a layout, refresh the references and review them in the diff:
    make references
"""

import os
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops

VISUAL = Path(__file__).parent.parent / "visual"
REFERENCES = VISUAL / "references"
DIFFERENCES = VISUAL / "diff"  # git-ignored: what a failing comparison looked like
REFRESH = os.environ.get("BROSUR_REFRESH_REFERENCES") == "1"
SCALE = 0.5  # 36 dpi: enough to see a moved block, small enough to keep in git

# A pixel counts as changed when a channel moves by more than this; a page fails when more
# than this share of its pixels changed (anti-aliasing alone stays far below both).
PIXEL_THRESHOLD = 48
CHANGED_SHARE = 0.002

FIXTURES = ["contoh", "minimal"]  # fixed content: the longest and the shortest
# The content-rich organisation's editions on A4, compared where they are built (its fact
# sheets and brochures: tests/pdf/test_copyfit.py; its profiles: test_profile_pages.py).
CONTENT_RICH = {
    f"{document}.{language}.ramai"
    for document in ("profile", "factsheet", "brochure")
    for language in ("id", "en", "id-en")
}


def render_pages(pdf: Path) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=SCALE).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def changed_share(expected: Image.Image, actual: Image.Image) -> float:
    difference = ImageChops.difference(expected, actual).convert("L")
    changed = difference.point(lambda value: 255 if value > PIXEL_THRESHOLD else 0)
    return changed.histogram()[255] / (expected.width * expected.height)


def test_every_fixture_edition_has_references(built):
    expected = {f"{edition}.{folder}" for folder, edition in built if folder in FIXTURES}
    expected |= {f"copy.{document}.{language}.{folder}" for folder, document, language in COPIES}
    expected |= CONTENT_RICH
    kept = {path.name.rsplit(".", 2)[0] for path in REFERENCES.glob("*.png")}
    assert kept == expected


@pytest.mark.slow
@pytest.mark.parametrize("folder", FIXTURES)
def test_pages_match_their_references(built, folder):
    editions = sorted(edition for name, edition in built if name == folder)
    assert editions, f"nothing was built from {folder}"
    compared = set()
    for edition in editions:
        compared |= compare_pages(built[folder, edition].path, f"{edition}.{folder}")
    # Every page rendered was compared with its reference, and every reference with a page.
    references = {
        path.name
        for path in REFERENCES.glob(f"*.{folder}.*.png")
        if not path.name.startswith("copy.")
    }
    assert compared == references
    assert compared, f"no page of {folder} was compared"


def compare_pages(pdf: Path, stem: str) -> set[str]:
    """Compare every page of `pdf` with its reference `stem`.<page>.png (or write the
    references, when refreshing); return the names of the references compared."""
    pages = render_pages(pdf)
    assert pages, f"{pdf} has no pages"
    compared = set()
    if REFRESH:
        for stale in REFERENCES.glob(f"{stem}.*.png"):
            stale.unlink()
    for number, page in enumerate(pages, start=1):
        name = f"{stem}.{number}.png"
        reference = REFERENCES / name
        if REFRESH or not reference.exists():
            REFERENCES.mkdir(parents=True, exist_ok=True)
            page.save(reference, optimize=True)
            if not REFRESH:
                pytest.fail(f"no reference for {name}: one was written; review and commit it")
            compared.add(name)
            continue
        expected = Image.open(reference).convert("RGB")
        assert expected.size == page.size, f"{name}: page size changed"
        share = changed_share(expected, page)
        if share > CHANGED_SHARE:
            DIFFERENCES.mkdir(parents=True, exist_ok=True)
            page.save(DIFFERENCES / name)
            ImageChops.difference(expected, page).save(DIFFERENCES / f"diff.{name}")
            pytest.fail(
                f"{name}: {share:.2%} of the pixels changed (tolerance "
                f"{CHANGED_SHARE:.2%}); see {DIFFERENCES}"
            )
        compared.add(name)
    count = len(list(REFERENCES.glob(f"{stem}.*.png")))
    assert count == len(pages), f"{stem}: a page was added or removed"
    return compared


# Personalised copies (the recipient's box on the cover or front): the longest content, and
# the shortest in two languages.
COPIES = [
    ("contoh", "profile", "en"),
    ("contoh", "factsheet", "id"),
    ("contoh", "brochure", "id-en"),
    ("minimal", "factsheet", "id-en"),
]
RECIPIENT = (
    "name,language,date,place,contact\n"
    'Kedutaan Besar Contoh untuk Indonesia,{language},2026-12-03,Jakarta,"Dewi Contoh, '
    'dewi@contoh.example.org"\n'
)


@pytest.mark.slow
@pytest.mark.parametrize(("folder", "document", "language"), COPIES)
def test_personalised_copies_match_their_references(tmp_path, folder, document, language):
    from brosur.jobs.copies import build_batch
    from brosur.jobs.request import Request
    from tests.support.content import CONTENT_FOLDERS

    recipients = tmp_path / "recipients.csv"
    recipients.write_text(RECIPIENT.format(language=language), encoding="utf-8")
    request = Request(CONTENT_FOLDERS[folder], tmp_path / "output", (document,))
    results = []
    build_batch(request, recipients, on_done=results.append)
    (result,) = results
    assert result.path.name == f"kedutaan-besar-contoh-untuk-indonesia.{language}.pdf"
    assert compare_pages(result.path, f"copy.{document}.{language}.{folder}")
