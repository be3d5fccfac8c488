"""What a worker hands back for a job, as plain data that pickles: a PDF written
(`Rendered`), what a probe found (pdf.options.Probed), or why the job made nothing
(`Refused`). Standard library only, like the workers that make them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from brosur.pdf.options import Economy, Probed


@dataclass(frozen=True)
class Rendered:
    """A PDF a worker wrote, and what it found making it."""

    pages: int
    bytes: int
    warnings: list[str]
    economy: Economy | None  # how it uses its pages
    fitted: str  # the copyfitting move it took, if any
    seconds: float  # how long it took
    peak_mib: float  # the peak memory of the worker, so far


@dataclass(frozen=True)
class Refused:
    """A job that made nothing, and why (as the user reads it)."""

    error: str


# What a job's task gives back: a PDF's job a Rendered, a probe's a Probed, or a Refused.
Outcome: TypeAlias = "Rendered | Probed | Refused"
