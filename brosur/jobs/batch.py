"""A recipients list planned: each row's copies, one per document and variant the request
names, planned as the row is read. The list is checked as a whole and counted first
(content/recipients.py), so that nothing is planned from a list that cannot be used, and the
number of copies is known from the start. `--plan` prints the copies; jobs/copies.py makes
them. Output: `<output>/recipients/<document>/<name>.<lang>.pdf`.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from brosur.content.load import Content, schema_errors
from brosur.content.recipients import Recipient, RecipientList, Row, load_recipients
from brosur.content.schema import Organisation
from brosur.content.yamlsource import format_path, load_yaml, value_at
from brosur.errors import InputError, Problem, display_path
from brosur.i18n import EditionLanguage
from brosur.jobs.editions import edition_of, undeclared_documents
from brosur.jobs.request import Request
from brosur.render.html import Edition
from brosur.variants import VARIANTS

RECIPIENTS_FOLDER = "recipients"


@dataclass(frozen=True)
class Copy:
    """One recipient's copy of one edition."""

    recipient: Recipient
    edition: Edition
    content: Content  # the organisation's content, with the row's own fields put in
    target: Path
    label: str  # the row, as messages name it
    position: int  # the row's place among the list's rows: `--shard position/count` makes it

    @property
    def group(self) -> tuple:
        """Copies in one group share their pages but the personal ones."""
        return (self.edition, self.recipient.extra)


@dataclass(frozen=True)
class _Document:
    """A document the request personalises, and the fields its columns replace."""

    name: str
    languages: list[EditionLanguage]
    fields: dict[str, tuple]  # {column: field path}


@dataclass
class Batch:
    """A recipients build: the list (checked as a whole and counted), the share of it to
    build, and, as its copies are planned (`copies`), the rows left out."""

    recipients: RecipientList
    shard: tuple[int, int]
    content: Content
    request: Request
    documents: list[_Document]
    organisation: Any  # the organisation file's data, for the rows' own fields
    problems: list[Problem] = field(default_factory=list)  # of the rows left out so far
    left_out: int = 0  # the copies those rows would have made
    editions: dict[tuple, Edition] = field(default_factory=dict)  # made once each

    @property
    def rows(self) -> int:
        """How many rows of the list this share has."""
        part, parts = self.shard
        return len(range(part - 1, self.recipients.count, parts))

    @property
    def expected(self) -> int:
        """The copies this share makes: a row's for each document and variant, but those of
        the rows left out so far."""
        return self.rows * self._per_row - self.left_out

    @property
    def _per_row(self) -> int:
        return len(self.documents) * len(self.request.variants)

    def copies(self, on_planned: Callable[[int], None] = lambda _: None) -> Iterator[Copy]:
        """Each row's copies, planned as the row is read. A bad row's problems are kept and
        its copies left out; `on_planned` is told the copies expected then."""
        for row in self.recipients.rows(*self.shard):
            copies, problems = self._row_copies(row)
            if problems:
                self.problems += sorted(set(problems))  # a column two documents declare
                self.left_out += self._per_row - len(copies)
                on_planned(self.expected)
            yield from copies

    def _row_copies(self, row: Row) -> tuple[list[Copy], list[Problem]]:
        if row.recipient is None:
            return [], list(row.problems)
        copies, problems = [], []
        for document in self.documents:
            made, found = self._document_copies(row.recipient, row.position, document)
            copies += made
            problems += found
        return copies, problems

    def _document_copies(
        self, recipient: Recipient, position: int, document: _Document
    ) -> tuple[list[Copy], list]:
        """The copies of one document for the recipient of a good row (at `position` in the
        list), or the problems that leave them out."""
        language = recipient.language or document.languages[0]
        if language not in document.languages:
            message = (
                f"the {document.name} is not made in {language!r}; brosur.yml declares "
                f"{', '.join(document.languages)}"
            )
            return [], [self.recipients.problem(recipient.row, "language", message)]
        # Only the columns this document declares change its copy (and its group).
        own = tuple(
            (column, value) for column, value in recipient.extra if column in document.fields
        )
        recipient = replace(recipient, extra=own)
        personal, errors = _personal_content(
            self.content, self.organisation, document.fields, recipient
        )
        if errors:
            return [], [self.recipients.problem(recipient.row, *error) for error in errors]
        label = f"{self._file}, row {recipient.row} ({recipient.name})"
        copies = []
        for variant in self.request.variants:
            edition = self._edition(document.name, language, variant)
            folder = VARIANTS[variant].output_folder(self.request.output) / RECIPIENTS_FOLDER
            target = (
                folder / document.name / f"{recipient.slug}.{edition.name.split('.', 1)[1]}.pdf"
            )
            copies.append(Copy(recipient, edition, personal, target, label, position))
        return copies, []

    @cached_property
    def _file(self) -> str:
        """The list, as messages name it."""
        return display_path(self.recipients.file)

    def _edition(self, document: str, language: str, variant: str) -> Edition:
        key = (document, language, variant)
        if key not in self.editions:
            paper = self.request.paper or self.content.theme.paper
            self.editions[key] = edition_of(self.content, document, language, paper, variant)
        return self.editions[key]


def columns_for(content: Content, documents: tuple[str, ...]) -> frozenset[str]:
    """The extra columns the documents being built declare in brosur.yml."""
    return frozenset(
        column
        for name, entry in content.project.documents.items()
        if not documents or name in documents
        for column in entry.recipient_columns
    )


def plan_batch(
    content: Content, request: Request, path: Path, shard: tuple[int, int] = (1, 1)
) -> Batch:
    """Check the recipients list as a whole and ready its copies to be planned, row by row
    (raise InputError when the list or the request cannot be used at all)."""
    if problems := undeclared_documents(content, request.documents):
        raise InputError(problems)
    recipients = load_recipients(path, columns_for(content, request.documents))
    organisation = _organisation_data(content)
    documents = [
        _Document(
            name,
            entry.languages,
            _declared_fields(content, name, entry.recipient_columns, organisation),
        )
        for name, entry in content.project.documents.items()
        if not request.documents or name in request.documents
    ]
    return Batch(recipients, shard, content, request, documents, organisation)


def plan_lines(batch: Batch, command: list[str]) -> Iterator[dict]:
    """`--plan`: one job a line, as the list is read, each with the command that makes
    exactly it (the list dealt into as many shares as it has rows, see
    recipients.in_share)."""
    rows = batch.recipients.count
    folders: dict[Path, str] = {}  # as messages name them, worked out once each
    for item in batch.copies():
        folder = item.target.parent
        if folder not in folders:
            folders[folder] = display_path(folder)
        yield {
            "row": item.recipient.row,
            "name": item.recipient.name,
            "document": item.edition.document.name,
            "language": item.edition.language,
            "paper": item.edition.paper,
            "variant": item.edition.variant.name,
            "output": os.path.join(folders[folder], item.target.name),
            "command": [*command, "--shard", f"{item.position}/{rows}"],
        }


# A row's own fields -------------------------------------------------------------------------


def _organisation_data(content: Content):
    data, _ = load_yaml(content.folder / content.project.organisation)
    return data


def _declared_fields(content, document, columns: dict[str, str], organisation) -> dict:
    """{column: field path as a tuple}, each checked to name a field the organisation file
    has (a column replaces a field; it does not add one)."""
    fields, problems = {}, []
    for column, path in columns.items():
        steps = parse_field_path(path)
        if value_at(organisation, steps) is None:
            where = ("documents", document, "recipient_columns", column)
            problems.append(
                content.sources["project"].problem(
                    where,
                    f"{content.project.organisation} has no field {path} for this column "
                    "to replace",
                )
            )
        fields[column] = steps
    if problems:
        raise InputError(problems)
    return fields


def parse_field_path(path: str) -> tuple:
    """`history.timeline[2].title.en` → ("history", "timeline", 1, "title", "en")."""
    steps: list = []
    for name, index in re.findall(r"([a-z_]+)(?:\[(\d+)\])?", path):
        steps.append(name)
        if index:
            steps.append(int(index) - 1)
    return tuple(steps)


def _personal_content(content: Content, organisation, fields: dict, recipient: Recipient):
    """The content with the row's own fields put in: (content, []) or (None, problems)."""
    if not recipient.extra:
        return content, []
    data = copy.deepcopy(organisation)
    for column, value in recipient.extra:
        *parents, last = fields[column]
        value_at(data, tuple(parents))[last] = value
    context = {"folder": content.folder, "languages": content.project.languages}
    columns = {steps: column for column, steps in fields.items()}
    errors = [
        (columns.get(path, format_path(path)), f"{format_path(path)}: {message}")
        for path, message, *_ in schema_errors(Organisation, data, context)
    ]
    if errors:
        return None, errors
    organisation_model = Organisation.model_validate(data, context=context)
    return replace(content, organisation=organisation_model), []
