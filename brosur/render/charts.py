"""Diagrams drawn from content data as SVG at build time: timeline, bar chart, QR code.

Each returns inline SVG markup sized by its container (a viewBox, no fixed size). Colours and
fonts come from the theme: WeasyPrint draws inline SVG itself, without the page's CSS variables.
"""

from __future__ import annotations

from collections.abc import Sequence

import segno
from markupsafe import Markup, escape

from brosur.content.i18n import format_number
from brosur.content.schema import Figure, Milestone, Theme


def timeline(
    milestones: Sequence[Milestone], theme: Theme, description: str, width: float = 180
) -> Markup:
    """A time axis with a marker at each milestone, spaced by date, labelled by year."""
    colours, font = theme.colours, escape(theme.fonts.text)
    height, axis_y, margin = 14.0, 7.0, 6.0
    moments = [m.date.year + ((m.date.month or 1) - 1) / 12 for m in milestones]
    first, last = min(moments), max(moments)
    span = max(last - first, 1)

    def x(moment: float) -> float:
        return margin + (moment - first) / span * (width - 2 * margin)

    parts = [
        f'<line x1="0" y1="{axis_y}" x2="{width}" y2="{axis_y}" stroke="{colours.brand}" '
        f'stroke-width="0.6"/>'
    ]
    for index, (milestone, moment) in enumerate(zip(milestones, moments, strict=True)):
        above = index % 2 == 0  # alternate, so neighbours close in time do not collide
        label_y = axis_y - 3.2 if above else axis_y + 6.4
        parts.append(
            f'<circle cx="{x(moment):.2f}" cy="{axis_y}" r="1.9" fill="{colours.accent}" '
            f'stroke="white" stroke-width="0.5"/>'
            f'<text x="{x(moment):.2f}" y="{label_y}" text-anchor="middle" font-size="3.8" '
            f'font-family="{font}" font-weight="600" fill="{colours.brand}">'
            f"{milestone.date.year}</text>"
        )
    return _svg(width, height, "".join(parts), "timeline-chart", description)


def bar_chart(
    figure: Figure, theme: Theme, language: str, description: str, width: float = 120
) -> Markup:
    """Vertical bars for a series of comparable numbers, each labelled with its value."""
    colours, font = theme.colours, escape(theme.fonts.text)
    height, top, bottom = 60.0, 8.0, 9.0
    values = figure.values
    slot = width / len(values)
    bar_width = slot * 0.62
    highest = max(value.value for value in values) or 1
    parts = [
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
        f'stroke="{colours.rule}" stroke-width="0.4"/>'
    ]
    for index, value in enumerate(values):
        bar_height = value.value / highest * (height - top - bottom)
        left = index * slot + (slot - bar_width) / 2
        centre = index * slot + slot / 2
        bar_top = height - bottom - bar_height
        parts.append(
            f'<rect x="{left:.2f}" y="{bar_top:.2f}" width="{bar_width:.2f}" '
            f'height="{bar_height:.2f}" fill="{colours.brand}"/>'
            f'<text x="{centre:.2f}" y="{bar_top - 1.8:.2f}" text-anchor="middle" '
            f'font-size="3.6" font-family="{font}" font-weight="600" fill="{colours.brand}">'
            f"{escape(format_number(value.value, language))}</text>"
            f'<text x="{centre:.2f}" y="{height - bottom + 5:.2f}" text-anchor="middle" '
            f'font-size="3.4" font-family="{font}" fill="{colours.muted}">'
            f"{escape(value.label.get(language))}</text>"
        )
    return _svg(width, height, "".join(parts), "bar-chart", description)


def qr_code(address: str, colour: str, description: str) -> Markup:
    """A QR code to `address` (segno), drawn in the theme's colour."""
    code = segno.make(address, error="m")
    return Markup(
        code.svg_inline(
            scale=1,
            dark=colour,
            light=None,
            omitsize=True,
            svgclass="qr-code",
            lineclass=None,
            title=description,
        )
    )


def _svg(width: float, height: float, body: str, css_class: str, description: str) -> Markup:
    # The <title> is the chart's alternative text: tagged PDFs take it as the figure's /Alt.
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" '
        f'viewBox="0 0 {width} {height}" role="img"><title>{escape(description)}</title>'
        f"{body}</svg>"
    )
