"""Property-based tests: whatever content a user writes, brosur either accepts it (and makes
its pages) or answers with problems naming file, line and field; never a traceback.

CI runs a bounded number of examples; a longer run on demand:
    BROSUR_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/content/test_fuzz.py
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brosur.content.load import load_content
from brosur.documents import document_kinds
from brosur.errors import InputError
from brosur.paths import TEMPLATES
from brosur.render.html import Edition, Renderer
from tests.support.content import MINIMAL_CONTENT

EXAMPLES = int(os.environ.get("BROSUR_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # the same bounded run on every machine
)
ORGANISATION = yaml.safe_load((MINIMAL_CONTENT / "organisation.yml").read_text(encoding="utf-8"))
RENDERER = Renderer(TEMPLATES)

# Values a person might put anywhere: text in any script (control characters included),
# numbers, dates, empty values, lists and mappings of them.
scalars = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.sampled_from(["2000", "2000-03", "https://example.org", "logo.png", "../x", "id", "en"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["id", "en", "fr", "title", "text", "date"]), inner, max_size=4
        ),
    ),
    max_leaves=12,
)


def paths(data, prefix=()):
    """Every place in a nested document where a value could be changed."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


PLACES = [place for place in paths(ORGANISATION) if place]


@st.composite
def organisations(draw):
    """The shortest valid organisation, with a few of its values replaced, removed or added."""
    data = copy.deepcopy(ORGANISATION)
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        place = draw(st.sampled_from(PLACES))
        parent = data
        try:
            for step in place[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["replace", "remove", "add"]))
            if action == "replace":
                parent[place[-1]] = draw(values)
            elif action == "remove" and isinstance(parent, dict):
                parent.pop(place[-1], None)
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=12))] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    return data


def check(folder: Path) -> None:
    """Load the folder: it must give content whose pages render, or clean problems."""
    try:
        content = load_content(folder)
    except InputError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file and problem.line >= 1 and problem.column >= 1, problem
            assert problem.message and "Traceback" not in problem.message, problem
        return
    for name in ("profile", "factsheet", "brochure"):
        for language in ("id", "en", "id-en"):
            html = RENDERER.render(content, Edition(document_kinds()[name], language))
            assert html.startswith("<!doctype html>")


@FUZZ
@given(organisations())
def test_any_organisation_file_loads_or_is_explained(data):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "content"
        shutil.copytree(MINIMAL_CONTENT, folder)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / "organisation.yml").write_text(text, encoding="utf-8")
        check(folder)


@FUZZ
@given(st.one_of(st.text(max_size=400), st.binary(max_size=400)))
def test_any_bytes_in_a_content_file_are_explained(raw):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "content"
        shutil.copytree(MINIMAL_CONTENT, folder)
        data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
        (folder / "organisation.yml").write_bytes(data)
        check(folder)
