"""Texts in content: written once per language (`Text`, Markdown `Prose`) or once for all,
each with a length limit that fits its role, so that no text can keep a layout busy for long.
Which languages must be present is checked by `schemawalk.missing_translations`, so that every gap
is listed with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from markdown_it import MarkdownIt
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from brosur.content.markdown import broken_links, has_images, markdown_blocks
from brosur.content.marks import Mark
from brosur.i18n import LANGUAGES, Language


def fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Text ---------------------------------------------------------------------------------------


class Text(Model):
    """A text written once per language. Which languages must be present is checked
    separately (see `missing_translations`) so that every gap is listed with its line."""

    id: str | None = None
    en: str | None = None
    # Written in one language on purpose (a note for Indonesian readers only): printed in
    # that language's editions, left out of the others, listed by `check`. Only a text an
    # edition can do without may be marked (load.py checks where).
    only: Language | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_text_per_language(cls, value: Any) -> Any:
        if not isinstance(value, dict | Text):
            raise fail(
                "text_languages",
                "write this text once per language, as `id:` and `en:` on the lines below it",
            )
        return value

    @model_validator(mode="after")
    def _written_in_its_only_language(self) -> Text:
        if self.only is None:
            return self
        if not self.get(self.only).strip():
            raise fail(
                "only_missing",
                f"marked only: {self.only}, but its {LANGUAGES[self.only]} text is missing; "
                f"write it as {self.only}: on the line below",
            )
        other = next(lang for lang in LANGUAGES if lang != self.only)
        if self.get(other).strip():
            raise fail(
                "only_both",
                f"marked only: {self.only}, but a {LANGUAGES[other]} text is written too: "
                f"remove only: to print both, or remove the {LANGUAGES[other]} text",
            )
        return self

    @field_validator("id", "en")
    @classmethod
    def _words_that_fit_a_line(cls, value: str | None) -> str | None:
        return _no_long_word(value, printed=_printed_words(cls, value))

    def get(self, language: str) -> str:
        return getattr(self, language) or ""

    def printed_in(self, languages: tuple[str, ...]) -> bool:
        """Whether an edition in `languages` prints this text (one marked `only` may not)."""
        return self.only is None or self.only in languages


class Prose(Text):
    """A long text, in Markdown: paragraphs, **bold**, _italic_, lists and links."""

    @field_validator("id", "en")
    @classmethod
    def _no_pictures(cls, value: str | None) -> str | None:
        if value and (blocks := markdown_blocks(value)) > MAX_BLOCKS:
            raise fail(
                "prose_blocks",
                f"has {blocks:,} paragraphs and list items; a text may have at most "
                f"{MAX_BLOCKS}: join short ones, or shorten the list",
            )
        if value and has_images(value):
            raise fail(
                "prose_image",
                "pictures cannot be placed inside a text; remove the ![...](...) part",
            )
        if value and (broken := broken_links(value)):
            raise fail(
                "prose_link",
                f"{_links(broken)} neither a web address nor an e-mail address: write a "
                "full address such as https://example.org/about or mailto:info@example.org "
                "(with nothing after the e-mail address), or remove the link",
            )
        return value


def _links(hrefs: list[str]) -> str:
    if len(hrefs) == 1:
        return f"the link {hrefs[0]!r} is"
    return "the links " + ", ".join(repr(href) for href in hrefs) + " are"


# Limits that keep every text to a size a layout can place in bounded time, far above any
# real content (the guides list each field's limit; see `field_limits`).
MAX_WORD = 100  # characters without a space: a long web address; no line holds more
MAX_BLOCKS = 60  # paragraphs and list items in one long text


def _printed_words(model: type, value: str | None) -> str | None:
    # In Markdown a link's address is not printed: `[report](https://…)` shows "report".
    if value and issubclass(model, Prose):
        return re.sub(r"\]\([^)\s]*\)", "]", value)
    return value


def _no_long_word(value: Any, printed: str | None = None) -> Any:
    """Refuse a word longer than any line can hold: it would run out of its box."""
    words = (printed if printed is not None else value or "").split() if value else []
    longest = max(words, key=len, default="")
    if len(longest) > MAX_WORD:
        raise fail(
            "long_word",
            f"has a word of {len(longest):,} characters without a space "
            f"({longest[:20]!r}…); no line holds more than {MAX_WORD}: add spaces or "
            "shorten it",
        )
    return value


@dataclass(frozen=True)
class Limit(Mark):
    """A Text or Prose of at most `characters` in each language: `Annotated[Text, Limit(150)]`
    is the model `Text150`."""

    characters: int

    def stands_for(self, base: Any) -> Any:
        return _limited(base, self.characters)


@dataclass(frozen=True)
class SameOrPerLanguage(Mark):
    """A name or title that may be written once (the same in every language) or once per
    language, of at most `characters`: `Annotated[Text, SameOrPerLanguage(150)]`."""

    characters: int

    def stands_for(self, base: Any) -> Any:
        return Annotated[
            _limited(base, self.characters),
            BeforeValidator(
                OnceForEveryLanguage(self.characters), json_schema_input_type=str | Text
            ),
        ]


@cache
def _limited(base: type[Text], characters: int) -> type[Text]:
    """`base` (Text or Prose) holding at most `characters` in each language."""
    limit = Field(None, max_length=characters)
    name = f"{base.__name__}{characters}"
    model = create_model(name, __base__=base, id=(str | None, limit), en=(str | None, limit))
    model.__doc__ = f"{base.__doc__} At most {characters:,} characters per language."
    return model


# A text written once for every language (a name, an address), of at most so many
# characters: `Annotated[str, MaxLen(150), NO_LONG_WORD]`.
NO_LONG_WORD = AfterValidator(_no_long_word)


@dataclass(frozen=True)
class OnceForEveryLanguage:
    """A text written once stands for every language: checked once (one message, not one a
    language), then given to each."""

    characters: int

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if not value.strip():
            raise fail("empty", "is empty; write it, or remove the line")
        if len(value) > self.characters:
            context = {"max_length": self.characters}
            raise PydanticCustomError("string_too_long", "too long", context)
        return dict.fromkeys(LANGUAGES, value)


# Typography ---------------------------------------------------------------------------------


@cache
def _typographer() -> MarkdownIt:
    # Only the text rule runs: nothing in a plain text is read as Markdown.
    return MarkdownIt("zero", {"typographer": True}).enable(["smartquotes"])


def typographic(text: str) -> str:
    """Return a plain text (a title, a name, a label) with the typographic quotes and
    apostrophes long texts get from Markdown: `citizens' "data"` → `citizens’ “data”`."""
    if "'" not in text and '"' not in text:
        return text
    (line,) = _typographer().parseInline(text)
    return "".join(token.content for token in line.children or ())
