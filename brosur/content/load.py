"""Content: a folder of YAML files → validated models, every problem pinned to file:line:column.

A content folder holds `brosur.yml` (what to build, in which languages) and the organisation's
own file. `schema.py` says what each field may hold; this module loads the files, checks them
against it, and explains each failure in words a non-programmer can act on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from brosur.content.messages import Explained, explain
from brosur.content.schema import Organisation, Project, Theme
from brosur.content.schemawalk import misplaced_only, missing_translations
from brosur.content.text import Model
from brosur.content.yamlsource import FieldPath, SourceMap, read_yaml
from brosur.errors import InputError, Problem
from brosur.i18n import LANGUAGES

PROJECT_FILE = "brosur.yml"
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Content:
    """Everything a build needs from a content folder, validated."""

    folder: Path
    project: Project
    organisation: Organisation
    theme: Theme
    sources: dict[str, SourceMap]


def load_content(folder: Path, *, translated: bool = True) -> Content:
    """Load and validate a content folder; raise InputError listing every problem at once.
    Every text must be written in each language the project builds, unless not `translated`
    (a folder loaded for translating: missing translations are the translator's work)."""
    folder = folder.resolve()
    project_path = folder / PROJECT_FILE
    if problem := _project_file_problem(project_path):
        raise InputError([problem])
    project_file, problems = _validate_file(Project, project_path, {"folder": folder})
    project = project_file[0] if project_file else None
    # A broken project file still lets the other files be checked, against both languages;
    # a file it names that was refused (outside the folder, say) is not opened at all.
    refused = {problem.field for problem in problems}
    languages = project.languages if project else list(LANGUAGES)
    context = {"folder": folder, "languages": languages if translated else []}
    organisation, more = _named_file(Organisation, "organisation", project, refused, context)
    problems += more
    theme, more = _named_file(Theme, "theme", project, refused, {"folder": folder})
    problems += more
    # A file is left unvalidated only beside a problem that says why.
    if problems or not (project_file and organisation and theme):
        raise InputError(problems)
    sources = {"project": project_file[1], "organisation": organisation[1], "theme": theme[1]}
    return Content(folder, project_file[0], organisation[0], theme[0], sources)


def _named_file(
    model: type[M], role: str, project: Project | None, refused: set[str], context: dict[str, Any]
) -> tuple[tuple[M, SourceMap] | None, list[Problem]]:
    """Validate the file the project names for `role` (organisation, theme), unless naming
    it was refused."""
    if role in refused:
        return None, []
    name = getattr(project, role) if project else Project.model_fields[role].default
    return _validate_file(model, context["folder"] / name, context)


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


def _validate_file(
    model: type[M], path: Path, context: dict[str, Any]
) -> tuple[tuple[M, SourceMap] | None, list[Problem]]:
    """Validate one file against `model`: return (the instance and its SourceMap, or None
    when there are problems; the problems).
    A value refused while reading (a control character, say) is reported with every other
    problem of the file, and not again as missing or of the wrong kind."""
    try:
        data, source = read_yaml(path)
    except InputError as error:
        return None, error.problems
    refused = [where for where, _ in source.refused if where is not None]
    problems = [problem for _, problem in source.refused]
    problems += [
        source.problem(error_path, message, key=is_key)
        for error_path, message, is_key, _ in schema_errors(model, data, context)
        if not _overlaps(error_path, refused)
    ]
    problems += [
        source.problem((*text_path, language), f"{LANGUAGES[language]} text is missing")
        for text_path, language in missing_translations(model, data, context.get("languages", []))
        if not _overlaps((*text_path, language), refused)
    ]
    problems += [
        source.problem(
            (*text_path, "only"),
            "only: is for a text an edition can do without; this one is printed in every "
            "edition, so write it in every language and remove only:",
            key=True,
        )
        for text_path in misplaced_only(model, data)
    ]
    if problems:
        return None, problems
    return (model.model_validate(data, context=context), source), []


def _overlaps(path: FieldPath, refused: list[FieldPath]) -> bool:
    """Whether `path` is a refused field, inside one, or holds one."""
    return any(path[: len(other)] == other or other[: len(path)] == path for other in refused)


def schema_errors(model: type[Model], data: Any, context: dict[str, Any]) -> Iterator[Explained]:
    """Every error of `data` against `model`, in plain words."""
    try:
        model.model_validate(data, context=context)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            yield explain(model, detail)
