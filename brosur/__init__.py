"""brosur: bilingual print-ready PDF documents from YAML content.

The pipeline, one module a step:
content/*.yml → content.py → render.py (templates/ + styles/) → pdf.py → output/*.pdf,
planned and run by pipeline.py and driven from the command line by cli.py.
"""

__version__ = "0.1.0"
