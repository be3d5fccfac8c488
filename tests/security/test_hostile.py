"""Hostile content: every case gets a clear message, or is printed as plain text; nothing is
evaluated, fetched or decoded past a bound. (Paths and URLs for pictures:
tests/content/test_load.py.)"""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from brosur.content.load import load_content
from brosur.content.yamlsource import load_yaml
from brosur.errors import InputError
from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from tests.support.content import MINIMAL_CONTENT, edit, set_logo
from tests.support.pdftext import page_texts

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
        "from brosur.content.load import load_content\n"
        "from brosur.errors import InputError\n"
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


# Found by the fuzz tests (tests/content/test_fuzz.py), kept as plain cases.


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
    from brosur.jobs.copies import build_batch

    recipients = tmp_path / "recipients.csv"
    recipients.write_text(
        'name,language,place\n"<b>Yayasan</b> {{ 7*7 }}",en,"<script>x</script>"\n',
        encoding="utf-8",
    )
    request = Request(MINIMAL_CONTENT, tmp_path / "output", ("factsheet",))
    results = []
    build_batch(request, recipients, on_done=results.append)
    (result,) = results
    assert isinstance(result, Built), result
    assert result.path.name == "b-yayasan-b-7-7.en.pdf"
    front = page_texts(result.path)[0]
    assert "<b>Yayasan</b> {{ 7*7 }}" in front and "<script>x</script>" in front


# Files a content folder names -------------------------------------------------------------

SECRET = "root:$6$SECRET-HASH-THAT-MUST-NOT-LEAK:19000:0:99999:7:::"

OUTSIDE = "is outside the content folder; copy the file into it and give its path from there"
LEADS_OUT = "leads outside the content folder; copy the file into it and give its path from there"


def secret_file(tmp_path: Path) -> Path:
    """A file outside the content folder that no build may read, print or attach."""
    secret = tmp_path / "shadow"
    secret.write_text(f"{SECRET}\nname: {SECRET}\n", encoding="utf-8")
    return secret


def point_project_at(folder: Path, field: str, value: str) -> Path:
    project = folder / "brosur.yml"
    edit(project, "published:", f"{field}: '{value}'\npublished:")
    return project


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("theme", "{secret}", "'{secret}' " + OUTSIDE),
        ("organisation", "../shadow", "'../shadow' " + OUTSIDE),
        ("organisation", "..\\shadow", "'..\\\\shadow' " + OUTSIDE),  # as Python quotes it
        (
            "theme",
            "file://{secret}",
            "'file://{secret}' is blocked: brosur never fetches files "
            "from the network; save the file in the content folder and give its path",
        ),
        ("organisation", "linked.yml", "'linked.yml' " + LEADS_OUT),
        ("theme", "notes.txt", "'notes.txt' is not a YAML file; name a file ending in .yml"),
    ],
)
def test_content_files_must_be_yaml_inside_the_folder_and_are_never_echoed(
    content_copy, tmp_path, field, value, message
):
    folder = content_copy(MINIMAL_CONTENT)
    secret = secret_file(tmp_path)
    (folder / "linked.yml").symlink_to(secret)
    (folder / "notes.txt").write_text("name: x\n", encoding="utf-8")
    project = point_project_at(folder, field, value.format(secret=secret))
    with pytest.raises(InputError) as raised:
        load_content(folder)
    assert str(raised.value) == f"{project}:2:{len(field) + 3}: {field}: " + message.format(
        secret=secret
    )
    assert SECRET not in str(raised.value)


@pytest.mark.parametrize("linked", ["organisation.yml", "theme.yml", "brosur.yml"])
def test_a_default_content_file_linked_to_outside_is_refused_unread(content_copy, tmp_path, linked):
    folder = content_copy(MINIMAL_CONTENT)
    (folder / linked).unlink()
    (folder / linked).symlink_to(secret_file(tmp_path))
    with pytest.raises(InputError) as raised:
        load_content(folder)
    project = folder / "brosur.yml"
    expected = {
        "brosur.yml": f"{project}:1:1: brosur.yml leads outside the content folder; copy the "
        "file into it instead of linking to it",
        "organisation.yml": f"{project}:2:1: organisation: 'organisation.yml' {LEADS_OUT}",
        "theme.yml": f"{project}:2:1: theme: 'theme.yml' {LEADS_OUT}",
    }
    assert str(raised.value) == expected[linked]
    assert SECRET not in str(raised.value)


def test_a_linked_file_outside_the_folder_is_not_read_even_to_hash_it(content_copy, tmp_path):
    from brosur.jobs.editions import content_assets

    folder = content_copy(MINIMAL_CONTENT)
    (folder / "fifo").symlink_to("/dev/zero")  # reading it would never end
    (folder / "elsewhere.png").symlink_to(secret_file(tmp_path))
    (folder / "inside.png").write_bytes(b"x")
    content = load_content(folder)
    assert [path.name for path in content_assets(content) if path.suffix == ".png"] == [
        "inside.png"
    ]


# Markup through names --------------------------------------------------------------------

INJECTED_NAME = (
    "K</style><style>h1{display:none}</style><p>INJECTED <a href=https://evil.example/x>KLIK"
    "</a></p><style>"
)


@pytest.mark.slow
def test_markup_in_the_organisation_name_prints_as_typed_and_adds_no_page_or_link(
    content_copy, tmp_path
):
    folder = content_copy(MINIMAL_CONTENT)
    quoted = INJECTED_NAME.replace("'", "''")
    edit(folder / "organisation.yml", "name: Ringkas", f"name: '{quoted}'")
    clean = build(Request(MINIMAL_CONTENT, tmp_path / "clean", ("profile",), "id"))[0]
    (result,) = build(Request(folder, tmp_path / "output", ("profile",), "id"))
    assert isinstance(result, Built), result
    cover = page_texts(result.path)[0]
    assert INJECTED_NAME.replace(" ", "") in cover.replace(" ", "")  # lines break at spaces
    assert result.pages == clean.pages
    assert link_targets(result.path) == link_targets(clean.path)


@pytest.mark.parametrize(
    "text",
    ["</style>", "</script>", '"', "'", "\\", ";}", "\n} h1 { display: none }", "\x85\u2028"],
)
def test_css_strings_cannot_end_the_string_the_rule_or_the_style_element(text):
    from brosur.render.html import css_string

    quoted = str(css_string(f"a{text}b"))
    body = quoted[1:-1]
    for dangerous in ('"', "'", "<", ">", ";", "{", "}", "\n", "\x85", "\u2028"):
        assert dangerous not in body, (text, quoted)
    assert quoted.startswith('"a') and quoted.endswith('b"')


# Lengths and time ------------------------------------------------------------------------


def organisation_with(content_copy, old: str, new: str) -> Path:
    folder = content_copy(MINIMAL_CONTENT)
    edit(folder / "organisation.yml", old, new)
    return folder


VISION = "vision: {id: Jelas., en: Clear.}"
MISSION = "mission: {id: Singkat., en: Brief.}"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            VISION,
            "vision: {id: '" + "abcd " * 4_800 + "', en: Clear.}",
            "10:14: vision.id: 24,000 characters; at most 600 fit here (about 100 words): "
            "shorten it",
        ),
        (
            MISSION,
            'mission: {id: "' + "- item\\n" * 500 + '", en: Brief.}',
            "11:15: mission.id: 3,500 characters; at most 3,000 fit here (about 500 words): "
            "shorten it",
        ),
        (
            MISSION,
            'mission: {id: "' + "- a\\n" * 500 + '", en: Brief.}',
            "11:15: mission.id: has 500 paragraphs and list items; a text may have at most 60: "
            "join short ones, or shorten the list",
        ),
        (
            MISSION,
            "mission: {id: '" + "kata " * 380_000 + "', en: Brief.}",
            "11:15: mission.id: 1,900,000 characters; at most 3,000 fit here (about 500 "
            "words): shorten it",
        ),
        (
            VISION,
            "vision: {id: " + "a" * 3_000 + ", en: Clear.}",
            "10:14: vision.id: 3,000 characters; at most 600 fit here (about 100 words): "
            "shorten it",
        ),
        (
            MISSION,
            "mission: {id: " + "a" * 3_000 + ", en: Brief.}",
            "11:15: mission.id: has a word of 3,000 characters without a space "
            "('aaaaaaaaaaaaaaaaaaaa'…); no line holds more than 100: add spaces or shorten it",
        ),
        (
            "name: Ringkas",
            "name: " + "R" * 160,
            "2:7: name: 160 characters; at most 150 fit here (about 25 words): shorten it",
        ),
        (
            "strategies:\n",
            "keywords: [" + ", ".join(["{id: a, en: b}"] * 21) + "]\nstrategies:\n",
            "12:11: keywords: 21 items, but at most 20 fit here: a few precise keywords find a "
            "PDF better than many; keep the words people would search for.",
        ),
    ],
)
def test_texts_longer_than_their_role_are_refused_before_layout(content_copy, old, new, expected):
    folder = organisation_with(content_copy, old, new)
    with pytest.raises(InputError) as raised:
        load_content(folder)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{folder / 'organisation.yml'}:{expected}"
    ]


def test_a_pdf_past_its_time_budget_fails_by_name_keeps_its_old_version_and_the_rest_go_on(
    tmp_path,
):
    output = tmp_path / "output"
    request = Request(MINIMAL_CONTENT, output, ("factsheet",), "id")
    (first,) = build(request)
    old = first.path.read_bytes()
    results = build(
        Request(MINIMAL_CONTENT, output, ("factsheet", "brochure"), "id", force=True, timeout=1e-3)
    )
    assert [result.path.name for result in results] == ["factsheet.id.pdf", "brochure.id.pdf"]
    for result in results:
        assert result.message == (
            "stopped after 0.001 s, its time budget: the content is too long to lay out in "
            "reasonable time; shorten its longest texts, or allow more time with --timeout 300"
        )
    assert first.path.read_bytes() == old
    assert not (output / "brochure.id.pdf").exists()
    assert not list(output.glob(".*.tmp"))


def test_the_time_budget_stops_a_task_that_never_ends_and_the_process_goes_on():
    from brosur.jobs.outcomes import Refused
    from brosur.jobs.workers import within

    def forever() -> dict:
        while True:
            pass

    assert within(0.2, forever) == Refused(
        "stopped after 0.2 s, its time budget: the content is too long to lay out in "
        "reasonable time; shorten its longest texts, or allow more time with --timeout 300"
    )
    assert within(0.2, sorted, [2, 1]) == [1, 2]


@pytest.mark.slow
def test_a_long_word_and_a_long_web_address_wrap_inside_every_document(content_copy, tmp_path):
    word = "a" * 100
    address = "https://example.org/" + "laporan-tahunan/" * 4 + "2026"
    folder = organisation_with(content_copy, VISION, f"vision: {{id: {word}, en: Clear.}}")
    edit(folder / "organisation.yml", MISSION, f"mission: {{id: '<{address}>', en: Brief.}}")
    for result in build(Request(folder, tmp_path / "output", language="id")):
        assert isinstance(result, Built), result
        text = "".join(" ".join(page_texts(result.path)).split())
        assert word in text, result.path.name
        if result.edition.document.name != "factsheet" or address in text:
            continue
    profile = tmp_path / "output" / "profile.id.pdf"
    assert address in "".join(" ".join(page_texts(profile)).split())


# Links and addresses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "info@example.org?bcc=spy@evil.example&subject=Hi",
        "info@example.org?bcc=spy%40evil.example",
        "info@example.org&cc=spy@evil.example",
        "info@example.org\nBcc: spy@evil.example",
        "info@example",
        "<info@example.org>",
    ],
)
def test_an_email_address_with_anything_after_it_is_refused(content_copy, email):
    folder = organisation_with(content_copy, "contact: {}", f"contact: {{email: {email!r}}}")
    with pytest.raises(InputError) as raised:
        load_content(folder)
    assert str(raised.value).endswith(
        "contact.email: write only an e-mail address, such as info@example.org (no spaces, "
        "and nothing after it such as ?subject= or ?bcc=)"
    )


@pytest.mark.parametrize(
    ("summary", "links"),
    [
        ("[here](#)", "the link '#' is"),
        ("[site](example.org)", "the link 'example.org' is"),
        ("[call](tel:+62211234)", "the link 'tel:+62211234' is"),
        (
            "[x](#top) <mailto:a@b.org?bcc=c@d.org>",
            "the links '#top', 'mailto:a@b.org?bcc=c@d.org' are",
        ),
    ],
)
def test_a_link_no_reader_can_follow_is_named_with_its_file_line_and_field(
    content_copy, summary, links
):
    folder = organisation_with(
        content_copy,
        "summary: {id: Yayasan kecil., en: A small foundation.}",
        f"summary: {{id: Yayasan kecil., en: '{summary}'}}",
    )
    with pytest.raises(InputError) as raised:
        load_content(folder)
    assert str(raised.value) == (
        f"{folder / 'organisation.yml'}:5:35: summary.en: {links} neither a web address nor an "
        "e-mail address: write a full address such as https://example.org/about or "
        "mailto:info@example.org (with nothing after the e-mail address), or remove the link"
    )


def test_data_links_of_every_kind_stay_plain_text(content_copy, tmp_path):
    text = "[png](data:image/png;base64,iVBORw0KGgo=) [html](data:text/html,x) [js](JavaScript:x)"
    pdf = english_sheet_with_summary(content_copy, tmp_path, text)
    assert link_targets(pdf) == []
    assert "[png](data:image/png;base64,iVBORw0KGgo=)" in "".join(page_texts(pdf)[0].split())


def test_a_refused_character_does_not_hide_the_other_problems_in_its_file(content_copy):
    folder = content_copy(MINIMAL_CONTENT)
    organisation = folder / "organisation.yml"
    edit(
        organisation,
        "tagline: {id: Sedikit kata, en: Few words}",
        'tagline: {id: Sedikit kata, en: "Few \\u202ewords"}\ncolour: red',
    )
    edit(organisation, VISION, "vision: {id: Jelas.}")
    with pytest.raises(InputError) as raised:
        load_content(folder)
    assert [str(problem).removeprefix(f"{organisation}:") for problem in raised.value.problems] == [
        "4:33: tagline.en: contains an invisible direction mark (U+202E) that can make the "
        "text display in another order than it reads; retype the text",
        "5:1: colour: unknown field 'colour'; allowed here: name, short_name, full_name, tagline, "
        "founded, summary, background, history, vision, mission, strategies, facts, "
        "key_figures, contact, sources, keywords, programmes, figures, partners, team, photos",
        "11:9: vision.en: English text is missing",
    ]
