"""The content fields' limits, read from the schema, as the staff guides list them (a test
keeps the guides and the schema in agreement)."""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from brosur.content.schema import Organisation
from brosur.content.text import Text

CHARACTERS, ITEMS = "characters", "items"


def field_limits(model: type[BaseModel] = Organisation) -> list[tuple[str, int, str]]:
    """(field path, at most, CHARACTERS or ITEMS) for every limited field, in schema order;
    a text's limit holds for each language."""
    rows: list[tuple[str, int, str]] = []
    for name, field in model.model_fields.items():
        _collect(field.annotation, list(field.metadata), name, rows)
    return rows


def _collect(annotation: Any, metadata: list, path: str, rows: list) -> None:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        inner, *extra = typing.get_args(annotation)
        for item in extra:
            metadata += item.metadata if isinstance(item, FieldInfo) else [item]
        _collect(inner, metadata, path, rows)
    elif origin in (typing.Union, types.UnionType):
        for member in typing.get_args(annotation):
            if member is not type(None):
                _collect(member, metadata, path, rows)
    elif origin is list:
        if limit := _max_length(metadata):
            rows.append((path, limit, ITEMS))
        _collect(typing.get_args(annotation)[0], [], f"{path}[]", rows)
    elif isinstance(annotation, type) and issubclass(annotation, Text):
        if limit := _max_length(annotation.model_fields["id"].metadata):
            rows.append((path, limit, CHARACTERS))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            _collect(field.annotation, list(field.metadata), f"{path}.{name}", rows)
    elif annotation is str and (limit := _max_length(metadata)):
        rows.append((path, limit, CHARACTERS))


def _max_length(metadata: list) -> int | None:
    limits = [item.max_length for item in metadata if getattr(item, "max_length", None)]
    return min(limits) if limits else None
