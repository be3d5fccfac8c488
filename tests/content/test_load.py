"""Content validation: every problem at once, each as `file:line:column: field: message`."""

import pytest

from brosur.content.load import load_content
from brosur.errors import InputError
from brosur.i18n import PartialDate
from tests.support.content import CONTENT_FOLDERS, edit, set_logo


def problems_in(folder) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_content(folder)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("name", CONTENT_FOLDERS)
def test_every_content_folder_is_valid(name):
    content = load_content(CONTENT_FOLDERS[name])
    assert content.organisation.name
    assert content.project.documents


def test_default_content_is_kemitraan_from_the_seed():
    org = load_content(CONTENT_FOLDERS["kemitraan"]).organisation
    assert org.full_name.id == "Kemitraan bagi Pembaruan Tata Pemerintahan"
    assert [m.date for m in org.history.timeline] == [
        PartialDate(2000, 3),
        PartialDate(2001, 5),
        PartialDate(2003),
    ]
    assert len(org.strategies) == 3
    assert org.contact.website.display == "kemitraan.or.id"
    assert "Bappenas" in org.history.text.id and "Bappenas" in org.history.text.en


def test_missing_translation_names_file_line_and_language(content_copy):
    folder = content_copy()
    organisation = folder / "organisation.yml"
    edit(
        organisation,
        "  en: >-\n    To build just, democratic and sustainable governance for the"
        " welfare of the citizens of\n    Indonesia.\n",
        "",
    )
    line = organisation.read_text().splitlines().index("vision:") + 2
    assert problems_in(folder) == [f"{organisation}:{line}:3: vision.en: English text is missing"]


def test_plain_text_where_translations_are_needed(content_copy):
    folder = content_copy()
    organisation = folder / "organisation.yml"
    edit(
        organisation,
        "tagline:\n  id: Organisasi multi-pihak untuk tata pemerintahan yang baik di"
        " Indonesia\n  en: A multi-stakeholder organisation for good governance"
        " in Indonesia\n",
        "tagline: Untuk tata pemerintahan yang baik\n",
    )
    assert problems_in(folder) == [
        f"{organisation}:10:10: tagline: write this text once per language, as `id:` and `en:` "
        "on the lines below it"
    ]


def test_unknown_key_suggests_the_right_one(content_copy):
    folder = content_copy()
    organisation = folder / "organisation.yml"
    edit(organisation, "\nvision:\n", "\nvisoin:\n")
    line = organisation.read_text().splitlines().index("visoin:") + 1
    assert problems_in(folder) == [
        # A missing field is pinned to the start of the block it belongs in.
        f"{organisation}:6:1: vision: required field is missing; add it",
        f"{organisation}:{line}:1: visoin: unknown field 'visoin'; did you mean 'vision'?",
    ]


def test_wrong_type_says_what_was_expected(content_copy):
    folder = content_copy()
    organisation = folder / "organisation.yml"
    edit(
        organisation,
        "founded: 2000-03\n",
        "founded: 2000-03\nkey_figures:\n  - {label: x, value: lots}\n",
    )
    line = organisation.read_text().splitlines().index("  - {label: x, value: lots}") + 1
    assert problems_in(folder) == [
        f"{organisation}:{line}:13: key_figures[1].label: write this text once per language, as "
        "`id:` and `en:` on the lines below it",
        f"{organisation}:{line}:23: key_figures[1].value: expected a number here, such as 1250 "
        "or 3.5 (no unit, no thousands separator)",
    ]


def test_unknown_language_is_named(content_copy):
    folder = content_copy()
    organisation = folder / "organisation.yml"
    edit(
        organisation, "label: {id: Bentuk, en: Legal form}", "label: {id: Bentuk, eng: Legal form}"
    )
    line = next(
        number
        for number, text in enumerate(organisation.read_text().splitlines(), 1)
        if "eng: Legal form" in text
    )
    assert problems_in(folder) == [
        f"{organisation}:{line}:12: facts[3].label.en: English text is missing",
        f"{organisation}:{line}:25: facts[3].label.eng: unknown language 'eng'; use id and en",
    ]


def test_missing_asset_names_the_file(content_copy):
    folder = content_copy()
    theme, line = set_logo(folder, "images/logo.png")
    assert problems_in(folder) == [
        f"{theme}:{line}:7: logo: file not found: images/logo.png "
        f"(looked for {folder.resolve() / 'images/logo.png'})"
    ]


@pytest.mark.parametrize(
    "address",
    [
        "https://example.org/logo.png",
        "http://127.0.0.1/logo.png",
        "http://169.254.169.254/latest/meta-data",
        "file:///etc/passwd",
        "data:image/png;base64,AAAA",
    ],
)
def test_network_and_file_urls_are_blocked(content_copy, address):
    folder = content_copy()
    theme, line = set_logo(folder, address)
    assert problems_in(folder) == [
        f"{theme}:{line}:7: logo: '{address}' is blocked: brosur never fetches files from the "
        "network; save the file in the content folder and give its path"
    ]


@pytest.mark.parametrize("path", ["../secret.png", "/etc/hostname", "images/../../x.png"])
def test_paths_outside_the_content_folder_are_refused(content_copy, path):
    folder = content_copy()
    theme, line = set_logo(folder, path)
    assert problems_in(folder) == [
        f"{theme}:{line}:7: logo: '{path}' is outside the content folder; copy the file into "
        "it and give its path from there"
    ]


def test_symlink_leading_out_of_the_content_folder_is_refused(content_copy, tmp_path):
    folder = content_copy()
    (tmp_path / "outside.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (folder / "logo.svg").symlink_to(tmp_path / "outside.svg")
    theme, line = set_logo(folder, "logo.svg")
    assert problems_in(folder) == [
        f"{theme}:{line}:7: logo: 'logo.svg' leads outside the content folder; copy the file "
        "into it and give its path from there"
    ]


def test_pictures_inside_text_are_refused(content_copy):
    folder = content_copy()
    organisation = folder / "organisation.yml"
    edit(organisation, "    hidup.\n", "    hidup. ![foto](foto.png)\n")
    (problem,) = problems_in(folder)
    assert problem.endswith(
        "mission.id: pictures cannot be placed inside a text; remove the ![...](...) part"
    )


def test_every_problem_in_every_file_is_listed_at_once(content_copy):
    folder = content_copy()
    edit(folder / "brosur.yml", "published: 2026-11-28", "published: soon")
    edit(folder / "brosur.yml", "  factsheet:\n", "  flyer:\n")
    organisation = folder / "organisation.yml"
    edit(organisation, "name: Kemitraan\n", "name: Kemitraan\ncolour: red\n")
    edit(organisation, "tagline:\n  id: Organisasi", "tagline:\n  ind: Organisasi")
    found = problems_in(folder)
    project = folder / "brosur.yml"
    assert found == [
        f"{project}:6:12: published: write a date as 2026-11-28",
        f"{project}:13:3: documents.flyer: brosur cannot build 'flyer'; it can build: profile, "
        "factsheet, brochure",
        f"{organisation}:7:1: colour: unknown field 'colour'; allowed here: name, short_name, "
        "full_name, tagline, founded, summary, background, history, vision, mission, "
        "strategies, facts, key_figures, contact, sources, keywords, programmes, figures, "
        "partners, team, photos",
        f"{organisation}:12:3: tagline.id: Indonesian text is missing",
        f"{organisation}:12:3: tagline.ind: unknown language 'ind'; use id and en",
    ]


def test_yaml_syntax_error_is_reported_with_its_line(content_copy):
    folder = content_copy()
    organisation = folder / "organisation.yml"
    edit(
        organisation,
        "  en: Partnership for Governance Reform in Indonesia\n",
        "  en: Partnership: for Governance Reform\n",
    )
    assert problems_in(folder) == [
        f"{organisation}:9:18: YAML syntax error: mapping values are not allowed in this context; "
        "put text "
        "that contains ': ' in quotes"
    ]


def test_a_folder_without_project_file_is_explained(tmp_path):
    assert problems_in(tmp_path) == [
        f"{tmp_path / 'brosur.yml'}:1:1: no brosur.yml here: this is not a brosur content folder "
        "(see README, 'Content')"
    ]


def test_only_the_languages_built_must_be_written(content_copy):
    folder = content_copy()
    documents = folder / "brosur.yml"
    text = documents.read_text()
    documents.write_text(text.replace("languages: [id, en, id-en]", "languages: [id]"))
    edit(
        folder / "organisation.yml",
        "  en: A multi-stakeholder organisation for good governance in Indonesia\n",
        "",
    )
    assert load_content(folder).organisation.tagline.en is None
