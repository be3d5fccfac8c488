"""Recipients lists: one personalised copy of a document per row, from a CSV or YAML file.

Staff keep these lists in spreadsheets, so a CSV file is read the way a spreadsheet shows it:
UTF-8 with or without a byte-order mark, comma, semicolon or tab between cells, and every
problem named by its row (the header is row 1) and its column (letter and name). A problem
with the file itself (an unknown column, no `name` column, no row at all) stops everything; a
problem in one row is reported and the other rows still build.

A list may have a hundred thousand rows, so it is read twice, a record at a time and never
whole: once through, to check it as a whole and count its rows before any copy is made (so
that a problem in its last row still stops everything, and a progress bar knows its length
from the start); then row by row, as the copies are planned and made (`RecipientList.rows`).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from brosur.content.filenames import FileNames
from brosur.content.schema import RECIPIENT_COLUMNS
from brosur.content.yamlsource import load_yaml, unprintable
from brosur.errors import InputError, Problem, display_path
from brosur.i18n import EDITION_LANGUAGES
from brosur.terminal import escaped

MAX_FILE_BYTES = 20 * 1024 * 1024  # some hundred thousand rows: far above a donor round
MAX_NAME_CHARACTERS = 200
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
    slug: str = ""  # the file name stem, unique in the list (see `FileNames`)


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem in one row, told as a spreadsheet user finds it: row number and column."""

    letter: str = ""  # the spreadsheet's column letter

    def __str__(self) -> str:
        column = f", column {self.letter}" + (f" ({escaped(self.field)})" if self.field else "")
        return f"{escaped(self.file)}, row {self.line}{column}: {escaped(self.message, lines=True)}"


@dataclass(frozen=True)
class Row:
    """One data row of a recipients list, read: its recipient, or the problems that leave it
    out."""

    position: int  # its place among the list's rows, from 1: `--shard position/count` is it
    recipient: Recipient | None  # None: a bad row
    problems: tuple[Problem, ...] = ()


Records = Callable[[], Iterator[tuple[int, dict[str, str]]]]


@dataclass
class RecipientList:
    """A recipients file checked as a whole and counted; its rows are read when they are
    wanted (`rows`), one at a time."""

    file: Path
    columns: list[str]  # the header, in the file's order
    count: int  # its rows, good and bad (blank ones aside): what --shard deals out
    records: Records = field(repr=False)  # each row's spreadsheet row and {column: cell}
    extra_columns: frozenset[str] = frozenset()  # the columns the documents declare

    def rows(self, part: int = 1, parts: int = 1) -> Iterator[Row]:
        """The rows of one share of the list (see `in_share`), in order, each read as it is
        wanted."""
        names = FileNames()
        for position, (number, values) in enumerate(self.records(), start=1):
            # Every row takes its turn in the naming, bad rows and other shares' rows too, so
            # that neither fixing a row nor sharing the list out renames anybody.
            slug = names.take(values["name"]) if values.get("name") else ""
            if in_share(position, part, parts):
                yield self._row(position, number, values, slug)

    def _row(self, position: int, number: int, values: dict[str, str], slug: str) -> Row:
        """One row read: its recipient, or its problems."""
        if problems := _row_problems(values):
            found = tuple(self.problem(number, column, text) for column, text in problems)
            return Row(position, None, found)
        return Row(position, _recipient(number, values, self.extra_columns, slug))

    def problem(self, row: int, column: str, message: str) -> Problem:
        """A problem in `row` (a good row too: the document it is built for may find one)."""
        name = display_path(self.file)
        if self.file.suffix.lower() in YAML_SUFFIXES:
            return Problem(name, row, 1, column, message)
        letter = column_letter(self.columns.index(column)) if column in self.columns else "?"
        number = self.columns.index(column) + 1 if column in self.columns else 1
        return RowProblem(name, row, number, column, message, letter)


def load_recipients(path: Path, extra_columns: frozenset[str] = frozenset()) -> RecipientList:
    """Check a recipients file as a whole and count its rows, reading it once through; raise
    InputError when the file as a whole cannot be used.

    `extra_columns` are the columns the documents being built declare, beyond the standard
    ones (name, language, date, place, contact)."""
    if not path.is_file():
        raise _file_error(path, "there is no such file; check the path after --recipients")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _file_error(path, f"is larger than {MAX_FILE_BYTES // 2**20} MB; split the list")
    if path.suffix.lower() in YAML_SUFFIXES:
        header, records, count, filled = _yaml_list(path)
    elif path.suffix.lower() in CSV_SUFFIXES:
        header, records, count, filled = _csv_list(path)
    else:
        raise _file_error(path, "use a .csv file (saved from a spreadsheet) or a .yml list")
    known = [*RECIPIENT_COLUMNS, *sorted(extra_columns)]
    _check_list(path, header, filled, count, known)
    return RecipientList(path, header, count, records, extra_columns)


def _file_error(path: Path, message: str, line: int = 1) -> InputError:
    return InputError([Problem(display_path(path), line, 1, "", message)])


def _csv_list(path: Path) -> tuple[list[str], Records, int, set[int]]:
    """A CSV file's header, its rows (read again when wanted), how many there are, and its
    unnamed columns that hold a value: the file read once through, a record at a time."""
    cells = _csv_cells(path)
    _, header = next(cells)
    unnamed = [index for index, column in enumerate(header) if not column]
    count, filled = 0, set[int]()
    for _, row in cells:
        count += 1
        filled.update(index for index in unnamed if row[index])
    return header, partial(_csv_rows, path), count, filled


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row of a CSV file as {column: cell}, with its spreadsheet row."""
    cells = _csv_cells(path)
    _, header = next(cells)
    for number, row in cells:
        yield number, dict(zip(header, row, strict=False))


def _csv_cells(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The header as row 1, then each row that is not blank with its spreadsheet row: cells
    stripped, as many as the header has. The file is read a record at a time."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            delimiter = _delimiter(stream.readline())
            stream.seek(0)
            reader = csv.reader(stream, delimiter=delimiter)
            header = [cell.strip() for cell in next(reader, [])]
            yield 1, header
            # A spreadsheet shows one record a row, even one with line breaks inside a cell,
            # and shows blank rows too: count records, not lines.
            for number, cells in enumerate(reader, start=2):
                cells = [cell.strip() for cell in cells]
                if not any(cells):
                    continue
                if any(cells[len(header) :]):
                    raise _file_error(
                        path,
                        f"row {number} has a value in column {column_letter(len(header))}, "
                        "which has no name in row 1; name the column or clear the cell",
                        line=number,
                    )
                yield number, cells + [""] * (len(header) - len(cells))
    except UnicodeDecodeError:
        raise _file_error(
            path,
            "is not UTF-8 text: in your spreadsheet, save it as 'CSV UTF-8'",
            line=_undecodable_line(path),
        ) from None


def _undecodable_line(path: Path) -> int:
    """The line of the first bytes that are not UTF-8. (No character's bytes hold a line
    break, so each line decodes alone.)"""
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def _delimiter(header: str) -> str:
    """The cell separator: a spreadsheet in an Indonesian locale saves CSV with semicolons."""
    return max((",", ";", "\t"), key=header.count)


def _yaml_list(path: Path) -> tuple[list[str], Records, int, set[int]]:
    """A YAML list, as `_csv_list` reads a CSV file. A YAML file has at most 2 MB
    (yamlsource.py), some thousands of recipients: it is read whole."""
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
    filled = {header.index("")} if any(values.get("") for _, values in rows) else set()
    return header, partial(iter, rows), len(rows), filled


def _yaml_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# A list without recipients makes no copy: a mistake to say so, not "0 rows → 0 PDFs".
NO_ROWS = "the list has a header but no recipients: add one row per recipient under row 1"
EMPTY_FILE = {
    "csv": "the file is empty: name the columns in row 1 (at least 'name'), then add one row "
    "per recipient under it",
    "yaml": "the list is empty: add one entry per recipient, each starting with '- name: ...'",
}


def _check_list(path: Path, header: list[str], filled: set[int], count: int, known: list[str]):
    """Raise InputError naming every problem of the list as a whole: its columns, and a list
    with no row. `filled`: the columns with no name that hold a value."""
    if not header and not count:
        kind = "yaml" if path.suffix.lower() in YAML_SUFFIXES else "csv"
        raise _file_error(path, EMPTY_FILE[kind])
    problems = []
    for index, column in enumerate(header):
        letter = column_letter(index)
        if not column:
            if index in filled:
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
    if not count:
        problems.append(NO_ROWS)
    if problems:
        raise InputError([Problem(display_path(path), 1, 1, "", text) for text in problems])


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


def _recipient(number: int, values: dict[str, str], extra_columns, slug: str) -> Recipient:
    """A good row's recipient."""
    return Recipient(
        number,
        values["name"],
        values.get("language", "").lower() or None,
        parse_date(values["date"]) if values.get("date") else None,
        values.get("place", ""),
        values.get("contact", ""),
        tuple((column, values[column]) for column in sorted(extra_columns) if values.get(column)),
        slug,
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


# Shares ------------------------------------------------------------------------------------


def in_share(position: int, part: int, parts: int) -> bool:
    """Whether the row at `position` (from 1) of a list is in the `part`-th of `parts` shares
    (from 1). Rows are dealt round-robin in list order: every row is in exactly one share,
    shares differ in size by at most one, and the split depends only on the list, so machines
    that each build one share need not talk."""
    return (position - 1) % parts == part - 1


def parse_shard(text: str) -> tuple[int, int]:
    """`2/5` → (2, 5); raise ValueError with a message for the user."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"--shard takes I/N with 1 ≤ I ≤ N, such as 2/5; not {text!r}")
    return int(match[1]), int(match[2])
