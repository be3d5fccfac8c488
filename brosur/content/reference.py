"""The field reference: every field of the content files (shapes.py reads them from the
schema) with the human part from `fields.yml` — what it is for, where it prints, an example,
why a list is limited. It writes `docs/fields.en.md` and `docs/fields.id.md`, and gives the
loader each field's example and reason for its messages (`field_doc`, `example_lines`).

`python -m brosur.content.reference` (or `make docs`) writes the two pages again; a test fails
when they differ from what the schema and `fields.yml` say.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from brosur.content.shapes import (
    ANY_KEY,
    FILES,
    TEXTS,
    FieldPath,
    SchemaField,
    Shape,
    field_path,
    schema_fields,
)
from brosur.content.text import MAX_BLOCKS, MAX_WORD
from brosur.content.values import IMAGE_SUFFIXES
from brosur.i18n import LOCALES
from brosur.output import write_inside
from brosur.paths import PACKAGE, PROJECT_ROOT

LANGUAGES = ("en", "id")
FIELDS_FILE = PACKAGE / "content" / "fields.yml"
DOCS = PROJECT_ROOT / "docs"


# The human part: fields.yml -----------------------------------------------------------------


@dataclass(frozen=True)
class FieldDoc:
    """A field of a content file, with what fields.yml says of it."""

    field: SchemaField
    descriptions: dict[str, str]  # by language: what it is for, where it prints
    example: Any  # the value, as YAML reads it
    whys: dict[str, str] = dataclass_field(default_factory=dict)  # a limited list's reason

    @property
    def description(self) -> str:
        return self.descriptions["en"]

    @property
    def why(self) -> str | None:
        """Why a list holds at most so many items, and the way out (English)."""
        return self.whys.get("en")


@cache
def human_part() -> dict[str, Any]:
    """fields.yml as it is written: `words` for the page, `files` for the fields."""
    return yaml.safe_load(FIELDS_FILE.read_text(encoding="utf-8"))


@cache
def field_docs(file: str) -> dict[FieldPath, FieldDoc]:
    """Every field of `file` that fields.yml describes, by path."""
    written = human_part()["files"][file]["fields"]
    return {
        entry.path: FieldDoc(
            entry,
            {language: written[entry.name][language] for language in LANGUAGES},
            written[entry.name].get("example"),
            written[entry.name].get("why") or {},
        )
        for entry in schema_fields(file)
        if entry.name in written
    }


def field_doc(path: tuple[str | int, ...], file: str = "organisation.yml") -> FieldDoc | None:
    """The reference's entry for the field at `path` in `file` (see `field_path`)."""
    found = field_path(path, file)
    return field_docs(file).get(found) if found else None


def example_lines(value: Any, indent: int = 2) -> str:
    """`value` as the YAML a message shows, each line indented by `indent` spaces."""
    lines = _dump(value).splitlines()
    return "\n".join(" " * indent + line if line else "" for line in lines)


class _ExampleDumper(yaml.SafeDumper):
    """YAML written the way the content files are: a list's items indented under its key, a
    short text's languages and a short list on one line, a long text folded; no aliases."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_mapping(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    one_line = set(data) <= {"id", "en", "only"} and _short(list(data.values()))
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=one_line)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=_short(data))


def _short(values: list) -> bool:
    scalars = all(isinstance(value, str | int | float) for value in values)
    return scalars and "\n" not in "".join(map(str, values)) and len(str(values)) < 64


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else ">" if len(data) > 80 else _quotes(data)
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _quotes(text: str) -> str | None:
    """Double quotes where a text needs quotes ("#1f4d3a", "2021"), as the content files
    write them; none where it needs none."""
    return '"' if yaml.safe_dump(text).startswith("'") else None


_ExampleDumper.add_representer(dict, _represent_mapping)
_ExampleDumper.add_representer(list, _represent_list)
_ExampleDumper.add_representer(str, _represent_text)


def _dump(value: Any) -> str:
    return yaml.dump(
        value, Dumper=_ExampleDumper, allow_unicode=True, sort_keys=False, width=84
    ).removesuffix("...\n")


# The pages: docs/fields.en.md and docs/fields.id.md ------------------------------------------


def reference_page(language: str) -> str:
    """The field reference in `language`, as Markdown."""
    words = human_part()["words"][language]
    lines = [
        f"# {words['title']}",
        "",
        words["intro"].format(max_word=MAX_WORD, max_blocks=MAX_BLOCKS).strip(),
    ]
    for file in FILES:
        lines += _file_section(file, words, language)
    return "\n".join(lines).rstrip("\n") + "\n"


def write_reference(folder: Path = DOCS) -> list[Path]:
    """Write the reference in every language into `folder`; return the files."""
    written = []
    for language in LANGUAGES:
        path = folder / f"fields.{language}.md"
        write_inside(folder, path, reference_page(language).encode("utf-8"))
        written.append(path)
    return written


def _file_section(file: str, words: dict, language: str) -> list[str]:
    docs = field_docs(file)
    entries = schema_fields(file)
    lines = ["", f"## {file}", "", human_part()["files"][file]["about"][language].strip(), ""]
    lines += [
        f"| {words['field']} | {words['status']} | {words['limits']} |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| `{_shown(entry, words)}` | {_required(entry, words)} | "
        f"{'; '.join(_limits(entry.shape, words, language)) or '—'} |"
        for entry in entries
    ]
    for entry in entries:
        lines += _field_section(entry, docs.get(entry.path), words, language)
    return lines


def _field_section(entry: SchemaField, doc: FieldDoc | None, words: dict, lang: str) -> list[str]:
    facts = [f"**{_required(entry, words).capitalize()}**", _shape_words(entry.shape, words)]
    facts += _limits(entry.shape, words, lang)
    if entry.default is not None:
        facts.append(words["default"].format(value=f"`{entry.default}`"))
    level = "###" if len(entry.path) == 1 else "####"
    lines = ["", f"{level} `{_shown(entry, words)}`", "", " · ".join(facts), ""]
    if doc is None:  # the test names the fields fields.yml lacks
        return lines
    lines += [doc.descriptions[lang].strip(), ""]
    # Only a list that holds at most so many has a reason (a test checks fields.yml).
    if (why := doc.whys.get(lang)) and (most := entry.shape.most) is not None:
        lines += [f"**{words['why'].format(most=_number(most, lang))}** {why}", ""]
    example = _in_place(entry, doc.example)
    return [*lines, "```yaml", _dump(example).rstrip("\n"), "```"]


def _shown(entry: SchemaField, words: dict) -> str:
    """The field's path as the page shows it: a mapping's key as the word for what it is."""
    parts = list(entry.path)
    for index, part in enumerate(parts):
        if part == ANY_KEY:
            mapping = next(e for e in schema_fields(entry.file) if e.path == entry.path[:index])
            parts[index] = words["keys"].get(mapping.shape.each_key.kind, words["keys"]["plain"])
    return ".".join(parts)


def _required(entry: SchemaField, words: dict) -> str:
    return words["required"] if entry.required else words["optional"]


def _shape_words(shape: Shape, words: dict) -> str:
    names = words["shapes"]
    if shape.kind == "list" and shape.each.model:
        return names["list_of_fields"]
    if shape.kind == "list" and shape.each.kind == "choice":
        return names["list_of_choices"].format(choices=_choices(shape.each))
    if shape.kind == "list":
        return names["list"].format(item=_shape_words(shape.each, words))
    if shape.kind == "mapping" and shape.each.kind == "plain":
        return names["pairs"]
    if shape.kind == "mapping":
        key = names.get(f"key_{shape.each_key.kind}", names["key_plain"])
        return names["mapping"].format(key=key, item=_shape_words(shape.each, words))
    if shape.kind == "either":
        return names["or"].join(_shape_words(option, words) for option in shape.options)
    suffixes = ", ".join(sorted(IMAGE_SUFFIXES))
    return names[shape.kind].format(choices=_choices(shape), suffixes=suffixes)


def _choices(shape: Shape) -> str:
    return ", ".join(f"`{choice}`" for choice in shape.choices)


def _limits(shape: Shape, words: dict, language: str) -> list[str]:
    """The shape's limits in words: characters, items, least value."""
    limits = words["limit"]
    found = []
    if shape.characters:
        kind = "text_characters" if shape.kind in TEXTS else "characters"
        found.append(limits[kind].format(n=_number(shape.characters, language)))
    if shape.least and shape.most:
        found.append(limits["items_between"].format(least=shape.least, most=shape.most))
    elif shape.most:
        found.append(limits["items"].format(n=_number(shape.most, language)))
    elif shape.least:
        found.append(limits["items_least"].format(n=shape.least))
    if shape.minimum is not None:
        found.append(limits["minimum"].format(n=_number(shape.minimum, language)))
    if shape.kind == "list" and not shape.each.model:
        found += [
            limits["each"].format(limit=limit) for limit in _limits(shape.each, words, language)
        ]
    return found


def _number(value: float, language: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALES[language])


def _in_place(entry: SchemaField, value: Any) -> Any:
    """`value` inside the fields around it, as it is written in its file: an item of a list
    of milestones as `history: timeline: - title: …`."""
    shapes = {other.path: other.shape for other in schema_fields(entry.file)}
    docs = field_docs(entry.file)
    node = value
    for index in reversed(range(len(entry.path))):
        part = entry.path[index]
        if part == ANY_KEY:  # the first key of the mapping's own example: `profile`
            part = next(iter(docs[entry.path[:index]].example))
        node = {part: node}
        if (parent := shapes.get(entry.path[:index])) and parent.kind == "list":
            node = [node]
    return node


if __name__ == "__main__":
    for written in write_reference():
        print(f"wrote {written.relative_to(PROJECT_ROOT)}")
