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

from brosur.content.i18n import LANGUAGES
from brosur.content.schema import Organisation, Project, Theme
from brosur.content.text import Model, Text
from brosur.content.yamlsource import FieldPath, SourceMap, read_yaml
from brosur.errors import InputError, Problem

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
    if problem := _project_file_problem(project_path):
        raise InputError([problem])
    project, project_source, problems = _validate_file(Project, project_path, {"folder": folder})
    # A broken project file still lets the other files be checked, against both languages;
    # a file it names that was refused (outside the folder, say) is not opened at all.
    refused = {problem.field for problem in problems}
    languages = project.languages if project else list(LANGUAGES)
    loaded = {}
    for role, model, context in (
        ("organisation", Organisation, {"folder": folder, "languages": languages}),
        ("theme", Theme, {"folder": folder}),
    ):
        name = getattr(project, role) if project else Project.model_fields[role].default
        if role in refused:
            loaded[role] = (None, None)
            continue
        instance, source, more = _validate_file(model, folder / name, context)
        loaded[role] = (instance, source)
        problems += more
    if problems:
        raise InputError(problems)
    sources = {"project": project_source} | {role: pair[1] for role, pair in loaded.items()}
    return Content(folder, project, loaded["organisation"][0], loaded["theme"][0], sources)


def _project_file_problem(path: Path) -> Problem | None:
    if not path.is_file():
        message = (
            f"no {PROJECT_FILE} here: this is not a brosur content folder (see README, 'Content')"
        )
    elif not path.resolve().is_relative_to(path.parent):
        message = (
            f"{PROJECT_FILE} leads outside the content folder; copy the file into it instead of "
            "linking to it"
        )
    else:
        return None
    return Problem(str(path), 1, 1, "", message)


def _validate_file(model: type[Model], path: Path, context: dict[str, Any]):
    """Validate one file against `model`: return (instance or None, SourceMap, problems).
    A value refused while reading (a control character, say) is reported with every other
    problem of the file, and not again as missing or of the wrong kind."""
    try:
        data, source = read_yaml(path)
    except InputError as error:
        return None, None, error.problems
    refused = [where for where, _ in source.refused if where is not None]
    problems = [problem for _, problem in source.refused]
    problems += [
        source.problem(error_path, message, key=is_key)
        for error_path, message, is_key in schema_errors(model, data, context)
        if not _overlaps(error_path, refused)
    ]
    problems += [
        source.problem((*text_path, language), f"{LANGUAGES[language]} text is missing")
        for text_path, language in missing_translations(model, data, context.get("languages", []))
        if not _overlaps((*text_path, language), refused)
    ]
    if problems:
        return None, source, problems
    return model.model_validate(data, context=context), source, []


def _overlaps(path: FieldPath, refused: list[FieldPath]) -> bool:
    """Whether `path` is a refused field, inside one, or holds one."""
    return any(path[: len(other)] == other or other[: len(path)] == path for other in refused)


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
    if kind in TOO_LONG:
        return path, TOO_LONG[kind](detail), False
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


TOO_LONG = {
    "string_too_long": lambda detail: (
        f"{len(detail['input']):,} characters; at most {detail['ctx']['max_length']:,} fit "
        f"here (about {detail['ctx']['max_length'] // 6:,} words): shorten it"
    ),
    "too_long": lambda detail: (
        f"{detail['ctx']['actual_length']:,} items; at most {detail['ctx']['max_length']} fit "
        "here: remove some"
    ),
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
