"""The only way WeasyPrint reaches a file: the project's own folders, and pictures written into
data: URLs that pass the picture checks; no network, nothing else on the disk."""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from brosur.content.pictures import data_picture
from brosur.errors import BuildError


class ProjectFetcher(URLFetcher):
    """Serve files from the given folders only, and the pictures written into data: URLs
    (as SVG logos embed them) that pass the picture checks: no network, nothing else on the
    disk.

    WeasyPrint logs a refused resource and carries on without it, so every refusal is also
    kept in `blocked` for the build to report: nothing is dropped silently."""

    _watching = threading.local()

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.blocked: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return self._picture_in_url(url)
        path = self._allowed_path(url)
        if path is None:
            self._refuse(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        inside = any(path.is_relative_to(root) for root in self.roots)
        return path if inside and path.is_file() else None

    def _picture_in_url(self, url: str) -> URLFetcherResponse:
        """A picture written into a data: URL, checked as content checks a picture file (the
        pictures named in content were checked when it was read; this is the second lock)."""
        try:
            kind, body = data_picture(url)
        except Exception as problem:  # a picture that breaks the checks is refused, too
            self._refuse(f"{url[:40]}… ({problem})" if len(url) > 40 else f"{url} ({problem})")
        return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    def _refuse(self, url: str) -> NoReturn:
        self.blocked.append(url)
        for refused in getattr(self._watching, "lists", []):
            refused.append(url)
        raise ValueError(f"blocked: {url}")

    @classmethod
    @contextmanager
    def refusals(cls) -> Iterator[list[str]]:
        """Collect what any fetcher refuses, in this thread, while the block runs.

        WeasyPrint fetches the pictures inside an SVG only when it draws the page, and
        through the fetcher of the document that first loaded the SVG (it keeps the parsed
        SVG, with that fetcher, in its image cache): the fetcher of the PDF being drawn may
        never hear of them."""
        lists = cls._watching.__dict__.setdefault("lists", [])
        refused: list[str] = []
        lists.append(refused)
        try:
            yield refused
        finally:
            lists.remove(refused)


def refusal(blocked: list[str]) -> BuildError:
    return BuildError(
        "refused to load "
        + ", ".join(dict.fromkeys(blocked))
        + ": only files inside the project can be used"
    )
