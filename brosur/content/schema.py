"""The shape of content files: pydantic models that say what each field may hold.

Texts (text.py) and plain values (values.py) are the fields' kinds; this module puts them
together into the three files a content folder has: the organisation, the theme and the
project (`brosur.yml`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from brosur.content.fonts import installed_families
from brosur.content.i18n import EDITION_LANGUAGES, LANGUAGES, EditionLanguage
from brosur.content.text import Model, Prose, Text, fail, limited, plain, same_or_per_language
from brosur.content.values import Asset, ContentFile, Date, Email, Web
from brosur.documents import document_kinds

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

    @property
    def given(self) -> bool:
        """Whether there is any way to reach the organisation to print."""
        return any((self.website, self.email, self.phone, self.address))


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
    raise fail(
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
    raise fail("cmyk", "write CMYK as four percentages, such as cmyk: [100, 70, 20, 40]")


Colour = Annotated[
    ThemeColour, BeforeValidator(_colour, json_schema_input_type=str | dict[str, Any])
]


def _font_family(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[\w .-]+", value):
        raise fail("font", "write the name of a font family, such as Inter")
    families = installed_families()
    if families and value not in families:
        guesses = get_close_matches(value, sorted(families), n=3)
        hint = f"; installed fonts like it: {', '.join(guesses)}" if guesses else ""
        raise fail("font_missing", f"the font {value!r} is not installed on this machine{hint}")
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
        raise fail("document", f"brosur cannot build {name!r}; it can build: {known}")
    return name


DocumentName = Annotated[str, AfterValidator(_document_name)]


# The columns every recipients list may have (see recipients.py); a document may add more.
RECIPIENT_COLUMNS = ("name", "language", "date", "place", "contact")
_FIELD_PATH = re.compile(r"[a-z_]+(\[[1-9][0-9]*\])?(\.[a-z_]+(\[[1-9][0-9]*\])?)*")


def _recipient_column(column: str) -> str:
    if column in RECIPIENT_COLUMNS:
        raise fail("recipient_column", f"{column!r} is a standard recipient column already")
    if not re.fullmatch(r"[A-Za-z0-9_]+", column):
        raise fail("recipient_column", "use letters, digits and _ in a column name")
    return column


def _organisation_field(path: str) -> str:
    if not _FIELD_PATH.fullmatch(path):
        raise fail(
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
    ] = Field(default_factory=dict)


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
