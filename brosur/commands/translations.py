"""`build.py translations export | import | confirm`: the translators' round trip.

`export` writes the texts of the organisation file into a PO or XLIFF file for a translator's
tool; `import` writes the translations back into the YAML, changing nothing else in it, and
refuses the whole file when any unit cannot be used; `confirm` records that a translation
edited by hand fits its source text. Both of these keep the record (translation/record.py), which
`check` reads to warn when a source text changes after its translation was confirmed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from difflib import get_close_matches
from pathlib import Path

from brosur.commands.report import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from brosur.errors import InputError, OutputError, Problem, display_path
from brosur.i18n import LANGUAGES
from brosur.output import write_all_inside, write_inside
from brosur.paths import PROJECT_ROOT
from brosur.translation.catalogues import (
    FORMATS,
    SUFFIXES,
    Catalogue,
    Unit,
    read_catalogue,
    write_catalogue,
)
from brosur.translation.importing import ImportPlan, plan_import
from brosur.translation.record import (
    RECORD_FILE,
    Confirmed,
    Record,
    fingerprint,
    is_outdated,
    read_record,
    record_text,
    source_language,
)
from brosur.translation.texts import ContentTexts, Translatable, read_texts, translatables
from brosur.translation.yamledit import EditError, set_texts


def run(argv: list[str]) -> int:
    """Run `build.py translations …`; return the exit code."""
    arguments = _parser().parse_args(argv)
    try:
        return arguments.action(arguments)
    except InputError as error:
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' * (count != 1)} found; nothing was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OutputError, EditError) as error:
        print(f"brosur translations: {error}; nothing was written.", file=sys.stderr)
        return EXIT_FAILED


# Export -------------------------------------------------------------------------------------


def _export(arguments: argparse.Namespace) -> int:
    target = arguments.lang
    origin = source_language(target)
    texts = read_texts(arguments.content)
    units = translatables(texts, origin, target, read_record(texts.folder))
    kind = arguments.format or SUFFIXES.get((arguments.output or Path()).suffix.lower(), "po")
    output = arguments.output or Path(f"translations.{target}{FORMATS[kind]}")
    if output.exists() and not arguments.force:
        raise InputError([Problem(display_path(output), 1, 1, "", _EXISTS)])
    catalogue = Catalogue(origin, target, [_unit(unit, texts, target) for unit in units])
    data = write_catalogue(catalogue, kind, _title(texts, origin), texts.file.name)
    write_inside(output.parent, output, data)
    translated = [unit for unit in units if unit.target]
    outdated = sum(unit.outdated for unit in units)
    print(
        f"wrote {display_path(output)}: {len(units)} texts from {LANGUAGES[origin]} into "
        f"{LANGUAGES[target]}; {len(units) - len(translated)} to translate, "
        f"{outdated} to check (marked for review: the {LANGUAGES[origin]} changed since), "
        f"{len(translated) - outdated} translated."
    )
    print(
        "Next: translate it in a translation tool (Poedit, OmegaT, Weblate, Trados…), then "
        f"run: python build.py translations import {display_path(output)}"
    )
    return EXIT_OK


_EXISTS = (
    "exists already, and may hold a translator's work: import it first, name another file "
    "with --output, or add --force to replace it"
)


def _unit(unit: Translatable, texts: ContentTexts, target: str) -> Unit:
    location = f"{texts.file.name}:{unit.line}"
    return Unit(unit.id, unit.source, unit.target, unit.outdated, location, unit.note(target))


def _title(texts: ContentTexts, origin: str) -> str:
    name = texts.data.get("name") if isinstance(texts.data, dict) else None
    name = name.get(origin) if isinstance(name, dict) else name
    return f"{name or texts.folder.name} (brosur)"


# Import -------------------------------------------------------------------------------------


def _import(arguments: argparse.Namespace) -> int:
    texts = read_texts(arguments.content)
    catalogue = read_catalogue(arguments.file)
    record = read_record(texts.folder)
    plan = plan_import(texts, catalogue, record, display_path(arguments.file))
    if plan.problems:
        raise InputError(plan.problems)
    origin, target = catalogue.source_language, catalogue.target_language
    files = []
    if plan.changes:
        text = texts.file.read_bytes().decode("utf-8")
        edited = set_texts(text, plan.changes, after=origin)
        files.append((texts.folder, texts.file, edited.encode("utf-8")))
    if plan.confirm:
        _record(record, target, plan.confirm)
        files.append(_record_file(texts, record))
    write_all_inside(files)
    for line in plan.report:
        print(line)
    _import_summary(plan, target)
    if plan.changes:
        print(f"wrote {display_path(texts.file)}")
    if plan.confirm:
        print(f"recorded {len(plan.confirm)} confirmed translations in {RECORD_FILE}")
    return EXIT_OK


def _import_summary(plan: ImportPlan, target: str) -> None:
    print(f"{plan.unchanged} unit{'s' * (plan.unchanged != 1)} unchanged")
    if plan.untranslated:
        print(f"{plan.untranslated} not translated yet in the file: left as they are")
    if plan.for_review:
        print(
            f"{len(plan.for_review)} still marked for review (fuzzy) in the file, left as "
            f"they are until a translator clears the mark: {', '.join(plan.for_review)}"
        )
    if not plan.changes:
        print(f"No {LANGUAGES[target]} text changed.")


# Confirm ------------------------------------------------------------------------------------


def _confirm_command(arguments: argparse.Namespace) -> int:
    texts = read_texts(arguments.content)
    record = read_record(texts.folder)
    wanted = [_field(name, arguments.lang) for name in arguments.fields]
    chosen, problems = {}, []
    for target in sorted({language for _, language in wanted} or {arguments.lang}):
        units = {
            unit.id: unit
            for unit in translatables(texts, source_language(target), target, record)
            if unit.target
        }
        names = [text for text, language in wanted if language == target]
        problems += [_not_translated(texts, name, target, units) for name in names]
        chosen[target] = [units[name] for name in names if name in units] or [
            unit for unit in units.values() if not names and _unconfirmed(record, target, unit)
        ]
    if problems := [problem for problem in problems if problem]:
        raise InputError(problems)
    for target, confirmed in chosen.items():
        _record(record, target, confirmed)
    if count := sum(len(units) for units in chosen.values()):
        write_all_inside([_record_file(texts, record)])
        print(f"confirmed {count} translation{'s' * (count != 1)}")
    else:
        print("nothing to confirm: every translation is confirmed already")
    return EXIT_OK


def _unconfirmed(record: Record, target: str, unit: Translatable) -> bool:
    entry = record.get(target, {}).get(unit.id)
    return entry is None or is_outdated(entry, unit.source)


def _field(name: str, language: str) -> tuple[str, str]:
    """`vision.en` → (vision, en); `vision` → (vision, `language`)."""
    text, _, suffix = name.rpartition(".")
    return (text, suffix) if text and suffix in LANGUAGES else (name, language)


def _not_translated(texts: ContentTexts, name: str, target: str, units: dict) -> Problem | None:
    if name in units:
        return None
    if name in texts.paths():
        message = f"has no {LANGUAGES[target]} translation to confirm"
    else:
        guesses = get_close_matches(name, list(units), n=1)
        hint = f"; did you mean {guesses[0]}.{target}?" if guesses else ""
        message = f"there is no such text in {texts.file.name}{hint}"
    return Problem(texts.source.file, 1, 1, f"{name}.{target}", message)


def _record(record: Record, target: str, units: list[Translatable]) -> None:
    """Record that each of `units` was translated from its current source text, today."""
    entries = record.setdefault(target, {})
    for unit in units:
        entries[unit.id] = Confirmed(source=fingerprint(unit.source), confirmed=dt.date.today())


def _record_file(texts: ContentTexts, record: Record) -> tuple[Path, Path, bytes]:
    """The record file to write, as `write_all_inside` takes it."""
    data = record_text(record, texts.paths()).encode("utf-8")
    return texts.folder, texts.folder / RECORD_FILE, data


# Arguments ----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="brosur translations",
        description="Hand the texts to a translator and take the translations back: export "
        "writes a file for a translation tool (Poedit, OmegaT, Weblate, Trados…), import "
        "writes its translations into the content, confirm records a translation you "
        "corrected by hand. See README, 'Translating'.",
    )
    verbs = command.add_subparsers(dest="verb", required=True, metavar="export|import|confirm")
    _export_parser(verbs)
    _import_parser(verbs)
    _confirm_parser(verbs)
    return command


def _export_parser(verbs) -> None:
    export = verbs.add_parser(
        "export",
        help="write the texts to translate into a file for a translator",
        description="Write every text of the organisation file into one file for a "
        "translation tool: the text to translate from, and the translation where there is "
        "one. Texts not translated yet are marked untranslated; translations whose source "
        "text changed since they were confirmed are marked for review.",
    )
    export.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default="en",
        help="the language to translate into (default: en, from Indonesian; id translates "
        "from English into Indonesian)",
    )
    export.add_argument(
        "--format",
        choices=list(FORMATS),
        help="po (the default: gettext's plain-text format, which every translation tool "
        "reads and which stays readable in a text editor and in a diff) or xliff (XLIFF, the "
        "exchange format Trados and memoQ prefer)",
    )
    export.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="the file to write (default: translations.<lang>.po, or .xlf, in the current folder)",
    )
    export.add_argument(
        "--force", action="store_true", help="replace the file if it exists already"
    )
    _content_option(export)
    export.set_defaults(action=_export)


def _import_parser(verbs) -> None:
    take = verbs.add_parser(
        "import",
        help="write a translator's file back into the content",
        description="Write the translations of a PO or XLIFF file back into the "
        "organisation file, changing nothing else in it (comments, order, layout stay). "
        "Nothing at all is written when a unit cannot be used: a text that changed since the "
        "export, a text that is not in the content, a translation that is too long.",
    )
    take.add_argument("file", type=Path, metavar="FILE", help="the translated .po or .xlf file")
    _content_option(take)
    take.set_defaults(action=_import)


def _confirm_parser(verbs) -> None:
    confirm = verbs.add_parser(
        "confirm",
        help="record that translations fit their current source text",
        description="After you correct a translation by hand, or check one that `build.py "
        "check` says may be outdated, record that it fits the current source text, so that "
        "the warning goes.",
    )
    confirm.add_argument(
        "fields",
        nargs="*",
        metavar="FIELD",
        help="the translated texts, as check names them (vision.en, "
        "history.timeline[2].title.en); none: every translation not confirmed yet",
    )
    confirm.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default="en",
        help="the language of the translations, for FIELDs written without one (default: en)",
    )
    _content_option(confirm)
    confirm.set_defaults(action=_confirm_command)


def _content_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--content",
        type=Path,
        default=PROJECT_ROOT / "content",
        metavar="DIR",
        help="the content folder (default: content/ beside build.py)",
    )
