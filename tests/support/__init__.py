"""Helpers the tests share: content folders and how to edit them, build.py as a user runs it,
PDFs read back, and results built once for a whole test run (all xdist workers).

Imported as `from tests.support.X import …`; test modules never import each other or conftest.
"""
