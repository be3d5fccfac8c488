"""Content + templates → the HTML of one edition of one document (Jinja2).

An edition is a document in one language, or in both side by side. Templates never pick a
language themselves: they ask for the `passages` of a value, one per language of the edition
(a text that reads the same in both languages comes once), and lay those out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from pydantic import BaseModel

from brosur.content.load import Content
from brosur.content.markdown import blocks, render_markdown, render_markdown_inline
from brosur.content.recipients import Recipient
from brosur.content.text import Text, typographic
from brosur.content.yamlsource import load_yaml
from brosur.documents import DocumentKind
from brosur.errors import InputError
from brosur.fitting import UNFITTED, Fitting
from brosur.i18n import (
    EDITION_LANGUAGES,
    LANGUAGE_TAGS,
    LANGUAGES,
    PartialDate,
    format_partial_date,
)
from brosur.paper import PAPERS
from brosur.render import charts
from brosur.render.numbers import key_figure
from brosur.render.phones import unbroken_numbers
from brosur.render.theme import theme_css
from brosur.variants import VARIANTS, Variant

LABELS_FILE = "labels.yml"


@dataclass(frozen=True)
class Edition:
    """One output: a document, in one language or both, on one paper size."""

    document: DocumentKind
    language: str  # "id", "en" or "id-en"
    paper: str = "a4"
    paper_in_name: bool = False  # the theme's own paper is not named in the file name
    variant: Variant = VARIANTS["screen"]

    @property
    def languages(self) -> tuple[str, ...]:
        return EDITION_LANGUAGES[self.language]

    @property
    def name(self) -> str:
        suffix = f".{self.paper}" if self.paper_in_name else ""
        return f"{self.document.name}.{self.language}{suffix}"


@dataclass(frozen=True)
class Passage:
    """A text in one language, ready to place: `html` is escaped or rendered Markdown."""

    lang: str
    text: str
    html: Markup


# The parts of a document (see Renderer.render).
WHOLE, PERSONAL = "whole", "personal"

# The recipient of the pages every personalised copy of an edition shares: their box keeps
# its place, blank (partials/macros.html), and each recipient's own is drawn over it
# (jobs/copies.py).
BLANK_RECIPIENT = Recipient(0, "")


class Renderer:
    """Compiles the templates once and renders any edition of any content with them."""

    def __init__(self, templates: Path):
        self.templates = templates
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            # Compiling the templates is most of brosur's own time: keep the compiled code
            # between runs (Jinja's per-user folder in the temporary directory).
            bytecode_cache=jinja2.FileSystemBytecodeCache(),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.filters["tag"] = LANGUAGE_TAGS.__getitem__
        self.environment.filters["unbroken_numbers"] = unbroken_numbers

    @cached_property
    def labels(self) -> dict[str, Any]:
        data, source = load_yaml(self.templates / LABELS_FILE)
        gaps = [
            source.problem((*path, language), f"{LANGUAGES[language]} label is missing")
            for path, language in _label_gaps(data)
        ]
        if gaps:
            raise InputError(gaps)
        return data

    def render(
        self,
        content: Content,
        edition: Edition,
        fit: Fitting = UNFITTED,
        recipient: Recipient | None = None,
        part: str = WHOLE,
    ) -> str:
        """Return the HTML of `edition`, made from `content`, in the form `fit` (type a step
        or two smaller, optional blocks left out: see fitting.py).

        A personalised copy names its `recipient`; the PERSONAL `part` is only the pages that
        name them, from which a copy takes the recipient's box (render/boxpage.py)."""
        words = Words(edition.languages, self.labels)
        document_title = self.labels["document_title"][edition.document.name]
        org = in_edition(content.organisation, edition.languages)
        title = f"{words.primary(org.name)} — {words.plain(document_title)}"
        if recipient:
            title += f" — {words.plain(self.labels['prepared_for'])}: {recipient.name}"
        template = self.environment.get_template(edition.document.template)
        html = template.render(
            org=org,
            project=content.project,
            theme=content.theme,
            edition=edition,
            langs=edition.languages,
            lang=edition.languages[0],
            bilingual=len(edition.languages) > 1,
            fit=fit,
            recipient=recipient,
            blank_box=recipient == BLANK_RECIPIENT,
            part=part,
            labels=self.labels,
            title=title,
            document_title=document_title,
            keywords=_keywords(content, words, document_title),
            published_month=PartialDate(
                content.project.published.year, content.project.published.month
            ),
            theme_css=theme_css(
                content.theme,
                PAPERS[edition.paper],
                landscape=edition.document.landscape,
                cmyk=edition.variant.name == "print",
            ),
            passages=words.passages,
            rows=words.rows,
            plain=words.plain,
            t=words.primary,
            key_figure=key_figure,
            full_stop=words.full_stop,
            phrase=words.phrase,
            iso=iso_date,
            css_string=css_string,
            file_url=lambda path: Path(path).resolve().as_uri(),
            charts=charts,
        )
        return html


class Words:
    """The language helpers templates use, bound to one edition's languages."""

    def __init__(self, languages: tuple[str, ...], labels: dict[str, Any]):
        self.languages = languages
        self.labels = labels

    def passages(self, value: Any, markdown: bool = False, inline: bool = False) -> list[Passage]:
        """One passage per language of the edition; a text that reads the same comes once.
        A plain text gets the typographic quotes Markdown gives a long one."""
        return [
            _passage(language, text, markdown, inline)
            for language, text in in_languages(value, self.languages)
            if text
        ]

    def rows(self, value: Any) -> list[list[Passage]]:
        """A long text's passages block by block, each block beside its translation, when
        its languages have as many blocks (a bilingual edition's rows); else one row."""
        texts = in_languages(value, self.languages)
        split = [blocks(text) for _, text in texts]
        if len(texts) < 2 or len({len(parts) for parts in split}) > 1 or len(split[0]) < 2:
            return [self.passages(value, markdown=True)]
        languages = [language for language, _ in texts]
        return [
            [
                _passage(language, block, True, False)
                for language, block in zip(languages, row, strict=True)
            ]
            for row in zip(*split, strict=True)
        ]

    def plain(self, value: Any) -> str:
        """All languages of a short text in one string: `Sejarah / History`."""
        return " / ".join(passage.text for passage in self.passages(value))

    def primary(self, value: Any) -> str:
        """The text in the edition's first language (for alt text and metadata)."""
        return typographic(localise(value, self.languages[0]))

    def phrase(self, *parts: Any) -> dict[str, str]:
        """Parts read in order, in each language: `Didirikan Maret 2000` / `Founded March
        2000` from a label and a date."""
        return {
            language: " ".join(localise(part, language) for part in parts) for language in LANGUAGES
        }

    def full_stop(self, value: Any) -> str:
        """Return the full stop for a sentence that ends with `value`, or nothing when the
        text printed last already ends one (`1 Jan.`, `Why?`): a note never ends in `..`."""
        texts = self.passages(value)
        last = texts[-1].text.rstrip(CLOSING_QUOTES) if texts else ""
        return "" if last.endswith(SENTENCE_ENDS) else "."


SENTENCE_ENDS = (".", "…", "?", "!")
CLOSING_QUOTES = "\"'”’"


def in_edition(model: Any, languages: tuple[str, ...]) -> Any:
    """`model` as an edition in `languages` prints it: a text written in one language only
    (`only: id`) is left out of the other language's editions, as if it were not given."""
    if isinstance(model, list):
        return [in_edition(item, languages) for item in model if _printed(item, languages)]
    if not isinstance(model, BaseModel) or isinstance(model, Text):
        return model
    update = {
        name: in_edition(value, languages) if _printed(value, languages) else None
        for name, value in model
        if isinstance(value, BaseModel | list)
    }
    return model.model_copy(update=update) if update else model


def _printed(value: Any, languages: tuple[str, ...]) -> bool:
    return not isinstance(value, Text) or value.printed_in(languages)


def in_languages(value: Any, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """(language, text) for each of `languages`; once, in the first, when all read alike."""
    texts = [(language, localise(value, language)) for language in languages]
    return texts[:1] if len({text for _, text in texts}) == 1 else texts


def localise(value: Any, language: str) -> str:
    """Return `value` as text in `language`: Text picks its language, dates are formatted
    the language's way, and plain text is the same in every language."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.get(language)
    if isinstance(value, dict):
        return value[language]
    if isinstance(value, PartialDate | dt.date):
        return format_partial_date(value, language)
    return str(value)


def _passage(language: str, text: str, markdown: bool, inline: bool) -> Passage:
    printed = text if markdown else typographic(text)
    return Passage(language, printed, passage_html(printed, markdown, inline))


# Every copyfitted form and every recipient's copy prints the same passages again: each is
# set once per build. (A pure function of its arguments; Markup is immutable.)
@lru_cache(maxsize=4096)
def passage_html(text: str, markdown: bool, inline: bool) -> Markup:
    if markdown:
        html = render_markdown_inline(text) if inline else render_markdown(text)
    else:
        html = escape(text)
    sentences = (markdown or len(text) > SENTENCE) and not inline
    return breakable(no_widows(html) if sentences else html)


# A run of this many characters without a space (a web address, a pasted code) may be
# wider than a narrow column; shorter words always fit.
LONG_WORD = 20
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD},}}")

# A paragraph's last line holds more than the tail of one word: a short word alone there,
# or the end of a hyphenated one (a widow), is the first flaw a designer sees. A short last
# word is bound to the word before it with a no-break space (when the pair is shorter than a
# long word, so that it fits any column); a longer one, which hyphenation could split, is
# kept whole. Never both: WeasyPrint 70 breaks a line badly before an inline box that
# follows a no-break space. Only running text is treated: names, dates and labels of this
# length or less are not.
SENTENCE = 60
BOUND_PAIR = LONG_WORD
HYPHENATED = 7  # letters: the shortest word base.css lets hyphenation split
_LAST_WORDS = re.compile(r"(\S+)\s+(\S+)(\s*)$")
_BLOCK_END = re.compile(r"</(?:p|li)>")


def no_widows(html: Markup) -> Markup:
    """Keep the last word of each paragraph and list item of `html` (or of the whole, when
    it has none) from standing alone on its line as a short word or a word's tail."""
    parts = _TAG_OR_TEXT.split(str(html))
    ends = [index for index, part in enumerate(parts) if _BLOCK_END.fullmatch(part)]
    for end in ends or [len(parts)]:
        # The last run of words: a closing "." after a link is not one.
        text = end - 1
        while text >= 0 and (parts[text].startswith("<") or not _has_letters(parts[text])):
            text -= 1
        if text >= 0 and not parts[text].startswith("<"):
            parts[text] = _LAST_WORDS.sub(_bound, parts[text], count=1)
    return Markup("".join(parts))


def _has_letters(text: str) -> bool:
    return any(character.isalnum() for character in text)


def _bound(match: re.Match) -> str:
    before, last, end = match.groups()
    if "-" in last and len(last) < LONG_WORD:
        # "sehari-hari.": a break at its own hyphen would leave "hari." alone too.
        return f'{before} <span class="last-word last-word--whole">{last}</span>{end}'
    if sum(character.isalnum() for character in last) >= HYPHENATED:
        return f'{before} <span class="last-word">{last}</span>{end}'
    if len(before) + len(last) < BOUND_PAIR:
        return f"{before}\u00a0{last}{end}"
    return match[0]


def breakable(html: Markup) -> Markup:
    """Mark each long run of characters without a space in `html`'s text (never inside a
    tag) so that it may break anywhere (`.long-word` in base.css) rather than run out of
    its box. Only those runs: breaking anywhere makes a layout measure text one character
    at a time, which costs seconds over a whole paragraph."""
    parts = _TAG_OR_TEXT.split(str(html))
    return Markup(
        "".join(part if part.startswith("<") else _LONG_RUN.sub(_long_word, part) for part in parts)
    )


def _long_word(match: re.Match) -> str:
    return f'<span class="long-word">{match[0]}</span>'


def _keywords(content: Content, words: Words, document_title: dict[str, str]) -> list[str]:
    organisation = in_edition(content.organisation, words.languages)
    return [
        words.primary(organisation.name),
        words.plain(document_title),
        *(words.plain(word) for word in organisation.keywords),
    ]


def css_string(text: str) -> Markup:
    """Quote `text` as a CSS string, for generated content such as page footers.

    The string stands inside an HTML <style> element, which ends at the first `</style`
    whatever CSS thinks of quotes: so every character that could end the string, the rule or
    the element (quotes, backslash, `<`, `>`, `&`, `;`, braces, line breaks, controls) is
    written as a CSS escape, and only letters, digits, spaces and harmless punctuation stay
    as they are."""
    return Markup('"' + "".join(_css_character(character) for character in text) + '"')


def _css_character(character: str) -> str:
    if character.isalnum() or character in " .,:!?()-_/+*#%@=[]|~^`$":
        return character
    if ord(character) > 0x7F and unicodedata.category(character)[0] not in "CZ":
        return character  # letters, marks, symbols and punctuation of every script
    # An escape ends at a space, which it takes with it (CSS Syntax 4.3.7): one is always
    # written, so a space that follows in the text stays.
    return f"\\{ord(character):x} "


def _label_gaps(labels: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    if not isinstance(labels, dict):
        return []
    if set(labels) <= set(LANGUAGES):
        return [(path, language) for language in LANGUAGES if not labels.get(language)]
    return [gap for key, value in labels.items() for gap in _label_gaps(value, (*path, key))]


def iso_date(value: dt.date | PartialDate) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value.iso()
