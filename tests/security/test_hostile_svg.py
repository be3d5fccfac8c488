"""Pictures inside SVG pictures: each is checked as a picture named in content is, or refused
by name; and a picture refused while a PDF is drawn fails that PDF. (The SVG itself, its size,
elements and entities: test_hostile.py.)"""

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

import pytest
from PIL import Image
from pypdf import PdfReader

from brosur.content.load import load_content
from brosur.errors import BuildError, InputError
from brosur.jobs.pipeline import PROJECT_ROOT, Built, build
from brosur.jobs.request import Request
from brosur.pdf.options import PdfOptions
from brosur.pdf.writer import write_pdf
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
