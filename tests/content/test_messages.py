"""Every rule of the schema speaks plain words: a wrong value anywhere in a content file gets
a message that says what to write, never pydantic's own ("Input should be a valid…")."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import pytest

from brosur.content.load import schema_errors
from brosur.content.messages import unexplained
from brosur.content.schema import Organisation, Project, Theme
from brosur.content.yamlsource import read_yaml
from tests.support.content import EXAMPLE_CONTENT

# Wrong in every way a person might get a value wrong: the wrong kind, empty, too much.
WRONG_VALUES = [
    7,
    -5,
    2.5,
    float("inf"),
    True,
    None,
    "",
    "some words",
    "2026-13-45",
    "x" * 20_000,
    ["a", "b"],
    {"x": 1},
    {"id": 5, "en": ["no"]},
]
FILES = [
    ("organisation.yml", Organisation),
    ("theme.yml", Theme),
    ("brosur.yml", Project),
]
PYDANTIC_WORDING = ("Input should", "after validation", "valid dictionary", "Value error")


def every_place(data, path=(), seen=None):
    """Each field path of `data` once per field of the schema (the first list item that has
    a field stands for every item), and each list's end (one item more)."""
    seen = set() if seen is None else seen
    field = (*(part for part in path if isinstance(part, str)), len(path))
    if path and field not in seen:
        seen.add(field)
        yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from every_place(value, (*path, key), seen)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from every_place(item, (*path, index), seen)
        yield (*path, len(data))


def replaced(data, path, value):
    changed = copy.deepcopy(data)
    *parents, last = path
    holder = changed
    for part in parents:
        holder = holder[part]
    if isinstance(holder, list) and last == len(holder):
        holder.append(value)
    else:
        holder[last] = value
    return changed


@cache
def messages_for_wrong_values(file: str, model) -> dict[str, set[str]]:
    """{error type: messages} over every wrong value at every place of the example's file."""
    data, _ = read_yaml(EXAMPLE_CONTENT / file)
    context = {"folder": Path(EXAMPLE_CONTENT).resolve(), "languages": ["id", "en"]}
    found: dict[str, set[str]] = {}
    for path in every_place(data):
        for value in WRONG_VALUES:
            for detail in schema_errors(model, replaced(data, path, value), context):
                found.setdefault(detail.kind, set()).add(detail.message)
    return found


@pytest.mark.parametrize(("file", "model"), FILES, ids=[file for file, _ in FILES])
def test_every_error_the_schema_raises_has_a_plain_message(file, model):
    found = messages_for_wrong_values(file, model)
    assert not [kind for kind in found if unexplained(kind)], "error types without a message"
    wording = [m for messages in found.values() for m in messages if m.startswith(PYDANTIC_WORDING)]
    assert not wording


def test_the_walk_reaches_the_rules_that_matter():
    # A guard on the test above: its wrong values reach lists, numbers, choices and texts.
    found = messages_for_wrong_values("organisation.yml", Organisation)
    assert {"model_type", "list_type", "string_type", "float_parsing", "too_many"} <= set(found)
    assert {"literal_error", "missing", "extra_forbidden"} <= set(found)


def test_a_list_too_long_still_checks_its_items():
    data, _ = read_yaml(EXAMPLE_CONTENT / "organisation.yml")
    data["strategies"] = [*data["strategies"], data["strategies"][0]]
    data["strategies"][0] = {**data["strategies"][0], "title": ["wrong"]}
    context = {"folder": Path(EXAMPLE_CONTENT).resolve(), "languages": ["id", "en"]}
    found = list(schema_errors(Organisation, data, context))
    assert {(detail.path, detail.kind) for detail in found} == {
        (("strategies", 0, "title"), "text_languages"),
        (("strategies",), "too_many"),
    }
    (too_many,) = [detail.message for detail in found if detail.kind == "too_many"]
    assert too_many.startswith("5 items, but at most 4 fit here: ")


def test_a_wrong_shape_shows_the_right_one():
    data, _ = read_yaml(EXAMPLE_CONTENT / "organisation.yml")
    data["partners"][1] = ["Kelompok Perempuan Contoh"]
    context = {"folder": Path(EXAMPLE_CONTENT).resolve(), "languages": ["id", "en"]}
    (detail,) = schema_errors(Organisation, data, context)
    assert detail.path == ("partners", 1)
    assert "for example:\n" in detail.message and "name:" in detail.message
