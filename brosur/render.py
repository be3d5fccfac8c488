"""Content + templates → the HTML of one edition of one document (Jinja2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from brosur.content import Content
from brosur.documents import DocumentKind
from brosur.i18n import LANGUAGES, PartialDate, format_number, format_partial_date
from brosur.markdown import render_markdown, render_markdown_inline
from brosur.problems import InputError
from brosur.schema import Text
from brosur.yamlsource import load_yaml

LABELS_FILE = "labels.yml"


@dataclass(frozen=True)
class Edition:
    """One output: a document in one language."""

    document: DocumentKind
    language: str

    @property
    def name(self) -> str:
        return f"{self.document.name}.{self.language}"


@dataclass(frozen=True)
class Page:
    """The HTML of an edition and the facts the PDF's metadata is made from."""

    html: str
    title: str


class Renderer:
    """Compiles the templates once and renders any edition of any content with them."""

    def __init__(self, templates: Path):
        self.templates = templates
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

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

    def render(self, content: Content, edition: Edition) -> Page:
        """Return the HTML of `edition`, made from `content`."""
        language = edition.language
        labels = _localise_labels(self.labels, language)
        title = f"{content.organisation.name} — {labels['document_title'][edition.document.name]}"
        template = self.environment.get_template(edition.document.template)
        html = template.render(
            org=content.organisation,
            project=content.project,
            edition=edition,
            lang=language,
            labels=labels,
            title=title,
            t=lambda value: localise(value, language),
            md=lambda value: render_markdown(localise(value, language)),
            md_inline=lambda value: render_markdown_inline(localise(value, language)),
            date=lambda value: format_partial_date(value, language),
            month=lambda value: format_partial_date(PartialDate(value.year, value.month), language),
            number=lambda value: format_number(value, language),
            keywords=[
                content.organisation.name,
                labels["document_title"][edition.document.name],
                *(localise(word, language) for word in content.organisation.keywords),
            ],
            iso=iso_date,
            css_string=css_string,
            file_url=lambda path: Path(path).resolve().as_uri(),
        )
        return Page(html=html, title=title)


def localise(value: Text | str | None, language: str) -> str:
    """Return the text of `value` in `language`; plain text is the same in every language."""
    if value is None:
        return ""
    return value.get(language) if isinstance(value, Text) else str(value)


def css_string(text: str) -> Markup:
    """Quote `text` as a CSS string, for generated content such as page footers."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return Markup(f'"{escaped}"')


def _localise_labels(labels: dict[str, Any], language: str) -> dict[str, Any]:
    if set(labels) <= set(LANGUAGES):
        return labels[language]
    return {key: _localise_labels(value, language) for key, value in labels.items()}


def _label_gaps(labels: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    if not isinstance(labels, dict):
        return []
    if set(labels) <= set(LANGUAGES):
        return [(path, language) for language in LANGUAGES if not labels.get(language)]
    return [gap for key, value in labels.items() for gap in _label_gaps(value, (*path, key))]


def iso_date(value: dt.date | PartialDate) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value.iso()
