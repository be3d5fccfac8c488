"""Reading YAML: positions of every field, and YAML features content may not use."""

from pathlib import Path

import pytest

from brosur.content.yamlsource import format_path, load_yaml
from brosur.errors import InputError


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "file.yml"
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return load_yaml(path)


def messages(tmp_path: Path, text: str | bytes) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    return [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in caught.value.problems]


def test_records_line_and_column_of_every_value(tmp_path):
    data, source = load(tmp_path, "name: A\nmission:\n    id: Satu\n    en: One\n")
    assert data == {"name": "A", "mission": {"id": "Satu", "en": "One"}}
    assert source.values["mission", "en"] == (4, 9)
    assert source.keys["mission", "en"] == (4, 5)
    assert source.values["mission",] == (3, 5)


def test_locate_falls_back_to_nearest_written_parent(tmp_path):
    _, source = load(tmp_path, "mission:\n  id: Satu\n")
    assert source.locate(("mission", "en")) == (2, 3)


def test_field_paths_count_list_items_from_one():
    assert format_path(("history", "timeline", 0, "title", "en")) == "history.timeline[1].title.en"


def test_duplicate_key_names_both_lines(tmp_path):
    assert messages(tmp_path, "name: A\nname: B\n") == [
        "2:1: name: written twice (lines 1 and 2); keep one"
    ]


def test_syntax_error_gives_line_and_hint(tmp_path):
    (message,) = messages(tmp_path, "name: A\nmission: {id: Satu\n")
    assert message.startswith("3:1: : YAML syntax error:")


def test_tab_indentation_is_explained(tmp_path):
    (message,) = messages(tmp_path, "mission:\n\tid: Satu\n")
    assert message.startswith("2:1: : YAML syntax error:")
    assert "indent with spaces, not tabs" in message


def test_aliases_are_refused(tmp_path):
    text = "a: &x [1, 2]\nb: *x\n"
    assert messages(tmp_path, text) == [
        "2:4: : anchors and aliases (& and *) are not supported; write the value out in full"
    ]


def test_custom_tags_are_refused(tmp_path):
    assert messages(tmp_path, "name: !!python/object:os.system ls\n") == [
        "1:7: name: the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not supported; "
        "remove it"
    ]


def test_non_utf8_file_is_refused_with_its_line(tmp_path):
    assert messages(tmp_path, b"name: A\nmission: caf\xe9\n") == [
        "2:1: : the file is not UTF-8 text; save it as UTF-8"
    ]


def test_byte_order_mark_is_accepted(tmp_path):
    data, _ = load(tmp_path, "\ufeffname: A\n".encode())
    assert data == {"name": "A"}


def test_empty_file_is_an_empty_mapping(tmp_path):
    data, _ = load(tmp_path, "")
    assert data == {}
