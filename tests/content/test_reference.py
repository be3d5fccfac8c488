"""The field reference (docs/fields.*.md) says what the schema says, for every field, and the
example content uses every field it lists."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from brosur.content.reference import (
    DOCS,
    example_lines,
    field_doc,
    human_part,
    reference_page,
)
from brosur.content.shapes import FILES, TEXTS, Shape, field_path, schema_fields
from brosur.paths import PROJECT_ROOT
from tests.support.content import EXAMPLE_CONTENT


def _written(file: str) -> dict[str, Any]:
    return human_part()["files"][file]["fields"]


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_reference_pages_are_what_the_schema_and_fields_yml_make(language):
    page = DOCS / f"fields.{language}.md"
    assert page.read_text(encoding="utf-8") == reference_page(language), (
        f"{page.name} is out of date: run `make docs`"
    )


@pytest.mark.parametrize("file", FILES)
def test_every_field_of_the_schema_is_described_in_fields_yml(file):
    undescribed = [entry.name for entry in schema_fields(file) if entry.name not in _written(file)]
    assert not undescribed, f"describe in fields.yml: {', '.join(undescribed)} ({file})"


@pytest.mark.parametrize("file", FILES)
def test_fields_yml_describes_no_field_the_schema_lacks(file):
    known = {entry.name for entry in schema_fields(file)}
    stale = [name for name in _written(file) if name not in known]
    assert not stale, f"{file} has no such fields; remove from fields.yml: {', '.join(stale)}"


@pytest.mark.parametrize("file", FILES)
def test_every_entry_says_what_it_is_in_both_languages_with_an_example(file):
    for entry in schema_fields(file):
        written = _written(file).get(entry.name, {})
        limited_list = entry.shape.kind == "list" and entry.shape.most is not None
        expected = {"en", "id", "example"} | ({"why"} if limited_list else set())
        assert set(written) == expected, f"{file}: {entry.name}"
        assert all(written[language].strip() for language in ("en", "id")), entry.name
        if limited_list:
            assert set(written["why"]) == {"en", "id"}, f"{file}: {entry.name}.why"


@pytest.mark.parametrize("file", FILES)
def test_every_example_is_a_value_its_field_accepts(file):
    context = {"folder": EXAMPLE_CONTENT, "languages": ["id", "en"]}
    for entry in schema_fields(file):
        example = _written(file)[entry.name]["example"]
        adapter = TypeAdapter(Annotated[entry.info.annotation, entry.info])
        adapter.validate_python(example, context=context)


@pytest.mark.parametrize("file", FILES)
def test_every_limit_the_reference_gives_is_the_one_brosur_keeps(file):
    context = {"folder": EXAMPLE_CONTENT, "languages": ["id", "en"]}
    for entry in schema_fields(file):
        adapter = TypeAdapter(Annotated[entry.info.annotation, entry.info])
        shape, example = entry.shape, _written(file)[entry.name]["example"]
        if shape.characters:
            at_most = ("kata " * shape.characters)[: shape.characters - 1] + "x"
            adapter.validate_python(_as_written(shape, at_most), context=context)
            with pytest.raises(ValidationError):
                adapter.validate_python(_as_written(shape, at_most + "x"), context=context)
        if shape.kind == "list" and shape.most:
            adapter.validate_python(example[:1] * shape.most, context=context)
            with pytest.raises(ValidationError, match=r"too_many|too_long"):
                adapter.validate_python(example[:1] * (shape.most + 1), context=context)


def _as_written(shape: Shape, text: str) -> Any:
    return {"id": text, "en": text} if shape.kind in TEXTS else text


@pytest.mark.parametrize("file", FILES)
def test_examples_contoh_uses_every_field(file):
    # examples/contoh is the content staff copy from: every field should be there to copy.
    path = EXAMPLE_CONTENT / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    used = {field_path(place, file) for place in _places(data)}
    unused = [entry.name for entry in schema_fields(file) if entry.path not in used]
    assert not unused, f"{path.relative_to(PROJECT_ROOT)} does not use: {', '.join(unused)}"


def _places(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a YAML value, as a path of keys and list positions."""
    if isinstance(value, dict):
        inner = [(key, item) for key, item in value.items()]
    elif isinstance(value, list):
        inner = list(enumerate(value))
    else:
        return [path]
    return [path] + [place for key, item in inner for place in _places(item, (*path, key))]


def test_a_field_is_found_by_the_path_a_problem_is_reported_at():
    assert field_doc(("partners", 3, "name")).field.name == "partners.name"
    assert field_doc(("vision", "en")).field.name == "vision"
    assert field_doc(("documents", "profile", "languages"), "brosur.yml").field.name == (
        "documents.*.languages"
    )
    assert field_doc(("colours", "accent", "rgb"), "theme.yml").field.name == "colours.accent"
    assert field_doc(("visoin",)) is None
    assert field_doc(("contact", "fax")) is None


def test_a_limited_list_says_why_in_english_and_the_rest_do_not():
    assert "four" in field_doc(("strategies",)).why
    assert field_doc(("strategies", 0, "title")).why is None


def test_an_example_is_shown_as_indented_yaml_as_a_message_shows_it():
    example = field_doc(("team",)).example
    assert example_lines(example) == (
        "  - name: Ani Contoh\n"
        "    role: {id: Direktur eksekutif, en: Executive director}\n"
        "  - name: Budi Teladan\n"
        "    role: {id: Koordinator program, en: Programme coordinator}"
    )
    assert yaml.safe_load(example_lines(example)) == example


@pytest.mark.parametrize(
    ("document", "reference"),
    [
        ("docs/guide.en.md", "fields.en.md"),
        ("docs/panduan.id.md", "fields.id.md"),
        ("README.md", "docs/fields.en.md"),
    ],
)
def test_the_guides_and_the_readme_point_to_the_reference(document, reference):
    assert f"]({reference})" in (PROJECT_ROOT / document).read_text(encoding="utf-8")
