"""Personalised copies in bulk: one PDF per recipient of a recipients list.

Every recipient's copy of an edition shares all its pages but the ones that name the recipient
(the cover, the front of a sheet). So copies are grouped by edition; each group is first
probed once with a sample recipient (which form of the text fits, and do the personal and
shared parts add up to the whole document?), then every copy is rendered as its own personal
pages put before the shared ones, which a worker lays out once. A group whose parts do not
add up (a bilingual sheet whose text flows from the front onto the back) renders each copy
whole. Output: `<output>/recipients/<document>/<name>.<lang>.pdf`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from brosur.content.load import Content, load_content, schema_errors
from brosur.content.recipients import Recipient, RecipientList, load_recipients
from brosur.content.schema import Organisation
from brosur.content.yamlsource import format_path, load_yaml
from brosur.errors import InputError, Problem, display_path
from brosur.jobs.cache import output_key
from brosur.jobs.editions import (
    edition_of,
    page_forms,
    pdf_files,
    pdf_options,
    undeclared_documents,
)
from brosur.jobs.request import Request
from brosur.jobs.results import Built, Failed
from brosur.jobs.run import Job, prepare, stop_on_content_errors
from brosur.jobs.workers import probe_parts, render_pdf, render_personal_pdf
from brosur.pdf.options import CopyLayout, PdfOptions
from brosur.render.fitting import Fitting
from brosur.render.html import PERSONAL, SHARED, WHOLE, Edition, PageNumbers, Renderer
from brosur.render.printed import printed_texts
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

    @property
    def group(self) -> tuple:
        """Copies in one group share their pages but the personal ones."""
        return (self.edition, self.recipient.extra)


@dataclass
class Batch:
    """What a recipients build was asked for, planned: the copies and the bad rows."""

    recipients: RecipientList  # the rows of this share
    copies: list[Copy]
    problems: list[Problem]  # bad rows, each left out
    rows: list[int]  # every data row of the whole list, as --shard deals them


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
    """Read the recipients list and plan one copy per row and document (raise InputError
    when the list or the request cannot be used at all)."""
    if problems := undeclared_documents(content, request.documents):
        raise InputError(problems)
    whole = load_recipients(path, columns_for(content, request.documents))
    recipients = whole.share(*shard)
    problems = list(recipients.problems)
    copies = []
    declared = content.project.documents
    organisation = _organisation_data(content)
    for name, entry in declared.items():
        if request.documents and name not in request.documents:
            continue
        fields = _declared_fields(content, name, entry.recipient_columns, organisation)
        for variant in request.variants:
            for recipient in recipients.recipients:
                language = recipient.language or entry.languages[0]
                if language not in entry.languages:
                    problems.append(
                        recipients.problem(
                            recipient.row,
                            "language",
                            f"the {name} is not made in {language!r}; brosur.yml declares "
                            f"{', '.join(entry.languages)}",
                        )
                    )
                    continue
                # Only the columns this document declares change its copy (and its group).
                own = tuple(
                    (column, value) for column, value in recipient.extra if column in fields
                )
                recipient = replace(recipient, extra=own)
                personal, errors = _personal_content(content, organisation, fields, recipient)
                problems += [recipients.problem(recipient.row, *error) for error in errors]
                if errors:
                    continue
                paper = request.paper or content.theme.paper
                edition = edition_of(content, name, language, paper, variant)
                folder = VARIANTS[variant].output_folder(request.output) / RECIPIENTS_FOLDER
                target = folder / name / f"{recipient.slug}.{edition.name.split('.', 1)[1]}.pdf"
                label = f"{display_path(path)}, row {recipient.row} ({recipient.name})"
                copies.append(Copy(recipient, edition, personal, target, label))
    return Batch(recipients, copies, sorted(set(problems)), whole.rows)


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
        if _lookup(organisation, steps) is None:
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


def _lookup(data, steps: tuple):
    for step in steps:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _personal_content(content: Content, organisation, fields: dict, recipient: Recipient):
    """The content with the row's own fields put in: (content, []) or (None, problems)."""
    if not recipient.extra:
        return content, []
    data = copy.deepcopy(organisation)
    for column, value in recipient.extra:
        *parents, last = fields[column]
        _lookup(data, tuple(parents))[last] = value
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


# Building ----------------------------------------------------------------------------------


def build_batch(
    request: Request,
    path: Path,
    shard: tuple[int, int] = (1, 1),
    on_planned: Callable[[int], None] = lambda _: None,
    on_done: Callable[[Built | Failed], None] = lambda _: None,
    pool: Executor | None = None,
) -> tuple[Batch, list[Built | Failed]]:
    """Build every planned copy that changed; a failing copy does not stop the others.

    Each group is probed once (or known from the cache); its copies start as soon as its
    probe is done, while other groups are still being probed."""
    content = load_content(request.content)
    stop_on_content_errors(content)
    batch = plan_batch(content, request, path, shard)
    on_planned(len(batch.copies))
    run = prepare(request, content, on_done, pool)
    jobs = _CopyJobs(run.renderer, run.fonts)
    groups: dict[tuple, list[Copy]] = {}
    for item in batch.copies:
        groups.setdefault(item.group, []).append(item)
    probes = [jobs.probe_job(copies) for copies in groups.values()]
    results = run.run(probes, [item.target for item in batch.copies])
    run.cache.save()
    return batch, results


SAMPLE_NAME = "Sample recipient"


class _CopyJobs:
    """Makes the jobs of one build, rendering what copies share only once."""

    def __init__(self, renderer: Renderer, fonts: list[Path]):
        self.renderer = renderer
        self.fonts = fonts
        self.shared_pages: dict[tuple, str] = {}
        self.file_keys: dict[tuple, str] = {}

    def probe_job(self, copies: list[Copy]) -> Job:
        """The job that probes a group, with a sample recipient: the same in every shard,
        so every machine decides alike (the recipient's box has a fixed size, so the name
        does not change the pages around it). Its outcome leads to the copies' jobs."""
        item = copies[0]
        published = item.content.project.published
        sample = Recipient(0, SAMPLE_NAME, None, published, SAMPLE_NAME, SAMPLE_NAME)
        fits = item.edition.document.fittings()
        forms = [
            {
                part: self.renderer.render(
                    item.content, item.edition, recipient=sample, part=part, fit=fit
                )
                for part in (WHOLE, PERSONAL, SHARED)
            }
            for fit in fits
        ]
        texts = [printed_texts(item.content, item.edition, fit) for fit in fits]
        options = pdf_options(item.content, item.edition)
        text = "".join(html for form in forms for html in form.values())
        key = output_key(text, options.cache_key() + self._files_key(item, options), [])
        arguments = (forms, texts, options)
        then = partial(self.copy_jobs, copies)
        return Job(item.edition, item.target, key, probe_parts, arguments, then=then)

    def copy_jobs(self, copies: list[Copy], probe: dict) -> list[Job | Failed]:
        """A group's copies, once its probe is known (each fails if the probe did)."""
        if "error" in probe:
            message = probe["error"]
            return [
                Failed(item.edition, item.target, f"{item.label}: {message}") for item in copies
            ]
        return [self.copy_job(item, probe) for item in copies]

    def copy_job(self, item: Copy, probe: dict) -> Job:
        """The job that makes one copy: its personal pages before the shared ones, or, where
        the parts do not add up, the whole document."""
        options = pdf_options(item.content, item.edition)
        files = self._files_key(item, options)
        if not probe["split"]:
            html, fallbacks = page_forms(
                self.renderer, item.content, item.edition, recipient=item.recipient
            )
            options = replace(options, fallbacks=fallbacks)
            forms = html + "".join(form.html for form in fallbacks)
            key = output_key(forms, options.cache_key() + files, [])
            arguments = (html, item.target, options)
            return Job(item.edition, item.target, key, render_pdf, arguments, len(html), item.label)
        fit = item.edition.document.fittings()[probe["form"]]
        first, total = probe["personal_pages"], probe["personal_pages"] + probe["shared_pages"]
        personal = self.renderer.render(
            item.content,
            item.edition,
            recipient=item.recipient,
            part=PERSONAL,
            numbers=PageNumbers(1, total),
            fit=fit,
        )
        shared = self._shared(item, fit, PageNumbers(first + 1, total))
        # The verifier looks for the texts of the form the probe chose.
        options = replace(options, texts=printed_texts(item.content, item.edition, fit))
        shared_key = output_key(shared, options.cache_key() + files, [])
        layout = CopyLayout(shared_key, first, fit.note() if fit.moved else "")
        key = output_key(personal + shared_key, options.cache_key(), [])
        arguments = (personal, shared, item.target, options, layout)
        return Job(
            item.edition,
            item.target,
            key,
            render_personal_pdf,
            arguments,
            len(personal),
            item.label,
        )

    def _shared(self, item: Copy, fit: Fitting, numbers: PageNumbers) -> str:
        """The shared pages' HTML: the same for every copy in a group, so rendered once."""
        key = (item.group, fit, numbers)
        if key not in self.shared_pages:
            self.shared_pages[key] = self.renderer.render(
                item.content, item.edition, part=SHARED, numbers=numbers, fit=fit
            )
        return self.shared_pages[key]

    def _files_key(self, item: Copy, options: PdfOptions) -> str:
        """A digest of the files behind a copy (stylesheets, pictures, fonts, code): read
        once per build, not once per recipient."""
        files = tuple(pdf_files(item.content, self.fonts, options))
        if files not in self.file_keys:
            self.file_keys[files] = output_key("", "", files)
        return self.file_keys[files]


def plan_lines(batch: Batch, command: list[str]) -> list[dict]:
    """`--plan`: one job a line, each with the command that builds exactly it (the list
    dealt into as many shares as it has rows, see recipients.shard)."""
    rows = batch.rows
    lines = []
    for item in batch.copies:
        share = f"{rows.index(item.recipient.row) + 1}/{len(rows)}"
        lines.append(
            {
                "row": item.recipient.row,
                "name": item.recipient.name,
                "document": item.edition.document.name,
                "language": item.edition.language,
                "paper": item.edition.paper,
                "variant": item.edition.variant.name,
                "output": display_path(item.target),
                "command": [*command, "--shard", share],
            }
        )
    return lines
