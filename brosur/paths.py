"""Where brosur's own files are: the templates and styles beside the package."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"
STYLES = PROJECT_ROOT / "styles"
PACKAGE = PROJECT_ROOT / "brosur"
