"""Personalised copies: real PDFs, one per recipient, read back."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from brosur.jobs import copies
from brosur.jobs.copies import build_batch
from brosur.jobs.request import Request
from brosur.jobs.results import Built, Failed
from brosur.pdf import engine
from brosur.pdf import writer as pdf
from tests.support.cli import run_build
from tests.support.content import EXAMPLE_CONTENT, MINIMAL_CONTENT, edit
from tests.support.pdftext import page_texts

ROWS = (
    "name,language,date,place,contact\n"
    'Yayasan Contoh Sejahtera,id,2026-12-03,Yogyakarta,"Dewi Contoh, dewi@contoh.example.org"\n'
    "Example Foundation,en,04/12/2026,Jakarta,Budi Contoh\n"
    "Dana Contoh,id-en,,Makassar,\n"
    "Yayasan Contoh Sejahtera,,,,\n"
)


def recipients_file(tmp_path: Path, text: str = ROWS) -> Path:
    path = tmp_path / "recipients.csv"
    path.write_text(text, encoding="utf-8")
    return path


def build_copies(tmp_path, documents=("factsheet",), text=ROWS, content=MINIMAL_CONTENT, **more):
    """Build a list's copies: (the batch, every result)."""
    request = Request(content, tmp_path / "output", documents, **more)
    results = []
    batch = build_batch(request, recipients_file(tmp_path, text), on_done=results.append)
    return batch, results


def messages(stream: str) -> list[str]:
    """The lines a command printed, but its plain progress lines (`copies: 3 of 7 done`)."""
    return [line for line in stream.splitlines() if not PROGRESS.fullmatch(line)]


PROGRESS = re.compile(r"copies: \d+ of \d+ done")


def layouts_counted(monkeypatch) -> list[str]:
    """The HTML of every layout WeasyPrint makes from now on, in this process."""
    layouts = []
    laid_out = engine.laid_out
    monkeypatch.setattr(
        engine,
        "laid_out",
        lambda html, *rest, **more: layouts.append(html) or laid_out(html, *rest, **more),
    )
    return layouts


@pytest.mark.slow
def test_each_row_gets_its_own_copy_named_for_the_recipient(tmp_path):
    _batch, results = build_copies(tmp_path)
    assert all(isinstance(result, Built) for result in results), results
    folder = tmp_path / "output" / "recipients" / "factsheet"
    assert sorted(path.name for path in folder.glob("*.pdf")) == [
        "dana-contoh.id-en.pdf",
        "example-foundation.en.pdf",
        "yayasan-contoh-sejahtera-2.id.pdf",  # the same name again: numbered, not overwritten
        "yayasan-contoh-sejahtera.id.pdf",
    ]
    first = page_texts(folder / "yayasan-contoh-sejahtera.id.pdf")[0]
    assert (
        "DISIAPKAN UNTUK Yayasan Contoh Sejahtera 3 Desember 2026 · Yogyakarta "
        "NARAHUBUNG Dewi Contoh, dewi@contoh.example.org"
    ) in first
    english = page_texts(folder / "example-foundation.en.pdf")[0]
    assert "PREPARED FOR Example Foundation 4 December 2026 · Jakarta" in english
    both = page_texts(folder / "dana-contoh.id-en.pdf")[0]
    assert "DISIAPKAN UNTUK / PREPARED FOR Dana Contoh Makassar" in both
    title = PdfReader(folder / "example-foundation.en.pdf").metadata.title
    assert title == "Ringkas — Fact Sheet — Prepared for: Example Foundation"


@pytest.mark.slow
def test_a_copy_is_the_same_copy_laid_out_whole_its_pages_laid_out_once(tmp_path, monkeypatch):
    """A copy (its recipient's box laid out alone, drawn over the pages laid out once for
    every copy) is the same copy laid out whole, in every kind of document: the same text
    in the same order, page furniture included; the same pixels at 100 dpi; the same tags
    and title; and the box's fonts embedded, as subsets of their own."""
    layouts = layouts_counted(monkeypatch)
    rows = "name,language,date,place\nSatu,en,2026-12-03,Jakarta\nDua,en,,\nTiga,en,,Bogor\n"
    documents = ("profile", "factsheet", "brochure")
    _, results = build_copies(tmp_path, documents, rows)
    assert all(isinstance(result, Built) for result in results), results
    # Each document: its pages laid out once per composition tried and once more with their
    # spare room spread, then 3 boxes alone. The minimal content is short: the profile's
    # spacious chapters leave a page short, so they are set close; the fact sheet's front
    # and back on two sides leave the back nearly blank, so it is run on to one side; the
    # brochure's panels by topic are three quarters blank, and so is the inside run on.
    profile, factsheet, brochure = 2 + 1, 2 + 1, 2 + 1
    assert len(layouts) == profile + factsheet + brochure + 3 * 3
    from brosur.content.load import load_content
    from brosur.content.recipients import load_recipients
    from brosur.jobs.editions import edition_of, page_forms, pdf_options
    from brosur.paths import TEMPLATES
    from brosur.render.html import Renderer

    content = load_content(MINIMAL_CONTENT)
    renderer = Renderer(TEMPLATES)
    recipient = next(load_recipients(tmp_path / "recipients.csv").rows()).recipient
    for document in documents:
        edition = edition_of(content, document, "en", "a4", "screen")
        whole = tmp_path / f"{document}.whole.pdf"
        # Laid out whole as the build lays out a PDF: its compositions tried in turn.
        html, forms = page_forms(renderer, content, edition, recipient=recipient)
        options = replace(pdf_options(content, edition, tmp_path), fallbacks=forms)
        pdf.write_pdf(html, whole, options)
        copy = tmp_path / "output" / "recipients" / document / "satu.en.pdf"
        assert page_texts(copy) == page_texts(whole), document
        # Anti-aliasing may differ by a grey level along the box's edge: its place is
        # reckoned in floating point twice.
        assert max(pixel_differences(copy, whole)) <= 2, document
        copied, laid = PdfReader(copy), PdfReader(whole)
        assert (
            copied.metadata.title
            == laid.metadata.title
            == (f"Ringkas — {document_titles[document]} — Prepared for: Satu")
        )
        assert tag_shape(copied) == tag_shape(laid), document
        fonts = drawn_fonts(copied)
        assert all(embedded for _, embedded in fonts), fonts
        # The box's subsets (its name in the display face) and the page's, each its own.
        assert len({name for name, _ in fonts}) == len(fonts) > 2, fonts
        assert sum("Noto-Serif-Display" in name for name, _ in fonts) == 2, fonts


document_titles = {
    "profile": "Organisation Profile",
    "factsheet": "Fact Sheet",
    "brochure": "Brochure",
}


def pixel_differences(first: Path, second: Path) -> list[int]:
    """The largest difference of any pixel's colour, page by page, at 100 dpi."""
    import pypdfium2
    from PIL import ImageChops

    documents = [pypdfium2.PdfDocument(path) for path in (first, second)]
    try:
        assert len(documents[0]) == len(documents[1])
        return [
            max(
                high
                for _, high in ImageChops.difference(
                    *(
                        document[number].render(scale=100 / 72).to_pil().convert("RGB")
                        for document in documents
                    )
                ).getextrema()
            )
            for number in range(len(documents[0]))
        ]
    finally:
        for document in documents:
            document.close()


def tag_shape(reader: PdfReader):
    """The structure tree as (tag, its elements, how many contents it marks)."""

    def shape(element):
        kids = element.get("/K", [])
        kids = [kid.get_object() for kid in (kids if isinstance(kids, list) else [kids])]
        elements = [kid for kid in kids if isinstance(kid, dict) and "/S" in kid]
        return (element["/S"], [shape(kid) for kid in elements], len(kids) - len(elements))

    return shape(reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0].get_object())


def drawn_fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(name, embedded) of every font a page draws with, in its forms too, once each."""
    found: dict[int, tuple[str, bool]] = {}

    def visit(resources) -> None:
        for reference in resources.get("/Font", {}).values():
            font = reference.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or (font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            )
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[reference.idnum] = (str(font["/BaseFont"]), embedded)
        for thing in resources.get("/XObject", {}).values():
            thing = thing.get_object()
            if thing.get("/Subtype") == "/Form" and "/Resources" in thing:
                visit(thing["/Resources"].get_object())

    for page in reader.pages:
        visit(page["/Resources"].get_object())
    return sorted(found.values())


def test_a_group_let_go_to_save_memory_is_known_again_from_the_cache(tmp_path, monkeypatch):
    """A list with a column of its own per row has a group per row, so only the groups last
    used are kept (GROUPS_KEPT): one that comes again is known from the cache, not probed
    again, and its copies are the same."""
    monkeypatch.setattr(copies, "GROUPS_KEPT", 1)
    layouts = layouts_counted(monkeypatch)
    rows = "name,language\nSatu,id\nDua,en\nTiga,id\nEmpat,en\n"
    _, results = build_copies(tmp_path, text=rows)
    built = {result.path.name: result for result in results if isinstance(result, Built)}
    assert sorted(built) == ["dua.en.pdf", "empat.en.pdf", "satu.id.pdf", "tiga.id.pdf"]
    assert "DISIAPKAN UNTUK Tiga" in page_texts(built["tiga.id.pdf"].path)[0]
    # A probe per edition, once (two compositions and the spread room: see above); a box
    # per copy.
    assert len(layouts) == 2 * (2 + 1) + 4


@pytest.mark.slow
def test_bad_rows_are_reported_and_the_others_still_build(tmp_path):
    text = ROWS + "Yayasan Lain,fr,,,\n,en,,,\nDana Lain,en,31/02/2026,,\n"
    result = run_build(
        "factsheet",
        "--content",
        str(MINIMAL_CONTENT),
        "--output",
        str(tmp_path / "output"),
        "--recipients",
        str(recipients_file(tmp_path, text)),
    )
    assert result.returncode == 1
    path = tmp_path / "recipients.csv"
    assert messages(result.stderr) == [
        f"{path}, row 6, column B (language): 'fr' is not a language brosur writes: use id, "
        "en or id-en, or leave it empty for the document's first language",
        f"{path}, row 7, column A (name): the name is empty: every recipient needs one",
        f"{path}, row 8, column C (date): '31/02/2026' is not a date brosur can read: write "
        "it as 2026-12-03, or day first as 03/12/2026",
        "3 rows left out, 0 PDFs failed; fix them and run the same command again (finished "
        "copies are not rebuilt).",
    ]
    assert result.stdout.startswith("7 rows → 4 PDFs in ")
    assert len(list((tmp_path / "output" / "recipients" / "factsheet").glob("*.pdf"))) == 4


def test_a_name_too_long_for_its_box_fails_that_copy_only(tmp_path):
    long_name = "Yayasan" + " Sangat Panjang Sekali" * 8
    _batch, results = build_copies(tmp_path, text=ROWS + f"{long_name},id,,,\n")
    (failed,) = [result for result in results if isinstance(result, Failed)]
    assert re.fullmatch(
        re.escape(f"{tmp_path / 'recipients.csv'}, row 6 ({long_name}): the text in the ")
        + r"recipient box \(page 1\) runs \d+\.\d mm past its box: shorten it",
        failed.message,
    )
    assert sum(isinstance(result, Built) for result in results) == 4


def test_a_language_the_document_is_not_made_in_is_a_bad_row(tmp_path, content_copy):
    folder = content_copy(MINIMAL_CONTENT)
    edit(
        folder / "brosur.yml",
        "  factsheet:\n    languages: [id, en, id-en]",
        "  factsheet:\n    languages: [id]",
    )
    batch, results = build_copies(tmp_path, content=folder)
    assert [str(problem) for problem in batch.problems] == [
        f"{tmp_path / 'recipients.csv'}, row 3, column B (language): the factsheet is not made "
        "in 'en'; brosur.yml declares id",
        f"{tmp_path / 'recipients.csv'}, row 4, column B (language): the factsheet is not made "
        "in 'id-en'; brosur.yml declares id",
    ]
    assert len(results) == 2


def test_columns_a_document_declares_replace_content_fields_per_recipient(tmp_path):
    text = (
        "name,language,email,tagline_en\n"
        "Example Foundation,en,dana@contoh.example.org,Village budgets open to every citizen\n"
        "Second Foundation,en,not an address,\n"
    )
    batch, results = build_copies(tmp_path, text=text, content=EXAMPLE_CONTENT)
    assert [str(problem) for problem in batch.problems] == [
        f"{tmp_path / 'recipients.csv'}, row 3, column C (email): contact.email: write only "
        "an e-mail address, such as info@example.org (no spaces, and nothing after it such as "
        "?subject= or ?bcc=)"
    ]
    (copy,) = results
    front = page_texts(copy.path)[0]
    assert "Village budgets open to every citizen" in front
    assert "dana@contoh.example.org" in page_texts(copy.path)[1]
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(copy.path).pages
        for annotation in page.get("/Annots", [])
    ]
    assert "mailto:dana@contoh.example.org" in links


@pytest.mark.slow
def test_the_shards_together_are_the_whole_build_byte_for_byte(tmp_path):
    rows = "name,language,date,place\n" + "".join(
        f"Yayasan Contoh {number},{('id', 'en', 'id-en')[number % 3]},2026-12-0{number},Bogor\n"
        for number in range(1, 8)
    )
    path = recipients_file(tmp_path, rows)

    def build_into(output: Path, *shard: str) -> dict[str, bytes]:
        arguments = ["factsheet", "--content", str(MINIMAL_CONTENT), "--output", str(output)]
        result = run_build(*arguments, "--recipients", str(path), *shard)
        assert result.returncode == 0, result.stderr
        return {
            str(pdf_path.relative_to(output)): pdf_path.read_bytes()
            for pdf_path in output.rglob("*.pdf")
        }

    whole = build_into(tmp_path / "whole")
    shares = [build_into(tmp_path / f"share{part}", "--shard", f"{part}/3") for part in (1, 2, 3)]
    assert sorted(len(share) for share in shares) == [2, 2, 3]
    union = {name: data for share in shares for name, data in share.items()}
    assert sum(map(len, shares)) == len(union) == len(whole) == 7  # no overlap, no gap
    assert union == whole


@pytest.mark.slow
def test_the_plan_lists_one_job_a_line_each_with_the_command_that_builds_it(tmp_path):
    output = tmp_path / "output"
    arguments = ["factsheet", "--content", str(MINIMAL_CONTENT), "--output", str(output)]
    path = recipients_file(tmp_path)
    result = run_build(*arguments, "--recipients", str(path), "--plan")
    assert result.returncode == 0, result.stderr
    jobs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(job["row"], job["language"], Path(job["output"]).name) for job in jobs] == [
        (2, "id", "yayasan-contoh-sejahtera.id.pdf"),
        (3, "en", "example-foundation.en.pdf"),
        (4, "id-en", "dana-contoh.id-en.pdf"),
        (5, "id", "yayasan-contoh-sejahtera-2.id.pdf"),
    ]
    assert not output.exists()  # planning builds nothing
    job = jobs[2]
    assert job["command"][-2:] == ["--shard", "3/4"]
    ran = __import__("subprocess").run(job["command"], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert [path.name for path in output.rglob("*.pdf")] == ["dana-contoh.id-en.pdf"]


@pytest.mark.slow
def test_a_second_run_rebuilds_only_the_rows_that_changed(tmp_path):
    build_copies(tmp_path)
    # The pages copies share, kept from the first run; gone, the changed copy makes them again.
    (bases,) = (tmp_path / "output").glob(".brosur-copies")
    assert len(list(bases.glob("*.base"))) == 3  # one per edition: id, en, id-en
    shutil.rmtree(bases)
    changed = ROWS.replace("Makassar", "Manado")
    _, results = build_copies(tmp_path, text=changed)
    statuses = {result.path.name: result.cached for result in results}
    assert statuses == {
        "yayasan-contoh-sejahtera.id.pdf": True,
        "example-foundation.en.pdf": True,
        "dana-contoh.id-en.pdf": False,
        "yayasan-contoh-sejahtera-2.id.pdf": True,
    }


@pytest.mark.parametrize("variant", ["screen", "print", "archive"])
def test_copies_keep_the_variants_standards(tmp_path, variant):
    _, results = build_copies(
        tmp_path, text=ROWS.splitlines()[0] + "\nSatu,en,,,\n", variants=(variant,)
    )
    (result,) = results
    reader = PdfReader(result.path)
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Ringkas — Fact Sheet — Prepared for: Satu"
    if variant == "print":
        assert "/OutputIntents" in root
        assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-3:2003"
        assert result.path.parent == tmp_path / "output" / "print" / "recipients" / "factsheet"
    else:
        # Tagged, personal page and shared, with the recipient in the XMP title too.
        assert "/StructTreeRoot" in root
        metadata = root["/Metadata"].get_object().get_data().decode()
        assert "Prepared for: Satu" in metadata
        assert ("pdfuaid:part" if variant == "screen" else "pdfaid:part") in metadata
    if variant == "archive":
        assert sorted(reader.attachments) == ["brosur.yml", "organisation.yml", "theme.yml"]
    assert len(reader.pages) == 1  # the minimal content's fact sheet: one side


@pytest.mark.slow
def test_a_column_one_document_declares_leaves_the_others_alone(tmp_path):
    text = "name,language,tagline_en\nExample Foundation,en,Village budgets open to all\n"
    _, results = build_copies(
        tmp_path, ("factsheet", "brochure"), text=text, content=EXAMPLE_CONTENT
    )
    assert all(isinstance(result, Built) for result in results), results
    sheet, brochure = sorted(results, key=lambda result: result.path.parent.name)[::-1]
    assert "Village budgets open to all" in page_texts(sheet.path)[0]
    assert "Village budgets open to all" not in " ".join(page_texts(brochure.path))


LONG_NAME = "\u1ea1" * 100  # ạ: 100 characters, under the list's 200, but 300 bytes in UTF-8
LONG_ROWS = f"name,language\n{LONG_NAME},en\nAni,id\n"
# 72 × 3 bytes = 216: the most that leaves room for `.id-en.letter.pdf` and the temporary
# file's `.<name>.<pid>.<random>.tmp` within a file name's 255 bytes (content/filenames.SLUG_BYTES).
LONG_FILE = "ạ" * 72 + ".en.pdf"


def build_long_rows(tmp_path: Path, output: Path):
    arguments = ["factsheet", "--content", str(MINIMAL_CONTENT), "--output", str(output)]
    return run_build(*arguments, "--recipients", str(recipients_file(tmp_path, LONG_ROWS)))


@pytest.mark.slow
def test_a_name_long_in_bytes_gets_a_file_name_cut_to_fit_and_keeps_its_whole_name(tmp_path):
    result = build_long_rows(tmp_path, tmp_path / "output")
    assert (result.returncode, messages(result.stderr)) == (0, [])
    assert result.stdout.startswith("2 rows → 2 PDFs in ")
    assert ": 2 built, 0 unchanged, 0 failed (" in result.stdout
    folder = tmp_path / "output" / "recipients" / "factsheet"
    assert sorted(path.name for path in folder.iterdir()) == ["ani.id.pdf", LONG_FILE]
    title = PdfReader(folder / LONG_FILE).metadata.title
    assert title == f"Ringkas — Fact Sheet — Prepared for: {LONG_NAME}"


def deep_folder(base: Path, length: int) -> Path:
    """A folder whose path has `length` bytes or one more, made of names under the limit."""
    folder = base
    while len(bytes(folder)) < length:
        folder /= "d" * max(1, min(200, length - len(bytes(folder)) - 1))
    folder.mkdir(parents=True)
    return folder


def a_folder_in_anis_way(tmp_path: Path) -> tuple[Path, Path, str, str]:
    """Someone made a folder named as Ani's copy: (output, refused file, row, reason)."""
    output = tmp_path / "output"
    refused = output / "recipients" / "factsheet" / "ani.id.pdf"
    refused.mkdir(parents=True)
    reason = "a folder of that name is in the way; move it or choose another folder"
    return output, refused, "row 3 (Ani)", reason + " with --output"


def a_path_too_long_for_the_long_name(tmp_path: Path) -> tuple[Path, Path, str, str]:
    """A path has at most 4095 bytes on Linux: leave room for Ani's copy, not the long name's."""
    output = deep_folder(tmp_path / "output", os.pathconf(tmp_path, "PC_PATH_MAX") - 100)
    refused = output / "recipients" / "factsheet" / LONG_FILE
    reason = "the name is too long for this disk; shorten it, or choose a folder with a shorter"
    return output, refused, f"row 2 ({LONG_NAME})", reason + " path with --output"


@pytest.mark.slow
@pytest.mark.parametrize("obstacle", [a_folder_in_anis_way, a_path_too_long_for_the_long_name])
def test_a_copy_the_disk_refuses_is_that_rows_error_and_the_others_build(tmp_path, obstacle):
    output, refused, row, reason = obstacle(tmp_path)
    result = build_long_rows(tmp_path, output)
    assert result.returncode == 1
    assert messages(result.stderr) == [
        f"{tmp_path / 'recipients.csv'}, {row}: cannot write {refused}: {reason}",
        "0 rows left out, 1 PDF failed; fix them and run the same command again (finished "
        "copies are not rebuilt).",
    ]
    assert ": 1 built, 0 unchanged, 1 failed (" in result.stdout
    folder = output / "recipients" / "factsheet"
    built = {path.name for path in folder.glob("*.pdf") if path.is_file()}
    assert built == {"ani.id.pdf", LONG_FILE} - {refused.name}
