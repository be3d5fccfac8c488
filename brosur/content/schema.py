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

from annotated_types import MaxLen
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from brosur.content.fonts import installed_families
from brosur.content.lists import Most
from brosur.content.text import NO_LONG_WORD, Limit, Model, Prose, SameOrPerLanguage, Text, fail
from brosur.content.values import Asset, ContentFile, Date, Email, Web
from brosur.documents import document_kinds
from brosur.i18n import EDITION_LANGUAGES, LANGUAGES, EditionLanguage

# The organisation ---------------------------------------------------------------------------


# Each text holds at most what its role needs, in characters per language (about six to a
# word): far above real content, but a bound on the time a layout can take.
Title = Annotated[Text, Limit(150)]  # a heading: a line or two
Label = Annotated[Text, Limit(80)]  # a label beside a value
Short = Annotated[Text, Limit(200)]  # a tagline, a full name, a fact written as text
Caption = Annotated[Text, Limit(400)]  # alt text, captions
Paragraph = Annotated[Prose, Limit(1500)]  # a milestone's or a strategy's text
Keyword = Annotated[Text, Limit(60)]  # a word or two for the PDF's metadata


class Milestone(Model):
    date: Date
    title: Title
    text: Paragraph | None = None


class History(Model):
    timeline: Annotated[list[Milestone], Most(40, at_least=1)]
    text: Annotated[Prose, Limit(12_000)] | None = None  # a few pages


class Strategy(Model):
    title: Title
    text: Paragraph


class Fact(Model):
    """A key fact in words: a label and its value, given as text or as a date."""

    label: Label
    text: Short | None = None
    date: Date | None = None

    @model_validator(mode="before")
    @classmethod
    def _numbers_are_key_figures(cls, value: Any) -> Any:
        if isinstance(value, dict) and "number" in value:
            raise fail(
                "fact_number",
                "a number is a key figure now: move it to key_figures, written as label:, "
                "value: and kind: (number, percent or money), such as\n"
                "  key_figures:\n    - label: {id: Desa mitra, en: Partner villages}\n"
                "      value: 48",
            )
        return value

    @model_validator(mode="after")
    def _one_value(self) -> Fact:
        if (self.text is None) == (self.date is None):
            raise fail("fact_value", "give one value: text: or date:, not both and not neither")
        return self


FigureKind = Literal["number", "percent", "money"]


def _currency(value: Any) -> str:
    from babel.numbers import is_currency

    code = value.strip().upper() if isinstance(value, str) else ""
    if not is_currency(code):
        raise fail(
            "currency",
            "write a currency as its three-letter code, such as IDR (rupiah), USD or EUR",
        )
    return code


Currency = Annotated[str, BeforeValidator(_currency, json_schema_input_type=str)]


class KeyFigure(Model):
    """A number that tells the organisation's story: a count, a share or an amount of money,
    each printed the way its language writes it (Babel): 48, 62,5% / 62.5%,
    Rp 18,7 miliar / IDR 18.7 billion."""

    label: Label
    value: float = Field(allow_inf_nan=False)
    kind: FigureKind = "number"
    currency: Currency | None = None  # money only
    unit: Annotated[Text, Limit(40)] | None = None  # a number's unit: desa / villages

    @model_validator(mode="after")
    def _fits_its_kind(self) -> KeyFigure:
        if self.kind == "money" and not self.currency:
            raise fail("figure_currency", "money needs its currency: add currency: IDR (or USD…)")
        if self.kind != "money" and self.currency:
            raise fail("figure_currency", "a currency is for money: add kind: money, or remove it")
        if self.kind != "number" and self.unit:
            raise fail(
                "figure_unit",
                f"a unit is for a plain number; a {self.kind} prints its own sign: remove unit:",
            )
        return self


class Contact(Model):
    website: Web | None = None
    email: Email | None = None
    phone: Annotated[str, MaxLen(100), NO_LONG_WORD] | None = None
    address: Annotated[str, MaxLen(400), NO_LONG_WORD] | None = None

    @property
    def ways(self) -> int:
        """How many ways to reach the organisation there are to print (its lines)."""
        return sum(1 for way in (self.website, self.email, self.phone, self.address) if way)

    @property
    def given(self) -> bool:
        """Whether there is any way to reach the organisation to print."""
        return self.ways > 0


class Source(Model):
    label: Annotated[Text, SameOrPerLanguage(300)]
    url: Web | None = None
    note: Annotated[Text, Limit(600)] | None = None


class Photo(Model):
    file: Asset
    alt: Caption  # what the picture shows, for readers who cannot see it
    caption: Caption | None = None
    credit: Annotated[str, MaxLen(150), NO_LONG_WORD] | None = None


class Programme(Model):
    title: Title
    text: Annotated[Prose, Limit(3000)]
    period: Annotated[str, MaxLen(60), NO_LONG_WORD] | None = None
    photo: Photo | None = None


class Partner(Model):
    """A partner: written as its name alone, or as name: with kind:, url: and logo:."""

    name: Annotated[Text, SameOrPerLanguage(200)]
    kind: Title | None = None
    url: Web | None = None
    logo: Asset | None = None

    @model_validator(mode="before")
    @classmethod
    def _a_name_alone(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class Person(Model):
    name: Annotated[str, MaxLen(150), NO_LONG_WORD]
    role: Title


class FigureValue(Model):
    label: Annotated[Text, SameOrPerLanguage(60)]
    value: float = Field(ge=0)


class Figure(Model):
    """A series of comparable numbers, drawn as a bar chart (for example, a figure a year)."""

    title: Title
    alt: Caption  # what the chart shows, for readers who cannot see it
    unit: Annotated[Text, Limit(40)] | None = None
    values: Annotated[list[FigureValue], Most(12, at_least=2)]


class Organisation(Model):
    name: Annotated[Text, SameOrPerLanguage(150)]
    # An acronym, for running heads.
    short_name: Annotated[Text, SameOrPerLanguage(40)] | None = None
    full_name: Short
    tagline: Short
    founded: Date | None = None
    summary: Annotated[Prose, Limit(2000)]
    background: Annotated[Prose, Limit(12_000)] | None = None  # a few pages
    history: History
    vision: Annotated[Text, Limit(600)]  # a sentence or two
    mission: Annotated[Prose, Limit(3000)]
    strategies: Annotated[list[Strategy], Most(4, at_least=1)]
    facts: Annotated[list[Fact], Most(6)] = Field(default_factory=list)
    key_figures: Annotated[list[KeyFigure], Most(24)] = Field(default_factory=list)
    contact: Contact
    sources: Annotated[list[Source], Most(60)] = Field(default_factory=list)
    keywords: Annotated[list[Keyword], Most(20)] = Field(default_factory=list)
    # Sections the profile prints when they are given, and leaves out cleanly when not.
    programmes: Annotated[list[Programme], Most(24)] = Field(default_factory=list)
    figures: Annotated[list[Figure], Most(12)] = Field(default_factory=list)
    partners: Annotated[list[Partner], Most(100)] = Field(default_factory=list)
    team: Annotated[list[Person], Most(60)] = Field(default_factory=list)
    photos: Annotated[list[Photo], Most(24)] = Field(default_factory=list)

    @property
    def running_name(self) -> Text:
        """The name where space is short (running heads): the short name when given."""
        return self.short_name or self.name


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
        cyan, magenta, yellow, black = (float(part) for part in value)
        return cyan, magenta, yellow, black
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
        raise fail(
            "font_missing", f"the font {value[:60]!r} is not installed on this machine{hint}"
        )
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
