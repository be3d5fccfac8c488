"""pydantic's validation errors in plain words: what is wrong, and what to write instead.

Every error type the schema can raise has its message here (a test walks the schema with
wrong values and fails on any type without one); checks of our own (`text.fail`) already
speak plainly. Where a wrong shape was written, the message shows the right one, taken from
the field reference's example (docs/fields.*.md, brosur/content/fields.yml).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import get_close_matches
from typing import NamedTuple, get_args

from pydantic_core import ErrorDetails
from pydantic_core.core_schema import ErrorType

from brosur.content import schemawalk
from brosur.content.text import Model, Text
from brosur.content.yamlsource import FieldPath
from brosur.i18n import LANGUAGES

Detail = ErrorDetails


class Explained(NamedTuple):
    """One problem with a file's data: where, what to do, and which rule it broke."""

    path: FieldPath
    message: str
    at_key: bool  # the problem is the field's name, not its value
    kind: str  # pydantic's error type, or one of ours (text.fail)


def explain(model: type[Model], detail: Detail) -> Explained:
    """Turn one pydantic error into plain words, pinned to its field."""
    kind = detail["type"]
    *parents, last = detail["loc"] or ("",)
    # An unknown field's name is the user's own key, whatever it looks like.
    keep_last = kind == "extra_forbidden" or not _is_union_branch(last)
    path = tuple(part for part in parents if not _is_union_branch(part))
    path += (last,) if keep_last and detail["loc"] else ()
    at_key = "[key]" in detail["loc"] or kind == "extra_forbidden"
    if kind == "extra_forbidden":
        return Explained(path, _unknown_field(model, path), True, kind)
    if kind in MESSAGES:
        return Explained(path, MESSAGES[kind](detail, model, path), at_key, kind)
    # One of our own checks (text.fail) speaks plainly already; a type of pydantic's own
    # without a message here is a gap the schema walk test finds.
    return Explained(path, detail["msg"], at_key, kind)


def unexplained(kind: str) -> bool:
    """Whether an error of this type would reach a user in pydantic's own words."""
    return kind in BUILT_IN and kind not in MESSAGES and kind != "extra_forbidden"


BUILT_IN = frozenset(get_args(ErrorType))


def _is_union_branch(part: str | int) -> bool:
    # pydantic names the branch of an `X | None` union it tried (`function-before[...]`).
    return isinstance(part, str) and (
        re.fullmatch(r"[a-z][a-z-]*\[.*\]", part) is not None
        or part in {"str", "float", "int", "list", "[key]"}
    )


def _unknown_field(model: type[Model], path: FieldPath) -> str:
    owner = schemawalk.model_at(model, path[:-1])
    if owner and issubclass(owner, Text):
        return f"unknown language {path[-1]!r}; use " + " and ".join(LANGUAGES)
    allowed = list(owner.model_fields) if owner else []
    message = f"unknown field {path[-1]!r}"
    if guess := get_close_matches(str(path[-1]), allowed, n=1):
        return f"{message}; did you mean {guess[0]!r}?"
    return f"{message}; allowed here: {', '.join(allowed)}" if allowed else message


# The messages, by pydantic's error type --------------------------------------------------


def _says(text: str) -> Callable[..., str]:
    return lambda detail, model, path: text


def _with_example(text: str) -> Callable[..., str]:
    """A wrong shape: say what belongs here and show it written right."""

    def message(detail: Detail, model: type[Model], path: FieldPath) -> str:
        example = schemawalk.example_at(model, path)
        return f"{text}, for example:\n{example}" if example else text

    return message


def _too_long_text(detail: Detail, model: type[Model], path: FieldPath) -> str:
    most = detail["ctx"]["max_length"]
    return (
        f"{len(detail['input']):,} characters; at most {most:,} fit here (about "
        f"{most // 6:,} words): shorten it"
    )


def _too_many(detail: Detail, model: type[Model], path: FieldPath) -> str:
    count, most = detail["ctx"]["actual_length"], detail["ctx"]["max_length"]
    why = schemawalk.why_at(model, path) or "remove some, keeping the ones that matter most"
    return f"{count:,} items, but at most {most} fit here: {why}"


def _too_few(detail: Detail, model: type[Model], path: FieldPath) -> str:
    least = detail["ctx"]["min_length"]
    if isinstance(detail["input"], str):
        return "is empty; write it, or remove the line"
    items = "one item" if least == 1 else f"{least} items"
    return f"needs at least {items} here: one a line, each starting with '- '"


def _choices(detail: Detail, model: type[Model], path: FieldPath) -> str:
    expected = detail["ctx"]["expected"].replace("'", "")
    return f"write one of: {expected}"


NUMBER = "expected a number here, such as 1250 or 3.5 (no unit, no thousands separator)"
DATE = "write a date as 2026-11-28"

MESSAGES: dict[str, Callable[..., str]] = {
    "missing": _says("required field is missing; add it"),
    "string_type": _says(
        "expected text here; put it in quotes if it looks like a number or yes/no"
    ),
    "string_too_long": _too_long_text,
    "string_too_short": _too_few,
    "string_pattern_mismatch": _says("write a length in millimetres, such as 16mm"),
    "float_type": _says(NUMBER),
    "float_parsing": _says(NUMBER),
    "finite_number": _says(NUMBER),
    "greater_than_equal": lambda detail, model, path: f"must be {detail['ctx']['ge']:g} or more",
    "list_type": _with_example("expected a list here: one item a line, each starting with '- '"),
    "model_type": _with_example("expected fields below this one, each on its own indented line"),
    "model_attributes_type": _with_example(
        "expected fields below this one, each on its own indented line"
    ),
    "dict_type": _with_example("expected fields below this one, each on its own indented line"),
    "too_long": _too_many,
    "too_many": _too_many,
    "too_short": _too_few,
    "date_type": _says(DATE),
    "date_parsing": _says(DATE),
    "date_from_datetime_parsing": _says(DATE),
    "date_from_datetime_inexact": _says(f"{DATE}, without a time"),
    "literal_error": _choices,
}
