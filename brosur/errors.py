"""Every error a user can see, in one place: what was wrong, pinned to a file, line and field.

Two families, told apart by their exit code (commands/report.py turns them into lines):
`InputError`, bad input, nothing written (2); `BuildError` and its kinds, a PDF or the build
could not be made (1). Control flow inside a step (workers.OutOfTime, svg.SvgProblem) stays
beside the code that raises and catches it; users only ever see what it becomes here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from brosur.terminal import escaped


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, in the form `file:line:column: field: message`."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{escaped(self.file)}:{self.line}:{self.column}"
        message = escaped(self.message, lines=True)
        return f"{where}: {escaped(self.field)}: {message}" if self.field else f"{where}: {message}"


class InputError(Exception):
    """Bad input: the build stops before any PDF is written (exit code 2)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ScaffoldError(Exception):
    """`build.py new`: the new document cannot be made as asked (the message says why)."""


class BuildError(Exception):
    """A document failed to build for a reason other than its content (exit code 1)."""


class OutputError(BuildError):
    """The output folder cannot be written (read-only, full, not a folder...)."""


class ContentCheckError(BuildError):
    """The content passed validation but fails a preflight check that concerns every PDF
    (a colour pair below WCAG AA, a character no theme font has): nothing is built."""

    def __init__(self, findings: list):
        self.findings = findings
        super().__init__("\n".join(str(finding) for finding in findings))


class PreflightError(BuildError):
    """One PDF fails a preflight check (a font, a picture's resolution, its size): not written."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


class FitError(PreflightError):
    """The text does not fit its boxes: a shorter form of the document may. `over` is how
    far over its room the text is (1.5: half as much again as fits), once measured."""

    over: float = 1.0


class PageLimitError(FitError):
    """The text runs to more pages than the document holds."""

    def __init__(self, pages: int, max_pages: int):
        self.pages, self.max_pages = pages, max_pages
        super().__init__(
            [
                f"the text runs to {pages} pages, but this document holds at most "
                f"{max_pages}: shorten the longest texts"
            ]
        )


def display_path(path: Path) -> str:
    """Return `path` relative to the working directory when it is below it, as users typed it."""
    # Links are not followed: a message names the link the user made, not where it leads.
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)
