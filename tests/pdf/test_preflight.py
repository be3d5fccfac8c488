"""Preflight: each check made to fail by a fixture built for it, with its exact message."""

import re

import pytest
from PIL import Image

from brosur.commands.cli import main
from brosur.content import checks
from brosur.content.load import load_content
from brosur.errors import ContentCheckError, InputError
from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built, Failed
from brosur.pdf import preflight
from brosur.variants import VARIANTS
from tests.support.content import EXAMPLE_CONTENT, edit, overfill


def findings(content, check):
    return [str(finding) for finding in checks.content_findings(content) if finding.check == check]


def test_translations_not_yet_built_are_listed_with_their_line(content_copy):
    folder = content_copy()
    project = folder / "brosur.yml"
    project.write_text(project.read_text().replace("[id, en, id-en]", "[id]"))
    organisation = folder / "organisation.yml"
    edit(
        organisation,
        "  en: A multi-stakeholder organisation for good governance in Indonesia\n",
        "",
    )
    content = load_content(folder)
    assert findings(content, "translations") == [
        f"warning: translations: {organisation}:11:3: tagline.en: English text is missing "
        "(not built yet, so not required)"
    ]
    assert checks.translation_coverage(content) == {"id": (31, 31), "en": (30, 31)}


def test_a_character_no_theme_font_has_is_named_with_its_place(content_copy):
    folder = content_copy()
    organisation = folder / "organisation.yml"
    edit(organisation, "  id: Organisasi multi-pihak", "  id: ☃ Organisasi multi-pihak")
    assert findings(load_content(folder), "characters") == [
        f"error: characters: {organisation}:11:7: tagline.id: '☃' (U+2603) is not in Inter or "
        "Noto Serif Display: replace it or choose a font that has it"
    ]
    with pytest.raises(ContentCheckError, match="U\\+2603"):
        build(Request(folder, folder.parent / "output"))
    assert not (folder.parent / "output").exists()


def test_a_fallback_font_in_the_pdf_is_an_error(tmp_path):
    from brosur.errors import PreflightError
    from brosur.paths import PROJECT_ROOT
    from brosur.pdf.options import PdfOptions
    from brosur.pdf.writer import write_pdf

    fonts = ("Inter", "Noto Serif Display")
    html = '<p style="font-family: Inter">Snow ☃ man</p>'
    with pytest.raises(PreflightError) as caught:
        options = PdfOptions(base=PROJECT_ROOT, roots=(), max_pages=1, fonts=fonts)
        write_pdf(html, tmp_path / "x.pdf", options)
    (message,) = caught.value.messages
    assert re.fullmatch(
        r"'☃' \(U\+2603\) printed in [\w ]+, a font the theme did not choose "
        r"\(Inter, Noto Serif Display lack it\)",
        message,
    ), message
    assert not (tmp_path / "x.pdf").exists()


def test_contrast_below_wcag_aa_is_an_error(content_copy):
    folder = content_copy()
    theme = folder / "theme.yml"
    edit(theme, '{rgb: "#526274", cmyk: [29, 16, 0, 55]}', '"#a0aab4"')
    assert findings(load_content(folder), "contrast") == [
        f"error: contrast: {theme}:14:10: colours.muted: muted on white is 2.4:1; "
        "WCAG AA asks 4.5:1 for text",
        f"error: contrast: {theme}:14:10: colours.muted: muted on tint is 2.1:1; "
        "WCAG AA asks 4.5:1 for text",
    ]
    assert main(["factsheet", "--content", str(folder), "--output", str(folder.parent / "o")]) == 1


@pytest.mark.slow
def test_a_box_that_overflows_names_the_box_and_the_spill(content_copy):
    folder = content_copy()
    overfill(folder)  # in both languages: more than the bilingual inside holds
    (result,) = build(Request(folder, folder.parent / "output", ("brochure",), "id-en"))
    assert isinstance(result, Failed)
    assert re.search(
        r"(^|; )the text in inside \(page 2\) runs \d+\.\d mm past its box: shorten it; ",
        result.message,
    ), result.message


@pytest.mark.slow
def test_a_picture_too_coarse_for_print_is_an_error(content_copy):
    folder = content_copy(EXAMPLE_CONTENT)
    with Image.open(folder / "images" / "balai-desa.jpg") as photo:
        photo.resize((160, 107)).save(folder / "images" / "balai-desa.jpg")
    results = build(
        Request(folder, folder.parent / "output", ("profile",), "en", variants=("screen", "print"))
    )
    screen, printed = results
    assert isinstance(screen, Built)  # a screen shows it at its size: no check
    assert isinstance(printed, Failed)
    assert re.fullmatch(
        r"balai-desa\.jpg prints at \d+ dpi; at least 150 dpi is needed "
        r"\(use a larger picture\)",
        printed.message,
    ), printed.message


@pytest.mark.slow
def test_a_picture_below_300_dpi_is_a_print_warning(built, content_copy):
    folder = content_copy(EXAMPLE_CONTENT)
    # The programme's photo, about 71 × 48 mm on the page, from 600 × 400 pixels: ~210 dpi.
    with Image.open(folder / "images" / "papan-anggaran.jpg") as photo:
        photo.resize((600, 400)).save(folder / "images" / "papan-anggaran.jpg")
    (result,) = build(
        Request(folder, folder.parent / "output", ("profile",), "en", variants=("print",))
    )
    (warning,) = result.warnings
    found = re.fullmatch(
        r"warning: images: papan-anggaran\.jpg prints at (\d+) dpi; print shops ask for 300",
        warning,
    )
    assert found and 150 <= int(found[1]) < 300, warning


def test_a_malformed_link_in_content_is_named_with_its_field_before_any_pdf(content_copy):
    folder = content_copy()
    edit(
        folder / "organisation.yml",
        "    pemerintahan yang baik di Indonesia secara berkelanjutan.",
        "    pemerintahan yang baik di Indonesia secara [berkelanjutan](https://localhost).",
    )
    with pytest.raises(InputError) as raised:
        build(Request(folder, folder.parent / "output", ("factsheet",), "id"))
    assert str(raised.value) == (
        f"{folder / 'organisation.yml'}:16:7: summary.id: the link 'https://localhost' is "
        "neither a web address nor an e-mail address: write a full address such as "
        "https://example.org/about or mailto:info@example.org (with nothing after the e-mail "
        "address), or remove the link"
    )
    assert not (folder.parent / "output").exists()


def test_every_link_in_a_pdf_is_checked_even_those_no_content_made():
    html = (
        '<a href="https://localhost">a</a> <a href="#nowhere">b</a> <a href="#here" id="here">'
        'c</a> <a href="mailto:a@b.org?bcc=c@d.org">d</a> <a href="https://example.org/x">e</a>'
    )
    assert [str(finding) for finding in preflight.link_findings(html)] == [
        "error: links: 'https://localhost' is not a well-formed link",
        "error: links: '#nowhere' is not a well-formed link",
        "error: links: 'mailto:a@b.org?bcc=c@d.org' is not a well-formed link",
    ]


def test_a_pdf_over_its_size_budget_is_a_warning():
    (finding,) = preflight.size_findings(2_600_000, VARIANTS["screen"])
    assert str(finding) == (
        "warning: size: 2.6 MB, over the screen budget of 2 MB (for mail and grant portals)"
    )
    assert preflight.size_findings(2_600_000, VARIANTS["print"]) == []


def test_check_reports_and_exits_1_when_something_fails(content_copy, capsys):
    folder = content_copy()
    edit(folder / "theme.yml", '{rgb: "#526274", cmyk: [29, 16, 0, 55]}', '"#a0aab4"')
    assert main(["check", "factsheet", "--lang", "en", "--content", str(folder)]) == 1
    report = capsys.readouterr().out
    assert "muted on white is 2.4:1" in report
    assert "2 failed, 0 warnings, 0 PDFs checked." in report


def test_check_passes_good_content_without_touching_the_output(tmp_path, capsys):
    output = tmp_path / "output"
    assert (
        main(
            [
                "check",
                "factsheet",
                "--lang",
                "en",
                "--variant",
                "screen",
                "--content",
                str(EXAMPLE_CONTENT),
                "--output",
                str(output),
            ]
        )
        == 0
    )
    report = capsys.readouterr().out
    assert "translations  English: 71 of 71 texts written" in report
    assert "screen   factsheet.en           ok  2 pages" in report
    # The example has more key figures than the fact sheet and the brochure have room for,
    # on purpose: those two warnings are all.
    assert report.count("warning: fit: ") == 2 and "has room for the first 4 key figures" in report
    assert "0 failed, 2 warnings, 1 PDFs checked." in report
    assert not output.exists()
