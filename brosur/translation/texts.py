"""The texts a translator works on: every text of the organisation file written per language,
with its text in the source language, its translation if there is one, and whether that
translation was made from an older source (see record.py).

Translating starts where a build stops: from a content folder whose translations are missing.
So the folder is loaded refusing every problem a build refuses except those.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brosur.content.load import load_content
from brosur.content.schema import Organisation
from brosur.content.schemawalk import model_at, written_texts
from brosur.content.text import Prose, Text
from brosur.content.yamlsource import FieldPath, SourceMap, format_path, read_yaml
from brosur.translation.record import Record, is_outdated


@dataclass(frozen=True)
class ContentTexts:
    """A content folder's organisation file as written, for translating."""

    folder: Path
    file: Path  # the organisation file
    languages: list[str]  # the languages the project builds
    data: Any
    source: SourceMap

    def paths(self) -> list[str]:
        """Every text of the file, by field path, in the order written."""
        return [format_path(path) for path, _, _ in written_texts(Organisation, self.data)]


@dataclass(frozen=True)
class Translatable:
    """One text to translate: a unit of a translator's file."""

    path: FieldPath
    kind: type[Text]
    source: str
    target: str  # "" when not translated yet
    outdated: bool  # translated from a source text that has changed since
    line: int

    @property
    def id(self) -> str:
        return format_path(self.path)

    def note(self, language: str) -> str:
        """What a translator should know: the markup to keep, the room there is."""
        notes = []
        if issubclass(self.kind, Prose):
            notes.append(
                "Markdown: keep **bold**, _italic_, [links](addresses), list markers and "
                "blank lines between paragraphs as they are."
            )
        if limit := _max_length(self.kind, language):
            notes.append(f"At most {limit:,} characters.")
        return " ".join(notes)


def read_texts(folder: Path) -> ContentTexts:
    """Load `folder` for translating: stop on every problem a build stops on, except
    translations that are missing, which are the translator's work."""
    content = load_content(folder.resolve(), translated=False)
    path = content.sources["organisation"].path
    data, source = read_yaml(path)
    return ContentTexts(content.folder, path, content.project.languages, data, source)


def translatables(
    texts: ContentTexts, origin: str, target: str, record: Record
) -> list[Translatable]:
    """The texts to translate from `origin` into `target`: every text written per language
    that has an `origin` text and is not marked as written in one language only."""
    confirmed = record.get(target, {})
    units = []
    for path, value, _ in written_texts(Organisation, texts.data):
        if not isinstance(value, dict) or value.get("only") or not _written(value.get(origin)):
            continue
        source = value[origin]
        translation = value[target] if _written(value.get(target)) else ""
        outdated = bool(translation) and is_outdated(confirmed.get(format_path(path)), source)
        line, _ = texts.source.locate(path)
        found = model_at(Organisation, path)
        kind = found if found and issubclass(found, Text) else Text
        units.append(Translatable(path, kind, source, translation, outdated, line))
    return units


def _written(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _max_length(kind: type[Text], language: str) -> int | None:
    field = kind.model_fields.get(language)
    limits = [getattr(rule, "max_length", None) for rule in field.metadata] if field else []
    return next((limit for limit in limits if limit), None)
