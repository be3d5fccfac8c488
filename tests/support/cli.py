"""build.py as a user runs it: in a separate process."""

from __future__ import annotations

import subprocess
import sys

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
