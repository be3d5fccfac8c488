"""The translators' round trip: export to PO or XLIFF, import back into the YAML changing only
the translated values, and the record that tells when a translation is outdated."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from translate.storage import po, xliff

from brosur.commands.cli import main
from brosur.content.load import load_content
from brosur.findings import WARNING
from brosur.jobs.run import content_findings
from brosur.paths import PROJECT_ROOT
from brosur.translation.record import RECORD_FILE, fingerprint, outdated_translations
from brosur.translation.yamledit import set_texts
from tests.support.content import CONTENT_FOLDERS, EXAMPLE_CONTENT, edit

RAMAI_CONTENT = PROJECT_ROOT / "tests" / "fixtures" / "ramai"
STORES = {"po": po.pofile, "xliff": xliff.xlifffile}


@pytest.fixture
def contoh(tmp_path: Path) -> Path:
    """A copy of examples/contoh, images and all."""
    return _copy(EXAMPLE_CONTENT, tmp_path)


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(source, target)
    return target


def run(*arguments: str | Path) -> int:
    return main(["translations", *map(str, arguments)])


def export(folder: Path, *options: str | Path, kind: str = "po") -> Path:
    output = folder.parent / f"out.{kind}"
    assert run("export", "--content", folder, "--output", output, "--force", *options) == 0
    return output


def translate(path: Path, targets: dict[str, str]) -> None:
    """Set the targets of the units `targets` names, as a translator's tool would."""
    store = STORES["xliff" if path.suffix == ".xliff" else "po"].parsefile(str(path))
    units = {_id(unit): unit for unit in store.units if not unit.isheader()}
    for name, target in targets.items():
        if isinstance(store, po.pofile):
            units[name].target = target
            units[name].markfuzzy(False)
        else:
            units[name].settarget(target, lang=store.gettargetlanguage())
    store.savefile(str(path))


def _id(unit) -> str:
    if isinstance(unit, po.pounit):
        return unit.getcontext()
    return unit.getid().rpartition(xliff.ID_SEPARATOR)[2]


def units_of(path: Path) -> dict:
    store = STORES["xliff" if path.suffix == ".xliff" else "po"].parsefile(str(path))
    return {_id(unit): unit for unit in store.units if not unit.isheader()}


# The round trip ----------------------------------------------------------------------------


def test_import_changes_only_the_translated_values(contoh, capsys):
    organisation = contoh / "organisation.yml"
    before = organisation.read_text(encoding="utf-8")
    catalogue = export(contoh)
    translate(
        catalogue,
        {
            "vision": "Open villages where everyone decides.",  # folded >-
            "history.timeline[2].title": "A registered association",  # inside {…}
            "name": "The Sample Association",  # plain
        },
    )
    capsys.readouterr()
    assert run("import", catalogue, "--content", contoh) == 0
    expected = (
        before.replace(
            "  en: >-\n    Open villages, where every citizen knows, discusses and helps decide "
            "how public budgets\n    are used.\n",
            "  en: >-\n    Open villages where everyone decides.\n",
        )
        .replace("en: A legal entity}", "en: A registered association}")
        .replace("  en: The Example Association\n", "  en: The Sample Association\n")
    )
    assert expected != before
    assert organisation.read_text(encoding="utf-8") == expected
    report = capsys.readouterr().out.splitlines()
    assert report[:3] == [
        "name.en: updated",
        "history.timeline[2].title.en: updated",
        "vision.en: updated",
    ]
    assert "57 units unchanged" in report
    load_content(contoh)


def test_a_missing_translation_is_added_right_after_the_text_it_translates(contoh, capsys):
    organisation = contoh / "organisation.yml"
    original = organisation.read_bytes()
    english = {
        "history.timeline[1].text": "Put up in the village hall together with the local women's "
        "group.",
        "history.timeline[2].title": "A legal entity",
        "mission": "We work to:\n\n- open village budget data in a form that is easy to read;\n"
        "- strengthen citizens' groups, women and young people above all;\n"
        "- support village governments in becoming open.",
    }
    edit(
        organisation,
        "        en: Put up in the village hall together with the local women's group.\n",
        "",
    )
    edit(organisation, ", en: A legal entity}", "}")
    edit(organisation, "  en: |-\n    We work to:\n", "  en:\n")
    for line in english["mission"].splitlines()[1:]:
        edit(organisation, f"    {line}\n" if line else "\n  en:\n\n", "" if line else "\n  en:\n")
    catalogue = export(contoh)
    units = units_of(catalogue)
    assert {name for name, unit in units.items() if not unit.target} == set(english)
    translate(catalogue, english)
    assert run("import", catalogue, "--content", contoh) == 0
    assert organisation.read_bytes() == original
    assert "mission.en: added" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["po", "xliff"])
@pytest.mark.parametrize(
    "source", [*CONTENT_FOLDERS.values(), RAMAI_CONTENT], ids=[*CONTENT_FOLDERS, "ramai"]
)
def test_a_round_trip_without_changes_is_byte_identical(source, kind, tmp_path):
    folder = _copy(source, tmp_path)
    before = (folder / "organisation.yml").read_bytes()
    for language in ("en", "id"):
        catalogue = export(folder, "--lang", language, kind=kind)
        assert run("import", catalogue, "--content", folder) == 0
    assert (folder / "organisation.yml").read_bytes() == before


def test_english_can_be_the_source(contoh, capsys):
    edit(contoh / "organisation.yml", "  id: Perkumpulan Contoh\n", "")
    catalogue = export(contoh, "--lang", "id", kind="xliff")
    units = units_of(catalogue)
    assert units["name"].source == "The Example Association" and not units["name"].target
    assert units["vision"].source.startswith("Open villages")
    translate(catalogue, {"name": "Perkumpulan Teladan"})
    assert run("import", catalogue, "--content", contoh) == 0
    assert "name.id: added" in capsys.readouterr().out
    assert load_content(contoh).organisation.name.id == "Perkumpulan Teladan"


def test_texts_written_once_or_in_one_language_are_not_exported(contoh):
    units = units_of(export(contoh))
    assert "sources[2].label" in units
    assert "sources[1].label" not in units  # label: contoh.example.org
    assert "short_name" not in units  # short_name: Contoh
    assert "sources[3].note" not in units  # only: id
    assert len(units) == 60


def test_export_writes_into_the_current_folder_and_keeps_an_existing_file(
    contoh, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    assert run("export", "--content", contoh) == 0
    assert "wrote translations.en.po: 60 texts" in capsys.readouterr().out
    (tmp_path / "translations.en.po").write_text("a translator's work", encoding="utf-8")
    assert run("export", "--content", contoh) == 2
    assert "exists already" in capsys.readouterr().err
    assert (tmp_path / "translations.en.po").read_text(encoding="utf-8") == "a translator's work"


def test_export_refuses_content_with_problems_other_than_missing_translations(contoh, capsys):
    edit(contoh / "organisation.yml", "  - date: 2017\n", "  - date: someday\n")
    assert run("export", "--content", contoh) == 2
    assert "history.timeline[2].date" in capsys.readouterr().err


# Translators' files as real tools read them ------------------------------------------------


def test_the_files_are_what_translation_tools_read(contoh):
    edit(contoh / "organisation.yml", "  en: The Example Association\n", "")
    catalogue = export(contoh)
    if msgfmt := shutil.which("msgfmt"):
        checked = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", catalogue], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
    store = po.pofile.parsefile(str(catalogue))
    assert store.gettargetlanguage() == "en"
    units = units_of(catalogue)
    line = (contoh / "organisation.yml").read_text(encoding="utf-8").splitlines().index("vision:")
    assert units["vision"].getlocations() == [f"organisation.yml:{line + 2}"]  # its id: line
    assert units["name"].target == "" and not units["name"].isfuzzy()
    assert "Markdown" in units["summary"].getnotes()
    exported = units_of(export(contoh, kind="xliff"))
    assert exported.keys() == units.keys()
    assert exported["history.timeline[2].title"].source == "Berbadan hukum"
    assert exported["vision"].target == units["vision"].target


def test_a_translator_s_file_without_a_language_is_refused(contoh, capsys):
    catalogue = contoh.parent / "mystery.po"
    catalogue.write_text('msgctxt "vision"\nmsgid "Desa"\nmsgstr "Village"\n', encoding="utf-8")
    assert run("import", catalogue, "--content", contoh) == 2
    assert "does not say it translates into id or en" in capsys.readouterr().err


# What import refuses ------------------------------------------------------------------------


def test_a_unit_whose_source_changed_is_refused_and_nothing_is_written(contoh, capsys):
    organisation = contoh / "organisation.yml"
    catalogue = export(contoh)
    translate(catalogue, {"vision": "Open villages.", "history.timeline[2].title": "Founded"})
    edit(organisation, "title: {id: Berbadan hukum,", "title: {id: Menjadi badan hukum,")
    before = organisation.read_bytes()
    assert run("import", catalogue, "--content", contoh) == 2
    written = "      title: {id: Menjadi badan hukum, en: A legal entity}"
    line = organisation.read_text(encoding="utf-8").splitlines().index(written) + 1
    column = written.index("A legal entity") + 1
    err = capsys.readouterr().err
    assert (
        f"organisation.yml:{line}:{column}: history.timeline[2].title.en: the Indonesian text "
        "changed since the export; export again"
    ) in err
    assert "1 problem found; nothing was written." in err
    assert organisation.read_bytes() == before
    assert not (contoh / RECORD_FILE).exists()


def test_every_problem_of_a_file_is_listed_at_once(contoh, capsys):
    catalogue = export(contoh)
    store = po.pofile.parsefile(str(catalogue))
    stranger = store.addsourceunit("Siapa?")
    stranger.setcontext("motto")
    stranger.target = "Who?"
    store.savefile(str(catalogue))
    translate(catalogue, {"vision": "x" * 601, "tagline": "tab\ttab\x07"})
    assert run("import", catalogue, "--content", contoh) == 2
    err = capsys.readouterr().err
    assert "out.po:" in err and "motto: there is no such text in organisation.yml" in err
    assert "vision.en: 601 characters; at most 600 fit here" in err
    assert "tagline.en: the translation contains a control character (U+0007)" in err
    assert "3 problems found" in err


def test_units_still_marked_for_review_are_left_as_they_are(contoh, capsys):
    catalogue = export(contoh)
    store = po.pofile.parsefile(str(catalogue))
    (vision,) = [unit for unit in store.units if unit.getcontext() == "vision"]
    vision.target = "A machine's guess."
    vision.markfuzzy(True)
    store.savefile(str(catalogue))
    before = (contoh / "organisation.yml").read_bytes()
    assert run("import", catalogue, "--content", contoh) == 0
    assert "still marked for review (fuzzy) in the file" in capsys.readouterr().out
    assert (contoh / "organisation.yml").read_bytes() == before


# Outdated translations ----------------------------------------------------------------------


def test_a_changed_source_makes_its_translation_outdated(contoh, capsys):
    assert run("confirm", "--content", contoh) == 0
    record = yaml.safe_load((contoh / RECORD_FILE).read_text(encoding="utf-8"))
    vision_id = load_content(contoh).organisation.vision.id
    today = dt.date.today()
    assert record["en"]["vision"] == {"source": fingerprint(vision_id), "confirmed": today}
    assert (contoh / RECORD_FILE).read_text(encoding="utf-8").startswith("# brosur's record")
    assert outdated_translations(load_content(contoh)) == []

    edit(contoh / "organisation.yml", "tempat setiap warga mengetahui", "tempat warga mengetahui")
    content = load_content(contoh)
    english = (
        (contoh / "organisation.yml")
        .read_text(encoding="utf-8")
        .splitlines()
        .index("  en: >-", content.sources["organisation"].locate(("vision",))[0])
    )
    (finding,) = outdated_translations(content)
    assert finding.level == WARNING and finding.check == "translations"
    assert finding.message.endswith(
        f":{english + 1}:7: vision.en: was written for an older vision.id (the Indonesian "
        f"changed after the English was confirmed on {today.isoformat()}): check the English, "
        "then run `build.py translations confirm vision.en`"
    )
    assert finding in content_findings(content)
    assert units_of(export(contoh))["vision"].isfuzzy()
    xliff_vision = units_of(export(contoh, kind="xliff"))["vision"]
    assert xliff_vision.getlanguageNode(lang=None, index=1).get("state") == (
        "needs-review-translation"
    )

    capsys.readouterr()
    assert run("confirm", "vision.en", "--content", contoh) == 0
    assert capsys.readouterr().out == "confirmed 1 translation\n"
    assert outdated_translations(load_content(contoh)) == []


def test_import_records_the_translations_it_writes(contoh):
    catalogue = export(contoh)
    translate(catalogue, {"vision": "Open villages."})
    assert run("import", catalogue, "--content", contoh) == 0
    record = yaml.safe_load((contoh / RECORD_FILE).read_text(encoding="utf-8"))
    assert len(record["en"]) == 60
    edit(contoh / "organisation.yml", "tempat setiap warga mengetahui", "tempat warga mengetahui")
    assert [f.message.split(": ")[1] for f in outdated_translations(load_content(contoh))] == [
        "vision.en"
    ]


def test_a_fresh_content_folder_reports_nothing(contoh):
    assert outdated_translations(load_content(contoh)) == []


def test_confirm_names_a_text_it_does_not_know(contoh, capsys):
    assert run("confirm", "visoin.en", "--content", contoh) == 2
    assert "visoin.en: there is no such text in organisation.yml; did you mean vision.en?" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("- en\n- id\n", "translations.yml:1:1: the file: input should be a valid dictionary"),
        ("en:\n  vision: {source: 12, confirmed: soon}\n", "translations.yml:2:"),
        ("en: {vision: [\n", "translations.yml:2:1: YAML syntax error"),
        ("fr:\n  vision: {source: 3f2a9c1b0d4e, confirmed: 2026-12-04}\n", "translations.yml:1:1"),
    ],
)
def test_a_record_that_is_not_what_brosur_writes_is_one_clear_problem(
    contoh, capsys, written, said
):
    (contoh / RECORD_FILE).write_text(written, encoding="utf-8")
    (finding,) = outdated_translations(load_content(contoh))
    assert said in finding.message and "delete it" in finding.message
    assert run("export", "--content", contoh) == 2
    assert said in capsys.readouterr().err


def test_a_record_linked_from_outside_the_folder_is_refused(contoh, tmp_path, capsys):
    elsewhere = tmp_path / "secret.yml"
    elsewhere.write_text("en: {}\n", encoding="utf-8")
    (contoh / RECORD_FILE).symlink_to(elsewhere)
    (finding,) = outdated_translations(load_content(contoh))
    assert "translations.yml leads outside the content folder" in finding.message
    assert run("confirm", "--content", contoh) == 2
    assert elsewhere.read_text(encoding="utf-8") == "en: {}\n"


# Writing YAML back ---------------------------------------------------------------------------


def test_other_layouts_line_endings_and_a_byte_order_mark_are_kept():
    text = (
        "\ufeff# notes\r\n"
        "items:\r\n"
        "- title:   {id: 'Satu',  en: 'One'}   # odd spacing\r\n"
        "  text:\r\n"
        "      id: ya\r\n"
        "      en: 'no'\r\n"
    )
    edited = set_texts(
        text,
        {
            ("items", 0, "title", "en"): "Uno: first",
            ("items", 0, "text", "en"): "yes",
        },
        after="id",
    )
    assert edited == text.replace("'One'", "'Uno: first'").replace("'no'", "'yes'")
