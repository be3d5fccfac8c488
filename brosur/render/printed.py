"""What an edition prints of the content: every text its document shows, in its languages,
for the layout verifier to find in the finished pages (pdf/verify.py); and the pictures the
content names, to name one WeasyPrint cannot draw by its field (pdf/drawing.py).

A document declares in templates/documents.yml the fields it leaves to another document
(`leaves_out`), and a copyfitted form those it gives up (fitting.py); every other
text of the content must be on the page, or the PDF fails by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from brosur.content.markdown import printed_passages
from brosur.content.text import Prose, Text
from brosur.content.values import WebAddress
from brosur.content.yamlsource import format_path
from brosur.fitting import UNFITTED, Fitting
from brosur.printing import NamedPicture, PrintedText, comparable
from brosur.render.html import in_edition, in_languages

# Fields no document prints as text: they go into the PDF's metadata, a picture's or a
# chart's description for screen readers, are drawn inside a chart, or are the target of a
# link printed as its label (a source's web address).
NEVER_PRINTED = frozenset(
    {
        "keywords",
        "photos.alt",
        "programmes.photo.alt",
        "figures.alt",
        "figures.values.label",
        "sources.url",
        "key_figures.kind",  # says how the value is written
        "key_figures.currency",  # printed as its symbol: Rp, US$
    }
)


def printed_texts(content, edition, fit: Fitting = UNFITTED) -> tuple[PrintedText, ...]:
    """Every text of `content` that `edition` prints in the form `fit`."""
    left_out = NEVER_PRINTED | edition.document.leaves_out | frozenset(fit.trimmed)
    source = content.sources["organisation"]
    texts = []
    room = edition.document.key_figures
    for path, value in _values(in_edition(content.organisation, edition.languages)):
        if _pattern(path) in left_out or _under(path, left_out) or _no_room(path, room):
            continue
        for language, text in _in_languages(value, edition.languages):
            passages = printed_passages(text) if isinstance(value, Prose) else [text]
            words = tuple(word for passage in passages if (word := comparable(passage)))
            if words:
                field_path = (*path, language) if language else path
                line, _ = source.locate(field_path)
                texts.append(
                    PrintedText(
                        format_path(field_path),
                        f"{source.file}:{line}",
                        words,
                        _opening(text),
                        len(text.split()),
                        language or "",
                    )
                )
    return tuple(texts)


def printed_pictures(content) -> tuple[NamedPicture, ...]:
    """Every picture the theme and the organisation name, with the field that names it."""
    pictures = []
    for role in ("theme", "organisation"):
        source = content.sources[role]
        for path, file in _files(getattr(content, role)):
            line, _ = source.locate(path)
            written = file.relative_to(content.folder).as_posix()
            where = f"{source.file}:{line}"
            pictures.append(NamedPicture(file.resolve(), written, format_path(path), where))
    return tuple(pictures)


def _files(model: Any):
    """(path, file) for every file a content model names (its pictures)."""
    return _holding(model, Path)


def _values(model: Any):
    """(path, value) for every text a content model holds: translated texts, plain strings
    and web addresses."""
    return _holding(model, Text | str | WebAddress)


def _holding(model: Any, kind, path: tuple = ()):
    """(path, value) for every value of `kind` a content model holds, at any depth."""
    if isinstance(model, kind):
        yield path, model
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from _holding(getattr(model, name), kind, (*path, name))
    elif isinstance(model, list | tuple):
        for index, item in enumerate(model):
            yield from _holding(item, kind, (*path, index))


def _in_languages(value: Any, languages: tuple[str, ...]):
    """(language or None, text) for each text of `value` the edition prints."""
    if isinstance(value, Text):
        texts = in_languages(value, languages)
        # A bilingual edition prints a text that reads alike in both languages once.
        once = len(texts) < len(languages)
        yield from ((None if once else language, text) for language, text in texts if text)
    elif isinstance(value, WebAddress):
        yield None, value.display
    elif type(value) is str:  # not a file name or a colour: those are values of their own
        yield None, value


def _no_room(path: tuple, room: int | None) -> bool:
    """Whether `path` is in a key figure past the ones the document has room for."""
    return room is not None and path[:1] == ("key_figures",) and path[1] >= room


def _opening(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _pattern(path: tuple) -> str:
    """A field path without its list positions: `history.timeline.text`."""
    return ".".join(part for part in path if isinstance(part, str))


def _under(path: tuple, patterns: frozenset) -> bool:
    pattern = _pattern(path)
    return any(pattern.startswith(f"{prefix}.") for prefix in patterns)
