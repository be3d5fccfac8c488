"""`build.py --recipients FILE`: one personalised copy per row of a recipients list (see
jobs/copies.py), or with `--plan`, the list of those copies as JSON jobs to share out."""

from __future__ import annotations

import argparse
import json
import sys

from brosur.commands import report
from brosur.jobs.request import Request
from brosur.paths import PROJECT_ROOT


def run_recipients(
    request: Request, arguments: argparse.Namespace, argv: list[str], command
) -> int:
    """Build (or plan) the copies of the list `--recipients` names; return the exit code.
    `command` is the parser, to refuse options that do not go with a list."""
    from brosur.content.recipients import parse_shard

    if not arguments.recipients:
        command.error("--shard and --plan go with --recipients FILE")
    if arguments.lang:
        command.error("--lang does not go with --recipients: the list's language column chooses")
    try:
        shard = parse_shard(arguments.shard) if arguments.shard else (1, 1)
    except ValueError as error:
        command.error(str(error))
    from brosur.jobs.workers import worker_pool

    pool = None if arguments.plan else worker_pool(request.jobs, long_running=True)
    from brosur.content.load import load_content
    from brosur.jobs.batch import plan_batch
    from brosur.jobs.copies import build_batch
    from brosur.jobs.results import Tally

    def run():
        if arguments.plan:
            batch = plan_batch(load_content(request.content), request, arguments.recipients, shard)
            _print_plan(batch, argv)
            return report.rows_left_out(batch.problems, [])
        tally = Tally()

        def done(result) -> None:
            progress.done(result)
            tally.add(result)

        with report.progress("copies") as progress:
            batch = build_batch(request, arguments.recipients, shard, progress.planned, done, pool)
        return batch, tally

    outcome = report.reported(run, pool)
    if isinstance(outcome, int):
        return outcome
    batch, tally = outcome
    report.recipients_summary(batch, tally)
    return report.rows_left_out(batch.problems, tally.failed)


def _print_plan(batch, argv: list[str]) -> None:
    """Print a JSON line per copy as the list is read, each with the command that builds
    exactly it."""
    from brosur.jobs.batch import plan_lines

    base = [sys.executable, str(PROJECT_ROOT / "build.py")]
    for line in plan_lines(batch, base + _without_shard(argv)):
        print(json.dumps(line, ensure_ascii=False))


def _without_shard(argv: list[str]) -> list[str]:
    """This command's arguments but --plan and --shard: each job narrows it to its row."""
    kept, skip = [], False
    for argument in argv:
        if skip:
            skip = False
        elif argument == "--shard":
            skip = True
        elif argument != "--plan" and not argument.startswith("--shard="):
            kept.append(argument)
    return kept
