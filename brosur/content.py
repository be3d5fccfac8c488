"""Content: a folder of YAML files → validated models, every problem pinned to file:line:column.

A content folder holds `brosur.yml` (what to build, in which languages) and the organisation's
own file. `schema.py` says what each field may hold; this module loads the files, checks them
against it, and explains each failure in words a non-programmer can act on.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ValidationError

from brosur.i18n import LANGUAGES
from brosur.problems import InputError, Problem
from brosur.schema import Model, Organisation, Project, Text, Theme
from brosur.yamlsource import FieldPath, SourceMap, load_yaml

PROJECT_FILE = "brosur.yml"


@dataclass(frozen=True)
class Content:
    """Everything a build needs from a content folder, validated."""

    folder: Path
    project: Project
    organisation: Organisation
    theme: Theme
    sources: dict[str, SourceMap]


def load_content(folder: Path) -> Content:
    """Load and validate a content folder; raise InputError listing every problem at once."""
    folder = folder.resolve()
    project_path = folder / PROJECT_FILE
    if not project_path.is_file():
        raise InputError(
            [
                Problem(
                    str(project_path),
                    1,
                    1,
                    "",
                    f"no {PROJECT_FILE} here: this "
                    "is not a brosur content folder (see README, 'Content')",
                )
            ]
        )
    project, project_source, problems = _validate_file(Project, project_path, {"folder": folder})
    # A broken project file still lets the other files be checked, against both languages.
    defaults = Project.model_fields
    organisation_file = project.organisation if project else defaults["organisation"].default
    theme_file = project.theme if project else defaults["theme"].default
    languages = project.languages if project else list(LANGUAGES)
    organisation, organisation_source, more = _validate_file(
        Organisation, folder / organisation_file, {"folder": folder, "languages": languages}
    )
    theme, theme_source, most = _validate_file(Theme, folder / theme_file, {"folder": folder})
    problems += more + most
    if problems:
        raise InputError(problems)
    sources = {
        "project": project_source,
        "organisation": organisation_source,
        "theme": theme_source,
    }
    return Content(folder, project, organisation, theme, sources)


def _validate_file(model: type[Model], path: Path, context: dict[str, Any]):
    """Validate one file against `model`: return (instance or None, SourceMap, problems)."""
    try:
        data, source = load_yaml(path)
    except InputError as error:
        return None, None, error.problems
    problems = [
        source.problem(error_path, message, key=is_key)
        for error_path, message, is_key in schema_errors(model, data, context)
    ]
    problems += [
        source.problem((*text_path, language), f"{LANGUAGES[language]} text is missing")
        for text_path, language in missing_translations(model, data, context.get("languages", []))
    ]
    if problems:
        return None, source, problems
    return model.model_validate(data, context=context), source, []


def schema_errors(model: type[Model], data: Any, context: dict[str, Any]):
    try:
        model.model_validate(data, context=context)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            yield _explain(model, detail)


def _explain(model: type[Model], detail: dict[str, Any]) -> tuple[FieldPath, str, bool]:
    """Turn one pydantic error into (field path, plain-language message, points at a key)."""
    kind = detail["type"]
    *parents, last = detail["loc"] or ("",)
    # An unknown field's name is the user's own key, whatever it looks like.
    keep_last = kind == "extra_forbidden" or not _is_union_branch(last)
    path = tuple(part for part in parents if not _is_union_branch(part))
    path += (last,) if keep_last and detail["loc"] else ()
    if "[key]" in detail["loc"]:  # a mapping's key was refused: point at the key itself
        return path, PLAIN_MESSAGES.get(kind) or _pydantic_message(detail), True
    if kind == "extra_forbidden":
        return path, _unknown_field_message(model, path), True
    if kind == "missing":
        return path, "required field is missing; add it", False
    message = PLAIN_MESSAGES.get(kind) or _pydantic_message(detail)
    return path, message, False


def _is_union_branch(part: str | int) -> bool:
    # pydantic names the branch of an `X | None` union it tried (`function-before[...]`).
    return isinstance(part, str) and (
        re.fullmatch(r"[a-z][a-z-]*\[.*\]", part) is not None
        or part in {"str", "float", "int", "list", "[key]"}
    )


def _pydantic_message(detail: dict[str, Any]) -> str:
    message = detail["msg"].removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


PLAIN_MESSAGES = {
    "string_type": "expected text here; put it in quotes if it looks like a number or yes/no",
    "float_type": "expected a number here, such as 1250 or 3.5",
    "float_parsing": "expected a number here, such as 1250 or 3.5",
    "list_type": "expected a list here: one item a line, each starting with '- '",
    "model_type": "expected fields below this one, each on its own indented line",
    "model_attributes_type": "expected fields below this one, each on its own indented line",
    "dict_type": "expected fields below this one, each on its own indented line",
    "date_type": "write a date as 2026-11-28",
    "date_from_datetime_parsing": "write a date as 2026-11-28",
    "literal_error": "use one of the languages: " + ", ".join(LANGUAGES),
}


def _unknown_field_message(model: type[Model], path: FieldPath) -> str:
    owner = _model_at(model, path[:-1])
    allowed = list(owner.model_fields) if owner else []
    message = f"unknown field {path[-1]!r}"
    if owner is Text or (owner and issubclass(owner, Text)):
        return f"unknown language {path[-1]!r}; use " + " and ".join(LANGUAGES)
    guess = get_close_matches(str(path[-1]), allowed, n=1)
    if guess:
        return f"{message}; did you mean {guess[0]!r}?"
    return f"{message}; allowed here: {', '.join(allowed)}" if allowed else message


# Walking the schema and the data together ---------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    """Strip Optional, Annotated and list to the type whose fields a value has."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = members[0] if len(members) == 1 else annotation
            if len(members) != 1:
                return annotation
        elif origin in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return annotation


def _model_at(model: Any, path: FieldPath) -> type[Model] | None:
    for part in path:
        if isinstance(part, int) or not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        field = model.model_fields.get(part)
        model = _unwrap(field.annotation) if field else None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def missing_translations(
    model: Any, data: Any, languages: list[str], path: FieldPath = ()
) -> list[tuple[FieldPath, str]]:
    """List (path, language) for every Text in `data` that lacks one of `languages`."""
    model = _unwrap(model)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    if issubclass(model, Text):
        if not isinstance(data, dict):
            return []
        return [(path, lang) for lang in languages if not _written(data.get(lang))]
    if isinstance(data, list):
        return [
            gap
            for index, item in enumerate(data)
            for gap in missing_translations(model, item, languages, (*path, index))
        ]
    if not isinstance(data, dict):
        return []
    return [
        gap
        for name, field in model.model_fields.items()
        if name in data
        for gap in missing_translations(field.annotation, data[name], languages, (*path, name))
    ]


def _written(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
