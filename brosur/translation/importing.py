"""Importing a translator's file, planned before anything is written: every unit checked
against the content (its text still there, its source unchanged since the export, its
translation within the field's rules), and what writing it would change.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from brosur.content.load import schema_errors
from brosur.content.schema import Organisation
from brosur.content.yamlsource import FieldPath, unprintable
from brosur.errors import Problem
from brosur.i18n import LANGUAGES
from brosur.translation.catalogues import Catalogue, Unit
from brosur.translation.record import Record, is_outdated
from brosur.translation.texts import ContentTexts, Translatable, translatables


@dataclass
class ImportPlan:
    """What importing a translator's file would do."""

    changes: dict[FieldPath, str] = field(default_factory=dict)
    confirm: list[Translatable] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    unchanged: int = 0
    untranslated: int = 0
    for_review: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def plan_import(texts: ContentTexts, catalogue: Catalogue, record: Record, name: str) -> ImportPlan:
    """Check every unit of `catalogue` against the content; say what importing it does."""
    origin, target = catalogue.source_language, catalogue.target_language
    current = {unit.id: unit for unit in translatables(texts, origin, target, record)}
    plan, seen = ImportPlan(), set()
    for unit in catalogue.units:
        text = current.get(unit.id)
        if unit.id in seen or text is None:
            plan.problems.append(_unknown(unit, name, unit.id in seen, texts, origin))
        elif unit.source != text.source:
            changed = f"the {LANGUAGES[origin]} text changed since the export; export again"
            plan.problems.append(_at(texts, text, target, changed))
        elif not unit.target.strip():
            plan.untranslated += 1
        elif unit.needs_review:
            plan.for_review.append(f"{unit.id}.{target}")
        elif problem := unprintable(unit.target):
            plan.problems.append(_at(texts, text, target, f"the translation {problem}"))
        else:
            _take(plan, text, unit.target, target, record)
        seen.add(unit.id)
    plan.problems += _schema_problems(texts, plan.changes, name)
    return plan


def _take(plan: ImportPlan, text: Translatable, translation: str, target: str, record: Record):
    """Plan writing `translation` of `text`, and confirming it when that is news."""
    if translation != text.target:
        plan.changes[(*text.path, target)] = translation
        plan.report.append(f"{text.id}.{target}: {'updated' if text.target else 'added'}")
    else:
        plan.unchanged += 1
    entry = record.get(target, {}).get(text.id)
    if translation != text.target or entry is None or is_outdated(entry, text.source):
        plan.confirm.append(text)


def _unknown(unit: Unit, name: str, twice: bool, texts: ContentTexts, origin: str) -> Problem:
    if twice:
        message = "this unit is in the file twice; keep one"
    elif unit.id in texts.paths():
        message = (
            f"this text is not for translating (it is written once for every language, marked "
            f"as one language only, or has no {LANGUAGES[origin]} text); leave it out"
        )
    else:
        message = (
            f"there is no such text in {texts.file.name}: the file comes from another content "
            "folder, or the text was removed; export again"
        )
    return Problem(name, unit.line, 1, unit.id, message)


def _at(texts: ContentTexts, text: Translatable, target: str, message: str) -> Problem:
    line, column = texts.source.locate((*text.path, target))
    return Problem(texts.source.file, line, column, f"{text.id}.{target}", message)


def _schema_problems(texts: ContentTexts, changes: dict, name: str) -> list[Problem]:
    """What the content's rules refuse in the new translations (one too long, say)."""
    if not changes:
        return []
    data = copy.deepcopy(texts.data)
    for path, value in changes.items():
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value
    context = {"folder": texts.folder, "languages": texts.languages}
    return [
        texts.source.problem(error[0], f"{error[1]} (the translation in {name})", key=error[2])
        for error in schema_errors(Organisation, data, context)
    ]
