"""The three ways a PDF leaves brosur: for screens, for the print shop, for the archive."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Debian's libgs-common: a CMYK output profile the print variant declares as its intent.
CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


@dataclass(frozen=True)
class Source:
    """A content file the archive variant embeds in the PDF it was made from."""

    path: Path
    name: str
    description: str


@dataclass(frozen=True)
class Variant:
    name: str
    folder: str  # below the output folder; "" for the screen variant
    pdf_variant: str | None  # WeasyPrint's name of the PDF standard it claims
    tagged: bool  # structure tags for screen readers
    image_dpi: int | None  # downsample images to this resolution; None keeps them whole
    size_budget: int | None  # bytes; a larger PDF is a preflight warning
    embeds_source: bool  # attach the content files that made it
    min_image_dpi: tuple[int, int] | None  # (error below, warning below) at placed size

    def output_folder(self, output: Path) -> Path:
        return output / self.folder if self.folder else output


VARIANTS: dict[str, Variant] = {
    variant.name: variant
    for variant in (
        # Mails easily and reads aloud: RGB, live links, small images, tagged (PDF/UA-1).
        Variant("screen", "", "pdf/ua-1", True, 150, 2_000_000, False, None),
        # For the print shop (styles/print.css adds the bleed, and the marks on a slug beyond it):
        # full-resolution images, CMYK where the theme gives it, PDF/X-3 (X-4 writes a
        # random document ID, so it is not reproducible; shared/WEASYPRINT-70.md).
        Variant("print", "print", "pdf/x-3", False, None, None, False, (150, 300)),
        # For grant portals and the record: PDF/A-3u, carrying the YAML it was made from.
        Variant("archive", "archive", "pdf/a-3u", True, None, None, True, None),
    )
}
