"""Which font families this machine has (fontconfig), to check a theme names real ones."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path


@cache
def installed_families() -> frozenset[str]:
    """Return every installed family name; empty when fontconfig's `fc-list` is missing."""
    if not shutil.which("fc-list"):
        return frozenset()
    listing = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


@cache
def font_file(family: str) -> Path | None:
    """The file of the regular face fontconfig picks for `family`."""
    if not shutil.which("fc-match"):
        return None
    path = subprocess.run(
        ["fc-match", "-f", "%{file}", f"{family}:style=Regular"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    ).stdout
    return Path(path) if path else None


@cache
def font_characters(family: str) -> frozenset[int]:
    """The code points the regular face of `family` has glyphs for (its cmap)."""
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency; loaded only when checking

    path = font_file(family)
    if path is None:
        return frozenset()
    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap())
