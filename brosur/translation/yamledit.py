"""Change a few texts of a YAML file and keep every other character: comments, key order,
quoting, block style, blank lines, line endings.

ruamel.yaml's round trip gives our own content files back exactly when told their indentation,
but a file indented another way would come back re-indented. So the file is never dumped
whole: each changed value is found by its position (PyYAML's marks), rendered alone by
ruamel.yaml in the style it had (plain, quoted, folded `>-`, literal `|`, inside `{…}` or
not) and spliced into the original text; a missing language is added right after the other.
The result is read back and compared with what was meant before anyone writes it.
"""

from __future__ import annotations

import io
import re
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from brosur.content.yamlsource import FieldPath, Loader, format_path, value_at

LINE_WIDTH = 100  # a folded text is wrapped as the content files are
UNWRAPPED = 1_000_000  # a plain or quoted text stays on one line, however long
STYLES = {
    ">": FoldedScalarString,
    "|": LiteralScalarString,
    "'": SingleQuotedScalarString,
    '"': DoubleQuotedScalarString,
}
NULL = "tag:yaml.org,2002:null"


class EditError(ValueError):
    """A text could not be written without changing something else: nothing is written."""


def set_texts(text: str, values: dict[FieldPath, str], after: str) -> str:
    """Return the YAML document `text` with the string at each path of `values` replaced, or
    added right after the key `after` of the same mapping when it has none."""
    # libyaml skips a byte-order mark without counting it in its positions.
    mark = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix(mark)
    root = yaml.compose(text, Loader=Loader)
    if root is None:
        raise EditError("the file is empty: there is no text to translate in it")
    newline = "\r\n" if "\r\n" in text else "\n"
    splices = [_splice(text, root, path, value, after) for path, value in values.items()]
    edited = text
    for start, end, new in sorted(splices, reverse=True):  # from the end: offsets stay true
        edited = edited[:start] + new.replace("\n", newline) + edited[end:]
    _check(text, edited, values)
    return mark + edited


def _splice(text: str, root: yaml.Node, path: FieldPath, value: str, after: str):
    """(start, end, new text) that writes `value` at `path`."""
    mapping = _node_at(root, path[:-1])
    if not isinstance(mapping, yaml.MappingNode):
        raise EditError(f"{format_path(path[:-1])} holds no text written per language")
    pairs = {key.value: (key, node) for key, node in mapping.value}
    flow = mapping.flow_style
    if path[-1] in pairs:
        key, node = pairs[path[-1]]
        # An empty `en:` takes the style of the text it translates.
        model = pairs[after][1] if node.tag == NULL and after in pairs else node
        start, end = _span(text, node)
        new = _render(value, model.style, flow, key.start_mark.column, _indent(text, model, key))
        return start, end, new if start < end or text[start - 1] == " " else f" {new}"
    key, node = pairs[after]
    _, end = _span(text, node)
    new = _render(value, node.style, flow, key.start_mark.column, _indent(text, node, key))
    if flow:
        return end, end, f", {path[-1]}: {new}"
    at = _line_end(text, end)
    return at, at, f"\n{' ' * key.start_mark.column}{path[-1]}: {new}"


def _node_at(root: yaml.Node, path: FieldPath) -> yaml.Node:
    node = root
    for part in path:
        if isinstance(part, int):
            node = node.value[part]
        else:
            node = next(value for key, value in node.value if key.value == part)
    return node


def _span(text: str, node: yaml.ScalarNode) -> tuple[int, int]:
    """Where `node`'s value is written; a block scalar's trailing blank lines are left out
    (they separate it from what follows)."""
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in (">", "|"):
        lines = text[start:end].split("\n")
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        end = start + len("\n".join(lines).removesuffix("\r"))
    return start, end


def _indent(text: str, node: yaml.ScalarNode, key: yaml.Node) -> int:
    """The column a block scalar's lines start at: as `node`'s, else two past its key."""
    if node.style in (">", "|"):
        start, end = _span(text, node)
        lines = text[start:end].split("\n")[1:]
        if content := [line for line in lines if line.strip()]:
            return len(content[0]) - len(content[0].lstrip(" "))
    return key.start_mark.column + 2


def _line_end(text: str, index: int) -> int:
    """Where the line holding `index` ends (before its line break)."""
    end = text.find("\n", index)
    if end < 0:
        return len(text)
    return end - 1 if text[end - 1] == "\r" else end


def _render(value: str, style: str | None, flow: bool, column: int, indent: int) -> str:
    """`value` as YAML in `style` (or the nearest style that can hold it), its lines
    indented to `indent` (its key is at `column`)."""
    style = _style_for(value, style or None, flow)  # libyaml calls plain '', PyYAML None
    dumped = _dump(value, style, flow, indent)
    # ruamel writes YAML 1.2, where `yes`, `on` or `1_000` are plain words; PyYAML reads
    # YAML 1.1, where they are not: such a text is quoted.
    if style is None and yaml.load(dumped, Loader=Loader) != {"k": value}:
        style = "'"
        dumped = _dump(value, style, flow, indent)
    if flow:
        return dumped.removeprefix("{k: ").removesuffix("}\n")
    header, *lines = dumped.removeprefix("k: ").removesuffix("\n").split("\n")
    # ruamel indents by 2; an indentation indicator (`|2-`) counts from the key's column.
    shift = column if re.search(r"\d", header) else indent - 2
    return "\n".join([header, *(" " * shift + line if line else line for line in lines)])


def _dump(value: str, style: str | None, flow: bool, indent: int) -> str:
    """`{k: value}` as ruamel.yaml writes it, `value` in `style`."""
    dumper = YAML()
    dumper.indent(mapping=2, sequence=4, offset=2)
    dumper.width = UNWRAPPED
    text = STYLES[style](value) if style in STYLES else value
    if isinstance(text, FoldedScalarString):
        # Read by ruamel's representer; a slot its class declares in __slots__ alone, so
        # unknown to a type checker (ruamel's own constructor sets it the same way).
        text.fold_pos = _folds(value, LINE_WIDTH - indent)  # type: ignore[attr-defined]
    mapping = CommentedMap(k=text)
    if flow:
        mapping.fa.set_flow_style()
    stream = io.StringIO()
    dumper.dump(mapping, stream)
    return stream.getvalue()


def _folds(value: str, room: int) -> list[int]:
    """The spaces to fold a folded text at so that its lines hold at most `room` characters
    (a longer word stays whole). Only a single space between words can fold, and not in a
    line that starts with a space (YAML keeps such lines as they are)."""
    folds, start, last = [], 0, None
    for index, character in enumerate(value):
        if character == "\n":
            start, last = index + 1, None
            continue
        if index - start >= room and last is not None:
            folds.append(last)
            start, last = last + 1, None
        if character == " " and value[start] != " " and _between_words(value, index):
            last = index
    return folds


def _between_words(value: str, index: int) -> bool:
    return 0 < index < len(value) - 1 and not (
        value[index - 1].isspace() or value[index + 1].isspace()
    )


def _style_for(value: str, style: str | None, flow: bool) -> str | None:
    """The style to write `value` in: `style`, unless it cannot hold a line break here."""
    if "\n" not in value:
        return None if flow and style in (">", "|") else style
    if flow or style == '"':
        return '"'  # escaped: \n
    return "|" if style in (None, "|") else ">" if style == ">" else '"'


def _check(text: str, edited: str, values: dict[FieldPath, str]) -> None:
    """Refuse an edit that reads back as anything but the values meant, nothing else changed."""
    expected = yaml.load(text, Loader=Loader)
    for path, value in values.items():
        _set(expected, path, value)
    got = yaml.load(edited, Loader=Loader)
    if got != expected:
        wrong = [path for path in values if value_at(got, path) != values[path]]
        names = ", ".join(format_path(path) for path in wrong) or "another field"
        raise EditError(f"writing {names} would change the file in another way")


def _set(data: Any, path: FieldPath, value: str) -> None:
    value_at(data, path[:-1])[path[-1]] = value
