"""The fonts a PDF uses, read back with pypdf."""

from __future__ import annotations

from pypdf import PdfReader


def embedded_fonts(pdf: PdfReader) -> dict[str, bool]:
    """{font name: whether its file is embedded}, for every font on every page."""
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or (font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            )
            name = font["/BaseFont"].split("+", 1)[-1]
            fonts[name] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts
