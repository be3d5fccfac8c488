"""brosur: bilingual print-ready PDF documents from YAML content.

The pipeline, one package a step:
content/*.yml → content/ (load, check) → render/ (templates/ + styles/ → HTML) → pdf/
(WeasyPrint, verify, write) → output/*.pdf, planned and run by jobs/ (jobs/pipeline.py) and
driven from the command line by commands/ (commands/cli.py).
"""

__version__ = "0.1.0"
