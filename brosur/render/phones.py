"""Phone numbers as a line breaks them: each number kept whole ("+62 21 555 0123" never
ends a line at "+62 21"), the line free to break between two numbers."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Between two numbers written on one line: a comma, a semicolon or a slash, with its spaces.
_BETWEEN = re.compile(r"(\s*[,;/]\s*)")


def unbroken_numbers(phone: str) -> Markup:
    """`phone` with each number it holds set on one line (a no-break span each)."""
    parts = _BETWEEN.split(phone)
    return Markup("").join(
        escape(part) if index % 2 else Markup('<span class="nowrap">%s</span>') % part
        for index, part in enumerate(parts)
        if part
    )
