"""Input quoted in a message reaches the terminal as visible escapes, never as characters a
terminal acts on (terminal.py): a translator's unit id that would clear the screen and set
the window title, a right-to-left override in a file name, a C1 control in a recipient's
column. Each case runs a whole command as a user would; a last one runs on a real terminal
(a pseudo-terminal), where brosur's own colours must still come through."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from brosur.paths import PROJECT_ROOT
from brosur.terminal import CONTROLS, DIRECTION_CONTROLS, escaped
from tests.support.cli import on_a_terminal, run_build
from tests.support.content import MINIMAL_CONTENT, copy_content

pytestmark = pytest.mark.slow  # each case runs build.py in its own process

# Clears the screen, sets the window title, rings the bell; then an override and a C1 CSI.
HOSTILE = "\x1b[2J\x1b]0;PWNED\x07\u202e\x9b"
ACTING = (CONTROLS - {"\n", "\t"}) | DIRECTION_CONTROLS


def assert_shown_not_obeyed(result: subprocess.CompletedProcess, exit_code: int) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == exit_code, output
    assert "Traceback" not in output
    assert not ACTING & set(output), [character for character in output if character in ACTING]
    assert escaped(HOSTILE) in output  # \x1b[2J\x1b]0;PWNED\x07\u202e\x9b, as text


def test_escapes_are_plain_text_and_line_breaks_are_kept_only_in_whole_messages():
    assert escaped(HOSTILE) == "\\x1b[2J\\x1b]0;PWNED\\x07\\u202e\\x9b"
    assert escaped("a\nb\tc") == "a\\x0ab\\x09c"
    assert escaped("a\nb\tc", lines=True) == "a\nb\tc"
    assert escaped("Yayasan Ōtsuka 大塚 مؤسسة") == "Yayasan Ōtsuka 大塚 مؤسسة"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(MINIMAL_CONTENT, tmp_path)


def exported(content: Path, folder: Path, kind: str) -> Path:
    catalogue = folder / f"translations.en.{kind}"
    result = run_build(
        "translations", "export", "--content", str(content), "--output", str(catalogue)
    )
    assert result.returncode == 0, result.stderr
    return catalogue


def test_a_po_unit_id_that_would_clear_the_screen_is_shown_escaped(content, tmp_path):
    catalogue = exported(content, tmp_path, "po")
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(
        text.replace('msgctxt "vision"', f'msgctxt "vision{HOSTILE}"', 1), encoding="utf-8"
    )
    result = run_build("translations", "import", str(catalogue), "--content", str(content))
    assert_shown_not_obeyed(result, 2)
    assert f"vision{escaped(HOSTILE)}: there is no such text" in result.stderr


def test_an_xliff_unit_id_with_an_override_and_a_c1_control_is_shown_escaped(content, tmp_path):
    catalogue = exported(content, tmp_path, "xlf")
    text = catalogue.read_text(encoding="utf-8")
    # XML cannot hold ESC or BEL: the override and the C1 control are what XLIFF can carry.
    hostile = "\u202e\x9b"
    changed = text.replace('id="vision"', f'id="vision{hostile}"', 1)
    assert changed != text
    catalogue.write_text(changed, encoding="utf-8")
    result = run_build("translations", "import", str(catalogue), "--content", str(content))
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert not ACTING & set(output)
    assert f"vision{escaped(hostile)}" in output


def test_a_field_named_to_confirm_is_shown_escaped(content):
    result = run_build("translations", "confirm", f"vision{HOSTILE}", "--content", str(content))
    assert_shown_not_obeyed(result, 2)


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(("factsheet", "--output", "out"), id="build"),
        pytest.param(("check", "factsheet"), id="check"),
        pytest.param(("schema",), id="schema"),
        pytest.param(("translations", "export", "--output", "out.po"), id="translations export"),
    ],
)
def test_a_content_folder_named_with_control_characters_is_shown_escaped(arguments, tmp_path):
    folder = tmp_path / f"content{HOSTILE}"
    arguments = [str(tmp_path / word) if word.startswith("out") else word for word in arguments]
    result = run_build(*arguments, "--content", str(folder))
    assert_shown_not_obeyed(result, 2)


def test_a_document_name_with_control_characters_is_shown_escaped(content, tmp_path):
    result = run_build(
        f"factsheet{HOSTILE}", "--content", str(content), "--output", str(tmp_path / "out")
    )
    assert_shown_not_obeyed(result, 2)


def test_a_recipients_file_and_column_with_control_characters_are_shown_escaped(content, tmp_path):
    recipients = tmp_path / f"donors{HOSTILE}.csv"
    recipients.write_text(f"name,language,x{HOSTILE}\nAni,id,1\n", encoding="utf-8")
    result = run_build(
        "factsheet", "--recipients", str(recipients), "--content", str(content),
        "--output", str(tmp_path / "out"),
    )  # fmt: skip
    assert_shown_not_obeyed(result, 2)


def test_a_new_document_name_with_control_characters_is_shown_escaped():
    result = run_build("new", f"flyer{HOSTILE}")
    assert_shown_not_obeyed(result, 2)


def test_on_a_terminal_brosur_keeps_its_colours_and_escapes_what_it_quotes(content, tmp_path):
    """On a real terminal the summary's header is still bold (rich writes its own escape
    sequences), while a file name quoted in a message is escaped."""
    output = tmp_path / "out"
    built = run_build(
        "factsheet", "--lang", "id", "--content", str(content), "--output", str(output)
    )
    assert built.returncode == 0, built.stderr
    text = on_a_terminal(
        [sys.executable, str(PROJECT_ROOT / "build.py"), f"factsheet{HOSTILE}",
         "--content", str(content), "--output", str(output)],
    )  # fmt: skip
    assert escaped(HOSTILE) in text
    assert "\x1b[2J" not in text and "PWNED\x07" not in text
    table = on_a_terminal(
        [sys.executable, str(PROJECT_ROOT / "build.py"), "factsheet", "--lang", "id",
         "--content", str(content), "--output", str(output)],
    )  # fmt: skip
    assert "\x1b[1m" in table  # rich's bold header: brosur's own sequences pass
