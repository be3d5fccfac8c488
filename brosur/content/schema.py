"""The shape of content files: pydantic models that say what each field may hold.

Text that differs by language is a `Text` (`{id: ..., en: ...}`); text that is the same in
every language (names, numbers, addresses, web addresses) is written plainly. Which languages
must be present is checked by `content.missing_translations`, so that every gap is listed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from brosur.content.addresses import is_email
from brosur.content.fonts import installed_families
from brosur.content.i18n import EDITION_LANGUAGES, LANGUAGES, EditionLanguage, PartialDate
from brosur.content.markdown import broken_links, has_images, markdown_blocks
from brosur.content.pictures import picture_problem
from brosur.documents import document_kinds


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Text ---------------------------------------------------------------------------------------


class Text(Model):
    """A text written once per language. Which languages must be present is checked
    separately (see `missing_translations`) so that every gap is listed with its line."""

    id: str | None = None
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_text_per_language(cls, value: Any) -> Any:
        if not isinstance(value, dict | Text):
            raise _fail(
                "text_languages",
                "write this text once per language, as `id:` and `en:` on the lines below it",
            )
        return value

    @field_validator("id", "en")
    @classmethod
    def _words_that_fit_a_line(cls, value: str | None) -> str | None:
        return _no_long_word(value, printed=_printed_words(cls, value))

    def get(self, language: str) -> str:
        return getattr(self, language) or ""


class Prose(Text):
    """A long text, in Markdown: paragraphs, **bold**, _italic_, lists and links."""

    @field_validator("id", "en")
    @classmethod
    def _no_pictures(cls, value: str | None) -> str | None:
        if value and (blocks := markdown_blocks(value)) > MAX_BLOCKS:
            raise _fail(
                "prose_blocks",
                f"has {blocks:,} paragraphs and list items; a text may have at most "
                f"{MAX_BLOCKS}: join short ones, or shorten the list",
            )
        if value and has_images(value):
            raise _fail(
                "prose_image",
                "pictures cannot be placed inside a text; remove the ![...](...) part",
            )
        if value and (broken := broken_links(value)):
            raise _fail(
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
        raise _fail(
            "long_word",
            f"has a word of {len(longest):,} characters without a space "
            f"({longest[:20]!r}…); no line holds more than {MAX_WORD}: add spaces or "
            "shorten it",
        )
    return value


@cache
def limited(base: type[Text], characters: int) -> type[Text]:
    """`base` (Text or Prose) holding at most `characters` in each language."""
    field = (str | None, Field(None, max_length=characters))
    model = create_model(f"{base.__name__}{characters}", __base__=base, id=field, en=field)
    model.__doc__ = f"{base.__doc__} At most {characters:,} characters per language."
    return model


def plain(characters: int) -> Any:
    """A text written once for every language (a name, an address), of at most
    `characters`."""
    return Annotated[str, Field(max_length=characters), AfterValidator(_no_long_word)]


def _same_in_every_language(value: Any) -> Any:
    return dict.fromkeys(LANGUAGES, value) if isinstance(value, str) else value


def same_or_per_language(characters: int) -> Any:
    """A name or title that may be written once (the same in every language) or once per
    language, of at most `characters`."""
    return Annotated[
        limited(Text, characters),
        BeforeValidator(_same_in_every_language, json_schema_input_type=str | Text),
    ]


# Plain values -------------------------------------------------------------------------------


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    match = isinstance(value, str) and re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value.strip())
    if match and 1 <= int(match[2] or 1) <= 12:
        return PartialDate(int(match[1]), int(match[2]) if match[2] else None)
    raise _fail("partial_date", "write a date as 2000, 2000-03 or 2000-03-15")


Date = Annotated[PartialDate, BeforeValidator(_partial_date, json_schema_input_type=int | str)]


@dataclass(frozen=True)
class WebAddress:
    """A web address, kept both as a link and as the short form printed on paper."""

    href: str

    @property
    def display(self) -> str:
        parts = urlsplit(self.href)
        return (parts.netloc.removeprefix("www.") + parts.path.rstrip("/")) or self.href


def _web_address(value: Any) -> WebAddress:
    text = value.strip() if isinstance(value, str) else ""
    href = text if "://" in text else f"https://{text}"
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in text:
        raise _fail(
            "web_address", "write a web address such as example.org or https://example.org/about"
        )
    return WebAddress(href)


Web = Annotated[WebAddress, BeforeValidator(_web_address, json_schema_input_type=str)]


def _email(value: Any) -> str:
    if isinstance(value, str) and is_email(value.strip()):
        return value.strip()
    raise _fail(
        "email",
        "write only an e-mail address, such as info@example.org (no spaces, and nothing "
        "after it such as ?subject= or ?bcc=)",
    )


Email = Annotated[str, BeforeValidator(_email, json_schema_input_type=str)]


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".webp", ".gif"}


def _inside_content_folder(value: Any, info: ValidationInfo, example: str) -> Path:
    """Resolve a file named in content: it must be inside the content folder, symlinks
    followed, and exist. Nothing is read from it here, so a refusal cannot show its text."""
    if not isinstance(value, str) or not value.strip():
        raise _fail("asset", f"write the path of a file in the content folder, such as {example}")
    folder: Path = info.context["folder"]
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        raise _fail(
            "asset_url",
            f"{value!r} is blocked: brosur never fetches files from the "
            "network; save the file in the content folder and give its path",
        )
    relative = PurePosixPath(value.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts:
        raise _fail(
            "asset_outside",
            f"{value!r} is outside the content folder; copy the file "
            "into it and give its path from there",
        )
    path = folder / relative
    if not path.resolve().is_relative_to(folder.resolve()):
        raise _fail(
            "asset_outside",
            f"{value!r} leads outside the content folder; copy the file into it and give its "
            "path from there",
        )
    if not path.is_file():
        raise _fail("asset_missing", f"file not found: {value} (looked for {path})")
    return path


def _asset(value: Any, info: ValidationInfo) -> Path:
    """A picture inside the content folder, checked before anything decodes it."""
    path = _inside_content_folder(value, info, "images/logo.png")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise _fail(
            "asset_kind",
            f"{value!r} is not a picture brosur can place; use "
            + ", ".join(sorted(IMAGE_SUFFIXES)),
        )
    if problem := picture_problem(path, info.context["folder"]):
        raise _fail("asset_picture", f"{value!r} {problem}")
    return path


Asset = Annotated[Path, BeforeValidator(_asset, json_schema_input_type=str)]


# The organisation ---------------------------------------------------------------------------


# Each text holds at most what its role needs, in characters per language (about six to a
# word): far above real content, but a bound on the time a layout can take.
Title = limited(Text, 150)  # a heading: a line or two
Label = limited(Text, 80)  # a label beside a value
Short = limited(Text, 200)  # a tagline, a full name, a fact written as text
Caption = limited(Text, 400)  # alt text, captions
Paragraph = limited(Prose, 1500)  # a milestone's or a strategy's text


class Milestone(Model):
    date: Date
    title: Title
    text: Paragraph | None = None


class History(Model):
    timeline: list[Milestone] = Field(min_length=1, max_length=40)
    text: limited(Prose, 12_000) | None = None  # a few pages


class Strategy(Model):
    title: Title
    text: Paragraph


class Fact(Model):
    """A key fact: a label and one value, given as text, a date or a number."""

    label: Label
    text: Short | None = None
    date: Date | None = None
    number: float | None = None
    unit: limited(Text, 40) | None = None

    @model_validator(mode="after")
    def _one_value(self) -> Fact:
        if sum(value is not None for value in (self.text, self.date, self.number)) != 1:
            raise ValueError("give exactly one of text, date or number")
        return self


class Contact(Model):
    website: Web | None = None
    email: Email | None = None
    phone: plain(100) | None = None
    address: plain(400) | None = None


class Source(Model):
    label: same_or_per_language(300)
    url: Web | None = None
    note: limited(Text, 600) | None = None


class Photo(Model):
    file: Asset
    alt: Caption  # what the picture shows, for readers who cannot see it
    caption: Caption | None = None
    credit: plain(150) | None = None


class Programme(Model):
    title: Title
    text: limited(Prose, 3000)
    period: plain(60) | None = None
    photo: Photo | None = None


class Partner(Model):
    name: same_or_per_language(200)
    kind: Title | None = None


class Person(Model):
    name: plain(150)
    role: Title


class FigureValue(Model):
    label: same_or_per_language(60)
    value: float = Field(ge=0)


class Figure(Model):
    """A series of comparable numbers, drawn as a bar chart (for example, a figure a year)."""

    title: Title
    alt: Caption  # what the chart shows, for readers who cannot see it
    unit: limited(Text, 40) | None = None
    values: list[FigureValue] = Field(min_length=2, max_length=12)


class Organisation(Model):
    name: Annotated[plain(150), Field(min_length=1)]
    full_name: Short
    tagline: Short
    summary: limited(Prose, 2000)
    background: limited(Prose, 12_000) | None = None  # a few pages
    history: History
    vision: limited(Text, 600)  # a sentence or two
    mission: limited(Prose, 3000)
    strategies: list[Strategy] = Field(min_length=1, max_length=4)
    facts: list[Fact] = Field(default_factory=list, max_length=6)
    contact: Contact
    sources: list[Source] = Field(default_factory=list, max_length=60)
    keywords: list[limited(Text, 60)] = Field(default_factory=list, max_length=20)
    # Sections the profile prints when they are given, and leaves out cleanly when not.
    programmes: list[Programme] = Field(default_factory=list, max_length=24)
    figures: list[Figure] = Field(default_factory=list, max_length=12)
    partners: list[Partner] = Field(default_factory=list, max_length=100)
    team: list[Person] = Field(default_factory=list, max_length=60)
    photos: list[Photo] = Field(default_factory=list, max_length=24)


# The theme -----------------------------------------------------------------------------------

PaperName = Literal["a4", "letter", "f4"]


@dataclass(frozen=True)
class ThemeColour:
    """A brand colour: RGB for screens, and optionally the CMYK the print shop should use."""

    rgb: str
    cmyk: tuple[float, float, float, float] | None = None

    def __str__(self) -> str:
        return self.rgb


def _colour(value: Any) -> ThemeColour:
    if isinstance(value, dict) and set(value) <= {"rgb", "cmyk"} and "rgb" in value:
        return ThemeColour(_hex(value["rgb"]), _cmyk(value.get("cmyk")))
    return ThemeColour(_hex(value))


def _hex(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip()):
        return value.strip().lower()
    raise _fail(
        "colour",
        'write a colour as # and six hexadecimal digits, such as "#163a5f", or as rgb: and '
        "cmyk: [c, m, y, k] in percentages",
    )


def _cmyk(value: Any) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    if (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(part, int | float) and 0 <= part <= 100 for part in value)
    ):
        return tuple(float(part) for part in value)
    raise _fail("cmyk", "write CMYK as four percentages, such as cmyk: [100, 70, 20, 40]")


Colour = Annotated[
    ThemeColour, BeforeValidator(_colour, json_schema_input_type=str | dict[str, Any])
]


def _font_family(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[\w .-]+", value):
        raise _fail("font", "write the name of a font family, such as Inter")
    families = installed_families()
    if families and value not in families:
        guesses = get_close_matches(value, sorted(families), n=3)
        hint = f"; installed fonts like it: {', '.join(guesses)}" if guesses else ""
        raise _fail("font_missing", f"the font {value!r} is not installed on this machine{hint}")
    return value


FontFamily = Annotated[str, BeforeValidator(_font_family, json_schema_input_type=str)]
Length = Annotated[str, Field(pattern=r"^\d+(\.\d+)?mm$")]


class Colours(Model):
    brand: Colour  # mastheads, headings
    brand_deep: Colour  # the darkest surfaces
    brand_soft: Colour  # text on brand surfaces
    accent: Colour  # markers and rules (decoration)
    accent_text: Colour  # accent for small text on white: must reach WCAG AA
    tint: Colour  # panels
    ink: Colour  # body text
    muted: Colour  # secondary text
    rule: Colour  # hairlines
    second: Colour  # the second language in a bilingual edition


class Fonts(Model):
    text: FontFamily
    display: FontFamily


class Margins(Model):
    top: Length = "16mm"
    bottom: Length = "20mm"
    sides: Length = "16mm"


class Theme(Model):
    """The brand: one file that every document takes its colours, type and paper from."""

    colours: Colours
    fonts: Fonts
    logo: Asset | None = None  # for brand-coloured surfaces: covers and mastheads
    logo_on_white: Asset | None = None  # for white surfaces; without it, the name alone
    paper: PaperName = "a4"
    margins: Margins = Margins()


# The project file ---------------------------------------------------------------------------


def _document_name(name: str) -> str:
    if name not in document_kinds():
        known = ", ".join(document_kinds())
        raise _fail("document", f"brosur cannot build {name!r}; it can build: {known}")
    return name


DocumentName = Annotated[str, AfterValidator(_document_name)]


# The columns every recipients list may have (see recipients.py); a document may add more.
RECIPIENT_COLUMNS = ("name", "language", "date", "place", "contact")
_FIELD_PATH = re.compile(r"[a-z_]+(\[[1-9][0-9]*\])?(\.[a-z_]+(\[[1-9][0-9]*\])?)*")


def _recipient_column(column: str) -> str:
    if column in RECIPIENT_COLUMNS:
        raise _fail("recipient_column", f"{column!r} is a standard recipient column already")
    if not re.fullmatch(r"[A-Za-z0-9_]+", column):
        raise _fail("recipient_column", "use letters, digits and _ in a column name")
    return column


def _organisation_field(path: str) -> str:
    if not _FIELD_PATH.fullmatch(path):
        raise _fail(
            "field_path",
            f"{path!r} is not a field of the organisation file; write it as it is nested "
            "there, such as tagline.en or history.timeline[2].title.en",
        )
    return path


class DocumentEntry(Model):
    languages: list[EditionLanguage] = Field(min_length=1)
    papers: list[PaperName] | None = None  # default: the theme's paper
    # Extra columns a recipients list may carry for this document, each replacing one field
    # of the organisation file in that recipient's copy: {column: field path}.
    recipient_columns: dict[
        Annotated[str, AfterValidator(_recipient_column)],
        Annotated[str, AfterValidator(_organisation_field)],
    ] = {}


def _content_file(value: Any, info: ValidationInfo) -> str:
    """A YAML file of the content folder, named by its path there (kept as written)."""
    path = _inside_content_folder(value, info, "organisation.yml")
    if path.suffix.lower() not in (".yml", ".yaml"):
        raise _fail("content_file", f"{value!r} is not a YAML file; name a file ending in .yml")
    return value


ContentFile = Annotated[str, BeforeValidator(_content_file, json_schema_input_type=str)]


class Project(Model):
    # The defaults are checked too: an `organisation.yml` that is a symlink to a file
    # elsewhere is as far outside the folder as `organisation: ../../secret.yml`.
    model_config = ConfigDict(validate_default=True)

    organisation: ContentFile = "organisation.yml"
    theme: ContentFile = "theme.yml"
    published: dt.date
    documents: dict[DocumentName, DocumentEntry] = Field(min_length=1)

    @property
    def languages(self) -> list[str]:
        """Every language some document is built in: each text must be written in all of them."""
        wanted = {
            language
            for entry in self.documents.values()
            for edition in entry.languages
            for language in EDITION_LANGUAGES[edition]
        }
        return [language for language in LANGUAGES if language in wanted]
