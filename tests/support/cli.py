"""build.py as a user runs it: in a separate process."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

from brosur.paths import PROJECT_ROOT


def run_build(*arguments: str, project=PROJECT_ROOT) -> subprocess.CompletedProcess:
    """Run a project's build.py as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, str(project / "build.py"), *arguments],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def copy_project(folder: Path) -> Path:
    """A whole project (code, templates, styles, content, build.py) in `folder`/project, to
    change the way a user would: its templates, its registry."""
    project = folder / "project"
    for part in ("brosur", "templates", "styles", "content"):
        shutil.copytree(
            PROJECT_ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(PROJECT_ROOT / "build.py", project / "build.py")
    return project


def on_a_terminal(command: list[str]) -> str:
    """What `command` writes to a pseudo-terminal (one that draws colours and progress bars),
    as its user would see it."""
    leader, follower = pty.openpty()
    environment = {**os.environ, "TERM": "xterm-256color"}
    process = subprocess.Popen(
        command, stdout=follower, stderr=follower, stdin=follower, env=environment
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=300)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")
