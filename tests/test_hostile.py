"""Hostile content: every case gets a clear message, or is printed as plain text; nothing is
evaluated, fetched or decoded past a bound. (Paths and URLs for pictures: test_content.py.)"""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import MINIMAL_CONTENT, edit, set_logo
from pdftext import page_texts
from PIL import Image
from pypdf import PdfReader

from brosur.content import load_content
from brosur.pipeline import Built, build
from brosur.problems import InputError
from brosur.request import Request
from brosur.yamlsource import load_yaml

# YAML ------------------------------------------------------------------------------------

BILLION_LAUGHS = (
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
)
ALIASES = "anchors and aliases (& and *) are not supported; write the value out in full"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BILLION_LAUGHS, [f"2:8: {ALIASES}", f"3:8: {ALIASES}", f"4:8: {ALIASES}"]),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", ["1:1003: nested more than 40 levels deep"]),
        (
            "".join("  " * depth + f"k{depth}:\n" for depth in range(45)) + "  " * 45 + "end\n",
            [
                "42:83: k0."
                + ".".join(f"k{depth}" for depth in range(1, 41))
                + ": nested more than 40 levels deep"
            ],
        ),
        (
            "a: b\n\tc: d\n",
            [
                "2:1: YAML syntax error: found a tab character that violates indentation; "
                "indent with spaces, not tabs"
            ],
        ),
        ("name: A\nname: B\n", ["2:1: name: written twice (lines 1 and 2); keep one"]),
        (
            'a: !!python/object/apply:os.system ["id"]\n',
            [
                "1:4: a: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is "
                "not supported; remove it"
            ],
        ),
        (
            "a: !include /etc/passwd\n",
            ["1:4: a: the YAML tag '!include' is not supported; remove it"],
        ),
    ],
)
def test_hostile_yaml_is_refused_with_its_line(tmp_path, text, expected):
    path = tmp_path / "organisation.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_yaml(path)
    assert [str(problem).removeprefix(f"{path}:") for problem in raised.value.problems] == expected


def test_a_very_large_file_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "organisation.yml"
    path.write_text('summary: "' + "x" * 3_000_000 + '"\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_yaml(path)
    assert str(raised.value) == (
        f"{path}:1:1: the file is 3,000,012 bytes; content files may be at most 2,097,152"
    )


def test_bytes_that_are_not_utf8_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "organisation.yml"
    path.write_bytes(b"name: A\nsummary: caf\xe9\n")
    with pytest.raises(InputError, match=r":2:1: the file is not UTF-8 text; save it as UTF-8"):
        load_yaml(path)
    path.write_bytes("\ufeffname: Ringkas\n".encode())
    assert load_yaml(path)[0] == {"name": "Ringkas"}


# Text ------------------------------------------------------------------------------------

HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    '<iframe src="http://127.0.0.1/"></iframe>',
    "<style>body { display: none }</style>",
    '<p style="position: fixed">styled</p>',
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "{{ 7*7 }} {% include 'base.html' %}",
]


def english_sheet_with_summary(content_copy, tmp_path, summary: str) -> Path:
    """Build the English fact sheet of the shortest content with `summary` as its text."""
    folder = content_copy(MINIMAL_CONTENT)
    quoted = summary.replace("'", "''")
    edit(
        folder / "organisation.yml",
        "summary: {id: Yayasan kecil., en: A small foundation.}",
        f"summary: {{id: Yayasan kecil., en: '{quoted}'}}",
    )
    (result,) = build(Request(folder, tmp_path / "output", ("factsheet",), "en"))
    assert isinstance(result, Built), result
    return result.path


def link_targets(pdf: Path) -> list[str]:
    return [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(pdf).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]


def test_markup_links_and_template_syntax_in_text_print_as_plain_text(content_copy, tmp_path):
    pdf = english_sheet_with_summary(content_copy, tmp_path, " ".join(HOSTILE_TEXTS))
    front = page_texts(pdf)[0]
    for text in (
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "(javascript:alert(1))",
        "<p style=“position: fixed”>styled</p>",
    ):
        assert text in front, text
    assert not [link for link in link_targets(pdf) if link.startswith(("javascript", "data:"))]


def test_links_to_any_host_are_links_and_are_never_fetched(content_copy, tmp_path):
    text = (
        "[meta](http://169.254.169.254/latest) [local](http://127.0.0.1:8000/) "
        "[file](file:///etc/passwd)"
    )
    # The fetcher refuses everything but the project's files, and a refusal fails the PDF:
    # a PDF that builds fetched nothing from these hosts.
    pdf = english_sheet_with_summary(content_copy, tmp_path, text)
    assert set(link_targets(pdf)) == {"http://169.254.169.254/latest", "http://127.0.0.1:8000/"}
    assert "[file](file:///etc/passwd)" in page_texts(pdf)[0]


@pytest.mark.parametrize(
    ("character", "message"),
    [
        (
            "\u202e",
            "contains an invisible direction mark (U+202E) that can make the text "
            "display in another order than it reads; retype the text",
        ),
        (
            "\u2066",
            "contains an invisible direction mark (U+2066) that can make the text "
            "display in another order than it reads; retype the text",
        ),
        ("\x07", "contains a control character (U+0007) that does not print; retype the text"),
        ("\x1b", "contains a control character (U+001B) that does not print; retype the text"),
    ],
)
def test_control_and_direction_characters_are_refused_where_they_are(
    content_copy, character, message
):
    folder = content_copy(MINIMAL_CONTENT)
    organisation = folder / "organisation.yml"
    escaped = f"\\u{ord(character):04x}"
    edit(
        organisation,
        "tagline: {id: Sedikit kata, en: Few words}",
        f'tagline: {{id: Sedikit kata, en: "Few {escaped}words"}}',
    )
    with pytest.raises(InputError) as raised:
        load_content(folder)
    assert str(raised.value) == f"{organisation}:4:33: tagline.en: {message}"


# Pictures --------------------------------------------------------------------------------


def png_bomb(path: Path, width: int, height: int) -> None:
    """A valid PNG of a few hundred bytes whose header claims width × height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (width + 1) * 8, 9)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg(path: Path) -> bytes:
    Image.new("RGB", (300, 200), "navy").save(path, "JPEG")
    return path.read_bytes()


PICTURES = {
    "bomb.png": (
        lambda path: png_bomb(path, 50_000, 50_000),
        "'bomb.png' decodes to more than 50 million pixels; scale it down",
    ),
    "large.png": (
        lambda path: png_bomb(path, 10_000, 6_000),
        "'large.png' is 10,000 × 6,000 pixels (60 million); pictures may have at most 50 "
        "million pixels: scale it down",
    ),
    "cut.jpg": (
        lambda path: path.write_bytes(jpeg(path)[:-300]),
        "'cut.jpg' cannot be read as a picture: the file is damaged or incomplete; save it again",
    ),
    "photo.png": (
        lambda path: jpeg(path),
        "'photo.png' is a JPEG picture named as PNG: rename it to end in .jpg",
    ),
    "huge.svg": (
        lambda path: path.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg">' + "<rect/>" * 25_000 + "</svg>"
        ),
        "'huge.svg' has more than 20,000 elements; simplify it",
    ),
    "entities.svg": (
        lambda path: path.write_text(
            '<!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg">'
            "&a;</svg>"
        ),
        "'entities.svg' declares a DOCTYPE or entities, which brosur does not read; export it "
        "again",
    ),
}


@pytest.mark.parametrize("name", list(PICTURES))
def test_hostile_pictures_are_refused_before_they_are_decoded(content_copy, name):
    folder = content_copy()
    make, message = PICTURES[name]
    make(folder / name)
    theme, line = set_logo(folder, name)
    with pytest.raises(InputError) as raised:
        load_content(folder)
    assert str(raised.value) == f"{theme}:{line}:7: logo: {message}"


def test_a_decompression_bomb_is_refused_within_a_small_memory_bound(content_copy):
    """Decoding the bomb would take 2.5 GB; checking it must fit in 1 GiB of address space
    (WeasyPrint's and Python's own included)."""
    folder = content_copy()
    png_bomb(folder / "bomb.png", 50_000, 50_000)
    set_logo(folder, "bomb.png")
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
        "from brosur.content import load_content\n"
        "from brosur.problems import InputError\n"
        "try:\n"
        f"    load_content(__import__('pathlib').Path({str(folder)!r}))\n"
        "except InputError as error:\n"
        "    print(error)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().endswith(
        "logo: 'bomb.png' decodes to more than 50 million pixels; scale it down"
    )


# Found by the fuzz tests (test_fuzz.py), kept as plain cases.


def test_a_raw_control_character_in_a_file_is_named_where_it_is(tmp_path):
    path = tmp_path / "organisation.yml"
    path.write_text("name: Ringkas\ntagline: a\x1fb\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_yaml(path)
    assert str(raised.value) == (
        f"{path}:2:11: contains a control character (U+001F) that does not print; retype the text"
    )


def test_an_unknown_field_that_looks_like_markup_is_named_as_written(content_copy):
    folder = content_copy(MINIMAL_CONTENT)
    organisation = folder / "organisation.yml"
    edit(organisation, "contact: {}\n", "contact: {}\n'[': null\n")
    with pytest.raises(InputError) as raised:
        load_content(folder)
    (problem,) = raised.value.problems
    assert str(problem).startswith(f"{organisation}:16:1: [: unknown field '['")


def test_a_recipient_row_with_markup_and_template_syntax_prints_as_typed(tmp_path):
    from brosur.batch import build_batch

    recipients = tmp_path / "recipients.csv"
    recipients.write_text(
        'name,language,place\n"<b>Yayasan</b> {{ 7*7 }}",en,"<script>x</script>"\n',
        encoding="utf-8",
    )
    request = Request(MINIMAL_CONTENT, tmp_path / "output", ("factsheet",))
    _, (result,) = build_batch(request, recipients)
    assert isinstance(result, Built), result
    assert result.path.name == "b-yayasan-b-7-7.en.pdf"
    front = page_texts(result.path)[0]
    assert "<b>Yayasan</b> {{ 7*7 }}" in front and "<script>x</script>" in front
