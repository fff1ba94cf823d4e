"""A MkDocs hook for `serve`: after each (dirty) rebuild of the preview, remove what no docs file makes any
more (a deleted or renamed page), then index the preview for search as `build` indexes the site
(papers/pipeline.py runs papers/site/search.py after MkDocs), unless the pages it indexes are unchanged
since the last refresh. Loaded by file path by MkDocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from papers.site.search import BUNDLE, index_site

_made: set[str] = set()
_indexed: list[str] = []  # the fingerprint of the preview's search index
# MkDocs' own pages, made from the theme's templates rather than from files.
THEME_PAGES = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})


def on_files(files: Any, **_: Any) -> Any:
    _made.clear()
    _made.update(file.dest_uri for file in files)
    return files


def on_post_build(config: Any, **_: Any) -> None:
    site = Path(config["site_dir"])
    for path in sorted(site.rglob("*"), reverse=True):
        name = path.relative_to(site).as_posix()
        if name == BUNDLE or name.startswith(f"{BUNDLE}/") or name in THEME_PAGES:
            continue
        if path.is_file() and name not in _made:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    _indexed[:] = [index_site(site, config["theme"]["language"], _unchanged).fingerprint]


def _unchanged(fingerprint: str, bundle: Path) -> bool:
    """The index is in the preview as the last refresh made it, from the same pages."""
    return _indexed == [fingerprint] and (bundle / "pagefind-entry.json").is_file()
