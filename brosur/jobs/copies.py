"""Personalised copies in bulk: one PDF per recipient of a recipients list (planned row by
row in jobs/batch.py).

Every recipient's copy of an edition is the same but for the recipient's box, which has a
fixed size. So copies are grouped by edition; each group is first probed once: its pages are
laid out with the box blank at its place (which copyfitted form fits, where is the box?) and
drawn, once, as the base of its copies (kept in `<output>/.brosur-copies/`). Then each copy
lays out only its box, alone on a page of the same size, and draws it over the base
(render/boxpage.py, pdf/overlay.py). A document without a recipient box renders each copy
whole.

Copies are made as the list is read: a group is probed as soon as its first copy is planned,
and each copy's job goes to the workers as soon as its group's probe is known, while later
rows are still to be read. Planning keeps only a little ahead of the workers (COPIES_AHEAD),
so that neither the jobs nor the results of a long list are ever held all at once.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from brosur.content.load import load_content
from brosur.fitting import Fitting
from brosur.jobs.batch import RECIPIENTS_FOLDER, Batch, Copy, plan_batch
from brosur.jobs.cache import output_key
from brosur.jobs.editions import page_forms, pdf_files, pdf_options
from brosur.jobs.outcomes import Refused
from brosur.jobs.request import Request
from brosur.jobs.results import Built, Failed
from brosur.jobs.run import Job, prepare, stop_on_content_errors
from brosur.jobs.workers import probe_copies, render_copy, render_pdf
from brosur.output import inside
from brosur.pdf.hyphenation import with_fewer_hyphens
from brosur.pdf.options import CopyLayout, Form, PdfOptions, Probed
from brosur.pdf.spread import spread_html
from brosur.render.boxpage import box_page, placed
from brosur.render.html import BLANK_RECIPIENT, PERSONAL, Renderer
from brosur.render.printed import printed_texts
from brosur.variants import VARIANTS

# In the output folder: the pages each group's copies share, a PDF each (`<key>.base`).
BASES_FOLDER = ".brosur-copies"
BASES_KEPT_UNUSED = 3600  # seconds: a base another build (a shard) may be using is kept
# Copies planned ahead of the workers, per worker: enough that a worker never waits for the
# next job, few enough that planning stays just ahead of the copies made.
COPIES_AHEAD = 8
# Groups whose probe is known, kept to make their copies' jobs: a list with a column of its
# own per row has a group per row. One that comes again after is known from the cache.
GROUPS_KEPT = 64


def build_batch(
    request: Request,
    path: Path,
    shard: tuple[int, int] = (1, 1),
    on_planned: Callable[[int], None] = lambda _: None,
    on_done: Callable[[Built | Failed], None] = lambda _: None,
    pool: Executor | None = None,
) -> Batch:
    """Make every copy of the list that changed, its results to `on_done` as they come (a
    long list's are too many to keep); a failing copy does not stop the others.

    The list is checked as a whole and counted before anything is written, so `on_planned`
    is told the number of copies at once (and again when a row is left out). Then its rows
    are read, planned and made as they come: each group is probed once (or known from the
    cache), and its copies start as soon as its probe is done."""
    content = load_content(request.content)
    stop_on_content_errors(content)
    batch = plan_batch(content, request, path, shard)
    on_planned(batch.expected)
    folders = [VARIANTS[variant].output_folder(request.output) for variant in request.variants]
    places = [*(folder / RECIPIENTS_FOLDER for folder in folders), request.output / BASES_FOLDER]
    run = prepare(request, content, on_done, pool, places)
    jobs = CopyJobs(run.renderer, run.fonts, request.output)
    ahead = COPIES_AHEAD * max(1, request.jobs)
    run.stream(jobs.jobs(batch.copies(on_planned)), ahead, lambda: jobs.waiting)
    run.cache.save()
    _tidy_bases(request.output, jobs.used)
    return batch


@dataclass
class Group:
    """The copies of one edition (and of one set of a row's own fields): their probe, then
    how to make each copy's job once it is known."""

    waiting: list[Copy] = field(default_factory=list)  # planned before the probe was known
    job: Callable[[Copy], Job | Failed] | None = None  # once it is known


class CopyJobs:
    """Makes the jobs of one build, as its copies are planned: a probe per group, then its
    copies."""

    def __init__(self, renderer: Renderer, fonts: list[Path], output: Path):
        self.renderer = renderer
        self.fonts = fonts
        self.output = output
        self.bases = output / BASES_FOLDER  # the folder of the pages each group's copies share
        self.used: set[Path] = set()
        self.file_keys: dict[tuple, str] = {}
        self.groups: OrderedDict[tuple, Group] = OrderedDict()  # the last used last
        self.waiting = 0  # copies planned whose group's probe is not known yet

    def jobs(self, copies: Iterable[Copy]) -> Iterator[Job | Failed | None]:
        """The jobs that make `copies`, as they come: a group's probe at its first copy, then
        each copy's job once the probe is known; a None for each copy left waiting for its
        group's probe (counted in `waiting`), to be made when the probe is known."""
        for item in copies:
            group = self.groups.get(item.group)
            if group is None:
                group = self._new_group(item.group)
                group.waiting.append(item)
                self.waiting += 1
                yield self.probe_job(group, item)
            elif group.job is None:
                group.waiting.append(item)
                self.waiting += 1
                yield None
            else:
                self.groups.move_to_end(item.group)
                yield group.job(item)

    def _new_group(self, key: tuple) -> Group:
        """A new group; of those whose probe is known, the least lately used are let go
        past GROUPS_KEPT."""
        known = [other for other, group in self.groups.items() if group.job is not None]
        for other in known[: max(0, len(known) + 1 - GROUPS_KEPT)]:
            del self.groups[other]
        group = self.groups[key] = Group()
        return group

    def probe_job(self, group: Group, item: Copy) -> Job:
        """The job that probes a group: its pages with the recipient's box blank, the same in
        every shard, so every machine decides alike. Its outcome leads to the copies' jobs."""
        forms = tuple(
            Form(
                self.renderer.render(
                    item.content, item.edition, recipient=BLANK_RECIPIENT, fit=fit
                ),
                printed_texts(item.content, item.edition, fit),
                fit,
            )
            for fit in item.edition.document.fittings()
        )
        options = pdf_options(item.content, item.edition, self.output)
        html = "".join(form.html for form in forms)
        key = output_key(html, options.cache_key() + self._files_key(item, options), [])
        # Half the key is unique enough, and leaves room in a path for the temporary name.
        base = self.bases / f"{key[:32]}.base"
        self.used.add(base)
        arguments = (forms, options, base)
        then = partial(self._probed, group, item, forms, base, key)
        return Job(item.edition, item.target, key, probe_copies, arguments, then=then)

    def _probed(
        self,
        group: Group,
        item: Copy,
        forms: tuple[Form, ...],
        base: Path,
        key: str,
        probe: Probed | Refused,
    ) -> list[Job | Failed]:
        """The jobs of a group's copies waiting for its probe, now known; each later copy's
        job is made as it comes."""
        group.job = self._copy_jobs(item, forms, base, key, probe)
        waiting, group.waiting = group.waiting, []
        self.waiting -= len(waiting)
        return [group.job(copy) for copy in waiting]

    def _copy_jobs(
        self, item: Copy, forms: tuple[Form, ...], base: Path, key: str, probe: Probed | Refused
    ) -> Callable[[Copy], Job | Failed]:
        """What makes the job of each copy of the group of `item`, once its probe is known
        (a failure, when the probe failed)."""
        if isinstance(probe, Refused):
            message = probe.error
            return lambda copy: Failed(copy.edition, copy.target, f"{copy.label}: {message}")
        box = probe.box
        if box is None:
            return self.whole_job
        with contextlib.suppress(OSError):
            os.utime(base)  # in use: see _tidy_bases
        fit = item.edition.document.fittings()[probe.form]
        layout = CopyLayout(
            base,
            with_fewer_hyphens(
                spread_html(forms[probe.form].html, probe.spreads), probe.fewer_hyphens
            ),
            box.page,
            box.x,
            box.y,
            probe.tag,
            probe.pages,
            probe.warnings,
            fit.note() if fit.moved else "",
        )
        # The verifier looks for the texts of the form the probe chose.
        options = replace(
            pdf_options(item.content, item.edition, self.output), texts=forms[probe.form].texts
        )
        place = ("style", placed(box.left, box.top))
        return partial(
            self.copy_job, fit=fit, options=options, layout=layout, place=place, probe_key=key
        )

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
        options = pdf_options(item.content, item.edition, self.output)
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


def _tidy_bases(output: Path, used: set[Path]) -> None:
    """Remove the bases this build did not use, unless another build used one lately (a
    copy whose base is gone makes it again: see pdf.personalised.write_copy)."""
    folder = inside(output, output / BASES_FOLDER)
    if not folder.is_dir():
        return
    now, kept = time.time(), {path.name for path in used}
    for path in folder.glob("*.base"):
        with contextlib.suppress(OSError):
            if path.name not in kept and now - path.stat().st_mtime > BASES_KEPT_UNUSED:
                path.unlink()
