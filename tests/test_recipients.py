"""Reading recipients lists as staff save them from spreadsheets (no PDF is rendered here)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from brosur.problems import InputError
from brosur.recipients import (
    assign_slugs,
    load_recipients,
    parse_shard,
    shard,
    slugify,
)

HEADER = "name,language,date,place,contact\n"


def write(tmp_path, text: str, name: str = "recipients.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_csv_with_or_without_a_byte_order_mark_reads_the_same(tmp_path):
    rows = HEADER + "Yayasan Contoh,en,2026-12-03,Jakarta,Ibu Dewi\n"
    plain = load_recipients(write(tmp_path, rows, "plain.csv"))
    marked = load_recipients(write(tmp_path, rows, "marked.csv", encoding="utf-8-sig"))
    assert plain.recipients == marked.recipients
    (recipient,) = plain.recipients
    assert (recipient.name, recipient.language, recipient.date) == (
        "Yayasan Contoh",
        "en",
        dt.date(2026, 12, 3),
    )
    assert (recipient.place, recipient.contact, recipient.row) == ("Jakarta", "Ibu Dewi", 2)


def test_semicolons_from_an_indonesian_spreadsheet_separate_cells(tmp_path):
    path = write(tmp_path, "name;language;date\nYayasan Contoh;id;03/12/2026\n")
    (recipient,) = load_recipients(path).recipients
    assert (recipient.name, recipient.date) == ("Yayasan Contoh", dt.date(2026, 12, 3))


def test_bad_rows_are_named_by_spreadsheet_row_and_column_and_the_rest_are_kept(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "Yayasan Satu,id,,,\n"
        + "\n"  # a blank row is still a row in the spreadsheet
        + ',en,,,"a cell\nwith a line break"\n'  # one row, two lines
        + "Yayasan Dua,fr,2026-13-01,,\n"
        + "Yayasan Tiga,EN,,,\n",
    )
    recipients = load_recipients(path)
    assert [(item.row, item.name, item.language) for item in recipients.recipients] == [
        (2, "Yayasan Satu", "id"),
        (6, "Yayasan Tiga", "en"),
    ]
    assert [str(problem) for problem in recipients.problems] == [
        f"{path}, row 4, column A (name): the name is empty: every recipient needs one",
        f"{path}, row 5, column B (language): 'fr' is not a language brosur writes: use id, "
        "en or id-en, or leave it empty for the document's first language",
        f"{path}, row 5, column C (date): '2026-13-01' is not a date brosur can read: write "
        "it as 2026-12-03, or day first as 03/12/2026",
    ]


def test_an_unknown_column_stops_the_whole_list_naming_it(tmp_path):
    path = write(tmp_path, "name,language,colour\nYayasan Contoh,id,red\n")
    with pytest.raises(InputError) as raised:
        load_recipients(path)
    assert str(raised.value) == (
        f"{path}:1:1: column C ('colour') is not a column brosur knows; use name, language, "
        "date, place, contact (a document may declare more under recipient_columns in "
        "brosur.yml)"
    )


def test_a_list_without_a_name_column_is_refused(tmp_path):
    path = write(tmp_path, "language,place\nid,Jakarta\n")
    with pytest.raises(InputError, match="there is no 'name' column"):
        load_recipients(path)


def test_a_list_that_is_not_utf8_is_refused_with_the_row_and_what_to_do(tmp_path):
    path = tmp_path / "recipients.csv"  # saved as Windows-1252: é is the byte E9
    path.write_bytes(HEADER.encode() + b"Yayasan Satu,id,,,\nYayasan \xe9,id,,,\n")
    with pytest.raises(InputError) as raised:
        load_recipients(path)
    assert str(raised.value) == (
        f"{path}:3:1: is not UTF-8 text: in your spreadsheet, save it as 'CSV UTF-8'"
    )


def test_columns_a_document_declares_are_read_and_others_refused(tmp_path):
    path = write(tmp_path, "name,email\nYayasan Contoh,dana@contoh.example.org\n")
    (recipient,) = load_recipients(path, frozenset({"email"})).recipients
    assert recipient.extra == (("email", "dana@contoh.example.org"),)
    with pytest.raises(InputError, match=r"column B \('email'\) is not a column"):
        load_recipients(path)


def test_a_yaml_list_names_bad_entries_by_line(tmp_path):
    path = write(
        tmp_path,
        "- name: Yayasan Contoh\n  date: 2026-12-03\n- name: Dana Contoh\n  language: de\n",
        "recipients.yml",
    )
    recipients = load_recipients(path)
    assert [item.date for item in recipients.recipients] == [dt.date(2026, 12, 3)]
    assert [str(problem) for problem in recipients.problems] == [
        f"{path}:3:1: language: 'de' is not a language brosur writes: use id, en or id-en, "
        "or leave it empty for the document's first language"
    ]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Yayasan Ōtsuka 大塚", "yayasan-ōtsuka-大塚"),
        ("PT. Maju/Jaya (Persero)", "pt-maju-jaya-persero"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con-"),
        ("!!!", "recipient"),
        ("Kedutaan Besar Kerajaan Belanda", "kedutaan-besar-kerajaan-belanda"),
    ],
)
def test_file_names_are_safe_and_keep_the_names_meaning(name, slug):
    assert slugify(name) == slug


def test_a_name_typed_decomposed_or_composed_is_one_file_name():
    composed = "Société Générale"
    assert slugify(unicodedata.normalize("NFD", composed)) == slugify(composed)


def test_names_that_collide_get_numbered_in_row_order_never_overwritten(tmp_path):
    path = write(tmp_path, HEADER + "Ani,id,,,\nANI,en,,,\nAni 2,id,,,\nani,id-en,,,\n")
    slugs = [item.slug for item in load_recipients(path).recipients]
    assert slugs == ["ani", "ani-2", "ani-2-2", "ani-3"]
    assert len(set(slugs)) == len(slugs)


def test_a_bad_row_keeps_its_turn_in_naming_so_fixing_it_renames_nobody(tmp_path):
    bad = load_recipients(write(tmp_path, HEADER + "Ani,fr,,,\nAni,id,,,\n", "bad.csv"))
    fixed = load_recipients(write(tmp_path, HEADER + "Ani,en,,,\nAni,id,,,\n", "fixed.csv"))
    assert [item.slug for item in bad.recipients] == ["ani-2"]
    assert [item.slug for item in fixed.recipients] == ["ani", "ani-2"]


def test_shares_cover_every_row_once_and_differ_in_size_by_at_most_one():
    rows = list(range(2, 25))
    shares = [shard(rows, part, 5) for part in range(1, 6)]
    assert sorted(row for share in shares for row in share) == rows
    assert max(map(len, shares)) - min(map(len, shares)) <= 1


@pytest.mark.parametrize("text", ["0/3", "4/3", "1", "a/b", "1/0"])
def test_a_bad_shard_is_refused_with_the_form_to_use(text):
    with pytest.raises(ValueError, match=r"--shard takes I/N with 1 ≤ I ≤ N, such as 2/5"):
        parse_shard(text)


def test_assign_slugs_keeps_rows_in_order():
    from brosur.recipients import Recipient

    named = assign_slugs([Recipient(2, "B"), Recipient(3, "A"), Recipient(4, "b")])
    assert [(item.row, item.slug) for item in named] == [(2, "b"), (3, "a"), (4, "b-2")]
