"""Personalised copies in bulk: one PDF per recipient of a recipients list.

Every recipient's copy of an edition is the same but for the recipient's box, which has a
fixed size. So copies are grouped by edition; each group is first probed once: its pages are
laid out with the box blank at its place (which copyfitted form fits, where is the box?) and
drawn, once, as the base of its copies (kept in `<output>/.brosur-copies/`). Then each copy
lays out only its box, alone on a page of the same size, and draws it over the base
(render/boxpage.py, pdf/overlay.py). A document without a recipient box renders each copy
whole. Output: `<output>/recipients/<document>/<name>.<lang>.pdf`.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import time
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
from brosur.jobs.workers import probe_copies, render_copy, render_pdf
from brosur.pdf.options import CopyLayout, Fallback, PdfOptions
from brosur.render.boxpage import box_page, placed
from brosur.render.fitting import Fitting
from brosur.render.html import BLANK_RECIPIENT, PERSONAL, Edition, Renderer
from brosur.render.printed import printed_texts
from brosur.variants import VARIANTS

RECIPIENTS_FOLDER = "recipients"
# In the output folder: the pages each group's copies share, a PDF each (`<key>.base`).
BASES_FOLDER = ".brosur-copies"
BASES_KEPT_UNUSED = 3600  # seconds: a base another build (a shard) may be using is kept


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
    jobs = _CopyJobs(run.renderer, run.fonts, request.output / BASES_FOLDER)
    groups: dict[tuple, list[Copy]] = {}
    for item in batch.copies:
        groups.setdefault(item.group, []).append(item)
    probes = [jobs.probe_job(copies) for copies in groups.values()]
    results = run.run(probes, [item.target for item in batch.copies])
    run.cache.save()
    _tidy_bases(jobs.bases, jobs.used)
    return batch, results


class _CopyJobs:
    """Makes the jobs of one build: a probe per group, then its copies."""

    def __init__(self, renderer: Renderer, fonts: list[Path], bases: Path):
        self.renderer = renderer
        self.fonts = fonts
        self.bases = bases  # the folder of the pages each group's copies share
        self.used: set[Path] = set()
        self.file_keys: dict[tuple, str] = {}

    def probe_job(self, copies: list[Copy]) -> Job:
        """The job that probes a group: its pages with the recipient's box blank, the same in
        every shard, so every machine decides alike. Its outcome leads to the copies' jobs."""
        item = copies[0]
        forms = tuple(
            Fallback(
                self.renderer.render(
                    item.content, item.edition, recipient=BLANK_RECIPIENT, fit=fit
                ),
                printed_texts(item.content, item.edition, fit),
                fit.note(),
                fit.gain(),
                fit.type_gain(),
            )
            for fit in item.edition.document.fittings()
        )
        options = pdf_options(item.content, item.edition)
        html = "".join(form.html for form in forms)
        key = output_key(html, options.cache_key() + self._files_key(item, options), [])
        # Half the key is unique enough, and leaves room in a path for the temporary name.
        base = self.bases / f"{key[:32]}.base"
        self.used.add(base)
        arguments = (forms, options, base)
        then = partial(self.copy_jobs, copies, forms, base, key)
        return Job(item.edition, item.target, key, probe_copies, arguments, then=then)

    def copy_jobs(
        self, copies: list[Copy], forms: tuple[Fallback, ...], base: Path, key: str, probe: dict
    ) -> list[Job | Failed]:
        """A group's copies, once its probe is known (each fails if the probe did)."""
        if "error" in probe:
            message = probe["error"]
            return [
                Failed(item.edition, item.target, f"{item.label}: {message}") for item in copies
            ]
        if "box" not in probe:
            return [self.whole_job(item) for item in copies]
        with contextlib.suppress(OSError):
            os.utime(base)  # in use: see _tidy_bases
        item = copies[0]
        fit = item.edition.document.fittings()[probe["form"]]
        box = probe["box"]
        layout = CopyLayout(
            base,
            forms[probe["form"]].html,
            box["page"],
            box["x"],
            box["y"],
            tuple(probe["tag"]) if probe["tag"] else None,
            probe["pages"],
            tuple(probe["warnings"]),
            fit.note() if fit.moved else "",
        )
        # The verifier looks for the texts of the form the probe chose.
        options = replace(pdf_options(item.content, item.edition), texts=forms[probe["form"]].texts)
        place = ("style", placed(box["left"], box["top"]))
        return [self.copy_job(item, fit, options, layout, place, key) for item in copies]

    def copy_job(
        self,
        item: Copy,
        fit: Fitting,
        options: PdfOptions,
        layout: CopyLayout,
        place: tuple[str, str],
        probe_key: str,
    ) -> Job:
        """The job that makes one copy: the recipient's box, drawn over the group's base."""
        # The pages that name the recipient: their box, and the elements it stands in.
        personal = self.renderer.render(
            item.content, item.edition, recipient=item.recipient, part=PERSONAL, fit=fit
        )
        box = box_page(personal)
        sheets = (*box.sheets, place)
        key = output_key(box.html + repr(sheets) + probe_key, options.cache_key(), [])
        arguments = (box.html, sheets, item.target, options, layout)
        return Job(
            item.edition, item.target, key, render_copy, arguments, len(box.html), item.label
        )

    def whole_job(self, item: Copy) -> Job:
        """The job that makes one copy of a document without a recipient box, whole."""
        options = pdf_options(item.content, item.edition)
        html, fallbacks = page_forms(
            self.renderer, item.content, item.edition, recipient=item.recipient
        )
        options = replace(options, fallbacks=fallbacks)
        forms = html + "".join(form.html for form in fallbacks)
        files = self._files_key(item, options)
        key = output_key(forms, options.cache_key() + files, [])
        arguments = (html, item.target, options)
        return Job(item.edition, item.target, key, render_pdf, arguments, len(html), item.label)

    def _files_key(self, item: Copy, options: PdfOptions) -> str:
        """A digest of the files behind a copy (stylesheets, pictures, fonts, code): read
        once per build, not once per recipient."""
        files = tuple(pdf_files(item.content, self.fonts, options))
        if files not in self.file_keys:
            self.file_keys[files] = output_key("", "", files)
        return self.file_keys[files]


def _tidy_bases(folder: Path, used: set[Path]) -> None:
    """Remove the bases this build did not use, unless another build used one lately (a
    copy whose base is gone makes it again: see pdf.writer.write_copy)."""
    if not folder.is_dir():
        return
    now = time.time()
    for path in folder.glob("*.base"):
        with contextlib.suppress(OSError):
            if path not in used and now - path.stat().st_mtime > BASES_KEPT_UNUSED:
                path.unlink()


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
