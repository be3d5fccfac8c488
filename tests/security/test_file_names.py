"""Files named in content and translators' files, as other machines and tools make them: a
name a Mac stored decomposed, a folder or a named pipe where a picture was expected, a PO file
saved in ISO-8859-1. Each is found, read, or refused in plain words, by the whole command."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.support.cli import run_build
from tests.support.content import MINIMAL_CONTENT, copy_content
from tests.support.pdftext import page_texts

pytestmark = pytest.mark.slow  # each case runs build.py in its own process


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(MINIMAL_CONTENT, tmp_path)


def set_logo(content: Path, name: str) -> int:
    """Name `name` as the theme's logo, on the theme file's first line; return that line."""
    theme = content / "theme.yml"
    theme.write_text(f"logo: '{name}'\n" + theme.read_text(encoding="utf-8"), encoding="utf-8")
    return 1


def test_a_picture_stored_decomposed_is_found_by_its_composed_name(content, tmp_path):
    stored = unicodedata.normalize("NFD", "café.png")  # as macOS writes it
    Image.new("RGB", (600, 300), (180, 20, 40)).save(content / stored)
    set_logo(content, unicodedata.normalize("NFC", "café.png"))  # as it is typed
    output = tmp_path / "output"
    result = run_build(
        "factsheet", "--lang", "id", "--content", str(content), "--output", str(output)
    )
    assert result.returncode == 0, result.stderr
    assert PdfReader(output / "factsheet.id.pdf").pages[0].images  # the logo is printed


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            Path.mkdir, "is a folder; name a file in it, such as images/logo.png", id="folder"
        ),
        # Reading a named pipe would wait for ever: it is named, never opened.
        pytest.param(
            os.mkfifo,
            "is a named pipe (FIFO), not a file; brosur reads only ordinary files",
            id="named pipe",
        ),
    ],
)
def test_something_else_named_like_a_picture_is_called_what_it_is(content, make, message):
    make(content / "logo.png")
    line = set_logo(content, "logo.png")
    result = run_build("check", "--content", str(content))
    assert result.returncode == 2
    assert f"theme.yml:{line}:7: logo: 'logo.png' {message}" in result.stderr


def _catalogue(content: Path, tmp_path: Path) -> Path:
    catalogue = tmp_path / "translations.en.po"
    result = run_build(
        "translations", "export", "--content", str(content), "--output", str(catalogue)
    )
    assert result.returncode == 0, result.stderr
    return catalogue


def _translated(catalogue: Path, unit: str, translation: str) -> str:
    """The catalogue's text with `unit`'s translation replaced."""
    text = catalogue.read_text(encoding="utf-8")
    start = text.index(f'msgctxt "{unit}"')
    begin = text.index('msgstr "', start)
    end = text.index("\n\n", begin)
    return text[:begin] + f'msgstr "{translation}"' + text[end:]


def test_a_po_file_saved_in_iso_8859_1_is_read_in_that_charset(content, tmp_path):
    catalogue = _catalogue(content, tmp_path)
    text = _translated(catalogue, "tagline", "Café and crème brûlée for all")
    latin = text.replace("charset=UTF-8", "charset=ISO-8859-1")
    catalogue.write_bytes(latin.encode("iso-8859-1"))
    assert "é".encode("iso-8859-1") in catalogue.read_bytes()  # not UTF-8
    result = run_build("translations", "import", str(catalogue), "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert "Café and crème brûlée for all" in (content / "organisation.yml").read_text("utf-8")
    output = tmp_path / "output"
    built = run_build(
        "factsheet", "--lang", "en", "--content", str(content), "--output", str(output)
    )
    assert built.returncode == 0, built.stderr
    assert "crème brûlée" in " ".join(page_texts(output / "factsheet.en.pdf"))


def _refusal(catalogue: Path, content: Path, data: bytes) -> str:
    """What importing `data` as the catalogue says, prefixed by the file and its header's line
    as the message begins: `translations.en.po:10:1: `."""
    catalogue.write_bytes(data)
    result = run_build("translations", "import", str(catalogue), "--content", str(content))
    assert result.returncode == 2
    assert "codec" not in result.stderr
    header = data[: data.index(b"charset=")].count(b"\n") + 1
    prefix = f"{catalogue.name}:{header}:1: "
    (line,) = [line for line in result.stderr.splitlines() if prefix in line]
    return line[line.index(prefix) + len(prefix) :]


def test_a_po_file_in_an_unknown_charset_is_refused_at_its_header(content, tmp_path):
    catalogue = _catalogue(content, tmp_path)
    text = catalogue.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=KOI9-X")
    assert _refusal(catalogue, content, text.encode()).startswith(
        "its header declares charset=KOI9-X, which brosur cannot read; save the file as UTF-8"
    )


def test_a_po_file_that_is_not_in_its_declared_charset_is_refused_in_plain_words(content, tmp_path):
    catalogue = _catalogue(content, tmp_path)
    text = _translated(catalogue, "tagline", "Café")
    bad = text[: text.index("Café")].count("\n") + 1
    # The header still says UTF-8.
    assert _refusal(catalogue, content, text.encode("iso-8859-1")).startswith(
        f"line {bad} is not UTF-8 text, yet its header declares charset=UTF-8; save the file as "
        "UTF-8"
    )
