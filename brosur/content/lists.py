"""Lists in content with a most number of items, as the layouts can hold them.

pydantic's own `max_length` stops at the length and checks none of the items, so a list one
item too long hid every other mistake in it. A list marked `Most` checks its items first and
reports its length beside whatever they got wrong: all problems at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, ValidationError, WrapValidator
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from brosur.content.marks import Mark


@dataclass(frozen=True)
class Most(Mark):
    """A list holding `at_least` to `items` of them:
    `Annotated[list[Milestone], Most(40, at_least=1)]`."""

    items: int
    at_least: int = 0

    def stands_for(self, base: Any) -> Any:
        return Annotated[
            base,
            Field(min_length=self.at_least or None, json_schema_extra={"maxItems": self.items}),
            ItemsFirst(self.items),
            WrapValidator(ItemsFirst(self.items)),
        ]


@dataclass(frozen=True)
class ItemsFirst:
    """The most items a list may hold, counted after its items are checked (read by the field
    reference)."""

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


def _too_many(value: list, most: int) -> InitErrorDetails:
    context = {"actual_length": len(value), "max_length": most}
    error = PydanticCustomError("too_many", "{actual_length} items; at most {max_length}", context)
    return InitErrorDetails(type=error, loc=(), input=value)


def _again(detail: ErrorDetails) -> InitErrorDetails:
    """An item's error, raised again unchanged (type, message, context and place)."""
    error = PydanticCustomError(detail["type"], detail["msg"], detail.get("ctx"))
    return InitErrorDetails(type=error, loc=detail["loc"], input=detail["input"])
