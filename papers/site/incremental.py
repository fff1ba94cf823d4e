"""Incremental publishing: MkDocs builds only the pages (and copies only the files) that changed.

Every build still renders every page of the site (cheap: content files unchanged since the last
build are not read again, and Markdown converted before is not converted again), so what a page
shows is always made from the whole site as it is now; into the docs folder kept from the last
build, only the files that differ are written, and the files no longer made are removed
(papers/render/output.py). A page's fingerprint is then its own generated file: if a docs file has
the same SHA-256 as in the last build, and the file MkDocs made of it is still in the published site
as that build left it, that published file is hard-linked into the new site and the docs file is
dated 1970 (unless the two are one file: papers/site/links_hook.py), so MkDocs, run with `dirty`,
does not build it again. Everything else starts from nothing: files that no longer exist are simply
not carried over (no stale output), MkDocs' own files (404 page, theme assets) are made again.
Open data (calendars, feeds, OParl, tables: two thirds of a large archive's files) is not MkDocs'
to build: it is written into its own kept folder while the search index is made, and linked into
the new site from there (`link_data`). The search index (papers/site/search.py) is linked from the
published site as pages are when the pages it indexes are the same as in the last build
(`search_carrier`), else made again.

What MkDocs builds of a page depends only on that page, its title and the nav, never on another
page's content: the nav's labels are written in the config (papers/site/mkdocs.py), and a change to
the config, the theme or this code builds everything (papers/site/state.py's fingerprint). A test
builds a series of edits, renames and deletions and compares each with a clean build, byte for byte.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from papers.render.output import Kept, Outputs, Stamp, regular_status, stamps
from papers.render.output import stamp as _stamp
from papers.site.mkdocs import SiteBuildError, built_file
from papers.site.search import BUNDLE, Carry
from papers.site.state import BuildState, SearchIndex


@dataclass(frozen=True)
class Carried:
    """What the new site took from the last one."""

    linked: dict[str, Stamp] = field(default_factory=dict)  # built file: its stamp when linked
    data: int = 0  # open data files with the bytes the last build left (`link_data`)


def kept_docs(previous: BuildState | None, docs: Path) -> Outputs:
    """The registry of this build's docs folder: what the last build left there, when its state is used; else
    the folder emptied (a first build, other code, or a state that could not be read)."""
    return kept_folder(previous.docs if previous is not None else None, docs)


def kept_data(previous: BuildState | None, data: Path, docs: Outputs) -> Outputs:
    """The registry of this build's open data folder (`link_data`), as `kept_docs`; a path is claimed once in the
    two."""
    return kept_folder(previous.data if previous is not None else None, data, docs)


def kept_folder(kept: Kept | None, folder: Path, beside: Outputs | None = None) -> Outputs:
    if folder.is_symlink() or not folder.is_dir():  # not the folder a build made: nothing in it is taken
        folder.unlink(missing_ok=True)
    elif kept is not None:
        return Outputs(folder, kept, beside)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Outputs(folder, beside=beside)


def link_data(data: Outputs, built: Path) -> int:
    """Link each file of the open data folder into `built`, where MkDocs has built the site: MkDocs has no part in
    open data, which is written while the search index is made (papers/pipeline.py `publish`). The folder's files
    are never written in place (papers/render/output.py), so a file unchanged since the last build is the one
    published then, and a changed one is a new file. The number of files with the bytes the last build left."""
    made: set[str] = set()
    for relative in data.digests:
        _link(os.path.join(data.root, relative), os.path.join(built, relative), made)
    kept = data.kept or {}
    return sum(1 for relative, digest in data.digests.items() if kept.get(relative, ("",))[0] == digest)


def carry_over(
    previous: BuildState | None, config: str, digests: dict[str, str], docs: Path, out: Path, built: Path
) -> Carried:
    """Link into `built` the published file of each docs file unchanged since the last build, and date that
    docs file 1970 so a dirty MkDocs build leaves it alone. No page is carried when the config changed."""
    if previous is None or previous.config != config or not out.is_dir():
        return Carried()
    linked: dict[str, Stamp] = {}
    made: set[str] = set()  # folders made in `built` (far fewer than the files)
    for relative, digest in digests.items():
        before = previous.published.get(relative)
        if before is None or before[0] != digest:
            continue
        name = built_file(relative)
        source = os.path.join(out, name)
        status = regular_status(source)
        if status is None or (status.st_size, status.st_mtime_ns) != before[1]:
            continue  # gone from the published folder, or changed there by hand: built again
        _link(source, os.path.join(built, name), made)
        _date_1970(os.path.join(docs, relative), status)
        linked[name] = before[1]
    return Carried(linked)


def check_untouched(carried: Carried, built: Path) -> None:
    """Every file carried over is still as it was: MkDocs wrote none of them (had it written one in place,
    the published site's copy, the same file, would have changed too: this stops the build before the swap)."""
    for name, stamp in carried.linked.items():
        if _stamp(os.path.join(built, name)) != stamp:
            raise SiteBuildError(f"{name} was changed while carried over from the last build: build again")


def published(digests: dict[str, str], out: Path) -> Kept:
    """After the swap: each docs file's digest and the stamp of its file in the published site."""
    return stamps(digests, out, built_file)


def search_carrier(previous: BuildState | None, out: Path) -> Carry:
    """What papers/site/search.py asks before indexing: link the last build's search index into the new site if
    it was made from the same pages (the same fingerprint) and is in the published site as that build left it."""

    def carry(fingerprint: str, target: Path) -> bool:
        if previous is None or previous.search[0] != fingerprint or not previous.search[1]:
            return False
        source = out / BUNDLE
        if any(_stamp(os.path.join(source, relative)) != stamp for relative, stamp in previous.search[1].items()):
            return False  # gone, or changed by hand: indexed again
        made: set[str] = set()
        for relative in previous.search[1]:
            _link(os.path.join(source, relative), os.path.join(target, relative), made)
        return True

    return carry


def published_search(fingerprint: str, out: Path) -> SearchIndex:
    """After the swap: the search index's fingerprint and the stamps of its files in the published site."""
    folder = out / BUNDLE
    stamps = {path.relative_to(folder).as_posix(): _stamp(path) for path in sorted(folder.rglob("*"))}
    return (fingerprint, {relative: stamp for relative, stamp in stamps.items() if stamp is not None})


def _date_1970(docs_file: str, published: os.stat_result) -> None:
    """Date a carried file's docs file 1970, older than anything MkDocs built: unless it is the published file
    itself (one file under two names: papers/site/links_hook.py), as new as itself, or is dated so already (the
    docs folder is kept: a file carried by the last build too)."""
    mine = os.lstat(docs_file)
    if (mine.st_ino, mine.st_dev) != (published.st_ino, published.st_dev) and mine.st_mtime_ns != 0:
        os.utime(docs_file, ns=(0, 0))


def _link(source: str, target: str, made: set[str]) -> None:
    """`target` a hard link to `source`, its folder made first unless it is in `made` (files far outnumber the
    folders they are in)."""
    folder = os.path.dirname(target)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links: a copy, with its date, does as well
        shutil.copy2(source, target)
