"""What the user asked a build for, and which files that build reads.

Standard library only, so that `build.py` can tell that nothing changed without importing
the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brosur.jobs.cache import input_files, stamp
from brosur.paths import PACKAGE, STYLES, TEMPLATES

# How long one PDF may take to lay out and write before it is stopped (`--timeout`): the
# longest profile takes seconds; content that takes minutes is past any layout's means.
DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class Request:
    """A content folder, an output folder, and a selection of editions."""

    content: Path
    output: Path
    documents: tuple[str, ...] = ()
    language: str | None = None
    paper: str | None = None  # build on this paper only, whatever the project declares
    variants: tuple[str, ...] = ("screen",)
    force: bool = False  # rebuild even what the cache says is unchanged
    jobs: int = 1  # PDFs rendered at once, each in its own process
    timeout: float = DEFAULT_TIMEOUT  # seconds one PDF may take; past it, that PDF fails

    def key(self) -> str:
        """The selection, as the cache remembers it (the same request, the same key)."""
        selection = (
            self.content.resolve(),
            self.documents,
            self.language,
            self.paper,
            self.variants,
        )
        return repr(selection)

    def files_stamp(self) -> str:
        """A fingerprint of the files this build reads: content, templates, styles, code."""
        return stamp(input_files(self.content, TEMPLATES, STYLES, PACKAGE))

    def input_stamp(self, fonts: list[Path], files: str | None = None) -> str:
        """The files' fingerprint, with that of the fonts the theme uses."""
        return f"{files or self.files_stamp()}:{stamp(fonts)}"
