"""The shape of every field of the content files, read from the schema: where it is, whether
it is required, what it holds (a text per language, a date, a list of …) and its limits.
The field reference (reference.py) describes each in words; a problem's path leads to its
field here (`field_path`).

Kinds of value are told apart by their validators, so a new field of a known kind needs
nothing here; a value of a new kind fails loudly until it has a name in ALIASES and words in
fields.yml.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from brosur.content.lists import ItemsFirst
from brosur.content.marks import field_type, stands_for
from brosur.content.schema import (
    Colour,
    Currency,
    DocumentName,
    FontFamily,
    Length,
    Organisation,
    Project,
    Theme,
)
from brosur.content.text import Prose, SameOrPerLanguage, Text
from brosur.content.values import Asset, ContentFile, Date, Email, Web
from brosur.documents import document_kinds

FieldPath = tuple[str, ...]
# The content files, as brosur.yml names them unless it says otherwise.
FILES: dict[str, type[BaseModel]] = {
    "organisation.yml": Organisation,
    "theme.yml": Theme,
    "brosur.yml": Project,
}
# A mapping's key in a field path (`documents.*.languages`): the name the writer chooses.
ANY_KEY = "*"
# The kinds of text written once per language, or once for all of them (`name`).
TEXTS = {"text", "prose", "name"}


@dataclass(frozen=True)
class Shape:
    """What a value looks like: a kind (a key of `words.shapes` in fields.yml) and its limits."""

    kind: str
    item: Shape | None = None  # a list's items, a mapping's values
    key: Shape | None = None  # a mapping's keys
    options: tuple[Shape, ...] = ()  # the shapes a value may take, one of them
    choices: tuple[Any, ...] = ()
    characters: int | None = None
    most: int | None = None
    least: int | None = None
    minimum: float | None = None
    model: type[BaseModel] | None = None  # a group of fields

    @property
    def each(self) -> Shape:
        """What each item of a list, or each value of a mapping, is."""
        if self.item is None:
            raise ValueError(f"a value of kind {self.kind!r} has no items")
        return self.item

    @property
    def each_key(self) -> Shape:
        """What each key of a mapping is."""
        if self.key is None:
            raise ValueError(f"a value of kind {self.kind!r} has no keys")
        return self.key


@dataclass(frozen=True)
class SchemaField:
    """One field of a content file as the schema defines it."""

    file: str
    path: FieldPath
    required: bool
    shape: Shape
    default: Any = None
    info: FieldInfo | None = dataclass_field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        return ".".join(self.path)


# Custom kinds of value are recognised by what their validators are, so that a field of any
# of them is described the same wherever the schema uses it.
ALIASES = {
    "date": Date,
    "web": Web,
    "email": Email,
    "picture": Asset,
    "content_file": ContentFile,
    "colour": Colour,
    "font": FontFamily,
    "length": Length,
    "currency": Currency,
    "document": DocumentName,
    "name": Annotated[Text, SameOrPerLanguage(1)],
}


def schema_fields(file: str) -> list[SchemaField]:
    """Every field of a content file, in schema order, a group's fields after the group."""
    return _walk(file, FILES[file], ())


def _walk(file: str, model: type[BaseModel], prefix: FieldPath) -> list[SchemaField]:
    found = []
    for name, info in model.model_fields.items():
        shape = _shape(field_type(info), [])
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        path = (*prefix, name)
        found.append(
            SchemaField(file, path, info.is_required(), shape, _plain_value(default), info)
        )
        for suffix, inner in _groups_within(shape):
            found += _walk(file, inner, (*path, *suffix))
    return found


def _plain_value(default: Any) -> Any:
    """A default worth printing: a word or a number, not an empty list or a group."""
    return default if isinstance(default, str | int | float) else None


def _groups_within(shape: Shape) -> list[tuple[FieldPath, type[BaseModel]]]:
    """The groups of fields a value of `shape` holds, with the path from the field to them."""
    if shape.model:
        return [((), shape.model)]
    if shape.kind == "list":
        return _groups_within(shape.each)
    if shape.kind == "mapping":
        return [((ANY_KEY, *suffix), inner) for suffix, inner in _groups_within(shape.each)]
    return [group for option in shape.options for group in _groups_within(option)]


def _shape(annotation: Any, metadata: list) -> Shape:
    annotation = stands_for(annotation)
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        inner, *extra = typing.get_args(annotation)
        return _shape(inner, [*metadata, *_flatten(extra)])
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return _shape(members[0], metadata)
        return Shape("either", options=tuple(_shape(member, metadata) for member in members))
    if origin is list:
        least = _constraint(metadata, "min_length")
        item = _shape(typing.get_args(annotation)[0], [])
        return Shape("list", item=item, most=_most(metadata), least=least)
    if origin is dict:
        key, value = (_shape(arg, []) for arg in typing.get_args(annotation))
        return Shape("mapping", key=key, item=value, least=_constraint(metadata, "min_length"))
    if origin is Literal:
        return Shape("choice", choices=typing.get_args(annotation))
    return _single_shape(annotation, metadata)


def _single_shape(annotation: Any, metadata: list) -> Shape:
    characters = _characters(annotation, metadata)
    if kind := _alias_kind(metadata):
        choices = tuple(document_kinds()) if kind == "document" else ()
        return Shape(kind, characters=characters, choices=choices)
    if isinstance(annotation, type) and issubclass(annotation, Text):
        return Shape("prose" if issubclass(annotation, Prose) else "text", characters=characters)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("fields", model=annotation)
    if annotation is str:
        return Shape("plain", characters=characters)
    if annotation in (int, float):
        return Shape("number", minimum=_constraint(metadata, "ge"))
    if annotation is dt.date:
        return Shape("full_date")
    raise TypeError(f"the field reference has no words for {annotation!r}: add it to ALIASES")


def _flatten(metadata: list) -> list:
    """Annotated's extras as pydantic reads them: a Field(...) stands for its constraints."""
    flat = []
    for item in metadata:
        flat += item.metadata if isinstance(item, FieldInfo) else [item]
    return flat


def _marks(metadata: list) -> set:
    """What tells a kind of value apart: its validators' functions, its pattern."""
    marks = {getattr(item, "func", None) for item in metadata}
    marks |= {getattr(item, "pattern", None) for item in metadata}
    # A validator that is an object with its limit (text.OnceForEveryLanguage) marks by kind.
    return {
        mark if isinstance(mark, types.FunctionType | str) else type(mark)
        for mark in marks - {None}
        if not isinstance(mark, ItemsFirst)
    }


def _alias_kind(metadata: list) -> str | None:
    marks = _marks(metadata)
    for kind, alias in ALIASES.items():
        wanted = _marks(_flatten(list(typing.get_args(stands_for(alias))[1:])))
        if wanted and wanted <= marks:
            return kind
    return None


def _characters(annotation: Any, metadata: list) -> int | None:
    if isinstance(annotation, type) and issubclass(annotation, Text):
        return _constraint(annotation.model_fields["id"].metadata, "max_length")
    return _constraint(metadata, "max_length")


def _most(metadata: list) -> int | None:
    marked = [item.items for item in metadata if isinstance(item, ItemsFirst)]
    return min(marked) if marked else _constraint(metadata, "max_length")


def _constraint(metadata: list, name: str) -> Any:
    values = [getattr(item, name) for item in metadata if getattr(item, name, None) is not None]
    return values[0] if values else None


def field_path(path: tuple[str | int, ...], file: str = "organisation.yml") -> FieldPath | None:
    """The schema's path of the field a value at `path` is written in, or None if there is
    none: list positions are skipped (`("partners", 3, "name")`), a mapping's keys stand as
    `*` (`("documents", "profile", "languages")`), and what is within a value is its field's
    (`("vision", "en")` is `vision`'s)."""
    fields = _fields_by_path(file)
    found: FieldPath = ()
    for part in path:
        inner = _innermost(fields[found].shape) if found in fields else None
        if isinstance(part, int):
            continue
        if (*found, part) in fields:
            found = (*found, part)
        elif inner and inner.kind == "mapping" and inner.each.model:
            found = (*found, ANY_KEY)
        elif inner and not inner.model:
            break  # within a value (a text's language, a colour's rgb:): still its field
        else:
            return None
    found = found[:-1] if found[-1:] == (ANY_KEY,) else found
    return found or None


@cache
def _fields_by_path(file: str) -> dict[FieldPath, SchemaField]:
    return {entry.path: entry for entry in schema_fields(file)}


def _innermost(shape: Shape) -> Shape:
    """What each item of a list (of lists) is; any other shape itself."""
    return _innermost(shape.each) if shape.kind == "list" else shape
