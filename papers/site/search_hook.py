"""A MkDocs hook for `serve`: index each rebuild of the preview for search, as `build` indexes the site
(papers/pipeline.py runs papers/site/search.py after MkDocs). Loaded by file path by MkDocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from papers.site.search import index_site


def on_post_build(config: Any, **_: Any) -> None:
    index_site(Path(config["site_dir"]), config["theme"]["language"])
