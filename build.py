#!/usr/bin/env python3
"""Build the PDFs declared in content/brosur.yml. `python build.py --help` explains the options."""

import os
import sys
from pathlib import Path

try:
    from brosur.commands.cli import main
except ModuleNotFoundError:
    # Run with a Python that lacks brosur's packages: use the project's own environment,
    # which `make` sets up, so that `python build.py` works as the README says.
    venv = Path(__file__).resolve().parent / ".venv"
    venv_python = venv / "bin" / "python"
    if not venv_python.exists() or Path(sys.prefix).resolve() == venv.resolve():
        sys.exit("brosur is not set up yet: run `make` once (see README.md).")
    os.execv(venv_python, [str(venv_python), __file__, *sys.argv[1:]])

if __name__ == "__main__":
    sys.exit(main())
