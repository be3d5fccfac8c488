"""A finding of a check, and how much it matters: every stage's checks speak in these (the
content's own, content/checks.py; each PDF's, pdf/preflight.py and pdf/verify.py; the
translations', translation/record.py), and the commands report them alike."""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING, NOTE = "error", "warning", "note"  # a note: on purpose, but worth knowing


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR stops the PDF; WARNING is reported; NOTE is listed by `check` only
    check: str  # fit, fonts, images, links, size, translations, characters, contrast
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.check}: {self.message}"
