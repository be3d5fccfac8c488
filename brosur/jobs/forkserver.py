"""Imported first by the fork server that the long-running worker pool forks its workers
from (workers.worker_pool), before WeasyPrint.

Ctrl+C in a terminal reaches every process of the group, and is for the main process, which
stops the workers itself. Python's fork server ignores SIGINT only after importing its
preload modules, and WeasyPrint takes a second or two to import: a Ctrl+C then would print
the fork server's own traceback.

The hyphenation patterns of the languages brosur prints are read here, once: every worker
forked from this server shares them, instead of reading them on its first page (about a
tenth of a second each time, and workers are replaced after jobs.workers.PDFS_PER_WORKER)."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

import pyphen  # noqa: E402 -- only once Ctrl+C is ignored

from brosur.i18n import LANGUAGE_TAGS  # noqa: E402

for tag in LANGUAGE_TAGS.values():
    # As WeasyPrint asks for them (text/line_break.py); pyphen keeps them by file.
    pyphen.Pyphen(lang=pyphen.language_fallback(tag))
