"""Checks of the validated content itself, run before any PDF is made: translation coverage
in every language, characters the theme's fonts lack, colour contrast. Each finding names
the file, line and field it comes from (brosur/findings.py). The checks of each PDF are in
pdf/preflight.py and the layout verifier (pdf/verify.py); whether a translation is older
than its source, in translation/record.py.
"""

from __future__ import annotations

from brosur.findings import ERROR, NOTE, WARNING, Finding

# Text colour on background colour, as the templates pair them; each must reach WCAG AA.
CONTRAST_PAIRS = [
    ("ink", "white"),
    ("muted", "white"),
    ("accent_text", "white"),
    ("second", "white"),
    ("brand", "white"),
    ("ink", "tint"),
    ("muted", "tint"),
    ("brand", "tint"),
    ("second", "tint"),
    ("white", "brand"),
    ("brand_soft", "brand"),
]
WCAG_AA = 4.5


def content_findings(content) -> list[Finding]:
    """Check the content itself: translations in every language, characters, contrast.
    (Whether a translation is older than its source is the translations' record's to say:
    translation/record.py; a build asks both, jobs/run.py.)"""
    return [
        *translation_findings(content),
        *one_language_findings(content),
        *key_figure_findings(content),
        *character_findings(content),
        *contrast_findings(content),
    ]


def translation_findings(content) -> list[Finding]:
    """Every text missing in a language the project does not build yet (those it builds
    were already refused by validation), with its file and line."""
    from brosur.i18n import LANGUAGES

    built = set(content.project.languages)
    source = content.sources["organisation"]
    return [
        Finding(
            WARNING,
            "translations",
            f"{source.problem((*path, language), '')}"
            f"{LANGUAGES[language]} text is missing (not built yet, so not required)",
        )
        for path, text in _texts(content.organisation)
        if not text.only
        for language in LANGUAGES
        if language not in built and not text.get(language)
    ]


def one_language_findings(content) -> list[Finding]:
    """Every text written in one language on purpose (`only:`), and the editions without it."""
    from brosur.i18n import LANGUAGES

    source = content.sources["organisation"]
    return [
        Finding(
            NOTE,
            "translations",
            f"{source.problem(path, '')}written in {LANGUAGES[text.only]} only (only: "
            f"{text.only}): the {_other_language(text.only)} editions leave it out",
        )
        for path, text in _texts(content.organisation)
        if text.only
    ]


def _other_language(language: str) -> str:
    from brosur.i18n import LANGUAGES

    return " and ".join(name for code, name in LANGUAGES.items() if code != language)


def key_figure_findings(content) -> list[Finding]:
    """The key figures a document built has no room for: it prints the first ones."""
    from brosur.documents import document_kinds

    figures = content.organisation.key_figures
    source = content.sources["organisation"]
    findings = []
    for name in content.project.documents:
        room = document_kinds()[name].key_figures
        if room is None or len(figures) <= room:
            continue
        after = len(figures) - room - 1
        these = f"this one and the {after} after it print" if after else "this one prints"
        findings.append(
            Finding(
                WARNING,
                "fit",
                f"{source.problem(('key_figures', room), '')}the {name} has room for the first "
                f"{room} key figures; {these} in the profile only: put the ones that matter "
                "most first",
            )
        )
    return findings


def translation_coverage(content) -> dict[str, tuple[int, int]]:
    """For each language: (texts written, texts in all)."""
    from brosur.i18n import LANGUAGES

    texts = [text for _, text in _texts(content.organisation)]
    coverage = {}
    for language in LANGUAGES:
        wanted = [text for text in texts if text.only in (None, language)]  # not `only` another
        coverage[language] = (sum(bool(text.get(language)) for text in wanted), len(wanted))
    return coverage


def character_findings(content) -> list[Finding]:
    """A character the theme's fonts lack would print in another font, or as a box."""
    from brosur.content.fonts import font_characters

    families = [content.theme.fonts.text, content.theme.fonts.display]
    covered = {family: font_characters(family) for family in families}
    if not all(covered.values()):
        return []  # fontconfig cannot tell: the PDF check still catches it
    source = content.sources["organisation"]
    findings = []
    for path, value in content_strings(content.organisation):
        for character in sorted(set(value)):
            lacking = [family for family in families if ord(character) not in covered[family]]
            if lacking and not character.isspace():
                where = source.problem(path, "")
                findings.append(
                    Finding(
                        ERROR,
                        "characters",
                        f"{where}'{character}' "
                        f"(U+{ord(character):04X}) is not in "
                        f"{' or '.join(lacking)}: replace it or choose a "
                        "font that has it",
                    )
                )
    return findings


def contrast_findings(content) -> list[Finding]:
    colours = content.theme.colours
    source = content.sources["theme"]
    findings = []
    for text, background in CONTRAST_PAIRS:
        ratio = contrast_ratio(_rgb(colours, text), _rgb(colours, background))
        if ratio < WCAG_AA:
            where = source.problem(("colours", text), "")
            findings.append(
                Finding(
                    ERROR,
                    "contrast",
                    f"{where}{text} on {background} is "
                    f"{ratio:.1f}:1; WCAG AA asks {WCAG_AA}:1 for text",
                )
            )
    return findings


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _rgb(colours, name: str) -> str:
    return "#ffffff" if name == "white" else getattr(colours, name).rgb


def _texts(model):
    """(path, Text) for every translated text in a content model."""
    from brosur.content.text import Text

    return _leaves(model, lambda value: isinstance(value, Text))


def content_strings(model):
    """(path, string) for every piece of text in a content model, in every language."""
    return _leaves(model, lambda value: isinstance(value, str))


def _leaves(model, wanted, path=()):
    """Walk a content model; yield (field path, value) for every value `wanted` accepts."""
    from pydantic import BaseModel

    if wanted(model):
        yield path, model
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from _leaves(getattr(model, name), wanted, (*path, name))
    elif isinstance(model, list | tuple):
        for index, item in enumerate(model):
            yield from _leaves(item, wanted, (*path, index))
