"""Translators' files: PO (gettext) and XLIFF 1.1, written and read by translate-toolkit, the
library behind Pootle and Weblate, so that the files are what CAT tools (Poedit, OmegaT,
Weblate, Trados, memoQ) expect, quoting and escaping included.

One unit per text: its field path as the unit's id (PO `msgctxt`, XLIFF `id`), the source
language's text as source, the translation as target, the organisation file's line as its
location. A translation made from an older source is marked for review: PO `fuzzy`, XLIFF
`state="needs-review-translation"`; on the way back such units are left out, as gettext
leaves fuzzy translations out, until a translator has checked them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from translate.storage import po, xliff

from brosur.errors import InputError, Problem, display_path
from brosur.i18n import LANGUAGES

FORMATS = {"po": ".po", "xliff": ".xlf"}
SUFFIXES = {".po": "po", ".pot": "po", ".xlf": "xliff", ".xliff": "xliff"}  # for export
MAX_CATALOGUE_BYTES = 20 * 1024 * 1024  # a translator's file; far above any real one
GENERATOR = "brosur"

# XLIFF 1.2 states that say a target is not final yet.
NOT_READY = {"new", "needs-translation", "needs-adaptation", "needs-l10n"} | {
    f"needs-review-{what}" for what in ("translation", "adaptation", "l10n")
}


@dataclass(frozen=True)
class Unit:
    id: str  # the text's field path, as history.timeline[2].title
    source: str
    target: str = ""
    needs_review: bool = False
    location: str = ""  # file:line of the text in the content
    note: str = ""  # for the translator
    line: int = 1  # where the unit starts in the translator's file, once read


@dataclass(frozen=True)
class Catalogue:
    source_language: str
    target_language: str
    units: list[Unit] = field(default_factory=list)


def write_catalogue(catalogue: Catalogue, kind: str, title: str, original: str) -> bytes:
    """The catalogue as a PO or XLIFF file (`kind`); `original` names the content file."""
    if kind == "po":
        return _write_po(catalogue, title)
    return _write_xliff(catalogue, original)


def _write_po(catalogue: Catalogue, title: str) -> bytes:
    store = po.pofile()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")
    store.init_headers(
        charset="UTF-8",
        encoding="8bit",
        project_id_version=title,
        pot_creation_date=now,
        po_revision_date=now,
        last_translator=GENERATOR,
        language_team=LANGUAGES[catalogue.target_language],
        language=catalogue.target_language,
        x_generator=GENERATOR,
        x_source_language=catalogue.source_language,
    )
    for unit in catalogue.units:
        entry = store.addsourceunit(unit.source)
        entry.setcontext(unit.id)
        entry.addlocation(unit.location)
        if unit.note:
            entry.addnote(unit.note, origin="developer")
        entry.target = unit.target
        entry.markfuzzy(unit.needs_review)
    return bytes(store)


def _write_xliff(catalogue: Catalogue, original: str) -> bytes:
    store: xliff.xlifffile[xliff.xliffunit] = xliff.xlifffile(
        sourcelanguage=catalogue.source_language, targetlanguage=catalogue.target_language
    )
    for unit in catalogue.units:
        entry = store.addsourceunit(unit.source, filename=original, createifmissing=True)
        entry.setid(unit.id)
        entry.addlocation(unit.location)
        if unit.note:
            entry.addnote(unit.note, origin="developer")
        if unit.target:
            entry.settarget(unit.target, lang=catalogue.target_language)
            entry.markreviewneeded(unit.needs_review)
    return bytes(store)


# Reading ------------------------------------------------------------------------------------


def read_catalogue(path: Path) -> Catalogue:
    """Read a translator's PO or XLIFF file; InputError when it cannot be used."""
    name = display_path(path)
    raw = _read_bytes(path, name)
    # By content, whatever the name: XML is XLIFF, anything else may be PO.
    kind = "xliff" if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else "po"
    if kind == "po":
        raw = _po_in_utf8(raw, name)
    store: po.pofile | xliff.xlifffile[xliff.xliffunit]
    try:
        store = (po.pofile if kind == "po" else xliff.xlifffile)(io.BytesIO(raw))
    except Exception as error:  # translate-toolkit and lxml raise many kinds for a bad file
        raise _refuse(name, f"cannot read this file as {kind.upper()} ({error})") from None
    target, origin = _languages(store, kind, name)
    units = _po_units(store, raw) if kind == "po" else _xliff_units(store)
    return Catalogue(origin, target, units)


# The PO header's `"Content-Type: text/plain; charset=…\n"`: ASCII in every charset a PO uses.
_CHARSET = re.compile(rb'^"Content-Type:[^"\n]*?charset=([^\s";\\]*)', re.MULTILINE)
# What a PO template says before anyone chose: read as UTF-8, as gettext's tools do.
_UNSET = {"", "CHARSET"}


def _po_in_utf8(raw: bytes, name: str) -> bytes:
    """A PO file's bytes in UTF-8, read in the charset its header declares (a tool may have
    saved it as ISO-8859-1 or Windows-1252); InputError at the header's line when the
    charset is unknown or the bytes are not in it."""
    found = _CHARSET.search(raw)
    declared = found[1].decode("ascii", "replace") if found else ""
    line = raw.count(b"\n", 0, found.start()) + 1 if found else 1
    charset = "utf-8" if declared in _UNSET else declared
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        raise _refuse(name, f"its header declares charset={declared}, {_CANNOT}", line) from None
    if codec != "utf-8" and _is_utf8(raw):
        codec = "utf-8"  # the header is wrong: other text is hardly ever valid UTF-8
    try:
        text = raw.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as error:
        where = raw.count(b"\n", 0, error.start) + 1
        said = f"its header declares charset={declared}" if found else "it is read as UTF-8"
        raise _refuse(
            name, f"line {where} is not {charset} text, yet {said}; {_SAVE_UTF8}", line
        ) from None
    if found and codec != "utf-8":
        text = text.replace(f"charset={declared}", "charset=UTF-8", 1)
    return text.encode("utf-8")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_SAVE_UTF8 = "save the file as UTF-8 in the translation tool (in Poedit: Translation ▸ Properties)"
_CANNOT = f"which brosur cannot read; {_SAVE_UTF8}"


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        if path.stat().st_size > MAX_CATALOGUE_BYTES:
            raise _refuse(name, f"the file is larger than {MAX_CATALOGUE_BYTES:,} bytes")
        return path.read_bytes()
    except OSError as error:
        raise _refuse(name, f"cannot read the file ({error.strerror})") from None


def _languages(store, kind: str, name: str) -> tuple[str, str]:
    """(target, source) language of the file, as brosur names them."""
    target = _language(store.gettargetlanguage())
    if kind == "po":
        origin = _language(store.parseheader().get("X-Source-Language"))
    else:
        origin = _language(store.getsourcelanguage())
    if target not in LANGUAGES:
        where = "the Language: header" if kind == "po" else "target-language"
        raise _refuse(
            name,
            f"the file does not say it translates into {' or '.join(LANGUAGES)} ({where}); "
            "import a file that `build.py translations export` wrote",
        )
    expected = next(language for language in LANGUAGES if language != target)
    if origin not in (None, expected):
        raise _refuse(name, f"the file translates from {origin!r}; brosur expects {expected!r}")
    return target, expected


def _language(tag: str | None) -> str | None:
    """`en_GB`, `en-GB`, `EN` → `en`: tools write the tag their own way."""
    return re.split(r"[-_@.]", tag.strip())[0].lower() if tag and tag.strip() else None


def _po_units(store, raw: bytes) -> list[Unit]:
    lines = _context_lines(raw.decode("utf-8"))  # made UTF-8 by _po_in_utf8
    return [
        Unit(
            entry.getcontext(),
            entry.source,
            entry.target or "",
            entry.isfuzzy(),
            line=lines.get(entry.getcontext(), 1),
        )
        for entry in store.units
        if not entry.isheader() and not entry.isobsolete()
    ]


def _context_lines(text: str) -> dict[str, int]:
    """The line of each `msgctxt "…"` in a PO file, to point at a unit."""
    return {
        match[1]: text.count("\n", 0, match.start()) + 1
        for match in re.finditer(r'^msgctxt "(.*)"\s*$', text, re.MULTILINE)
    }


def _xliff_units(store) -> list[Unit]:
    units = []
    for entry in store.units:
        target = entry.getlanguageNode(lang=None, index=1)
        state = target.get("state") if target is not None else None
        units.append(
            Unit(
                entry.getid().rpartition(xliff.ID_SEPARATOR)[2],  # after the file name
                entry.source or "",
                entry.target or "",
                state in NOT_READY,
                line=entry.xmlelement.sourceline or 1,
            )
        )
    return units


def _refuse(name: str, message: str, line: int = 1) -> InputError:
    return InputError([Problem(name, line, 1, "", message)])
