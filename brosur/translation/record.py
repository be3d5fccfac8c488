"""`translations.yml`: which text each translation was made from, to tell when it is outdated.

For every confirmed translation the record keeps a fingerprint of the text it was translated
from and the day it was confirmed (`build.py translations import` and `confirm` write it).
When that text changes afterwards, the translation may no longer say the same: `check` warns,
and the next export marks the text for review. A folder without a record reports nothing.

The record sits in the content folder and is read like any content: safely, size-limited,
and a file that is not what brosur writes is one clear problem, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from brosur.content.schemawalk import written_texts
from brosur.content.yamlsource import format_path, read_yaml
from brosur.errors import InputError, Problem, display_path
from brosur.findings import WARNING, Finding
from brosur.i18n import LANGUAGES, Language

RECORD_FILE = "translations.yml"
FINGERPRINT_DIGITS = 12  # of a SHA-256: tells texts apart, short enough to read in a diff

HEADER = f"""\
# brosur's record of translations. For each translated text: a fingerprint of the text it was
# translated from, and the day the translation was confirmed. When that text changes,
# `build.py check` warns that the translation may be outdated. Written by
# `build.py translations import` and `build.py translations confirm`: do not edit it by hand
# (delete it to start afresh; {RECORD_FILE} only ever holds these fingerprints).
"""


class Confirmed(BaseModel):
    """One translation: the fingerprint of its source text, and when it was confirmed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Annotated[str, Field(pattern=rf"^[0-9a-f]{{{FINGERPRINT_DIGITS}}}$")]
    confirmed: dt.date


# Target language → text (its field path, as `vision` or `history.timeline[2].title`) → entry.
Record = dict[str, dict[str, Confirmed]]
_RECORD = TypeAdapter(dict[Language, dict[str, Confirmed]])


def fingerprint(text: str) -> str:
    """A short fingerprint of a source text: it changes whenever a word of it does."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:FINGERPRINT_DIGITS]


def source_language(target: str) -> str:
    """The language a translation into `target` is made from (the other one)."""
    (origin,) = (language for language in LANGUAGES if language != target)
    return origin


def is_outdated(entry: Confirmed | None, source_text: str) -> bool:
    """Whether a translation confirmed as `entry` was made from another text."""
    return entry is not None and entry.source != fingerprint(source_text)


# Reading and writing -----------------------------------------------------------------------


def read_record(folder: Path) -> Record:
    """The record of `folder` ({} when there is none); InputError with one problem when the
    file is not what brosur writes."""
    path = folder / RECORD_FILE
    if not path.is_symlink() and not path.exists():
        return {}
    if not path.resolve().is_relative_to(folder.resolve()):
        raise _malformed(path, 1, 1, f"{RECORD_FILE} leads outside the content folder")
    try:
        data, source = read_yaml(path)
    except InputError as error:
        first = error.problems[0]
        raise _malformed(path, first.line, first.column, first.message) from None
    if source.refused:
        first = source.refused[0][1]
        raise _malformed(path, first.line, first.column, first.message)
    try:
        # Checked by language; looked up by the languages a command is given.
        return {language: texts for language, texts in _RECORD.validate_python(data or {}).items()}
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        where = tuple(part for part in detail["loc"] if part != "[key]")  # a key refused
        line, column = source.locate(where, key="[key]" in detail["loc"])
        what = f"{format_path(where) or 'the file'}: {detail['msg'][:1].lower()}{detail['msg'][1:]}"
        raise _malformed(path, line, column, what) from None


def _malformed(path: Path, line: int, column: int, what: str) -> InputError:
    return InputError(
        [
            Problem(
                display_path(path),
                line,
                column,
                "",
                f"{what}. brosur writes this file itself to remember which text each "
                f"translation was made from: delete it, then run `build.py translations "
                f"confirm` to start it afresh",
            )
        ]
    )


def record_text(record: Record, texts: list[str]) -> str:
    """The record as brosur writes it, entries in the order of `texts` (every text of the
    content, by field path): entries of texts no longer there are dropped."""
    data = {
        language: {
            text: record[language][text].model_dump() for text in texts if text in record[language]
        }
        for language in LANGUAGES
        if record.get(language)
    }
    return HEADER + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000
    )


# What `check` reports ------------------------------------------------------------------------


def outdated_translations(content) -> list[Finding]:
    """A warning for every translation made from a text that has changed since."""
    try:
        record = read_record(content.folder)
    except InputError as error:
        return [Finding(WARNING, "translations", str(problem)) for problem in error.problems]
    if not record:
        return []
    organisation = content.organisation
    texts = {
        format_path(path): (path, value)
        for path, value, _ in written_texts(type(organisation), organisation.model_dump())
    }
    source = content.sources["organisation"]
    return [
        Finding(WARNING, "translations", str(source.problem((*path, target), message)))
        for target, entries in record.items()
        for text, entry in entries.items()
        if text in texts
        for path, value in [texts[text]]
        if (message := _outdated_message(text, value, target, entry))
    ]


def _outdated_message(text: str, value: dict, target: str, entry: Confirmed) -> str | None:
    origin = source_language(target)
    if value.get("only") or not value.get(target) or not value.get(origin):
        return None
    if not is_outdated(entry, value[origin]):
        return None
    return (
        f"was written for an older {text}.{origin} (the {LANGUAGES[origin]} changed after "
        f"the {LANGUAGES[target]} was confirmed on {entry.confirmed.isoformat()}): check the "
        f"{LANGUAGES[target]}, then run `build.py translations confirm {text}.{target}`"
    )
