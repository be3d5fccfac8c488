"""Plain values in content, each checked for its kind: dates, web and e-mail addresses, and
files inside the content folder (pictures, the content files brosur.yml names)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator, ValidationInfo

from brosur.content.addresses import has_scheme, is_email
from brosur.content.pictures import picture_problem
from brosur.content.text import fail
from brosur.i18n import PartialDate


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    match = isinstance(value, str) and re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value.strip())
    if match and 1 <= int(match[2] or 1) <= 12:
        return PartialDate(int(match[1]), int(match[2]) if match[2] else None)
    raise fail("partial_date", "write a date as 2000, 2000-03 or 2000-03-15")


Date = Annotated[PartialDate, BeforeValidator(_partial_date, json_schema_input_type=int | str)]


@dataclass(frozen=True)
class WebAddress:
    """A web address, kept both as a link and as the short form printed on paper."""

    href: str

    @property
    def display(self) -> str:
        parts = urlsplit(self.href)
        return (parts.netloc.removeprefix("www.") + parts.path.rstrip("/")) or self.href


def _web_address(value: Any) -> WebAddress:
    text = value.strip() if isinstance(value, str) else ""
    href = text if "://" in text else f"https://{text}"
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in text:
        raise fail(
            "web_address", "write a web address such as example.org or https://example.org/about"
        )
    return WebAddress(href)


Web = Annotated[WebAddress, BeforeValidator(_web_address, json_schema_input_type=str)]


def _email(value: Any) -> str:
    if isinstance(value, str) and is_email(value.strip()):
        return value.strip()
    raise fail(
        "email",
        "write only an e-mail address, such as info@example.org (no spaces, and nothing "
        "after it such as ?subject= or ?bcc=)",
    )


Email = Annotated[str, BeforeValidator(_email, json_schema_input_type=str)]


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".webp", ".gif"}


def _content_folder(info: ValidationInfo) -> Path:
    """The content folder the files a content file names must be in (the loader's context)."""
    if info.context is None:
        raise TypeError("validate content with context={'folder': <the content folder>}")
    return info.context["folder"]


def _inside_content_folder(value: Any, info: ValidationInfo, example: str) -> Path:
    """Resolve a file named in content: it must be inside the content folder, symlinks
    followed, and exist. Nothing is read from it here, so a refusal cannot show its text."""
    if not isinstance(value, str) or not value.strip():
        raise fail("asset", f"write the path of a file in the content folder, such as {example}")
    folder = _content_folder(info)
    if has_scheme(value):
        raise fail(
            "asset_url",
            f"{value!r} is blocked: brosur never fetches files from the "
            "network; save the file in the content folder and give its path",
        )
    relative = PurePosixPath(value.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts:
        raise fail(
            "asset_outside",
            f"{value!r} is outside the content folder; copy the file "
            "into it and give its path from there",
        )
    try:
        path = _as_named(folder, relative)
        inside = path.resolve().is_relative_to(folder.resolve())
        kind = _kind(path) if inside else None
    except OSError:  # a name longer than the system allows, a loop of links
        raise fail(
            "asset_missing", f"file not found: {value[:60]!r}… cannot be a file's path"
        ) from None
    if not inside:
        raise fail(
            "asset_outside",
            f"{value!r} leads outside the content folder; copy the file into it and give its "
            "path from there",
        )
    if kind == "missing":
        raise fail("asset_missing", f"file not found: {value} (looked for {path})")
    if kind == "a folder":
        raise fail("asset_missing", f"{value!r} is a folder; name a file in it, such as {example}")
    if kind != "file":
        raise fail(
            "asset_missing",
            f"{value!r} is {kind}, not a file; brosur reads only ordinary files: save the "
            "file into the content folder and give its path",
        )
    return path


def _as_named(folder: Path, relative: PurePosixPath) -> Path:
    """The file `relative` names in `folder`, found whichever Unicode form its name is
    stored in: a Mac writes `café` decomposed (e + ◌́), most editors type it composed."""
    path = folder
    for part in relative.parts:
        if not (path / part).exists() and path.is_dir():
            wanted = unicodedata.normalize("NFC", part)
            alike = [
                entry
                for entry in path.iterdir()
                if unicodedata.normalize("NFC", entry.name) == wanted
            ]
            part = alike[0].name if len(alike) == 1 else part
        path = path / part
    return path


def _kind(path: Path) -> str:
    """What is at `path`, as a message names it: "file", "missing", "a folder"..."""
    if path.is_file():
        return "file"
    if path.is_dir():
        return "a folder"
    if path.is_fifo():
        return "a named pipe (FIFO)"
    if path.is_socket():
        return "a socket"
    if path.is_block_device() or path.is_char_device():
        return "a device"
    return "missing"


def _asset(value: Any, info: ValidationInfo) -> Path:
    """A picture inside the content folder, checked before anything decodes it."""
    path = _inside_content_folder(value, info, "images/logo.png")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise fail(
            "asset_kind",
            f"{value!r} is not a picture brosur can place; use "
            + ", ".join(sorted(IMAGE_SUFFIXES)),
        )
    if problem := picture_problem(path, _content_folder(info)):
        raise fail("asset_picture", f"{value!r} {problem}")
    return path


Asset = Annotated[Path, BeforeValidator(_asset, json_schema_input_type=str)]


def _content_file(value: Any, info: ValidationInfo) -> str:
    """A YAML file of the content folder, named by its path there (as it is stored)."""
    path = _inside_content_folder(value, info, "organisation.yml")
    if path.suffix.lower() not in (".yml", ".yaml"):
        raise fail("content_file", f"{value!r} is not a YAML file; name a file ending in .yml")
    return path.relative_to(_content_folder(info)).as_posix()


ContentFile = Annotated[str, BeforeValidator(_content_file, json_schema_input_type=str)]
