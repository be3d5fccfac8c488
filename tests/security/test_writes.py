"""Every command that writes writes only inside its folder: a link that leads out of it is
refused by name, never followed (output.py). Each case runs the whole command in its own
process, as a user would, with a link to a folder or a file outside, and checks that the
command fails saying which link, that nothing outside changed, and that it wrote nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support.cli import copy_project, run_build
from tests.support.content import MINIMAL_CONTENT, copy_content

pytestmark = pytest.mark.slow  # each case runs build.py in its own process

SENTINEL = "# someone's own file: brosur must never write here\n"
EXIT_FAILED = 1


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside every folder brosur is given, with a file that must stay as it is."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "bashrc").write_text(SENTINEL, encoding="utf-8")
    return folder


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(MINIMAL_CONTENT, tmp_path)


def link(path: Path, target: Path) -> None:
    """Put a link to `target` where `path` is (a file or folder of the fixture, say)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def assert_refused(result, link: str, outside: Path) -> None:
    """The command failed naming the link, with no traceback, and left `outside` alone."""
    assert result.returncode == EXIT_FAILED, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{link} is a link that leads out of" in result.stderr, result.stderr
    assert "brosur writes only inside that folder" in result.stderr
    assert sorted(path.name for path in outside.iterdir()) == ["bashrc"]
    assert (outside / "bashrc").read_text(encoding="utf-8") == SENTINEL


def test_schema_does_not_write_into_a_linked_out_folder(content, outside):
    link(content / "schema", outside)
    result = run_build("schema", "--content", str(content))
    assert_refused(result, "schema", outside)


def test_schema_does_not_overwrite_a_file_linked_out(content, outside):
    link(content / "schema" / "brosur.schema.json", outside / "bashrc")
    before = (content / "organisation.yml").read_bytes()
    result = run_build("schema", "--content", str(content))
    assert_refused(result, "brosur.schema.json", outside)
    # Every file is checked before the first is written: no schema, no link comment.
    assert (content / "organisation.yml").read_bytes() == before


def test_schema_follows_a_link_that_stays_inside(content):
    (content / "kept").mkdir()
    link(content / "schema", content / "kept")
    result = run_build("schema", "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert (content / "kept" / "organisation.schema.json").is_file()


def test_translations_export_does_not_overwrite_a_file_linked_out(content, outside, tmp_path):
    target = tmp_path / "for-translator" / "translations.en.po"
    link(target, outside / "bashrc")
    result = run_build(
        "translations", "export", "--content", str(content), "--output", str(target), "--force"
    )
    assert_refused(result, "translations.en.po", outside)


def test_translations_import_and_confirm_do_not_write_a_record_linked_out(
    content, outside, tmp_path
):
    catalogue = tmp_path / "translations.en.po"
    exported = run_build(
        "translations", "export", "--content", str(content), "--output", str(catalogue)
    )
    assert exported.returncode == 0, exported.stderr
    link(content / "translations.yml", outside / "bashrc")
    before = (content / "organisation.yml").read_bytes()
    for command in (("import", str(catalogue)), ("confirm",)):
        result = run_build("translations", *command, "--content", str(content))
        assert result.returncode != 0, command
        assert "translations.yml leads outside the content folder" in result.stderr
        assert (outside / "bashrc").read_text(encoding="utf-8") == SENTINEL
        assert (content / "organisation.yml").read_bytes() == before


def test_new_refuses_a_stylesheet_linked_out_and_writes_nothing(tmp_path, outside):
    project = copy_project(tmp_path)
    link(project / "styles" / "flyer.css", outside / "bashrc")
    registry = (project / "templates" / "documents.yml").read_bytes()
    result = run_build("new", "flyer", project=project)
    assert_refused(result, "flyer.css", outside)
    assert not (project / "templates" / "flyer.html").exists()
    assert (project / "templates" / "documents.yml").read_bytes() == registry


def test_build_does_not_write_into_a_variant_folder_linked_out(content, outside, tmp_path):
    output = tmp_path / "output"
    link(output / "print", outside)
    result = run_build(
        "factsheet", "--lang", "id", "--variant", "print", "--content", str(content),
        "--output", str(output),
    )  # fmt: skip
    assert_refused(result, "print", outside)


def test_build_does_not_write_its_cache_through_a_link(content, outside, tmp_path):
    output = tmp_path / "output"
    link(output / ".brosur-cache.sqlite", outside / "bashrc")
    result = run_build(
        "factsheet", "--lang", "id", "--content", str(content), "--output", str(output)
    )
    assert_refused(result, ".brosur-cache.sqlite", outside)


def test_copies_do_not_write_into_a_recipients_folder_linked_out(content, outside, tmp_path):
    output = tmp_path / "output"
    link(output / "recipients", outside)
    recipients = tmp_path / "donors.csv"
    recipients.write_text("name,language\nAni,id\n", encoding="utf-8")
    result = run_build(
        "factsheet", "--recipients", str(recipients), "--jobs", "1", "--content", str(content),
        "--output", str(output),
    )  # fmt: skip
    assert_refused(result, "recipients", outside)


def test_a_loop_of_links_is_refused_not_followed(content, outside, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    os.symlink("print", output / "print")  # a link to itself
    result = run_build(
        "factsheet", "--lang", "id", "--variant", "print", "--content", str(content),
        "--output", str(output),
    )  # fmt: skip
    assert result.returncode == EXIT_FAILED, result.stderr
    assert "print is a link that leads out of" in result.stderr
    assert "(in a loop)" in result.stderr


def test_the_preview_does_not_write_its_thumbnails_through_a_link(outside, tmp_path):
    from brosur.commands.gallery import THUMBNAILS, card
    from brosur.errors import OutputError
    from brosur.jobs.pipeline import build
    from brosur.jobs.request import Request

    output = tmp_path / "output"
    (result,) = build(Request(MINIMAL_CONTENT, output, ("factsheet",), "id"))
    link(output / THUMBNAILS, outside)
    with pytest.raises(OutputError, match=rf"{THUMBNAILS} is a link that leads out of"):
        card(output, result)
    assert sorted(path.name for path in outside.iterdir()) == ["bashrc"]
