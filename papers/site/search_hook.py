"""A MkDocs hook for `serve`. Each build of the preview waits until a refresh has finished writing the docs
folder, and no refresh writes while it builds. After each (dirty) rebuild, it removes what no docs file makes
any more (a deleted or renamed page), then indexes the preview for search as `build` indexes the site
(papers/pipeline.py runs papers/site/search.py after MkDocs), unless the pages it indexes are unchanged since
the last refresh. Loaded by file path by MkDocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from papers.site.mkdocs import PREVIEW_DOCS
from papers.site.search import BUNDLE, index_site

_made: set[str] = set()
_indexed: list[str] = []  # the fingerprint of the preview's search index
_building: list[bool] = []  # [True] while a build holds PREVIEW_DOCS
# MkDocs' own pages, made from the theme's templates rather than from files.
THEME_PAGES = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})


def on_pre_build(**_: Any) -> None:
    """Wait for a refresh writing into the docs folder to end, and keep the next from writing until this build
    ends (papers/site/mkdocs.py `PREVIEW_DOCS`)."""
    PREVIEW_DOCS.acquire()
    _building[:] = [True]


def on_build_error(**_: Any) -> None:
    _done_building()


def _done_building() -> None:
    if _building == [True]:
        _building.clear()
        PREVIEW_DOCS.release()


def on_files(files: Any, **_: Any) -> Any:
    _made.clear()
    _made.update(file.dest_uri for file in files)
    return files


def on_post_build(config: Any, **_: Any) -> None:
    try:
        _tidy_and_index(Path(config["site_dir"]), config["theme"]["language"])
    finally:
        _done_building()


def _tidy_and_index(site: Path, language: str) -> None:
    for path in sorted(site.rglob("*"), reverse=True):
        name = path.relative_to(site).as_posix()
        if name == BUNDLE or name.startswith(f"{BUNDLE}/") or name in THEME_PAGES:
            continue
        if path.is_file() and name not in _made:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    _indexed[:] = [index_site(site, language, _unchanged).fingerprint]


def _unchanged(fingerprint: str, bundle: Path) -> bool:
    """The index is in the preview as the last refresh made it, from the same pages."""
    return _indexed == [fingerprint] and (bundle / "pagefind-entry.json").is_file()
