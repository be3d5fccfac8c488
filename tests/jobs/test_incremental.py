"""Incremental and parallel builds: unchanged PDFs are not rebuilt, changed ones are."""

import subprocess
import sys

import pytest

from brosur.commands.cli import main
from brosur.jobs.pipeline import build
from brosur.jobs.request import Request
from brosur.jobs.results import Built
from tests.support.content import MINIMAL_CONTENT, edit


@pytest.fixture
def minimal_copy(content_copy):
    return content_copy(MINIMAL_CONTENT)


def statuses(results) -> dict[str, str]:
    assert all(isinstance(result, Built) for result in results), results
    return {result.edition.name: "cached" if result.cached else "built" for result in results}


def test_unchanged_inputs_are_not_rebuilt_and_force_rebuilds(minimal_copy, tmp_path):
    request = Request(minimal_copy, tmp_path / "output", ("factsheet", "brochure"), "en")
    first = build(request)
    assert set(statuses(first).values()) == {"built"}
    stamps = {result.path: result.path.stat().st_mtime_ns for result in first}
    again = build(request)
    assert set(statuses(again).values()) == {"cached"}
    assert all(result.path.stat().st_mtime_ns == stamps[result.path] for result in again)
    forced = build(
        Request(minimal_copy, tmp_path / "output", ("factsheet", "brochure"), "en", force=True)
    )
    assert set(statuses(forced).values()) == {"built"}


def test_a_change_rebuilds_only_the_outputs_that_use_it(minimal_copy, tmp_path):
    request = Request(minimal_copy, tmp_path / "output", language="en")
    build(request)
    # Only the profile prints the team: adding one changes the profile and nothing else.
    organisation = minimal_copy / "organisation.yml"
    organisation.write_text(
        organisation.read_text()
        + ("team:\n  - name: Dewi Contoh\n    role: {id: Ketua, en: Chair}\n")
    )
    assert statuses(build(request)) == {
        "profile.en": "built",
        "factsheet.en": "cached",
        "brochure.en": "cached",
    }


def test_a_pdf_key_changes_with_any_file_it_uses(tmp_path):
    from brosur.jobs.cache import output_key

    sheet = tmp_path / "base.css"
    sheet.write_text("p { color: black }")
    before = output_key("<p>x</p>", "screen", [sheet])
    assert output_key("<p>x</p>", "screen", [sheet]) == before
    sheet.write_text("p { color: navy }")
    assert output_key("<p>x</p>", "screen", [sheet]) != before
    assert output_key("<p>y</p>", "screen", [sheet]) != output_key("<p>x</p>", "screen", [sheet])
    assert output_key("<p>x</p>", "print", [sheet]) != output_key("<p>x</p>", "screen", [sheet])


def test_parallel_build_makes_the_same_pdfs(minimal_copy, tmp_path):
    one = build(Request(minimal_copy, tmp_path / "one", language="en", jobs=1))
    two = build(Request(minimal_copy, tmp_path / "two", language="en", jobs=2))
    assert all(isinstance(result, Built) for result in one + two), one + two
    assert [result.edition.name for result in one] == [result.edition.name for result in two]
    for first, second in zip(one, two, strict=True):
        assert first.path.read_bytes() == second.path.read_bytes()


def factsheet_arguments(content, tmp_path) -> list[str]:
    """The command line for the English fact sheet of `content`, built into tmp_path."""
    return [
        "--content",
        str(content),
        "--output",
        str(tmp_path / "output"),
        "--lang",
        "en",
        "factsheet",
    ]


def test_a_build_where_nothing_changed_imports_no_weasyprint(minimal_copy, tmp_path):
    arguments = factsheet_arguments(minimal_copy, tmp_path)
    assert main(arguments) == 0
    probe = (
        "import sys\nfrom brosur.commands.cli import main\n"
        f"code = main({arguments!r})\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in ('weasyprint', 'pydantic', 'jinja2') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert "cached" in result.stdout


def test_editing_content_invalidates_the_no_change_shortcut(minimal_copy, tmp_path, capsys):
    arguments = factsheet_arguments(minimal_copy, tmp_path)
    assert main(arguments) == 0
    edit(minimal_copy / "organisation.yml", "Few words", "Fewer words")
    capsys.readouterr()
    assert main(arguments) == 0
    assert "built" in capsys.readouterr().out
