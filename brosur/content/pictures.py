"""Pictures named in content are untrusted files: check them before WeasyPrint decodes them.

A picture is read only as far as its header (size, format) and its checksums, so a file made
to decode into an enormous bitmap (a "decompression bomb"), a damaged or cut-off file, or one
whose name lies about its format is refused with a message, in milliseconds and without the
memory decoding would take.

An SVG can name pictures of its own (`<image href>`), which WeasyPrint loads when it draws the
page. Each is checked the same way, to a few levels down: a picture written into the SVG (a
`data:` URL, as Illustrator and Inkscape embed them) or a file inside the content folder. Any
other reference, and anything else in an SVG that would make WeasyPrint fetch a file (an
external `<use>`, CSS `url()`, `@import`, `@font-face`, `xml:base`), is refused by name.
"""

from __future__ import annotations

import base64
import binascii
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit

from brosur.content.addresses import has_scheme
from brosur.content.svg import (
    DOCTYPE,
    SvgProblem,
    SvgReader,
    as_weasyprint_reads,
    shown,
)

MAX_PIXELS = 50_000_000  # an 8000 × 6000 photo; a full A4 page at 300 dpi is 8.7 million
MAX_PICTURE_BYTES = 30 * 2**20
MAX_SVG_BYTES = 2 * 2**20
MAX_NESTING = 3  # a picture in an SVG in an SVG: exported logos never go deeper
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".gif": "GIF"}

EMBED = "embed the picture in the SVG or put it in the content folder"


class _TooMuch(Exception):
    """The pictures inside one picture named in content, all together, pass a bound."""


@dataclass
class _Search:
    """The pictures found inside one picture named in content, which share its bounds."""

    folder: Path  # resolved: files named inside an SVG must be in it
    bytes: int = 0
    pixels: int = 0
    # A picture, and the see-through layers around it → its problem.
    checked: dict[tuple[str, int], str | None] = field(default_factory=dict)

    def take(self, size: int = 0, pixels: int = 0) -> None:
        """Count a picture found inside, and stop when they are too much together."""
        self.bytes += size
        self.pixels += pixels
        if self.bytes > MAX_PICTURE_BYTES:
            raise _TooMuch(
                f"has pictures inside it of more than {MAX_PICTURE_BYTES // 2**20} MB in all; "
                "make them smaller"
            )
        if self.pixels > MAX_PIXELS:
            raise _TooMuch(
                f"has pictures inside it of more than {MAX_PIXELS / 1e6:.0f} million pixels in "
                "all; scale them down"
            )


def picture_problem(path: Path, folder: Path | None = None) -> str | None:
    """What is wrong with the picture at `path` (to follow its name in a message), or None.

    The pictures an SVG names must be written into it or be files inside `folder`, the
    content folder (by default the folder the SVG is in)."""
    search = _Search((folder or path.parent).resolve())
    try:
        return _file_problem(path, search)
    except _TooMuch as too_much:
        return str(too_much)


def data_picture(url: str) -> tuple[str, bytes]:
    """The media type and bytes of the picture in a `data:` URL, if it passes the checks a
    file gets; raise ValueError with the problem otherwise. The pictures an SVG in it names
    are not followed: WeasyPrint asks for each in turn, and they are checked then."""
    data = _data_bytes(url)
    if _is_svg(data):
        if problem := _svg_problem(data, None, None):
            raise ValueError(problem)
        return "image/svg+xml", data
    if problem := _raster_problem(io.BytesIO(data)):
        raise ValueError(problem)
    return _raster_kind(data), data


# One picture -------------------------------------------------------------------------------


def _file_problem(path: Path, search: _Search, depth: int = 0, groups: int = 0) -> str | None:
    """What is wrong with a picture file `depth` pictures down, inside `groups` see-through
    layers of the SVGs around it (svgdrawing.MAX_GROUPS)."""
    size = path.stat().st_size
    suffix = path.suffix.lower()
    if suffix == ".svg":
        if size > MAX_SVG_BYTES:
            return _svg_too_large(size)
        return _svg_problem(path.read_bytes(), path.resolve(), search, depth, groups)
    if suffix not in FORMATS:
        return "is not a picture brosur can place; use .gif, .jpeg, .jpg, .png, .svg or .webp"
    if size > MAX_PICTURE_BYTES:
        return f"is {size / 2**20:.0f} MB; pictures may be at most {MAX_PICTURE_BYTES // 2**20} MB"
    return _raster_problem(path, FORMATS[suffix], search if depth else None)


def _raster_problem(
    source: Path | io.BytesIO, expected: str | None = None, search: _Search | None = None
) -> str | None:
    """What is wrong with a PNG, JPEG, WebP or GIF picture; `expected` is the format its name
    gives, and `search` counts its pixels when it is inside an SVG."""
    from PIL import Image  # WeasyPrint's own picture library

    damaged = "cannot be read as a picture: the file is damaged or incomplete; save it again"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                kind, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    return _too_large(width, height)
                image.verify()  # checksums, without decoding the pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"decodes to more than {MAX_PIXELS / 1e6:.0f} million pixels; scale it down"
    except (OSError, SyntaxError, ValueError):
        return damaged
    # Pillow reads some thirty formats; WeasyPrint would decode any of them.
    if kind not in FORMATS.values():
        return f"is a {kind} picture; use PNG, JPEG, WebP or GIF"
    if expected and kind != expected:
        suffix = next(suffix for suffix, name in FORMATS.items() if name == kind)
        return f"is a {kind} picture named as {expected}: rename it to end in {suffix}"
    if kind == "JPEG" and b"\xff\xd9" not in _tail(source):
        return damaged  # a JPEG cut off before its end marker
    if search:
        search.take(pixels=width * height)
    return None


def _too_large(width: int, height: int) -> str:
    megapixels = width * height / 1e6
    return (
        f"is {width:,} × {height:,} pixels ({megapixels:,.0f} million); pictures may have at "
        f"most {MAX_PIXELS / 1e6:.0f} million pixels: scale it down"
    )


def _tail(source: Path | io.BytesIO) -> bytes:
    """The last kilobyte of a picture."""
    if isinstance(source, io.BytesIO):
        return source.getvalue()[-1024:]
    with source.open("rb") as file:
        file.seek(max(0, source.stat().st_size - 1024))
        return file.read()


def _raster_kind(data: bytes) -> str:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        # Pillow names the format of every file it opens; _raster_problem checked which.
        return Image.MIME[image.format or ""]


def _svg_too_large(size: int) -> str:
    return f"is {size / 2**20:.1f} MB; SVG pictures may be at most {MAX_SVG_BYTES // 2**20} MB"


def _svg_problem(
    data: bytes, base: Path | None, search: _Search | None, depth: int = 0, groups: int = 0
) -> str | None:
    """What is wrong with an SVG, `base` being its file (None when it is written into a data:
    URL). Without `search`, the pictures it names are not followed."""
    if len(data) > MAX_SVG_BYTES:
        return _svg_too_large(len(data))
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return DOCTYPE
    reader = SvgReader(groups)
    try:
        pictures = reader.pictures_in(data)
    except SvgProblem as refused:
        return str(refused)
    if search is None:
        return None
    for href in pictures:
        if problem := _reference_problem(href, base, search, depth + 1, reader.drawing.groups):
            return problem
    return None


# The pictures inside an SVG ----------------------------------------------------------------


def _reference_problem(
    href: str, base: Path | None, search: _Search, depth: int, groups: int
) -> str | None:
    """What is wrong with a picture an SVG names, or None: `href` as written in the SVG."""
    href = as_weasyprint_reads(href)
    if not href:
        return None  # WeasyPrint draws nothing for it
    if depth > MAX_NESTING:
        raise _TooMuch(
            f"has pictures nested more than {MAX_NESTING} deep inside it; embed each "
            "picture in it directly"
        )
    if href[:5].lower() == "data:":
        problem = _checked(
            search, (href, groups), lambda: _data_problem(href, search, depth, groups)
        )
        media = href[5:].partition(",")[0].partition(";")[0] or "text/plain"
        return problem and f"has a picture written into it (data:{media}) that {problem}"
    written = shown(href)
    if _is_elsewhere(href):
        return f"refers to {written!r}, outside the content folder; {EMBED}"
    if base is None:  # WeasyPrint would ask for the bare name, which the fetcher refuses
        return (
            f"refers to {written!r}, but a picture written into an SVG cannot name files; "
            "embed that one too"
        )
    path = _named_file(href, base)
    if not path.is_relative_to(search.folder):
        return f"refers to {written!r}, outside the content folder; {EMBED}"
    # "inherit" is not a name: WeasyPrint takes the href of the element around it instead.
    if not path.is_file() or href == "inherit":
        return f"refers to {written!r}, which is not in the content folder; {EMBED}"
    problem = _checked(
        search, (str(path), groups), lambda: _nested_file_problem(path, search, depth, groups)
    )
    return problem and f"refers to {written!r}, which {problem}"


def _is_elsewhere(href: str) -> bool:
    """Whether an href is a URL with a scheme (file:, http:, C:) or an absolute path."""
    return has_scheme(href) or href.startswith(("/", "\\"))


def _named_file(href: str, base: Path) -> Path:
    """The file a relative href names, found as WeasyPrint and the fetcher find it (symlinks
    followed)."""
    return Path(unquote(urlsplit(urljoin(base.as_uri(), href)).path)).resolve()


def _checked(search: _Search, key: tuple[str, int], check) -> str | None:
    """Check each picture once, however often the SVGs name it."""
    if key not in search.checked:
        search.checked[key] = check()
    return search.checked[key]


def _nested_file_problem(path: Path, search: _Search, depth: int, groups: int) -> str | None:
    search.take(size=path.stat().st_size)
    return _file_problem(path, search, depth, groups)


def _data_problem(url: str, search: _Search, depth: int, groups: int) -> str | None:
    try:
        data = _data_bytes(url)
    except ValueError as problem:
        return str(problem)
    search.take(size=len(data))
    if _is_svg(data):
        return _svg_problem(data, None, search, depth, groups)
    return _raster_problem(io.BytesIO(data), None, search)


def _data_bytes(url: str) -> bytes:
    """The bytes written into a data: URL; raise ValueError with the problem."""
    header, comma, payload = url[5:].partition(",")
    if len(payload) > MAX_PICTURE_BYTES * 4 // 3 + 4:
        raise ValueError(
            f"is over {MAX_PICTURE_BYTES // 2**20} MB; pictures may be at most "
            f"{MAX_PICTURE_BYTES // 2**20} MB"
        )
    data = unquote_to_bytes(payload)
    if not comma:
        data = b""
    elif header.lower().endswith(";base64"):
        try:
            data = base64.b64decode(data)  # skips the line breaks exporters wrap it in
        except (binascii.Error, ValueError):
            data = b""
    if not data:
        raise ValueError("cannot be read as a picture: it is empty or damaged; embed it again")
    return data


def _is_svg(data: bytes) -> bool:
    """Whether bytes are XML (an SVG) rather than a PNG, JPEG, WebP or GIF picture."""
    return data.lstrip()[:1] == b"<" or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
