"""JSON Schemas of the content files, so that an editor completes and checks them as staff type.

`build.py schema` writes them into `<content>/schema/` and makes each content file name its
schema in a comment (`# yaml-language-server: $schema=schema/organisation.schema.json`), which
VS Code's YAML extension and other YAML language servers read wherever it stands; it is put
at the end so that the line numbers staff see in messages do not move.
"""

from __future__ import annotations

import json
from pathlib import Path

from brosur.content.schema import Organisation, Project, Theme
from brosur.content.text import Model
from brosur.output import write_all_inside

SCHEMAS: dict[str, type[Model]] = {"brosur": Project, "organisation": Organisation, "theme": Theme}


def write_schemas(content: Path) -> list[Path]:
    """Write one JSON Schema a content file into `content/schema/`; return their paths."""
    files = []
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"brosur: {name}.yml"
        path = content / "schema" / f"{name}.schema.json"
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        files.append((content, path, text.encode()))
    write_all_inside(files)
    return [path for _, path, _ in files]


def link_content_files(content: Path, files: dict[str, str]) -> list[Path]:
    """Add the schema comment to each content file that lacks it; return the files changed."""
    changed = []
    for name, file_name in files.items():
        path = content / file_name
        comment = f"# yaml-language-server: $schema=schema/{name}.schema.json"
        text = path.read_text(encoding="utf-8")
        if comment not in text:
            linked = text.rstrip("\n") + f"\n\n{comment}\n"
            changed.append((content, path, linked.encode()))
    write_all_inside(changed)
    return [path for _, path, _ in changed]
