"""Lists in content with a most number of items, as the layouts can hold them.

pydantic's own `max_length` stops at the length and checks none of the items, so a list one
item too long hid every other mistake in it. A `bounded` list checks its items first and
reports its length beside whatever they got wrong: all problems at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, ValidationError, WrapValidator
from pydantic_core import InitErrorDetails, PydanticCustomError


@dataclass(frozen=True)
class Most:
    """The most items a list may hold (read by the field reference and the messages)."""

    items: int

    def __call__(self, value: Any, validate_items: Any) -> Any:
        errors: list[InitErrorDetails] = []
        try:
            items = validate_items(value)
        except ValidationError as error:
            errors = [_again(detail) for detail in error.errors(include_url=False)]
            items = None
        if isinstance(value, list) and len(value) > self.items:
            errors.append(_too_many(value, self.items))
        if errors:
            raise ValidationError.from_exception_data("list", errors)
        return items


def bounded(item: Any, most: int, *, at_least: int = 0) -> Any:
    """A list of `item` holding `at_least` to `most` of them."""
    return Annotated[
        list[item],
        Field(min_length=at_least or None, json_schema_extra={"maxItems": most}),
        Most(most),
        WrapValidator(Most(most)),
    ]


def _too_many(value: list, most: int) -> InitErrorDetails:
    context = {"actual_length": len(value), "max_length": most}
    error = PydanticCustomError("too_many", "{actual_length} items; at most {max_length}", context)
    return InitErrorDetails(type=error, loc=(), input=value)


def _again(detail: dict[str, Any]) -> InitErrorDetails:
    """An item's error, raised again unchanged (type, message, context and place)."""
    error = PydanticCustomError(detail["type"], detail["msg"], detail.get("ctx"))
    return InitErrorDetails(type=error, loc=detail["loc"], input=detail["input"])
