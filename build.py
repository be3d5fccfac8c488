#!/usr/bin/env python3
"""Build the PDFs declared in content/brosur.yml. `python build.py --help` explains the options."""

import sys

from brosur.cli import main

if __name__ == "__main__":
    sys.exit(main())
