"""The content folders the tests build, and small edits that break or change them."""

from __future__ import annotations

import shutil
from pathlib import Path

from brosur.paths import PROJECT_ROOT

DEFAULT_CONTENT = PROJECT_ROOT / "content"
EXAMPLE_CONTENT = PROJECT_ROOT / "examples" / "contoh"
MINIMAL_CONTENT = PROJECT_ROOT / "tests" / "fixtures" / "minimal"
CONTENT_FOLDERS = {
    "kemitraan": DEFAULT_CONTENT,
    "contoh": EXAMPLE_CONTENT,
    "minimal": MINIMAL_CONTENT,
}


def copy_content(source: Path, folder: Path) -> Path:
    """Copy a content folder to `folder`/content, to edit and break; return the copy."""
    target = folder / "content"
    shutil.copytree(source, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact passage of a content file; fail loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_logo(folder: Path, value: str) -> tuple[Path, int]:
    """Give the theme in `folder` a logo line; return the theme file and that line's number."""
    theme = folder / "theme.yml"
    lines = theme.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(number for number, line in enumerate(lines) if line.startswith("paper:"))
    lines.insert(index, f"logo: '{value}'\n")
    theme.write_text("".join(lines), encoding="utf-8")
    return theme, index + 1


def overfill(folder: Path) -> None:
    """Make the summary, the mission and the vision of a content folder as long as their
    limits allow, in each of their languages, and its facts as many and as long: more than a
    fact sheet or brochure holds in any composition and copyfitted form (the profile still
    holds it)."""
    import yaml

    path = folder / "organisation.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sentence = {"id": "Kalimat yang panjang sekali. ", "en": "A very long sentence. "}

    def filled(languages, limit: int) -> dict[str, str]:
        return {
            language: (sentence[language] * (limit // len(sentence[language])))[: limit - 1]
            for language in languages
        }

    for field, limit in (("summary", 2000), ("mission", 3000), ("vision", 600)):
        data[field] = filled(data[field], limit)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    many_facts(folder)


def many_facts(folder: Path) -> None:
    """Give a content folder six facts as long as their limits allow, in each language: a
    fact sheet prints them all, in every form."""
    import yaml

    path = folder / "organisation.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = {"id": "Fakta yang panjang. ", "en": "A long fact. "}
    data["facts"] = [
        {
            "label": {language: (text * 8)[:79] for language, text in words.items()},
            "text": {language: (text * 20)[:199] for language, text in words.items()},
        }
        for _ in range(6)
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# Key figures of every kind and a founding date, as the minimal content's fact sheet shows
# them: each language writes its own numbers (tests of bilingual values, HTML and PDF).
KEY_FIGURES = """\
founded: 2009-04-21
key_figures:
  - {label: {id: Warga terlatih, en: Citizens trained}, value: 12450}
  - {label: {id: Perempuan, en: Women}, value: 62, kind: percent}
  - {label: {id: Hadir, en: Present}, value: 62.5, kind: percent}
  - {label: {id: Anggaran, en: Budget}, value: 18700000000, kind: money, currency: IDR}
"""
