"""What became of each PDF of a build: built, cached or failed. Standard library only, so
that the command line can report a build answered from the cache without loading the
pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brosur.pdf.options import Economy
    from brosur.render.html import Edition


class State(Enum):
    """What became of one PDF."""

    BUILT = "built"
    CACHED = "cached"  # unchanged since the last build: not rendered again
    FAILED = "failed"  # not written; the previous version, if any, is kept


@dataclass(frozen=True)
class Built:
    """A PDF in the output folder: written by this build, or found fresh in the cache."""

    edition: Edition
    path: Path
    pages: int
    bytes: int
    seconds: float
    warnings: list[str]
    cached: bool = False  # unchanged since the last build: not rendered again
    peak_mib: float = 0.0  # the peak memory of the process that rendered it, so far
    economy: Economy | None = None  # how it uses its pages, when rendered now
    fitted: str = ""  # the copyfitting move it took ("type one step smaller to fit")

    @property
    def state(self) -> State:
        """Built now, or cached."""
        return State.CACHED if self.cached else State.BUILT


@dataclass(frozen=True)
class Failed:
    """A PDF not written, and why (`message`, as the user reads it)."""

    edition: Edition
    path: Path
    message: str

    @property
    def state(self) -> State:
        """Always failed: the state, read alike from either kind of result."""
        return State.FAILED


@dataclass
class Tally:
    """What a long build made, counted as its results come: a list of recipients may have
    too many copies to keep a result for each."""

    counts: dict[State, int] = field(default_factory=lambda: dict.fromkeys(State, 0))
    seconds: float = 0.0  # of rendering, in all the workers
    folders: set[Path] = field(default_factory=set)
    failed: list[Failed] = field(default_factory=list)
    warnings: list[tuple[Path, str]] = field(default_factory=list)  # (PDF, warning)

    def add(self, result: Built | Failed) -> None:
        """Count one more result."""
        self.counts[result.state] += 1
        self.folders.add(result.path.parent)
        if isinstance(result, Failed):
            self.failed.append(result)
            return
        self.seconds += result.seconds
        self.warnings += [(result.path, warning) for warning in result.warnings]

    @property
    def total(self) -> int:
        """How many results were counted."""
        return sum(self.counts.values())
