"""Recipients lists: one personalised copy of a document per row, from a CSV or YAML file.

Staff keep these lists in spreadsheets, so a CSV file is read the way a spreadsheet shows it:
UTF-8 with or without a byte-order mark, comma, semicolon or tab between cells, and every
problem named by its row (the header is row 1) and its column (letter and name). A problem
with the file itself (an unknown column, no `name` column) stops everything; a problem in one
row is reported and the other rows still build.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from brosur.content.i18n import EDITION_LANGUAGES
from brosur.content.schema import RECIPIENT_COLUMNS
from brosur.content.yamlsource import load_yaml, unprintable
from brosur.errors import InputError, Problem, display_path
from brosur.output import TEMPORARY_BYTES
from brosur.paper import PAPERS

MAX_FILE_BYTES = 20 * 1024 * 1024  # some hundred thousand rows: far above a donor round
MAX_NAME_CHARACTERS = 200
SLUG_CHARACTERS = 80  # enough to tell names apart, few enough to read in a folder listing
# A file name has at most 255 bytes on Linux and macOS (NTFS: 255 UTF-16 units, never more
# than the UTF-8 bytes). A copy's name adds to its stem at most `.id-en.letter.pdf`
# (batch.py), and it is written through `.<name>.<pid>.<random>.tmp` (files.py): 216 bytes
# are left for the stem, the `-2` that tells two alike apart included.
NAME_BYTES = 255
SLUG_BYTES = NAME_BYTES - (
    max(len(f".{language}".encode()) for language in EDITION_LANGUAGES)
    + max(len(f".{paper}".encode()) for paper in PAPERS)
    + len(b".pdf")
    + TEMPORARY_BYTES
)
CSV_SUFFIXES = (".csv", ".txt")
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Recipient:
    """One good row of a recipients list."""

    row: int  # as a spreadsheet numbers it (header = 1); in a YAML list, the entry's line
    name: str
    language: str | None = None  # id, en or id-en; None: the document's first language
    date: dt.date | None = None
    place: str = ""
    contact: str = ""
    extra: tuple[tuple[str, str], ...] = ()  # document-declared columns: (column, value)
    slug: str = ""  # the file name stem, unique in the list (see `assign_slugs`)


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem in one row, told as a spreadsheet user finds it: row number and column."""

    letter: str = ""  # the spreadsheet's column letter

    def __str__(self) -> str:
        column = f", column {self.letter}" + (f" ({self.field})" if self.field else "")
        return f"{self.file}, row {self.line}{column}: {self.message}"


@dataclass
class RecipientList:
    """A recipients file read: the good rows, and a problem for each bad one."""

    file: Path
    columns: list[str]  # the header, in the file's order
    recipients: list[Recipient] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # every data row read, good and bad

    def problem(self, row: int, column: str, message: str) -> Problem:
        """A problem in `row` (a good row too: the document it is built for may find one)."""
        name = display_path(self.file)
        if self.file.suffix.lower() in YAML_SUFFIXES:
            return Problem(name, row, 1, column, message)
        letter = column_letter(self.columns.index(column)) if column in self.columns else "?"
        number = self.columns.index(column) + 1 if column in self.columns else 1
        return RowProblem(name, row, number, column, message, letter)

    def share(self, part: int, parts: int) -> RecipientList:
        """The rows of one share of the list (see `shard`), with their problems."""
        rows = set(shard(self.rows, part, parts))
        return RecipientList(
            self.file,
            self.columns,
            [recipient for recipient in self.recipients if recipient.row in rows],
            [problem for problem in self.problems if problem.line in rows],
            sorted(rows),
        )


def load_recipients(path: Path, extra_columns: frozenset[str] = frozenset()) -> RecipientList:
    """Read a recipients file; raise InputError when the file as a whole cannot be used.

    `extra_columns` are the columns the documents being built declare, beyond the standard
    ones (name, language, date, place, contact)."""
    if not path.is_file():
        raise _file_error(path, "there is no such file; check the path after --recipients")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _file_error(path, f"is larger than {MAX_FILE_BYTES // 2**20} MB; split the list")
    if path.suffix.lower() in YAML_SUFFIXES:
        header, rows = _yaml_rows(path)
    elif path.suffix.lower() in CSV_SUFFIXES:
        header, rows = _csv_rows(path)
    else:
        raise _file_error(path, "use a .csv file (saved from a spreadsheet) or a .yml list")
    _check_header(path, header, rows, [*RECIPIENT_COLUMNS, *sorted(extra_columns)])
    return _from_rows(path, header, rows, extra_columns)


def _file_error(path: Path, message: str, line: int = 1) -> InputError:
    return InputError([Problem(display_path(path), line, 1, "", message)])


def _csv_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the non-empty rows of a CSV file, each with its spreadsheet row."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_error(
            path,
            "is not UTF-8 text: in your spreadsheet, save it as 'CSV UTF-8'",
            line=data[: error.start].count(b"\n") + 1,
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [cell.strip() for cell in next(reader, [])]
    # A spreadsheet shows one record a row, even one with line breaks inside a cell, and
    # shows blank rows too: count records, not lines.
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(reader, start=2):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if any(cells[len(header) :]):
            raise _file_error(
                path,
                f"row {number} has a value in column {column_letter(len(header))}, which has "
                "no name in row 1; name the column or clear the cell",
                line=number,
            )
        cells += [""] * (len(header) - len(cells))
        rows.append((number, dict(zip(header, cells, strict=False))))
    return header, rows


def _delimiter(text: str) -> str:
    """The cell separator: a spreadsheet in an Indonesian locale saves CSV with semicolons."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _yaml_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    data, source = load_yaml(path)
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise _file_error(
            path, "expected a list of recipients: each entry starts with '- name: ...'"
        )
    header: list[str] = []
    rows = []
    for index, entry in enumerate(data):
        header += [str(key) for key in entry if str(key) not in header]
        values = {str(key): _yaml_text(value) for key, value in entry.items()}
        rows.append((source.locate((index,))[0], values))
    return header, rows


def _yaml_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _check_header(path: Path, header: list[str], rows, known: list[str]) -> None:
    problems = []
    for index, column in enumerate(header):
        letter = column_letter(index)
        if not column:
            if any(values.get("") for _, values in rows):
                problems.append(f"column {letter} has values but no name in row 1")
        elif column not in known:
            more = (
                ""
                if len(known) > len(RECIPIENT_COLUMNS)
                else (" (a document may declare more under recipient_columns in brosur.yml)")
            )
            problems.append(
                f"column {letter} ({column!r}) is not a column brosur knows; "
                f"use {', '.join(known)}{more}"
            )
        elif header.index(column) != index:
            problems.append(f"column {letter} ({column!r}) repeats an earlier column")
    if "name" not in header:
        problems.append("there is no 'name' column: the recipient's name is required")
    if problems:
        raise InputError([Problem(display_path(path), 1, 1, "", text) for text in problems])


def _from_rows(path, header, rows, extra_columns) -> RecipientList:
    found = RecipientList(path, header, rows=[number for number, _ in rows])
    named, bad = [], set()
    for number, values in rows:
        problems = _row_problems(values)
        found.problems += [found.problem(number, column, text) for column, text in problems]
        if problems:
            bad.add(number)
        if values.get("name"):
            named.append(_recipient(number, values, extra_columns, bad))
    # Bad rows take their turn in the naming, so that fixing one renames nobody else.
    found.recipients = [item for item in assign_slugs(named) if item.row not in bad]
    return found


def _row_problems(values: dict[str, str]) -> list[tuple[str, str]]:
    """What is wrong with one row, as (column, message)."""
    problems = []
    name = values.get("name", "")
    if not name:
        problems.append(("name", "the name is empty: every recipient needs one"))
    elif len(name) > MAX_NAME_CHARACTERS:
        problems.append(("name", f"the name is longer than {MAX_NAME_CHARACTERS} characters"))
    language = values.get("language", "")
    if language and language.lower() not in EDITION_LANGUAGES:
        problems.append(
            (
                "language",
                f"{language!r} is not a language brosur writes: use id, en or id-en, or "
                "leave it empty for the document's first language",
            )
        )
    if values.get("date"):
        try:
            parse_date(values["date"])
        except ValueError as error:
            problems.append(("date", str(error)))
    problems += [
        (column, problem) for column, text in values.items() if (problem := unprintable(text))
    ]
    return problems


def _recipient(number: int, values: dict[str, str], extra_columns, bad: set[int]) -> Recipient:
    return Recipient(
        number,
        values["name"],
        values.get("language", "").lower() or None,
        None if number in bad or not values.get("date") else parse_date(values["date"]),
        values.get("place", ""),
        values.get("contact", ""),
        tuple((column, values[column]) for column in sorted(extra_columns) if values.get(column)),
    )


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")


def parse_date(text: str) -> dt.date:
    """A meeting date as staff type it: 2026-12-03, or day first: 03/12/2026, 3.12.2026."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(
        f"{text!r} is not a date brosur can read: write it as 2026-12-03, or day first "
        "as 03/12/2026"
    )


def column_letter(index: int) -> str:
    """The spreadsheet's name of the column at `index` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# File names and shares --------------------------------------------------------------------

# Names Windows refuses for a file, whatever follows the dot.
RESERVED_NAMES = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"{port}{n}" for port in ("com", "lpt") for n in range(10)),
}
VIRAMA = 9  # the canonical combining class of every script's virama (्, ্, ್ ...)


def slugify(name: str) -> str:
    """A file name from a recipient's name that keeps its meaning in any script:
    `Yayasan Ōtsuka 大塚` → `yayasan-ōtsuka-大塚`. Letters, marks and digits stay; anything
    else (spaces, punctuation, slashes, dots) becomes one hyphen. A long name is cut to
    SLUG_CHARACTERS characters and SLUG_BYTES bytes of UTF-8 (see `_cut_slug`)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(
        character if unicodedata.category(character)[0] in "LMN" else "-" for character in text
    )
    # NFC: a name typed on a Mac (decomposed) and on Windows (composed) is one file.
    slug = unicodedata.normalize("NFC", re.sub("-+", "-", kept).strip("-"))
    slug = _cut_slug(slug, SLUG_BYTES) or "recipient"
    return f"{slug}-" if slug in RESERVED_NAMES else slug


def _cut_slug(slug: str, limit: int) -> str:
    """`slug` cut to at most SLUG_CHARACTERS characters and `limit` bytes of UTF-8, between
    two characters (never inside one's bytes), and between two grapheme clusters unless one
    cluster alone is longer than that; with no hyphen left at the end."""
    # Bytes cut off mid-character are an incomplete sequence at the end: "ignore" drops it.
    head = slug[:SLUG_CHARACTERS].encode()[:limit].decode("utf-8", "ignore")
    end = len(head)
    while 0 < end < len(slug) and _joined(slug, end):
        end -= 1
    return slug[: end or len(head)].rstrip("-")


def _joined(text: str, index: int) -> bool:
    """Whether `text[index]` belongs to the grapheme cluster of the character before it: a
    mark (an accent, a vowel sign), a consonant after a virama (क्ष), a Hangul vowel or
    final consonant jamo, anything after a Hangul leading consonant jamo. A simple form of
    Unicode's rules (UAX #29), enough for the letters, marks and digits a slug keeps."""
    character, before = text[index], text[index - 1]
    return (
        unicodedata.category(character).startswith("M")
        or (unicodedata.combining(before) == VIRAMA and character.isalpha())
        or unicodedata.name(character, "").startswith(("HANGUL JUNGSEONG", "HANGUL JONGSEONG"))
        or unicodedata.name(before, "").startswith("HANGUL CHOSEONG")
    )


def assign_slugs(recipients: list[Recipient]) -> list[Recipient]:
    """Give each recipient a file name stem unique in the list, in row order: the second
    `Ani` is `ani-2`, never an overwrite of the first, and so is a long name that is the
    same as another once both are cut to length."""
    taken: set[str] = set()
    named = []
    for recipient in recipients:
        base = slugify(recipient.name)
        slug, count = base, 1
        while slug in taken:
            count += 1
            # The number is part of the file name too: a long name gives way to it.
            slug = f"{_cut_slug(base, SLUG_BYTES - len(f'-{count}'))}-{count}"
        taken.add(slug)
        named.append(replace(recipient, slug=slug))
    return named


def shard(items: list, part: int, parts: int) -> list:
    """The `part`-th of `parts` shares of `items` (1-based), dealt round-robin in list order:
    every item is in exactly one share, shares differ in size by at most one, and the split
    depends only on the list, so machines that each build one share need not talk."""
    return items[part - 1 :: parts]


def parse_shard(text: str) -> tuple[int, int]:
    """`2/5` → (2, 5); raise ValueError with a message for the user."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"--shard takes I/N with 1 ≤ I ≤ N, such as 2/5; not {text!r}")
    return int(match[1]), int(match[2])
