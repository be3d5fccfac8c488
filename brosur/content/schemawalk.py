"""Walking the schema and a file's data together: which model a field path leads to, which
texts lack a language, and the field reference's words for a field (its example, and why a
list holds at most so many)."""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any

from pydantic import BaseModel

from brosur.content.marks import field_type, stands_for
from brosur.content.text import Model, Text
from brosur.content.yamlsource import FieldPath
from brosur.i18n import LANGUAGES


def unwrap(annotation: Any) -> Any:
    """Strip Optional, Annotated and list to the type whose fields a value has."""
    while True:
        annotation = stands_for(annotation)
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        elif origin in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return annotation


def is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def model_at(model: Any, path: FieldPath) -> type[Model] | None:
    """The model whose fields the value at `path` has, or None when it is not a model."""
    for part in path:
        if isinstance(part, int) or not is_model(model):
            continue
        field = model.model_fields.get(part)
        model = unwrap(field_type(field)) if field else None
    return model if is_model(model) else None


def example_at(model: type[Model], path: FieldPath) -> str:
    """The field reference's example for the field at `path`, as indented YAML."""
    from brosur.content.reference import example_lines

    doc = _doc(model, path)
    return example_lines(doc.example) if doc and doc.example is not None else ""


def why_at(model: type[Model], path: FieldPath) -> str | None:
    """Why the list at `path` holds at most so many items, and the way out."""
    doc = _doc(model, path)
    return doc.why if doc else None


def _doc(model: type[Model], path: FieldPath):
    from brosur.content.reference import field_doc

    file = FILES.get(model.__name__)
    return field_doc(path, file) if file else None


# The file each top-level model is read from (as the field reference names them).
FILES = {"Organisation": "organisation.yml", "Theme": "theme.yml", "Project": "brosur.yml"}


def written_texts(
    model: Any, data: Any, path: FieldPath = (), optional: bool = False
) -> typing.Iterator[tuple[FieldPath, Any, bool]]:
    """(path, data, optional) for every Text the schema puts in `data`, where `data` is
    whatever was written there (a mapping of languages, when written right) and `optional`
    tells whether a document can do without it (the field may be left out, or it is an item
    of a list of texts)."""
    inner = unwrap(model)
    if not is_model(inner):
        return
    if issubclass(inner, Text):
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield (*path, index), item, True
        else:
            yield path, data, optional
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from written_texts(inner, item, (*path, index))
    elif isinstance(data, dict):
        for name, field in inner.model_fields.items():
            if name in data:
                may_lack = not field.is_required() and field.default is None
                yield from written_texts(field_type(field), data[name], (*path, name), may_lack)


def missing_translations(
    model: Any, data: Any, languages: list[str]
) -> list[tuple[FieldPath, str]]:
    """(path, language) for every text in `data` that lacks one of `languages`; a text
    marked `only:` lacks none (it is written in one language on purpose)."""
    return [
        (path, language)
        for path, text, _ in written_texts(model, data)
        if isinstance(text, dict) and text.get("only") not in LANGUAGES
        for language in languages
        if not _written(text.get(language))
    ]


def misplaced_only(model: Any, data: Any) -> list[FieldPath]:
    """Texts marked `only:` where every edition must print them (a required text)."""
    return [
        path
        for path, text, optional in written_texts(model, data)
        if isinstance(text, dict) and "only" in text and not optional
    ]


def _written(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
