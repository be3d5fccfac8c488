"""Pictures named in content are untrusted files: check them before WeasyPrint decodes them.

A picture is read only as far as its header (size, format) and its checksums, so a file made
to decode into an enormous bitmap (a "decompression bomb"), a damaged or cut-off file, or one
whose name lies about its format is refused with a message, in milliseconds and without the
memory decoding would take.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from xml.etree import ElementTree

MAX_PIXELS = 50_000_000  # an 8000 × 6000 photo; a full A4 page at 300 dpi is 8.7 million
MAX_PICTURE_BYTES = 30 * 2**20
MAX_SVG_BYTES = 2 * 2**20
MAX_SVG_ELEMENTS = 20_000  # a logo or a chart has hundreds
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".gif": "GIF"}


def picture_problem(path: Path) -> str | None:
    """What is wrong with the picture at `path` (to follow its name in a message), or None."""
    size = path.stat().st_size
    if path.suffix.lower() == ".svg":
        return _svg_problem(path, size)
    if size > MAX_PICTURE_BYTES:
        return f"is {size / 2**20:.0f} MB; pictures may be at most {MAX_PICTURE_BYTES // 2**20} MB"
    return _raster_problem(path)


def _raster_problem(path: Path) -> str | None:
    from PIL import Image  # WeasyPrint's own picture library

    damaged = "cannot be read as a picture: the file is damaged or incomplete; save it again"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    return _too_large(width, height)
                image.verify()  # checksums, without decoding the pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"decodes to more than {MAX_PIXELS / 1e6:.0f} million pixels; scale it down"
    except (OSError, SyntaxError, ValueError):
        return damaged
    expected = FORMATS[path.suffix.lower()]
    if kind != expected:
        suffix = next(suffix for suffix, name in FORMATS.items() if name == kind)
        return f"is a {kind} picture named as {expected}: rename it to end in {suffix}"
    if kind == "JPEG" and b"\xff\xd9" not in path.read_bytes()[-1024:]:
        return damaged  # a JPEG cut off before its end marker
    return None


def _too_large(width: int, height: int) -> str:
    megapixels = width * height / 1e6
    return (
        f"is {width:,} × {height:,} pixels ({megapixels:,.0f} million); pictures may have at "
        f"most {MAX_PIXELS / 1e6:.0f} million pixels: scale it down"
    )


def _svg_problem(path: Path, size: int) -> str | None:
    if size > MAX_SVG_BYTES:
        return f"is {size / 2**20:.1f} MB; SVG pictures may be at most {MAX_SVG_BYTES // 2**20} MB"
    text = path.read_bytes()
    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
        return "declares a DOCTYPE or entities, which brosur does not read; export it again"
    elements = 0
    try:
        for _ in ElementTree.iterparse(path, events=("start",)):
            elements += 1
            if elements > MAX_SVG_ELEMENTS:
                return f"has more than {MAX_SVG_ELEMENTS:,} elements; simplify it"
    except ElementTree.ParseError as error:
        return f"is not a valid SVG file ({error}); export it again"
    return None
