"""Paper sizes brosur lays documents out on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float


PAPERS = {
    "a4": Paper("a4", 210, 297),
    "letter": Paper("letter", 215.9, 279.4),  # US donors
    "f4": Paper("f4", 215, 330),  # folio, common in Indonesian offices
}
