"""The README's map of the code stays true: every module of brosur/ is named in its "Layout
of the project", and every module it names exists."""

from __future__ import annotations

import re

from brosur.paths import PACKAGE, PROJECT_ROOT


def layout_block() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout of the project", 1)[1]
    return section.split("```", 2)[1]


def test_the_readme_names_every_module_of_the_package():
    block = layout_block()
    modules = {path.name for path in PACKAGE.rglob("*.py") if path.name not in ("__init__.py",)}
    named = set(re.findall(r"\b([a-z0-9_]+\.py)\b", block))
    assert sorted(modules - named) == []


def test_every_module_the_readme_names_exists():
    named = set(re.findall(r"\b([a-z0-9_]+\.py)\b", layout_block()))
    existing = {path.name for path in PACKAGE.rglob("*.py")} | {"build.py"}
    assert sorted(named - existing) == []
