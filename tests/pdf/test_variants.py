"""Screen, print and archive variants read back, and checked by independent readers."""

import hashlib
import json
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from brosur.paths import PROJECT_ROOT
from tests.support.content import DEFAULT_CONTENT, EXAMPLE_CONTENT
from tests.support.pdftext import (
    characters_off_the_live_area,
    characters_overlapping_across_lines,
    printed_pages,
)

MM = 72 / 25.4  # points per millimetre


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    """The English fact sheet and brochure in every variant, built twice."""
    builds = []
    for attempt in ("first", "second"):
        output = tmp_path_factory.mktemp(attempt)
        results = build(
            Request(
                DEFAULT_CONTENT,
                output,
                documents=("factsheet", "brochure"),
                language="en",
                variants=("screen", "print", "archive"),
            )
        )
        assert all(isinstance(result, Built) for result in results), results
        builds.append((output, {f"{r.edition.variant.name}/{r.edition.name}": r for r in results}))
    return builds


def pdf_of(variants, key):
    return variants[0][1][key].path


def xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


# The print variant's bleed, crop and fold marks: tests/pdf/test_marks.py.


def test_print_uses_the_theme_cmyk_and_declares_pdf_x(variants):
    reader = PdfReader(pdf_of(variants, "print/factsheet.en"))
    page = reader.pages[0]
    forms = [form.get_object() for form in page["/Resources"]["/XObject"].values()]
    stream = "".join(part.get_data().decode("latin-1") for part in [page.get_contents(), *forms])
    # The theme's brand blue, cmyk [77, 39, 0, 63], painted as DeviceCMYK.
    assert "/DeviceCMYK cs" in stream
    assert re.search(r"\n0\.77 0\.39 0 0\.63 scn?\n", stream)
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-3:2003"
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFX"


def test_screen_is_tagged_pdf_ua_with_live_links(variants):
    reader = PdfReader(pdf_of(variants, "screen/factsheet.en"))
    root = reader.trailer["/Root"]
    assert 'pdfuaid:part="1"' in xmp(reader) or "<pdfuaid:part>1</pdfuaid:part>" in xmp(reader)
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert "https://kemitraan.or.id" in links


def test_archive_is_pdf_a_3_carrying_the_content_it_was_made_from(variants):
    reader = PdfReader(pdf_of(variants, "archive/factsheet.en"))
    identification = xmp(reader)
    assert re.search(r"pdfaid:part(=\"|>)3", identification)
    assert re.search(r"pdfaid:conformance(=\"|>)U", identification)
    attachments = reader.attachments
    assert sorted(attachments) == ["brosur.yml", "organisation.yml", "theme.yml"]
    for name, (data,) in attachments.items():
        assert data == (DEFAULT_CONTENT / name).read_bytes()


def test_two_builds_are_byte_identical(variants):
    (_, first), (_, second) = variants  # built into two different folders
    for key, result in first.items():
        assert result.path.read_bytes() == second[key].path.read_bytes(), key


def test_manifest_lists_every_pdf_with_its_checksum(variants):
    output, results = variants[0]
    manifest = json.loads((output / "manifest.json").read_text())["pdfs"]
    assert len(manifest) == len(results) == 6  # 2 documents x 3 variants
    for entry in manifest:
        path = output / entry["file"]
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["bytes"] == path.stat().st_size
    by_file = {entry["file"]: entry for entry in manifest}
    assert by_file["print/brochure.en.pdf"] == {
        **by_file["print/brochure.en.pdf"],
        "document": "brochure",
        "language": "en",
        "variant": "print",
        "paper": "a4",
        "pages": 2,
    }


@pytest.mark.parametrize(
    "key", ["screen/factsheet.en", "print/brochure.en", "archive/factsheet.en"]
)
def test_independent_readers_accept_every_variant(variants, key):
    pdf = pdf_of(variants, key)
    checked = subprocess.run(
        ["qpdf", "--check", str(pdf)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # embedded
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "kemitraan.or.id" in text


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (result,) = build(Request(DEFAULT_CONTENT, tmp_path, ("factsheet",), "en", None, ("archive",)))
    reader = PdfReader(result.path)
    embedded = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
    assert embedded["/EF"]["/F"].get_object()["/Params"]["/ModDate"] == "D:20231114221320Z"


def figure_alternatives(pdf) -> list:
    """The /Alt of every Figure in a tagged PDF's structure tree."""
    found = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            found.append(node.get("/Alt"))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_every_picture_and_chart_has_alternative_text(built):
    alternatives = figure_alternatives(built["contoh", "profile.en"].path)
    # logos, timeline, three photos, bar chart, two partners' logos, QR code
    assert len(alternatives) == 10
    assert all(alternatives), alternatives
    assert "Bar chart of partner villages, rising from 12 in 2021 to 48 in 2025" in alternatives


def test_a_chart_without_alternative_text_is_refused(content_copy):
    from brosur.content.load import load_content
    from brosur.errors import InputError
    from tests.support.content import EXAMPLE_CONTENT, edit

    folder = content_copy(EXAMPLE_CONTENT)
    organisation = folder / "organisation.yml"
    edit(
        organisation, "    alt:\n      id: Diagram batang", "    caption:\n      id: Diagram batang"
    )
    with pytest.raises(InputError) as caught:
        load_content(folder)
    messages = [f"{problem.field}: {problem.message}" for problem in caught.value.problems]
    assert "figures[1].alt: required field is missing; add it" in messages


@pytest.mark.slow
def test_a_screen_pdf_is_the_same_whatever_its_process_rendered_before(tmp_path):
    """A photo written at full resolution for print, or smaller for another edition, must not
    go into a PDF made later by the same process (WeasyPrint keeps a picture as it last wrote
    it)."""
    after_print = tmp_path / "after-print"
    # Its photos drawn at full size for print, then smaller in the other edition's layout.
    for variant, language in (("print", "en"), ("screen", "id-en"), ("screen", "en")):
        request = Request(EXAMPLE_CONTENT, after_print, ("profile",), language, variants=(variant,))
        (result,) = build(request)
        assert isinstance(result, Built), result
    alone = tmp_path / "alone"
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "profile", "--lang", "en"]
    command += ["--content", str(EXAMPLE_CONTENT), "--output", str(alone), "--jobs", "1"]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    screen = (after_print / "profile.en.pdf").read_bytes()
    assert screen == (alone / "profile.en.pdf").read_bytes()


def test_every_variant_reads_back_whole(variants):
    """pdfium finds every character of every variant inside the live area and no two lines
    over each other (the archive variant is not in test_readback.py's matrix)."""
    for key, result in variants[0][1].items():
        pages = printed_pages(result.path)
        assert characters_off_the_live_area(pages) == [], key
        assert characters_overlapping_across_lines(pages) == [], key
