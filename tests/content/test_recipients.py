"""Reading recipients lists as staff save them from spreadsheets (no PDF is rendered here)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brosur.content.filenames import (
    NAME_BYTES,
    RESERVED_NAMES,
    SLUG_BYTES,
    SLUG_CHARACTERS,
    FileNames,
    slugify,
)
from brosur.content.recipients import (
    MAX_NAME_CHARACTERS,
    in_share,
    load_recipients,
    parse_shard,
)
from brosur.errors import InputError
from brosur.output import temporary_name

HEADER = "name,language,date,place,contact\n"


def write(tmp_path, text: str, name: str = "recipients.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def recipients_in(path, extra_columns: frozenset[str] = frozenset()) -> list:
    """The recipients of a list's good rows, in order."""
    return [row.recipient for row in load_recipients(path, extra_columns).rows() if row.recipient]


def problems_in(path) -> list[str]:
    """The problems of a list's bad rows, as the user reads them."""
    return [str(problem) for row in load_recipients(path).rows() for problem in row.problems]


def test_a_csv_with_or_without_a_byte_order_mark_reads_the_same(tmp_path):
    rows = HEADER + "Yayasan Contoh,en,2026-12-03,Jakarta,Ibu Dewi\n"
    plain = recipients_in(write(tmp_path, rows, "plain.csv"))
    marked = recipients_in(write(tmp_path, rows, "marked.csv", encoding="utf-8-sig"))
    assert plain == marked
    (recipient,) = plain
    assert (recipient.name, recipient.language, recipient.date) == (
        "Yayasan Contoh",
        "en",
        dt.date(2026, 12, 3),
    )
    assert (recipient.place, recipient.contact, recipient.row) == ("Jakarta", "Ibu Dewi", 2)


def test_semicolons_from_an_indonesian_spreadsheet_separate_cells(tmp_path):
    path = write(tmp_path, "name;language;date\nYayasan Contoh;id;03/12/2026\n")
    (recipient,) = recipients_in(path)
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
    assert load_recipients(path).count == 4  # the blank row is not counted
    assert [(item.row, item.name, item.language) for item in recipients_in(path)] == [
        (2, "Yayasan Satu", "id"),
        (6, "Yayasan Tiga", "en"),
    ]
    assert problems_in(path) == [
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


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("header.csv", HEADER, "the list has a header but no recipients: add one row per "
         "recipient under row 1"),
        ("blank.csv", HEADER + ",,,,\n\n", "the list has a header but no recipients: add one "
         "row per recipient under row 1"),
        ("empty.csv", "", "the file is empty: name the columns in row 1 (at least 'name'), "
         "then add one row per recipient under it"),
        ("empty.yml", "[]\n", "the list is empty: add one entry per recipient, each starting "
         "with '- name: ...'"),
    ],
)  # fmt: skip
def test_a_list_without_recipients_is_refused_saying_what_to_add(tmp_path, name, text, message):
    path = write(tmp_path, text, name)
    with pytest.raises(InputError) as raised:
        load_recipients(path)
    assert str(raised.value) == f"{path}:1:1: {message}"


def test_a_value_without_a_column_in_the_last_row_stops_the_list_before_any_row(tmp_path):
    path = write(tmp_path, HEADER + "Ani,id,,,\n" * 3 + "Budi,id,,,,extra\n")
    with pytest.raises(InputError) as raised:
        load_recipients(path)
    assert str(raised.value) == (
        f"{path}:5:1: row 5 has a value in column F, which has no name in row 1; name the "
        "column or clear the cell"
    )


def test_columns_a_document_declares_are_read_and_others_refused(tmp_path):
    path = write(tmp_path, "name,email\nYayasan Contoh,dana@contoh.example.org\n")
    (recipient,) = recipients_in(path, frozenset({"email"}))
    assert recipient.extra == (("email", "dana@contoh.example.org"),)
    with pytest.raises(InputError, match=r"column B \('email'\) is not a column"):
        load_recipients(path)


def test_a_yaml_list_names_bad_entries_by_line(tmp_path):
    path = write(
        tmp_path,
        "- name: Yayasan Contoh\n  date: 2026-12-03\n- name: Dana Contoh\n  language: de\n",
        "recipients.yml",
    )
    assert [item.date for item in recipients_in(path)] == [dt.date(2026, 12, 3)]
    assert problems_in(path) == [
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
        ("🎉 Yayasan 🎉", "yayasan"),
        ("😀" * 50, "recipient"),
    ],
)
def test_file_names_are_safe_and_keep_the_names_meaning(name, slug):
    assert slugify(name) == slug


def test_a_name_typed_decomposed_or_composed_is_one_file_name():
    composed = "Société Générale"
    assert slugify(unicodedata.normalize("NFD", composed)) == slugify(composed)


def test_names_that_collide_get_numbered_in_row_order_never_overwritten(tmp_path):
    path = write(tmp_path, HEADER + "Ani,id,,,\nANI,en,,,\nAni 2,id,,,\nani,id-en,,,\n")
    slugs = [item.slug for item in recipients_in(path)]
    assert slugs == ["ani", "ani-2", "ani-2-2", "ani-3"]
    assert len(set(slugs)) == len(slugs)


def test_a_bad_row_keeps_its_turn_in_naming_so_fixing_it_renames_nobody(tmp_path):
    bad = recipients_in(write(tmp_path, HEADER + "Ani,fr,,,\nAni,id,,,\n", "bad.csv"))
    fixed = recipients_in(write(tmp_path, HEADER + "Ani,en,,,\nAni,id,,,\n", "fixed.csv"))
    assert [item.slug for item in bad] == ["ani-2"]
    assert [item.slug for item in fixed] == ["ani", "ani-2"]


def test_a_share_names_its_rows_as_the_whole_list_does(tmp_path):
    path = write(tmp_path, HEADER + "Ani,id,,,\nBudi,id,,,\nAni,id,,,\nAni,fr,,,\nAni,id,,,\n")
    whole = [
        (row.position, row.recipient and row.recipient.slug) for row in load_recipients(path).rows()
    ]
    assert whole == [(1, "ani"), (2, "budi"), (3, "ani-2"), (4, None), (5, "ani-4")]
    shares = [list(load_recipients(path).rows(part, 2)) for part in (1, 2)]
    assert [[row.position for row in share] for share in shares] == [[1, 3, 5], [2, 4]]
    assert [row.recipient.slug for row in shares[0]] == ["ani", "ani-2", "ani-4"]


def test_shares_cover_every_row_once_and_differ_in_size_by_at_most_one():
    rows = list(range(1, 24))
    shares = [[row for row in rows if in_share(row, part, 5)] for part in range(1, 6)]
    assert sorted(row for share in shares for row in share) == rows
    assert max(map(len, shares)) - min(map(len, shares)) <= 1


@pytest.mark.parametrize("text", ["0/3", "4/3", "1", "a/b", "1/0"])
def test_a_bad_shard_is_refused_with_the_form_to_use(text):
    with pytest.raises(ValueError, match=r"--shard takes I/N with 1 ≤ I ≤ N, such as 2/5"):
        parse_shard(text)


def test_file_names_are_given_in_row_order():
    names = FileNames()
    assert [names.take(name) for name in ("B", "A", "b")] == ["b", "a", "b-2"]


def test_a_name_that_comes_again_and_again_takes_the_next_free_number():
    names = FileNames()
    slugs = [names.take(name) for name in ["Ani", "Ani 3", *["ANI"] * 4, "Ani 4", "ani"]]
    assert slugs == ["ani", "ani-3", "ani-2", "ani-4", "ani-5", "ani-6", "ani-4-2", "ani-7"]


# Long names: file names bounded in bytes ---------------------------------------------------

# One grapheme cluster (what a reader sees as one letter) of each family of scripts, by its
# length in UTF-8: a name of many of them is far longer in bytes than in characters.
CLUSTERS = {
    "latin, 1 byte": "a",
    "latin with accents, 2 bytes": "é",
    "latin with two marks no letter has precomposed": "q\u0323\u0301",
    "arabic with a vowel mark": "بَ",
    "vietnamese, 3 bytes": "\u1ea1",  # ạ
    "cjk ideograph, 3 bytes": "大",
    "cjk extension b, 4 bytes": "\U00020000",  # 𠀀
    "hangul syllable": "한",
    "hangul jamo of old korean, not composable": "\u1112\u119e\u11ab",
    "hangul of old korean, leading jamo before a syllable": "\u1109\u1100\uac00",
    "devanagari conjunct with a vowel sign": "क्षि",
    "thai consonant with a vowel and a tone mark": "กิ่",
}
# Cut points fall anywhere inside a cluster when the name starts with 0, 1 or 2 letters more.
OFFSETS = ["", "x", "xy"]


def longest_name(cluster: str, start: str = "") -> str:
    """The longest name a list accepts, of one cluster repeated."""
    return start + cluster * ((MAX_NAME_CHARACTERS - len(start)) // len(cluster))


def whole_clusters(cluster: str, start: str = "", limit: int = SLUG_BYTES) -> str:
    """The longest `start` + clusters within SLUG_CHARACTERS characters and `limit` bytes."""
    count = 0
    while True:
        longer = start + cluster * (count + 1)
        if len(longer) > SLUG_CHARACTERS or len(longer.encode()) > limit:
            return start + cluster * count
        count += 1


@pytest.mark.parametrize("cluster", CLUSTERS.values(), ids=CLUSTERS.keys())
def test_a_long_name_gives_a_file_that_the_disk_accepts_with_every_decoration(tmp_path, cluster):
    slug = slugify(longest_name(cluster))
    assert len(slug.encode()) <= SLUG_BYTES
    # The longest file a copy is written as: both languages, the longest paper name, and
    # the temporary file beside it with a 7-digit pid (Linux's largest) and its random part.
    worst = temporary_name(f"{slug}.id-en.letter.pdf", 4_194_304, "0123abcd")
    assert len(worst.encode()) <= NAME_BYTES == 255
    (tmp_path / worst).write_bytes(b"%PDF")  # ENAMETOOLONG, were the bound wrong


def test_the_byte_bound_is_what_a_name_may_have_less_the_decorations():
    decorations = ".id-en.letter.pdf" + temporary_name("", 4_194_304, "0123abcd")
    assert SLUG_BYTES == 255 - len(decorations) == 216


@pytest.mark.parametrize("start", OFFSETS, ids=["", "+1", "+2"])
@pytest.mark.parametrize("cluster", CLUSTERS.values(), ids=CLUSTERS.keys())
def test_a_long_name_is_cut_between_whole_letters_keeping_as_many_as_fit(cluster, start):
    """Never inside a character's bytes, nor between a letter and its marks: the slug is
    the longest run of whole clusters that fits in characters and in bytes."""
    assert slugify(longest_name(cluster, start)) == whole_clusters(cluster, start)


@pytest.mark.parametrize("cluster", CLUSTERS.values(), ids=CLUSTERS.keys())
def test_long_names_alike_once_cut_are_numbered_within_the_bound(cluster):
    name = longest_name(cluster)
    names = [name, name[:-1] + "z", name, *[name] * 9]  # the second differs past the cut
    given = FileNames()
    slugs = [given.take(name) for name in names]
    assert len(set(slugs)) == len(slugs) == 12
    assert all(len(slug.encode()) <= SLUG_BYTES for slug in slugs)
    assert slugs[0] == whole_clusters(cluster)
    assert slugs[1] == whole_clusters(cluster, limit=SLUG_BYTES - 2) + "-2"
    assert slugs[11] == whole_clusters(cluster, limit=SLUG_BYTES - 3) + "-12"


def test_one_letter_under_more_marks_than_fit_is_cut_between_its_marks():
    """One grapheme cluster longer than a file name can be: cut between characters still,
    rather than lose the name."""
    name = "A" + "\u0323\u0301" * 99  # Ạ́ with 98 more pairs of marks: "zalgo" text
    slug = slugify(name)
    assert slug == unicodedata.normalize("NFC", name.lower())[:SLUG_CHARACTERS]
    assert len(slug.encode()) <= SLUG_BYTES


# Long names of letters, marks, digits and spaces (what a slug keeps) in the scripts of 3
# and 4 bytes a character (the 2-byte ones are among CLUSTERS).
long_names = st.text(
    st.characters(categories=("L", "M", "N", "Zs"), min_codepoint=0x800),
    min_size=MAX_NAME_CHARACTERS // 2,
    max_size=MAX_NAME_CHARACTERS,
)


@settings(max_examples=200, deadline=None, database=None)
@given(long_names)
def test_any_long_name_gives_a_normalised_slug_within_the_bounds(name):
    slug = slugify(name)
    assert 0 < len(slug.encode()) <= SLUG_BYTES
    assert len(slug) <= SLUG_CHARACTERS + 1  # + the hyphen after a reserved name
    assert unicodedata.normalize("NFC", slug) == slug
    assert not slug.startswith("-")
    assert not slug.endswith("-") or slug[:-1] in RESERVED_NAMES
