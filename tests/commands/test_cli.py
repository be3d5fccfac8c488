"""The command line: build.py as a user runs it, exit codes, and what lands in output/."""

import re

import pytest
from pypdf import PdfReader

from brosur.commands.cli import main
from tests.support.cli import run_build
from tests.support.content import EXAMPLE_CONTENT, MINIMAL_CONTENT, edit, many_facts, set_logo


@pytest.mark.slow
def test_build_py_builds_every_declared_edition(tmp_path):
    result = run_build("--content", str(MINIMAL_CONTENT), "--output", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.glob("*.pdf")) == sorted(
        f"{document}.{language}.pdf"
        for document in ("profile", "factsheet", "brochure")
        for language in ("id", "en", "id-en")
    )
    assert re.search(r"factsheet\.id\.pdf +1 +\d+ KB +\d+\.\d s +built", result.stdout)


def test_bad_content_exits_2_and_writes_nothing(content_copy, tmp_path):
    folder = content_copy()
    theme, line = set_logo(folder, "x.png")
    output = tmp_path / "output"
    result = run_build("--content", str(folder), "--output", str(output))
    assert result.returncode == 2
    assert result.stderr == (
        f"{theme}:{line}:7: logo: file not found: x.png "
        f"(looked for {folder / 'x.png'})\n1 problem found; no PDF was written.\n"
    )
    assert not output.exists()


def test_one_document_in_one_language(tmp_path, capsys):
    assert (
        main(
            [
                "factsheet",
                "--lang",
                "en",
                "--content",
                str(EXAMPLE_CONTENT),
                "--output",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert [path.name for path in tmp_path.glob("*.pdf")] == ["factsheet.en.pdf"]


def test_undeclared_document_is_bad_input(content_copy, tmp_path, capsys):
    folder = content_copy()
    edit(folder / "brosur.yml", "  brochure:\n    languages: [id, en, id-en]\n", "")
    output = tmp_path / "output"
    assert main(["brochure", "--content", str(folder), "--output", str(output)]) == 2
    assert "'brochure' is not declared here; declared: profile, factsheet" in (
        capsys.readouterr().err
    )
    assert not output.exists()


@pytest.mark.slow
def test_content_too_long_fails_that_pdf_and_keeps_the_last_good_one(
    content_copy, tmp_path, capsys
):
    folder = content_copy(EXAMPLE_CONTENT)
    arguments = ["factsheet", "--lang", "en", "--content", str(folder), "--output", str(tmp_path)]
    assert main(arguments) == 0
    good = (tmp_path / "factsheet.en.pdf").read_bytes()
    # The mission is on the sheet in every copyfitted form: nothing left to drop.
    edit(
        folder / "organisation.yml",
        "    We work to:\n",
        "    We work to:" + " more words about the mission" * 90 + "\n",  # under its limit
    )
    edit(
        folder / "organisation.yml",
        "  en: >-\n    The Example Association is a **fictional**",
        "  en: >-\n"
        + "    Yet more words about the association.\n" * 38  # under its limit
        + "    The Example Association is a **fictional**",
    )
    edit(
        folder / "organisation.yml",
        "  en: >-\n    Open villages",
        "  en: >-\n" + "    A vision set large.\n" * 25 + "    Open villages",
    )
    many_facts(folder)  # set in a strip across the front, they would make room otherwise
    assert main(arguments) == 1
    error = capsys.readouterr().err
    assert re.search(
        r"factsheet\.en\.pdf: failed: the text runs to \d pages, but this "
        r"document holds at most 2: shorten the longest texts; it is about \d+ % too long "
        r"even type two steps smaller, without the "
        r"background, the strategies' texts and the milestones \(the profile has them\): "
        r"cut about \d+ words of English, first from the longest: mission\.en "
        r"\(.*organisation\.yml:\d+\)",
        error,
    ), error
    assert (tmp_path / "factsheet.en.pdf").read_bytes() == good


@pytest.mark.slow
def test_text_too_long_for_the_sheet_is_copyfitted_and_says_how(content_copy, tmp_path, capsys):
    folder = content_copy(EXAMPLE_CONTENT)
    longer = "  en: >-\n" + "    Many more words about the background of this example.\n" * 150
    edit(
        folder / "organisation.yml",
        "  en: >-\n    The association was formed",
        longer + "    The association was formed",
    )
    arguments = ["factsheet", "--lang", "en", "--content", str(folder), "--output", str(tmp_path)]
    assert main(arguments) == 0
    # Left out, the background leaves room enough for the rest as designed.
    move = "factsheet.en.pdf: without the background (the profile has them) to fit"
    assert move in capsys.readouterr().err
    assert "Many more words" not in PdfReader(tmp_path / "factsheet.en.pdf").pages[1].extract_text()


def test_help_explains_the_options_and_exit_codes():
    result = run_build("--help")
    assert result.returncode == 0
    for option in ("--lang", "--content", "--output", "Exit codes: 0 built, 2 bad input"):
        assert option in result.stdout


BAD_INPUTS = {
    "yaml syntax error": (
        "  en: Partnership for Governance Reform in Indonesia\n",
        "  en: Partnership: for Governance Reform\n",
        "9:18: YAML syntax error: mapping values are not allowed in this "
        "context; put text that contains ': ' in quotes",
    ),
    "unknown key": (
        "name: Kemitraan\n",
        "name: Kemitraan\nslogan: Maju\n",
        "7:1: slogan: unknown field 'slogan'; allowed here: name, short_name, full_name, tagline, "
        "founded, summary, background, history, vision, mission, strategies, facts, "
        "key_figures, contact, sources, keywords, programmes, figures, partners, team, photos",
    ),
    "wrong type": (
        "    date: 2001-05\n",
        "    date: [2001]\n",
        "156:11: facts[1].date: write a date as 2000, 2000-03 or 2000-03-15",
    ),
    "missing translation": (
        "  en: Partnership for Governance Reform in Indonesia\n",
        "",
        "8:3: full_name.en: English text is missing",
    ),
    "missing asset": (
        "paper: a4",
        "logo: logo.svg\npaper: a4",
        "22:7: logo: file not found: logo.svg (looked for {folder}/logo.svg)",
    ),
    "blocked url": (
        "paper: a4",
        "logo: http://127.0.0.1/logo.svg\npaper: a4",
        "22:7: logo: 'http://127.0.0.1/logo.svg' is blocked: brosur never fetches "
        "files from the network; save the file in the content folder and give its "
        "path",
    ),
}


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_each_kind_of_bad_input_exits_2_with_its_message_and_no_pdf(
    kind, content_copy, tmp_path, capsys
):
    old, new, message = BAD_INPUTS[kind]
    folder = content_copy()
    file = folder / ("theme.yml" if "logo" in new else "organisation.yml")
    edit(file, old, new)
    output = tmp_path / "output"
    assert main(["--content", str(folder), "--output", str(output)]) == 2
    expected = f"{file}:{message.format(folder=folder.resolve())}"
    assert capsys.readouterr().err.splitlines() == [
        expected,
        "1 problem found; no PDF was written.",
    ]
    assert not output.exists()
