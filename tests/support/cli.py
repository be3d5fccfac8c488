"""build.py as a user runs it: in a separate process."""

from __future__ import annotations

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
