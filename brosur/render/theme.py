"""The theme file → the CSS custom properties and page size that every stylesheet reads."""

from __future__ import annotations

from markupsafe import Markup

from brosur.content.schema import Theme, ThemeColour
from brosur.paper import Paper


def theme_css(theme: Theme, paper: Paper, landscape: bool = False, cmyk: bool = False) -> Markup:
    """Return the stylesheet that fills in the brand variables and the page size; with
    `cmyk`, the colours the theme gives in CMYK are written as device-cmyk() for print."""
    width, height = (
        (paper.height_mm, paper.width_mm) if landscape else (paper.width_mm, paper.height_mm)
    )
    colours = {
        f"--{name.replace('_', '-')}": _css_colour(getattr(theme.colours, name), cmyk)
        for name in type(theme.colours).model_fields
    }
    variables = {
        **colours,
        "--font-text": f'"{theme.fonts.text}"',
        "--font-display": f'"{theme.fonts.display}"',
        "--page-width": f"{width}mm",
        "--page-height": f"{height}mm",
        "--paper-margin-top": theme.margins.top,
        "--paper-margin-bottom": theme.margins.bottom,
        "--paper-margin-x": theme.margins.sides,
    }
    # Every value was validated (hex colours, installed family names, lengths in mm), so
    # nothing here can close the rule early.
    declarations = "".join(f"  {name}: {value};\n" for name, value in variables.items())
    return Markup(f":root {{\n{declarations}}}\n@page {{ size: {width}mm {height}mm; }}\n")


def _css_colour(colour: ThemeColour, cmyk: bool) -> str:
    if cmyk and colour.cmyk:
        return "device-cmyk({})".format(" ".join(f"{part / 100:g}" for part in colour.cmyk))
    return colour.rgb
