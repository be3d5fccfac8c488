"""Imported first by the fork server that the long-running worker pool forks its workers
from (workers.worker_pool): Ctrl+C in a terminal reaches every process of the group, and is
for the main process, which stops the workers itself. Python's fork server ignores SIGINT
only after importing its preload modules, and WeasyPrint takes a second or two to import:
a Ctrl+C then would print the fork server's own traceback."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
