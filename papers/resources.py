"""Where the project's own files are: templates, theme overrides, assets and the base MkDocs config."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates"
BASE_CONFIG = PROJECT / "mkdocs.yml"
