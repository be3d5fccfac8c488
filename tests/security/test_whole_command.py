"""Hostile content end to end: the whole `build.py` in its own process, as staff would run it,
for every case the hostile tests name one by one (test_hostile.py, test_hostile_svg.py).

Each case asserts what a user and an attacker would see: the documented exit code, no
traceback, not one byte of a file outside the content folder in the messages or in any file
written, nothing written outside the output folder, and the previous PDF kept whole whenever
the build fails. A second test puts markup into every text field the schema has (a list made
from the schema, not by hand) and proves each prints as typed without adding a page or a link.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from brosur.content.checks import content_strings
from brosur.content.load import load_content
from brosur.content.yamlsource import load_yaml
from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from brosur.paths import PROJECT_ROOT
from tests.support.content import EXAMPLE_CONTENT, MINIMAL_CONTENT, edit

# Every case runs build.py in its own process: the whole suite takes minutes.
pytestmark = pytest.mark.slow

SECRET = "SECRET-0f3a9c-must-never-leave-its-file"
RAW = re.compile(r"Pango-|Failed to render|CRITICAL")
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


@dataclass(frozen=True)
class Case:
    """A hostile change to a copy of the shortest content, and the exit code it must give."""

    break_content: Callable[[Path, Path], None]  # (content folder, secret file)
    exit_code: int
    arguments: tuple[str, ...] = ()
    selection: tuple[str, ...] = ("factsheet", "--lang", "id")  # what to build
    # What the command must say, word for word: {theme} is the theme file, {line} the line
    # of its logo (written last).
    says: str = ""


def _organisation(old: str, new: str) -> Callable[[Path, Path], None]:
    return lambda folder, secret: edit(folder / "organisation.yml", old, new)


def _project(field: str, value: str) -> Callable[[Path, Path], None]:
    def change(folder: Path, secret: Path) -> None:
        edit(
            folder / "brosur.yml",
            "published:",
            f"{field}: '{value.format(secret=secret)}'\npublished:",
        )

    return change


def _linked(name: str) -> Callable[[Path, Path], None]:
    def change(folder: Path, secret: Path) -> None:
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(secret)
        if name.endswith(".png"):
            _logo(folder, name)

    return change


def _svg_logo(body: str, viewbox: str = "0 0 10 10") -> Callable[[Path, Path], None]:
    def change(folder: Path, secret: Path) -> None:
        (folder / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="{viewbox}">{body.format(secret=secret)}</svg>',
            encoding="utf-8",
        )
        _logo(folder, "logo.svg")

    return change


def _nested(depth: int) -> str:
    """Groups nested `depth` deep around a square: 5,000 make a logo of 35 KB."""
    return "<g>" * depth + '<rect width="10" height="10" fill="#c8702a"/>' + "</g>" * depth


def _logo(folder: Path, name: str) -> None:
    with open(folder / "theme.yml", "a", encoding="utf-8") as theme:
        theme.write(f"logo: {name}\n")


def _billion_laughs(folder: Path, secret: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [
        f"{b}: &{b} [" + ", ".join([f"*{a}"] * 9) + "]"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    (folder / "organisation.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


VISION = "vision: {id: Jelas., en: Clear.}"
LOGO = "{theme}:{line}:7: logo: 'logo.svg' "
TOO_DEEP = (
    LOGO + "has elements nested more than 500 deep, more than brosur can draw; ungroup them in "
    "a drawing program and export it again"
)
UNDRAWN = (
    "logo ({theme}:{line}): 'logo.svg' could not be drawn, so the PDF would print a blank in "
    "its place: open it in a drawing program and export it again as plain SVG"
)
SUMMARY = "summary: {id: Yayasan kecil., en: A small foundation.}"

CASES = {
    "organisation file outside": Case(_project("organisation", "../outside/secret.yml"), 2),
    "theme file by absolute path": Case(_project("theme", "{secret}"), 2),
    "organisation file linked out": Case(_linked("organisation.yml"), 2),
    "theme file linked out": Case(_linked("theme.yml"), 2),
    "logo linked out": Case(_linked("logo.png"), 2),
    "svg image of a local file": Case(_svg_logo('<image href="file://{secret}"/>'), 2),
    "svg xlink image of a local file": Case(_svg_logo('<image xlink:href="{secret}"/>'), 2),
    "svg image from the network": Case(_svg_logo('<image href="http://127.0.0.1:9/x.png"/>'), 2),
    # Issue 23: an SVG WeasyPrint cannot draw, or draws invisibly, fails by name.
    "svg of 5,000 nested groups": Case(_svg_logo(_nested(5000)), 2, says=TOO_DEEP),
    "svg of 1,000 nested groups": Case(_svg_logo(_nested(1000)), 2, says=TOO_DEEP),
    "svg of 300 nested groups": Case(_svg_logo(_nested(300)), 0),
    "svg text of font-size 1e30": Case(
        _svg_logo('<text font-size="1e30">K</text>'),
        2,
        says=LOGO + 'sets font-size="1e30" on a <text>, which sets its text 1e+30 units high, '
        "larger than can be set (at most 1,000,000); correct it and export it again",
    ),
    "svg of a circle in a viewBox of 1e9": Case(
        _svg_logo('<circle cx="5" cy="5" r="5"/>', "0 0 1e9 1e9"),
        2,
        says=LOGO + "draws nothing visible at the size it prints: its viewBox is 1,000,000,000 "
        "units wide, so that one unit prints too small for a PDF to place (at most 1,000,000 "
        "units); export it again at its real size",
    ),
    "svg that fails as it is drawn": Case(
        _svg_logo('<rect transform="rotate()" width="10" height="10"/>'), 1, says=UNDRAWN
    ),
    "svg that fails as it is drawn, checked": Case(
        _svg_logo('<rect transform="rotate()" width="10" height="10"/>'),
        1,
        selection=("check", "factsheet", "--lang", "id"),
        says=UNDRAWN,
    ),
    "svg text Pango cannot set": Case(
        _svg_logo(
            "<style>text {{ font-size: 3000em }}</style>"
            '<g font-size="1000"><text y="8" font-family="Inter">K</text></g>'
        ),
        1,
        says="logo ({theme}:{line}): 'logo.svg' has a text that cannot be set (Pango: "
        "pango_font_description_set_size: assertion 'size >= 0' failed): check its font sizes "
        "and export it again",
    ),
    "markup in the name": Case(
        _organisation(
            "name: Ringkas",
            "name: 'K</style><style>h1{display:none}</style><p>INJECTED <a "
            "href=https://evil.example/x>KLIK</a></p><style>'",
        ),
        0,
    ),
    "a 3,000-letter word": Case(_organisation(VISION, f"vision: {{id: {'a' * 3000}, en: x}}"), 2),
    "a 24 KB vision": Case(_organisation(VISION, f"vision: {{id: '{'kata ' * 4800}', en: x}}"), 2),
    "a 1.9 MB text": Case(
        _organisation(VISION, f"vision: {{id: '{'kata ' * 380_000}', en: x}}"), 2
    ),
    "500 list items": Case(
        _organisation(
            VISION, 'vision: {id: x, en: x}\nbackground: {id: "' + "- a\\n" * 500 + '", en: x}'
        ),
        2,
    ),
    "an e-mail with a hidden copy": Case(
        _organisation("contact: {}", "contact: {email: 'a@b.org?bcc=spy@evil.example&subject=x'}"),
        2,
    ),
    "a link to nowhere": Case(_organisation(SUMMARY, "summary: {id: '[x](#)', en: x}"), 2),
    "a data: link": Case(
        _organisation(SUMMARY, "summary: {id: '[x](data:image/png;base64,iVBORw0KGgo=)', en: x}"),
        0,
    ),
    "direction marks and other problems": Case(
        _organisation(VISION, 'vision: {id: "\\u202eJelas", en: Clear.}\ncolour: red'), 2
    ),
    "billion laughs": Case(_billion_laughs, 2),
    "a PDF past its time budget": Case(lambda folder, secret: None, 1, ("--timeout", "0.001")),
    "a recipient name of 300 bytes": Case(
        lambda folder, secret: (folder / "donors.csv").write_text(
            "name,language\n" + "\u1ea1" * 100 + ",en\nAni,id\n", encoding="utf-8"
        ),
        0,
        ("--recipients", "{content}/donors.csv", "--jobs", "1"),
        ("factsheet",),  # each row's language column chooses its edition
    ),
}


@pytest.fixture(scope="module")
def good_output(tmp_path_factory) -> Path:
    """The shortest content's Indonesian fact sheet, built once: the PDF each case must keep."""
    output = tmp_path_factory.mktemp("good") / "output"
    (result,) = build(Request(MINIMAL_CONTENT, output, ("factsheet",), "id"))
    assert isinstance(result, Built), result
    return output


def files_below(folder: Path, leave_out: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in folder.rglob("*")
        if not path.is_relative_to(leave_out)
    }


def secret_in_pdf(pdf: Path) -> bool:
    """Whether the secret is anywhere in a PDF: its bytes, inflated streams, text, attachments."""
    data = pdf.read_bytes()
    if SECRET.encode() in data:
        return True
    reader = PdfReader(pdf)
    texts = [page.extract_text() for page in reader.pages]
    texts += [str(reader.metadata or "")]
    attachments = [content for files in reader.attachments.values() for content in files]
    streams = list(_inflated(data))
    return any(SECRET in text for text in texts) or any(
        SECRET.encode() in blob for blob in attachments + streams
    )


def _inflated(data: bytes):
    """Every compressed stream of a PDF, inflated."""
    for start in range(len(data)):
        if data.startswith(b"stream", start):
            body = data[start + 6 :].lstrip(b"\r\n")
            try:
                yield zlib.decompressobj().decompress(body)
            except zlib.error:
                continue


@pytest.mark.parametrize("name", CASES)
def test_hostile_content_through_the_whole_command(name, tmp_path, good_output):
    case = CASES[name]
    content, output, outside = tmp_path / "content", tmp_path / "output", tmp_path / "outside"
    shutil.copytree(MINIMAL_CONTENT, content)
    shutil.copytree(good_output, output)
    outside.mkdir()
    secret = outside / "secret.yml"
    secret.write_text(f"# {SECRET}\nname: {SECRET}\n", encoding="utf-8")
    case.break_content(content, secret)
    old_pdf = (output / "factsheet.id.pdf").read_bytes()
    before = files_below(tmp_path, output)

    ran = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "build.py"),
            *case.selection,
            "--variant",
            "all",
            "--content",
            str(content),
            "--output",
            str(output),
            *(argument.format(content=content) for argument in case.arguments),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "default"},
    )

    said = ran.stdout + ran.stderr
    assert ran.returncode == case.exit_code, said
    assert "Traceback" not in said and SECRET not in said, said
    assert not RAW.search(said), said  # WeasyPrint's and Pango's own lines are never shown
    if case.says:
        theme = content / "theme.yml"
        lines = theme.read_text(encoding="utf-8").count("\n")
        assert case.says.format(theme=theme, line=lines) in said, said
    assert files_below(tmp_path, output) == before  # nothing written outside the output
    for pdf in output.rglob("*.pdf"):
        assert not secret_in_pdf(pdf), pdf
    if case.exit_code != EXIT_OK:
        assert (output / "factsheet.id.pdf").read_bytes() == old_pdf
    assert not list(output.rglob(".*.tmp"))


# Markup in every text field ---------------------------------------------------------------

HOSTILE = "</style></script>\"'\\ ;}"
BENIGN = "xxxxxxxxxxxxxxxxxxxxxx xx"  # as long, with the space in the same place


def _every_text_field() -> list[tuple]:
    """The path of every text the example organisation holds (every field brosur knows, in
    both languages), found by walking the validated content: none is picked by hand. An
    e-mail address is left out: it must be an address (test_hostile.py refuses markup in it)."""
    organisation = load_content(EXAMPLE_CONTENT).organisation
    return [path for path, _ in content_strings(organisation) if not set(path) & NOT_TEXTS]


# Strings that are not texts but choices and codes: which language only, a figure's kind, a
# currency. (Markup in them is refused as any wrong choice is: test_messages.py.)
NOT_TEXTS = {"email", "only", "kind", "currency"}


def _with_every_text(folder: Path, text: str) -> dict[str, tuple]:
    """Write `text`, marked with a number, into every text field; return {marker: path}."""
    data, _ = load_yaml(folder / "organisation.yml")
    markers = {}
    for number, path in enumerate(_every_text_field()):
        marker = f"Q{number:03d}"
        _set(data, path, marker + text)
        markers[marker] = path
    import yaml

    (folder / "organisation.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return markers


def _set(data, path: tuple, value: str) -> None:
    """Set the value at `path`; a name written once for both languages is written per
    language first, so each language gets its own marker, and a partner written as its name
    alone as `name:`."""
    *parents, last = path
    for index, part in enumerate(parents):
        if isinstance(data[part], str):
            written = data[part]
            inner = (*parents, last)[index + 1]
            data[part] = (
                {"name": written} if inner == "name" else dict.fromkeys(("id", "en"), written)
            )
        data = data[part]
    data[last] = value


def _printed(pdf: Path) -> str:
    """Everything a reader can find in the PDF, spaces and quote styles aside: its text and
    its metadata (title, author, keywords)."""
    # In the order the PDF draws its text (pypdf), which keeps a line broken in a narrow
    # column with its next line; pdfium orders by height, mixing side-by-side columns.
    reader = PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join([*pages, *map(str, (reader.metadata or {}).values())])
    for curly, straight in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")):
        text = text.replace(curly, straight)
    return "".join(text.split())


def _links(pdf: Path) -> list[str]:
    return sorted(
        str(annotation.get_object()["/A"].get("/URI", annotation.get_object()["/A"].get("/D")))
        for page in PdfReader(pdf).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    )


def _structure(html: str) -> list:
    """The shape of an HTML document as WeasyPrint's own HTML and CSS parsers read it:
    every element with its attribute names, class and link, and every stylesheet as its
    tokens, with the text of strings and of elements left out."""
    import tinycss2
    import tinyhtml5

    shape = []
    for element in tinyhtml5.parse(html).iter():
        attributes = element.attrib
        shape.append(
            (
                element.tag,
                sorted(attributes),
                attributes.get("class"),
                attributes.get("href"),
                attributes.get("src"),
            )
        )
        if element.tag.endswith("style"):
            tokens = tinycss2.parse_stylesheet(element.text or "", True, True)
            shape.append([token.type for token in _tokens(tokens)])
    return shape


def _tokens(tokens):
    for token in tokens:
        yield token
        for part in ("prelude", "content", "arguments", "value"):
            inner = getattr(token, part, None)
            if isinstance(inner, list):
                yield from _tokens(inner)


def test_markup_in_every_text_field_prints_as_typed_and_changes_no_structure(tmp_path):
    from brosur.jobs.pipeline import plan
    from brosur.paths import TEMPLATES
    from brosur.render.html import Renderer

    folders, markers = {}, {}
    for kind, text in (("hostile", HOSTILE), ("benign", BENIGN)):
        folders[kind] = tmp_path / kind
        shutil.copytree(EXAMPLE_CONTENT, folders[kind])
        markers = _with_every_text(folders[kind], text)
    renderer = Renderer(TEMPLATES)
    contents = {kind: load_content(folder) for kind, folder in folders.items()}
    # The same elements, attributes, links and style rules, whatever the text holds.
    for edition in plan(contents["hostile"], Request(folders["hostile"], tmp_path)):
        hostile, benign = (
            renderer.render(contents[kind], edition).replace(str(folder), "CONTENT")
            for kind, folder in folders.items()
        )
        assert _structure(hostile) == _structure(benign), edition.name
    found = set()
    # Every document side by side, and the English profile: a chart's labels print in one
    # language, the edition's first.
    results = build(Request(folders["hostile"], tmp_path / "output", language="id-en"))
    results += build(Request(folders["hostile"], tmp_path / "output", ("profile",), "en"))
    for result in results:
        assert isinstance(result, Built), result
        printed = _printed(result.path)
        assert not [link for link in _links(result.path) if "evil" in link or "javascript" in link]
        for marker in markers:  # labels may be set in capitals: compare without case
            if marker.casefold() in printed.casefold():
                typed = (marker + "".join(HOSTILE.split())).casefold()
                assert typed in printed.casefold(), (marker, markers[marker])
                found.add(marker)
    # Alternative texts are not printed: they are the pictures' and charts' descriptions.
    not_printed = {marker for marker, path in markers.items() if "alt" in path}
    assert set(markers) - not_printed - found == set(), {
        markers[marker] for marker in set(markers) - not_printed - found
    }
