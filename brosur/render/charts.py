"""Diagrams drawn from content data as SVG at build time: timeline, bar chart, QR code.

Each returns inline SVG markup sized by its container (a viewBox, no fixed size). Colours and
fonts come from the theme: WeasyPrint draws inline SVG itself, without the page's CSS variables.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import segno
from markupsafe import Markup, escape

from brosur.content.schema import Figure, Milestone, Theme
from brosur.i18n import format_number


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


# The width of a line of text, estimated from its length: an average letter of the theme's
# sans-serif faces is about 0.55 em wide, and a little room on top keeps neighbours apart.
EM_PER_CHARACTER = 0.58
LABEL_SIZE, VALUE_SIZE = 3.4, 3.6


def bar_chart(
    figure: Figure, theme: Theme, language: str, description: str, width: float = 120
) -> Markup:
    """Bars for a series of comparable numbers, each labelled with its value: upright, with
    the labels underneath, when every label fits under its bar; lying, with the labels beside
    them, when one would run into its neighbour."""
    labels = [value.label.get(language) for value in figure.values]
    slot = width / len(labels)
    if max(_text_width(label, LABEL_SIZE) for label in labels) > slot * 0.95:
        return _lying_bars(figure, theme, language, description, width)
    return _upright_bars(figure, theme, language, description, width)


def _upright_bars(figure, theme, language: str, description: str, width: float) -> Markup:
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
            f'font-size="{VALUE_SIZE}" font-family="{font}" font-weight="600" '
            f'fill="{colours.brand}">{escape(format_number(value.value, language))}</text>'
            f'<text x="{centre:.2f}" y="{height - bottom + 5:.2f}" text-anchor="middle" '
            f'font-size="{LABEL_SIZE}" font-family="{font}" fill="{colours.muted}">'
            f"{escape(value.label.get(language))}</text>"
        )
    return _svg(width, height, "".join(parts), "bar-chart", description)


def _lying_bars(figure, theme, language: str, description: str, width: float) -> Markup:
    """One row a value: its label on the left (wrapped to the label column), its bar to the
    right with the value at the bar's end."""
    colours, font = theme.colours, escape(theme.fonts.text)
    label_column, gap, line = width * 0.4, 3.0, LABEL_SIZE * 1.25
    bar_room = width - label_column - gap - _text_width("0" * 9, VALUE_SIZE)
    highest = max(value.value for value in figure.values) or 1
    parts, y = [], 1.0
    for value in figure.values:
        lines = _wrapped(value.label.get(language), label_column, LABEL_SIZE)
        row = max(len(lines) * line, 5.0) + 2.5
        bar_length = max(value.value / highest * bar_room, 0.4)
        middle = y + row / 2
        first_baseline = middle - (len(lines) - 1) * line / 2 + LABEL_SIZE * 0.35
        spans = "".join(
            f'<tspan x="0" y="{first_baseline + index * line:.2f}">{escape(text)}</tspan>'
            for index, text in enumerate(lines)
        )
        parts.append(
            f'<text font-size="{LABEL_SIZE}" font-family="{font}" fill="{colours.muted}">'
            f"{spans}</text>"
            f'<rect x="{label_column + gap:.2f}" y="{middle - 2:.2f}" width="{bar_length:.2f}" '
            f'height="4" fill="{colours.brand}"/>'
            f'<text x="{label_column + gap + bar_length + 1.5:.2f}" '
            f'y="{middle + VALUE_SIZE * 0.35:.2f}" font-size="{VALUE_SIZE}" '
            f'font-family="{font}" font-weight="600" fill="{colours.brand}">'
            f"{escape(format_number(value.value, language))}</text>"
        )
        y += row
    return _svg(width, y + 1.0, "".join(parts), "bar-chart", description)


def _text_width(text: str, size: float) -> float:
    return len(text) * size * EM_PER_CHARACTER


def _wrapped(text: str, width: float, size: float) -> list[str]:
    """`text` in lines no wider than `width` (a word longer than a line is cut into lines)."""
    letters = max(int(width / (size * EM_PER_CHARACTER)), 1)
    words = [
        word[start : start + letters]
        for word in text.split()
        for start in range(0, len(word), letters)
    ]
    lines: list[str] = []
    for word in words:
        if lines and _text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


@lru_cache(maxsize=64)
def qr_code(address: str, colour: str, description: str) -> Markup:
    """A QR code to `address` (segno), drawn in the theme's colour. Encoding it is slow
    (a hundredth of a second), and every form and copy of an edition prints the same one."""
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
