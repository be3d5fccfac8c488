"""Types written `Annotated[Base, Mark(...)]`: the mark makes the type pydantic validates from
the base (`Annotated[Text, Limit(150)]` is the model `Text150`), so that an annotation is a
type a type checker reads (`Text`, `list[Milestone]`) and validation, its errors and the
JSON Schema are still the mark's.

Whatever reads the schema (the field reference, the messages, the translators' notes) reads
the types the marks stand for, through `stands_for` and `field_type`.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic.fields import FieldInfo
from pydantic_core import CoreSchema


class Mark:
    """Metadata of an `Annotated` type that stands for another type, made from the base."""

    def stands_for(self, base: Any) -> Any:
        """The type pydantic validates for `Annotated[base, self]`."""
        raise NotImplementedError

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return handler.generate_schema(self.stands_for(source))


def stands_for(annotation: Any) -> Any:
    """The type a marked `Annotated` type stands for; any other annotation itself.

    As pydantic reads it: the last mark makes its type from the base (what comes before the
    mark is not used), and what follows the mark applies to that type."""
    if typing.get_origin(annotation) is not Annotated:
        return annotation
    base, *metadata = typing.get_args(annotation)
    marks = [index for index, item in enumerate(metadata) if isinstance(item, Mark)]
    if not marks:
        return annotation
    made, after = metadata[marks[-1]].stands_for(base), metadata[marks[-1] + 1 :]
    return Annotated[made, *after] if after else made


def field_type(field: FieldInfo) -> Any:
    """The type a model's field stands for, with the metadata pydantic took out of it."""
    if not field.metadata:
        return stands_for(field.annotation)
    return stands_for(Annotated[field.annotation, *field.metadata])
