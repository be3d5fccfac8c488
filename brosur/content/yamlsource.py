"""Read a YAML file into plain data plus the line and column of every value in it.

PyYAML's composer gives a node tree with positions; we build the data from it ourselves so
that every field path can be traced back to where the user wrote it, and so that YAML's
features a content file never needs (custom tags, anchors and aliases) are refused with a
clear message instead of being trusted.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from brosur.errors import InputError, Problem, display_path
from brosur.terminal import DIRECTION_CONTROLS

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FieldPath = tuple[str | int, ...]

MAX_FILE_BYTES = 2 * 1024 * 1024  # far above any real content file, far below harm
MAX_DEPTH = 40

# Tags a plain YAML file resolves to on its own; anything else was written on purpose.
PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass
class SourceMap:
    """Where each field of a loaded YAML file was written (1-based lines and columns)."""

    file: str  # as the user would type it, for messages
    path: Path  # the file itself
    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    # What reading refused, each with the field left out for it (None when no value was).
    refused: list[tuple[FieldPath | None, Problem]] = field(default_factory=list)

    def locate(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """Return the position of `path`, or of its nearest written ancestor."""
        table = self.keys if key else self.values
        while path not in table and path:
            path = path[:-1]
            table = self.values
        return table.get(path, (1, 1))

    def problem(self, path: FieldPath, message: str, *, key: bool = False) -> Problem:
        """Return a Problem pinned to `path` in this file."""
        line, column = self.locate(path, key=key)
        return Problem(self.file, line, column, format_path(path), message)


def format_path(path: FieldPath) -> str:
    """Spell a field path as a user reads it: `history.timeline[2].title` (lists count from 1)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def value_at(data: Any, path: FieldPath) -> Any:
    """The value at `path` in data read from YAML, or None when there is none."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def load_yaml(path: Path) -> tuple[Any, SourceMap]:
    """Load one YAML file; raise InputError listing every problem found in it."""
    data, source = read_yaml(path)
    if source.refused:
        raise InputError([problem for _, problem in source.refused])
    return data, source


def read_yaml(path: Path) -> tuple[Any, SourceMap]:
    """Load one YAML file, leaving out the values it refuses (a control character in a text,
    a tag, a field written twice), which `source.refused` lists, so that the file's other
    problems can still be found. A file that cannot be read as YAML at all raises
    InputError."""
    source = SourceMap(display_path(path), path)
    text = _read_text(path, source)
    try:
        _refuse_aliases(text, source)
        loader = Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        raise InputError([_syntax_problem(source, error, text)]) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow in a file
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1
        message = unprintable(chr(error.character)) or f"cannot read {chr(error.character)!r}"
        raise InputError([Problem(source.file, line, column, "", message)]) from None
    except RecursionError:
        raise InputError(
            [Problem(source.file, 1, 1, "", "the file is nested too deeply")]
        ) from None
    data = _Builder(source, loader).build(root, ()) if root is not None else {}
    return data, source


MAX_REPORTED_ALIASES = 10


def _refuse_aliases(text: str, source: SourceMap) -> None:
    """Refuse anchors and aliases before anything is built from them: an alias repeats a
    value, and a few lines of aliases of aliases expand to billions ("billion laughs")."""
    first_alias: dict[int, int] = {}  # line → column of the first alias on it
    for event in yaml.parse(text, Loader):
        # The parser marks where every event starts (the stubs allow an event without one).
        if isinstance(event, yaml.AliasEvent) and (mark := event.start_mark):
            first_alias.setdefault(mark.line + 1, mark.column + 1)
    if not first_alias:
        return
    message = "anchors and aliases (& and *) are not supported; write the value out in full"
    problems = [Problem(source.file, *place, "", message) for place in sorted(first_alias.items())]
    lines = sorted(first_alias)
    if len(problems) > MAX_REPORTED_ALIASES:
        more = len(problems) - MAX_REPORTED_ALIASES
        problems = problems[:MAX_REPORTED_ALIASES]
        problems.append(Problem(source.file, lines[-1], 1, "", f"and aliases on {more} more lines"))
    raise InputError(problems)


def unprintable(text: str) -> str | None:
    """What is wrong with a text that holds characters no reader should get, or None."""
    for character in text:
        if character in DIRECTION_CONTROLS:
            return (
                f"contains an invisible direction mark (U+{ord(character):04X}) that can make "
                "the text display in another order than it reads; retype the text"
            )
        if unicodedata.category(character) == "Cc" and character not in "\n\t":
            return (
                f"contains a control character (U+{ord(character):04X}) that does not print; "
                "retype the text"
            )
    return None


def _read_text(path: Path, source: SourceMap) -> str:
    def fail(message: str) -> InputError:
        return InputError([Problem(source.file, 1, 1, "", message)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("file not found") from None
    except OSError as error:
        raise fail(f"cannot read the file ({error.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise fail(
            f"the file is {len(raw):,} bytes; content files may be at most {MAX_FILE_BYTES:,}"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            [Problem(source.file, line, 1, "", "the file is not UTF-8 text; save it as UTF-8")]
        ) from None


def _syntax_problem(source: SourceMap, error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = error.problem or error.context or "not valid YAML"
    if "nesting depth" in what:  # libyaml's own limit, far above ours
        return Problem(source.file, line, column, "", f"nested more than {MAX_DEPTH} levels deep")
    hint = ""
    if mark and text[mark.index : mark.index + 1] == "\t":
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in what:
        hint = "; put text that contains ': ' in quotes"
    return Problem(source.file, line, column, "", f"YAML syntax error: {what}{hint}")


class _Builder:
    """Turn a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, source: SourceMap, loader: Any):
        self.source = source
        self.loader = loader
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        if id(node) in self.seen:
            # An alias: the node is the anchored one, so point at where the alias was used.
            self.source.values[path] = self.source.keys.get(path, (1, 1))
            return self._refuse(
                path, "anchors and aliases (& and *) are not supported; write the value out in full"
            )
        self.source.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            return self._refuse(path, f"nested more than {MAX_DEPTH} levels deep")
        if node.tag not in PLAIN_TAGS:
            return self._refuse(path, f"the YAML tag {node.tag!r} is not supported; remove it")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if isinstance(node.value, str) and (problem := unprintable(node.value)):
            return self._refuse(path, problem)
        try:
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError) as error:
            return self._refuse(path, f"cannot read this value ({error})")

    def _refuse(self, path: FieldPath, message: str) -> None:
        self.source.refused.append((path, self.source.problem(path, message)))

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                self.source.refused.append(
                    (
                        None,
                        Problem(
                            self.source.file, *key_position, "", "a field name must be a plain word"
                        ),
                    )
                )
                continue
            key = str(key_node.value)
            if key in first_line:
                twice = f"written twice (lines {first_line[key]} and {key_position[0]}); keep one"
                self.source.refused.append(
                    (None, Problem(self.source.file, *key_position, _join(path, key), twice))
                )
                continue
            first_line[key] = key_position[0]
            self.source.keys[(*path, key)] = key_position
            mapping[key] = self.build(value_node, (*path, key))
        return mapping


def _join(path: FieldPath, key: str) -> str:
    return format_path((*path, key))
