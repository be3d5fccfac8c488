"""Editor support: JSON Schemas of the content files, kept current and linked from them."""

import json

import pytest

from brosur.commands.cli import main
from brosur.commands.editor import write_schemas
from tests.support.content import CONTENT_FOLDERS


@pytest.mark.parametrize("folder", CONTENT_FOLDERS)
def test_committed_schemas_are_current_and_linked(folder, tmp_path):
    content = CONTENT_FOLDERS[folder]
    for fresh in write_schemas(tmp_path):
        committed = content / "schema" / fresh.name
        assert committed.read_text() == fresh.read_text(), (
            f"{committed} is out of date: run `python build.py schema --content {content}`"
        )
    for name in ("brosur", "organisation", "theme"):
        text = (content / f"{name}.yml").read_text()
        assert f"# yaml-language-server: $schema=schema/{name}.schema.json" in text


def test_schema_knows_every_field_and_refuses_unknown_ones(tmp_path):
    (organisation,) = [path for path in write_schemas(tmp_path) if "organisation" in path.name]
    schema = json.loads(organisation.read_text())
    assert schema["additionalProperties"] is False
    assert {"name", "full_name", "vision", "mission", "strategies", "photos"} <= set(
        schema["properties"]
    )
    # A text per language, or in one language only on purpose.
    assert set(schema["$defs"]["Text"]["properties"]) == {"id", "en", "only"}


def test_schema_command_links_a_content_folder(content_copy, capsys):
    folder = content_copy()
    for name in ("brosur", "organisation", "theme"):
        path = folder / f"{name}.yml"
        path.write_text(
            path.read_text().replace(
                f"# yaml-language-server: $schema=schema/{name}.schema.json", ""
            )
        )
    for schema in (folder / "schema").glob("*.json"):
        schema.unlink()
    assert main(["schema", "--content", str(folder)]) == 0
    assert "linked" in capsys.readouterr().out
    assert (folder / "schema" / "theme.schema.json").is_file()
    assert "$schema=schema/theme.schema.json" in (folder / "theme.yml").read_text()
