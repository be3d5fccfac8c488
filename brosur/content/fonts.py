"""Which font families this machine has (fontconfig), to check a theme names real ones."""

from __future__ import annotations

import bisect
import shutil
import subprocess
import sys
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
def _match(family: str) -> tuple[str, str]:
    """fontconfig's regular face for `family`: (its file, its character set as hex ranges)."""
    if not shutil.which("fc-match"):
        return "", ""
    answer = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{charset}", f"{family}:style=Regular"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    ).stdout
    file, _, charset = answer.partition("\n")
    return file, charset


def font_file(family: str) -> Path | None:
    """The file of the regular face fontconfig picks for `family`."""
    file, _ = _match(family)
    return Path(file) if file else None


class CharacterSet:
    """The code points a font has glyphs for, kept as fontconfig's ranges."""

    def __init__(self, ranges: str):
        bounds = [part.split("-") for part in ranges.split()]
        self.ranges = sorted((int(b[0], 16), int(b[-1], 16)) for b in bounds)

    def __contains__(self, codepoint: int) -> bool:
        index = bisect.bisect_right(self.ranges, (codepoint, sys.maxunicode + 1)) - 1
        return index >= 0 and self.ranges[index][0] <= codepoint <= self.ranges[index][1]

    def __bool__(self) -> bool:
        return bool(self.ranges)


@cache
def font_characters(family: str) -> CharacterSet:
    """The characters the regular face of `family` can print (5 ms: no font file is read)."""
    return CharacterSet(_match(family)[1])
