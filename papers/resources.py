"""Where the project's own files are: templates, theme overrides, assets and the base MkDocs config.

In a checkout (and an editable install) they are the top-level templates/ and mkdocs.yml; a wheel
carries them as package data in papers/_data (symlinks to the same files in a checkout).
"""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "_data"
_IN_CHECKOUT = (PROJECT / "templates" / "pages").is_dir() and (PROJECT / "mkdocs.yml").is_file()
TEMPLATES = PROJECT / "templates" if _IN_CHECKOUT else DATA / "templates"
BASE_CONFIG = PROJECT / "mkdocs.yml" if _IN_CHECKOUT else DATA / "mkdocs.yml"
# Where `content/` and `site/` are by default: the checkout, or the folder an installed tool runs in.
WORKSPACE = PROJECT if _IN_CHECKOUT else Path.cwd()
