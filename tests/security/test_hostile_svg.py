"""Pictures inside SVG pictures: each is checked as a picture named in content is, or refused
by name; and a picture refused while a PDF is drawn fails that PDF. An SVG WeasyPrint cannot
draw, or draws invisibly, is refused by name when the content is read, or fails its PDF by the
field that names it when it is drawn (issue 23). (The SVG itself, its size, elements and
entities: test_hostile.py; the whole command: test_whole_command.py.)"""

from __future__ import annotations

import base64
import io
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from brosur.content.load import load_content
from brosur.content.pictures import picture_problem
from brosur.errors import BuildError, InputError, PreflightError
from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from brosur.paths import PROJECT_ROOT
from brosur.pdf.options import PdfOptions
from brosur.pdf.writer import write_pdf
from brosur.printing import NamedPicture
from tests.support.content import set_logo


def svg(body: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="120" height="60">{body}</svg>'
    )


def data_url(kind: str, data: bytes) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@cache
def large_png() -> bytes:
    """A whole, valid 12000 × 12000 PNG (144 million pixels, 348 MB to decode) of 140 KB."""
    header = struct.pack(">IIBBBBB", 12_000, 12_000, 8, 0, 0, 0, 0)
    packer, row = zlib.compressobj(9), b"\x00" * 12_001
    pixels = b"".join(packer.compress(row) for _ in range(12_000)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def small_png() -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (40, 20), "crimson").save(stream, "PNG")
    return stream.getvalue()


def beside(name: str, make: Callable[[], bytes]) -> Callable[[Path], int]:
    """Put a file in the content folder, beside the logo."""
    return lambda folder: (folder / name).write_bytes(make())


def outside_with_a_link(folder: Path) -> None:
    """A picture just outside the content folder, and a symlink to it inside."""
    (folder.parent / "secret.png").write_bytes(small_png())
    (folder / "photo.png").symlink_to(folder.parent / "secret.png")


OUTSIDE = "outside the content folder; embed the picture in the SVG or put it in the content folder"
DOCTYPE = "declares a DOCTYPE or entities, which brosur does not read; export it again"
BOMB = "decodes to more than 50 million pixels; scale it down"
ENTITIES_SVG = '<!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]>' + svg("&a;")
PASSWD_SVG = svg('<image href="file:///etc/passwd"/>')

# name: (the logo's SVG, what else the content folder holds, the message after 'logo.svg')
CASES = {
    "file URL": (
        svg('<image href="file:///etc/passwd" width="10" height="10"/>'),
        None,
        f"refers to 'file:///etc/passwd', {OUTSIDE}",
    ),
    "local network": (
        svg('<image href="http://127.0.0.1:9/x.png" width="10" height="10"/>'),
        None,
        f"refers to 'http://127.0.0.1:9/x.png', {OUTSIDE}",
    ),
    "xlink:href": (
        svg('<image xlink:href="file:///etc/passwd" width="10" height="10"/>'),
        None,
        f"refers to 'file:///etc/passwd', {OUTSIDE}",
    ),
    "absolute path": (
        svg('<image href="/etc/passwd"/>'),
        None,
        f"refers to '/etc/passwd', {OUTSIDE}",
    ),
    "symlink out": (
        svg('<image href="photo.png"/>'),
        outside_with_a_link,
        f"refers to 'photo.png', {OUTSIDE}",
    ),
    "percent-encoded ..": (
        svg('<image href="..%2Fsecret.png"/>'),
        lambda folder: (folder.parent / "secret.png").write_bytes(small_png()),
        f"refers to '..%2Fsecret.png', {OUTSIDE}",
    ),
    "nested SVG with a DOCTYPE": (
        svg(f'<image href="{data_url("image/svg+xml", ENTITIES_SVG.encode())}"/>'),
        None,
        f"has a picture written into it (data:image/svg+xml) that {DOCTYPE}",
    ),
    "nested SVG naming a file URL": (
        svg(f'<image xlink:href="{data_url("image/svg+xml", PASSWD_SVG.encode())}"/>'),
        None,
        "has a picture written into it (data:image/svg+xml) that refers to 'file:///etc/passwd', "
        f"{OUTSIDE}",
    ),
    "144 Mpx PNG written into it": (
        svg(f'<image href="{data_url("image/png", large_png())}"/>'),
        None,
        f"has a picture written into it (data:image/png) that {BOMB}",
    ),
    "144 Mpx PNG beside it": (
        svg('<image href="large.png"/>'),
        beside("large.png", large_png),
        f"refers to 'large.png', which {BOMB}",
    ),
    "144 Mpx PNG beside it, by xlink:href": (
        svg('<image xlink:href="large.png"/>'),
        beside("large.png", large_png),
        f"refers to 'large.png', which {BOMB}",
    ),
    "<use href> to another file": (
        svg('<use href="shapes.svg#star"/>'),
        beside("shapes.svg", lambda: svg('<path id="star" d="M0 0 L5 5 Z"/>').encode()),
        "refers to 'shapes.svg#star' in a <use> element, where only parts of the same SVG can "
        "be used; copy that part into it",
    ),
    "<use xlink:href> to a file URL": (
        svg('<use xlink:href="file:///etc/passwd#x"/>'),
        None,
        "refers to 'file:///etc/passwd#x' in a <use> element, where only parts of the same SVG "
        "can be used; copy that part into it",
    ),
    "CSS url() in a style attribute": (
        svg('<rect width="10" height="10" style="fill: url(file:///etc/passwd)"/>'),
        None,
        "refers to 'file:///etc/passwd' in its CSS, where only parts of the same SVG "
        "(url(#name)) can be named; remove it",
    ),
    "CSS href in a style attribute": (
        svg('<image width="10" height="10" style="href: file:///etc/passwd"/>'),
        None,
        "sets 'href' in its CSS, which brosur does not allow; write it as an attribute",
    ),
    "@font-face in a <style>": (
        svg("<style>@font-face { font-family: X; src: url(x.woff2) }</style>"),
        None,
        "loads a font with @font-face, which brosur does not allow; convert its text to paths "
        "(outlines)",
    ),
    "<image> inside <foreignObject>": (
        svg(
            '<foreignObject width="10" height="10"><image xmlns="http://www.w3.org/1999/xhtml" '
            'href="file:///etc/passwd"/></foreignObject>'
        ),
        None,
        f"refers to 'file:///etc/passwd', {OUTSIDE}",
    ),
    "xml:base": (
        svg('<image xml:base="file:///etc/" href="passwd"/>'),
        None,
        "uses xml:base, which brosur does not read; remove it",
    ),
}


@pytest.mark.parametrize(("logo", "make", "expected"), CASES.values(), ids=CASES.keys())
def test_pictures_inside_an_svg_are_checked_or_refused_by_name(content_copy, logo, make, expected):
    folder = content_copy()
    (folder / "logo.svg").write_text(logo, encoding="utf-8")
    if make:
        make(folder)
    theme, line = set_logo(folder, "logo.svg")
    with pytest.raises(InputError) as raised:
        load_content(folder)
    assert str(raised.value) == f"{theme}:{line}:7: logo: 'logo.svg' {expected}"


def image_sizes(pdf: Path) -> list[tuple[int, int]]:
    """The pictures drawn in a PDF (in SVGs: inside form XObjects), as width × height."""

    def found(resources) -> list[tuple[int, int]]:
        objects = (resources or {}).get("/XObject")
        sizes = []
        for item in objects.get_object().values() if objects else ():
            item = item.get_object()
            if item["/Subtype"] == "/Image":
                sizes.append((item["/Width"], item["/Height"]))
            elif item["/Subtype"] == "/Form":
                sizes += found(item.get("/Resources"))
        return sizes

    return [size for page in PdfReader(pdf).pages for size in found(page.get("/Resources"))]


@pytest.mark.parametrize("where", ["written into it", "beside it"])
def test_an_svg_logo_with_a_small_picture_in_it_builds_and_draws_it(content_copy, tmp_path, where):
    """What Illustrator and Inkscape export: a PNG embedded as a data: URL (or linked)."""
    folder = content_copy()
    (folder / "mark.png").write_bytes(small_png())
    href = data_url("image/png", small_png()) if where == "written into it" else "mark.png"
    logo = svg(f'<image width="120" height="60" href="{href}"/>')
    (folder / "logo.svg").write_text(logo, encoding="utf-8")
    set_logo(folder, "logo.svg")
    (result,) = build(Request(folder, tmp_path / "output", ("factsheet",), "en"))
    assert isinstance(result, Built), result
    assert result.warnings == []
    assert image_sizes(result.path)


@pytest.mark.parametrize("where", ["written into it", "beside it"])
def test_a_144_megapixel_picture_in_an_svg_is_refused_within_a_small_memory_bound(
    content_copy, tmp_path, where
):
    """Decoding it would take 348 MB; the whole build, as a user runs it, must refuse it in
    1 GiB of address space, and print the message and nothing else (no Pillow warning)."""
    folder = content_copy()
    (folder / "large.png").write_bytes(large_png())
    href = data_url("image/png", large_png()) if where == "written into it" else "large.png"
    (folder / "logo.svg").write_text(svg(f'<image href="{href}"/>'), encoding="utf-8")
    theme, line = set_logo(folder, "logo.svg")
    arguments = ["factsheet", "--lang", "en", "--jobs", "1", "--content", str(folder)]
    arguments += ["--output", str(tmp_path / "output")]
    script = (
        "import resource, runpy, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
        f"sys.argv = ['build.py', *{arguments!r}]\n"
        f"runpy.run_path({str(PROJECT_ROOT / 'build.py')!r}, run_name='__main__')\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    picture = (
        "has a picture written into it (data:image/png) that"
        if where == "written into it"
        else "refers to 'large.png', which"
    )
    assert (ran.returncode, ran.stderr) == (
        2,
        f"{theme}:{line}:7: logo: 'logo.svg' {picture} {BOMB}\n"
        "1 problem found; no PDF was written.\n",
    )


INLINE = svg('<image href="file:///etc/passwd" width="10" height="10"/>')


@pytest.mark.parametrize(
    ("html", "logo", "refused"),
    [
        ('<img src="logo.svg">', PASSWD_SVG, "file:///etc/passwd"),
        (INLINE, None, "file:///etc/passwd"),
        (
            '<img src="logo.svg">',
            svg(f'<image href="{data_url("image/png", large_png())}"/>'),
            f"{data_url('image/png', large_png())[:40]}… ({BOMB})",
        ),
    ],
    ids=["file URL in an SVG file", "file URL in an inline SVG", "144 Mpx PNG in an SVG file"],
)
def test_a_picture_refused_while_an_svg_is_drawn_fails_the_pdf(tmp_path, html, logo, refused):
    """Past the check made when content is read (here, HTML straight to the PDF layer), the
    fetcher's refusal still fails the PDF, and again for the next PDF of the same process,
    whose SVG and pictures WeasyPrint takes from its image cache."""
    if logo:
        (tmp_path / "logo.svg").write_text(logo, encoding="utf-8")
    target = tmp_path / "out.pdf"
    for _ in range(2):
        with pytest.raises(BuildError) as raised:
            write_pdf(html, target, PdfOptions(base=tmp_path, roots=(tmp_path,), max_pages=1))
        assert str(raised.value) == (
            f"refused to load {refused}: only files inside the project can be used"
        )
    assert not target.exists()


# SVGs WeasyPrint cannot draw, or draws invisibly (issue 23) ----------------------------------


def drawing(body: str, root: str = 'viewBox="0 0 10 10"') -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" {root}>{body}</svg>'


def nested(depth: int, group: str = "<g>", inside: str = "") -> str:
    """A square (or what is `inside`) in `depth` groups nested in one another: 5,000 groups
    make 35 KB."""
    inside = inside or '<rect width="10" height="10" fill="#c8702a"/>'
    return drawing(group * depth + inside + "</g>" * depth)


def inside(svg: str) -> str:
    """An SVG written into another, as drawing programs embed a picture."""
    return f'<image width="10" height="10" href="{data_url("image/svg+xml", svg.encode())}"/>'


def use_chain(length: int) -> str:
    """A <use> of a group that holds a <use> of the next group, `length` times: shallow in
    the file, as deep as the chain when it is drawn."""
    links = [f'<g id="u{i}"><use href="#u{i + 1}"/></g>' for i in range(1, length)]
    last = f'<g id="u{length}"><rect width="1" height="1"/></g>'
    return drawing(f'<defs>{"".join(links)}{last}</defs><use href="#u1"/>')


def use_bomb(levels: int) -> str:
    """Each group draws the one before it twice: 2 ** levels squares from 500 bytes."""
    groups = [
        f'<g id="u{i}"><use href="#u{i - 1}"/><use href="#u{i - 1}"/></g>'
        for i in range(1, levels + 1)
    ]
    square = '<rect id="u0" width="1" height="1"/>'
    return drawing(f'<defs>{square}{"".join(groups)}</defs><use href="#u{levels}"/>')


TOO_DEEP = (
    "has elements nested more than 500 deep, more than brosur can draw; ungroup them in a "
    "drawing program and export it again"
)
TOO_LARGE = "a number too large to draw (at most 10,000,000); correct it and export it again"
NOT_FOUR = "which is not four numbers; correct it and export it again"
LOOP = (
    "leads back to itself, so it would be drawn without end; remove that reference and export "
    "it again"
)
INVISIBLE = "draws nothing visible at the size it prints: "
SEE_THROUGH = (
    "nests see-through layers (opacity) more than 20 deep (an SVG inside another adds to the "
    "other's), and PDF viewers leave such a picture blank; flatten its transparency or ungroup "
    "it, and export it again"
)
AGAIN = "export it again at its real size"

# name: (the SVG, what is wrong with it)
UNDRAWABLE = {
    "5,000 nested groups": (nested(5000), TOO_DEEP),
    "1,000 nested groups": (nested(1000), TOO_DEEP),
    "499 nested groups (501 levels, the svg and the square counted)": (nested(499), TOO_DEEP),
    "a chain of 600 <use>": (
        use_chain(600),
        "draws elements more than 500 deep once what its <use> elements, clip paths, masks "
        "and markers draw inside them is counted, more than brosur can draw; simplify it",
    ),
    "21 see-through groups nested": (nested(21, '<g opacity="0.9">'), SEE_THROUGH),
    "21 groups made see-through by a class": (
        drawing("<style>.st0{opacity:0.5;}</style>" + '<g class="st1 st0">' * 21 + "</g>" * 21),
        SEE_THROUGH,
    ),
    "12 see-through groups around an SVG of 10": (
        nested(12, '<g opacity="0.9">', inside(nested(10, '<g opacity="0.5">'))),
        f"has a picture written into it (data:image/svg+xml) that {SEE_THROUGH}",
    ),
    "a <use> of its own group": (
        drawing('<g id="a"><use href="#a"/></g>'),
        f"has a <use> whose href (#a) {LOOP}",
    ),
    "a <use> of itself": (
        drawing('<use id="a" href="#a"/>'),
        f"has a <use> whose href (#a) {LOOP}",
    ),
    "a marker on a line inside it": (
        drawing(
            '<marker id="m"><path d="M0 0L1 1" stroke="red" marker-end="url(#m)"/></marker>'
            '<path d="M0 0L5 5" stroke="red" marker-end="url(#m)"/>'
        ),
        f"has a <path> whose marker-end (#m) {LOOP}",
    ),
    "a mask masked by itself": (
        drawing(
            '<mask id="m"><rect width="10" height="10" mask="url(#m)"/></mask>'
            '<rect width="10" height="10" mask="url(#m)"/>'
        ),
        f"has a <rect> whose mask (#m) {LOOP}",
    ),
    "65,536 squares drawn by 17 <use> levels": (
        use_bomb(16),
        "draws more than 20,000 elements once each copy its <use> elements draw is counted; "
        "simplify it",
    ),
    "font-size 1e30": (
        drawing('<text font-size="1e30">K</text>'),
        'sets font-size="1e30" on a <text>, which sets its text 1e+30 units high, larger than '
        "can be set (at most 1,000,000); correct it and export it again",
    ),
    "font-size 1e30px in its style": (
        drawing('<text style="font-size:1e30px">K</text>'),
        'sets style="font-size: 1e30px" on a <text>, which sets its text 1e+30 units high, '
        "larger than can be set (at most 1,000,000); correct it and export it again",
    ),
    "font-size 5,000,000px in a <style>": (
        drawing("<style>text { font-size: 5000000px }</style><text>K</text>"),
        "sets font-size: 5000000px on a <style>, which sets its text 5,000,000 units high, "
        "larger than can be set (at most 1,000,000); correct it and export it again",
    ),
    "font-size 2em, applied again at each of 61 levels": (
        drawing('<g font-size="2em">' + "<g>" * 60 + "<text>K</text>" + "</g>" * 61),
        'sets font-size="2em" on a <g>, which sets a <text> in it 7.3787e+19 units high, '
        "larger than can be set (at most 1,000,000); correct it and export it again",
    ),
    "font-size 0.0001": (
        drawing('<text font-size="0.0001">K</text>'),
        'sets font-size="0.0001" on a <text>, which sets its text 0.0001 units high, smaller '
        "than can be set (at least 0.01); correct it and export it again",
    ),
    "font-size -5": (
        drawing('<text font-size="-5">K</text>'),
        'sets font-size="-5" on a <text>, a font size below 0; correct it and export it again',
    ),
    "font-size nan": (
        drawing('<text font-size="nan">K</text>'),
        'sets font-size="nan" on a <text>, which is not a size; correct it and export it again',
    ),
    "stroke-width 1e30": (
        drawing('<rect width="10" height="10" stroke="red" stroke-width="1e30"/>'),
        f'has stroke-width="1e30" on a <rect>, {TOO_LARGE}',
    ),
    "an arc of radius 1e308": (
        drawing('<path d="M 0 0 A 1e308 1e308 0 0 0 5 5"/>'),
        f'has d="M 0 0 A 1e308 1e308 0 0 0 5 5" on a <path>, {TOO_LARGE}',
    ),
    "x nan": (
        drawing('<rect x="nan" width="10" height="10"/>'),
        'has x="nan" on a <rect>, which is not a number; correct it and export it again',
    ),
    "a viewBox of letters": (
        drawing("", 'viewBox="0 0 a b"'),
        f'has viewBox="0 0 a b" on a <svg>, {NOT_FOUR}',
    ),
    "a viewBox of three numbers": (
        drawing("", 'viewBox="0 0 10"'),
        f'has viewBox="0 0 10" on a <svg>, {NOT_FOUR}',
    ),
    "a viewBox of inf": (
        drawing("", 'viewBox="0 0 inf 10"'),
        f'has viewBox="0 0 inf 10" on a <svg>, {NOT_FOUR}',
    ),
    "a circle in a viewBox of 1e9": (
        drawing('<circle cx="5" cy="5" r="5"/>', 'viewBox="0 0 1e9 1e9"'),
        f"{INVISIBLE}its viewBox is 1,000,000,000 units wide, so that one unit prints too small "
        f"for a PDF to place (at most 1,000,000 units); {AGAIN}",
    ),
    "a circle 5,000,000 px wide, without a viewBox": (
        drawing('<circle cx="5" cy="5" r="5"/>', 'width="5000000" height="5000000"'),
        f"{INVISIBLE}it has no viewBox and is 5,000,000 units wide, so that one unit prints too "
        f"small for a PDF to place (at most 1,000,000 units); {AGAIN}",
    ),
    "a viewBox of 1e-9": (
        drawing('<circle r="1e-10"/>', 'viewBox="0 0 1e-9 1e-9"'),
        f"{INVISIBLE}its viewBox is 0.000000001 units wide, so that its points print too close "
        f"together for a PDF to place (at least 0.01 units); {AGAIN}",
    ),
    "a viewBox 100,000 times as wide as high": (
        drawing('<rect width="100000" height="1"/>', 'viewBox="0 0 100000 1"'),
        f"{INVISIBLE}its viewBox is 100,000 times as wide as it is high, so it prints thinner "
        "than a hair; crop it to what it draws and export it again",
    ),
    "a viewBox 0 wide": (
        drawing('<circle r="1"/>', 'viewBox="0 0 0 10"'),
        "draws nothing: its viewBox is 0 units wide; export it again",
    ),
    "0.001 mm wide": (
        drawing('<circle r="1"/>', 'viewBox="0 0 10 10" width="0.001mm" height="0.001mm"'),
        f'{INVISIBLE}its width="0.001mm" is 0.001 mm, too small to see; {AGAIN}',
    ),
    "0 wide": (
        drawing('<circle r="1"/>', 'viewBox="0 0 10 10" width="0" height="10"'),
        'draws nothing: its width="0" gives it no size; export it again',
    ),
}


@pytest.mark.parametrize(("logo", "expected"), UNDRAWABLE.values(), ids=UNDRAWABLE.keys())
def test_an_svg_that_cannot_be_drawn_or_seen_is_refused_with_the_reason(tmp_path, logo, expected):
    (tmp_path / "logo.svg").write_text(logo, encoding="utf-8")
    assert picture_problem(tmp_path / "logo.svg") == expected


def generated_logo() -> str:
    """What a careful designer's tool may write: groups 30 deep, each moved, turned and
    scaled, every tenth a little transparent; a path of 5,000 points; sizes in mm, pt and
    percent; a text."""
    points = " ".join(f"{i * 7 % 100:.2f},{i * 13 % 100:.2f}" for i in range(5000))
    groups = "".join(
        f'<g transform="translate(0.1 0.1) rotate({i % 7}) scale(0.99)" '
        f'opacity="{0.9 if i % 10 == 0 else 1}">'
        for i in range(30)
    )
    return drawing(
        groups
        + f'<path d="M{points}" fill="none" stroke="#1f4d3a" stroke-width="0.2mm"/>'
        + '<rect x="10%" y="10%" width="50%" height="20%" fill="#d9a21b"/>'
        + '<text x="5" y="90" font-size="12pt" font-family="Inter">Kata</text>'
        + "</g>" * 30,
        'width="40mm" height="30pt" viewBox="0 0 100 100"',
    )


LOGOS = sorted(
    [
        *(PROJECT_ROOT / "tests" / "fixtures" / "logos").glob("*.svg"),
        *PROJECT_ROOT.glob("examples/*/images/*.svg"),
        *PROJECT_ROOT.glob("tests/fixtures/*/images/*.svg"),
        *PROJECT_ROOT.glob("content/**/*.svg"),
    ]
)
DRAWABLE = {
    "300 nested groups": nested(300),
    "498 nested groups (500 levels, the svg and the square counted)": nested(498),
    "20 see-through groups nested": nested(20, '<g opacity="0.9">'),
    "a chain of 200 <use>": use_chain(200),
    "a designer's tool's logo": generated_logo(),
    "a fill that names a group": drawing(
        '<g id="x"><rect width="1" height="1" fill="url(#x)"/></g>'
    ),
    "colours that read as numbers": drawing(
        '<rect width="10" height="10" fill="#1e30ff" style="stroke:#2e99aa"/>'
    ),
    "font-size 0": drawing('<text font-size="0">K</text>'),
    "a pattern filled with itself (drawn once)": drawing(
        '<pattern id="p" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="url(#p)"/></pattern>'
        '<rect width="10" height="10" fill="url(#p)"/>'
    ),
    "markers on paths": drawing(
        '<marker id="m"><circle r="1"/></marker><path d="M0 0L5 5L9 1" stroke="red" '
        'marker-mid="url(#m)" marker-end="url(#m)"/>'
    ),
    **{
        path.relative_to(PROJECT_ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in LOGOS
    },
}


@pytest.mark.parametrize("logo", DRAWABLE.values(), ids=DRAWABLE.keys())
def test_logos_as_drawing_programs_export_them_are_not_refused(tmp_path, logo):
    (tmp_path / "logo.svg").write_text(logo, encoding="utf-8")
    assert picture_problem(tmp_path / "logo.svg") is None


def test_the_deepest_svgs_let_through_draw_whole(content_copy, tmp_path):
    """500 levels of the costliest kind for WeasyPrint (the bounding box of a <symbol> it
    uses: three Python calls a level), in an SVG 500 deep: drawn, in a PDF of the whole
    pipeline, and seen by another reader. (Within Python's default 1,000 calls, the SVG
    inside is left blank.)"""
    square = '<rect width="10" height="10" fill="#c8702a"/>'
    inner = drawing(f'<symbol id="s">{"<g>" * 496}{square}{"</g>" * 496}</symbol><use href="#s"/>')
    outer = nested(497, "<g>", inside(inner))
    folder = content_copy()
    (folder / "logo.svg").write_text(outer, encoding="utf-8")
    set_logo(folder, "logo.svg")
    (result,) = build(Request(folder, tmp_path / "output", ("factsheet",), "en"))
    assert isinstance(result, Built), result
    assert result.warnings == []
    page = pypdfium2.PdfDocument(result.path)[0].render(scale=0.5).to_pil().convert("RGB")
    orange = [count for count, colour in page.getcolors(1 << 20) if colour == (200, 112, 42)]
    assert sum(orange) > 500  # the square, some 10 mm across in the masthead


# Drawn: what gets past the checks and still cannot be drawn fails its PDF by name.

ROTATE = drawing('<rect transform="rotate()" width="10" height="10"/>')  # IndexError inside
PANGO = drawing(  # the rule's 3000em applies to the group's 1000: 3 million units
    "<style>text { font-size: 3000em }</style>"
    '<g font-size="1000"><text y="8" font-family="Inter">K</text></g>'
)
BLANK = (
    "so the PDF would print a blank in its place: open it in a drawing program and export it "
    "again as plain SVG"
)
ROTATE_INSIDE = drawing(inside(ROTATE))


@pytest.mark.parametrize(
    ("logo", "expected"),
    [
        (ROTATE, f"'images/logo.svg' could not be drawn, {BLANK}"),
        (
            ROTATE_INSIDE,
            f"'images/logo.svg' has a picture inside it that could not be drawn, {BLANK}",
        ),
        (
            PANGO,
            "'images/logo.svg' has a text that cannot be set (Pango: "
            "pango_font_description_set_size: assertion 'size >= 0' failed): check its font "
            "sizes and export it again",
        ),
    ],
    ids=["WeasyPrint fails inside it", "WeasyPrint fails inside an SVG in it", "Pango fails"],
)
def test_an_svg_that_fails_as_it_is_drawn_fails_the_pdf_by_its_field(
    tmp_path, capfd, logo, expected
):
    """Past the content checks (here, HTML straight to the PDF layer), WeasyPrint's log line
    and Pango's are caught, and the PDF fails naming the picture's field, where it is written
    and its file; nothing of theirs reaches the terminal."""
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.svg").write_text(logo, encoding="utf-8")
    picture = NamedPicture(
        (tmp_path / "images" / "logo.svg").resolve(), "images/logo.svg", "logo", "theme.yml:14"
    )
    options = PdfOptions(base=tmp_path, roots=(tmp_path,), max_pages=1, pictures=(picture,))
    target = tmp_path / "out.pdf"
    with pytest.raises(PreflightError) as raised:
        write_pdf('<img src="images/logo.svg">', target, options)
    assert raised.value.messages == [f"logo (theme.yml:14): {expected}"]
    assert not target.exists()
    assert capfd.readouterr() == ("", "")


def test_an_svg_of_the_html_itself_that_fails_names_the_html(tmp_path):
    """Not a picture of the content (a chart of the templates, say): named by its address,
    shortened."""
    target = tmp_path / "out.pdf"
    with pytest.raises(PreflightError) as raised:
        write_pdf(ROTATE, target, PdfOptions(base=tmp_path, roots=(tmp_path,), max_pages=1))
    address = f"{tmp_path.as_uri()}/"
    shown = address if len(address) <= 60 else address[:59] + "…"
    assert raised.value.messages == [f"a picture ({shown}) could not be drawn, {BLANK}"]
