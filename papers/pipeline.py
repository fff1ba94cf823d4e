"""The pipeline: one readable function per command, running the stages in order.

    content/ --load--> source documents --validate--> typed records --resolve--> Site
             --project--> the Site as one audience may see it
             --render pages--> Markdown pages --copy files--> assets and attachments
             --open data--> calendars, feeds, OParl, CSV --render packs--> PDF packs
             --site build--> MkDocs --sitemap--> ours over MkDocs' --search index--> Pagefind --swap--> site/

Each stage collects every problem it finds; we stop between stages when there
are errors (or, with `strict`, warnings), so later stages only see valid input.
A build tells `progress` which stage it is in and how far it has gone with pages
and packs (the command line shows it on a terminal: papers/commands/progress.py).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import gc
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from papers.content.load import Reader, load_content
from papers.content.untagged import check_supplied_tags
from papers.content.validate import validate_tree
from papers.diagnostics import Diagnostics
from papers.model.audience import PUBLIC, Audience
from papers.model.resolve import resolve_site
from papers.model.site import Site
from papers.render.output import Kept, Outputs

if TYPE_CHECKING:
    from papers.render.packs import PackRun
    from papers.render.pagekeys import PageKeys
    from papers.render.pages import Page
    from papers.site.incremental import Carried
    from papers.site.output import OutputFolder
    from papers.site.search import Indexed
    from papers.site.state import BuildState

LATEST_TIMESTAMP = 2**32 - 1
CHECKING, PAGES, FILES, PACKS, SITE = (
    "Checking content",
    "Rendering pages",
    "Copying files, writing open data",  # a build copies files only, and writes open data in SITE
    "Rendering packs",
    "Site: MkDocs, search, open data",
)
COPYING = "Copying files"


class Progress(Protocol):
    """Told what a build is doing: a stage begins, or a stage that counts (pages, packs) has done more."""

    def stage(self, name: str) -> None: ...

    def count(self, name: str, done: int, total: int) -> None: ...


class Quiet:
    def stage(self, name: str) -> None:
        pass

    def count(self, name: str, done: int, total: int) -> None:
        pass


@dataclass(frozen=True)
class CheckResult:
    site: Site | None  # only when there are no errors: the input of every later stage
    diagnostics: Diagnostics
    partial_site: Site | None = None  # what resolved despite errors: for reports (`check --today`), never built

    def passed(self, strict: bool = False) -> bool:
        return self.site is not None and not (strict and self.diagnostics.warnings)


def check(content: Path, reader: Reader | None = None) -> CheckResult:
    """load -> validate -> resolve; the Site is None when there are errors. `reader` reads each content
    file (an incremental build's reads only the files changed since the last build)."""
    diagnostics = Diagnostics()
    tree = load_content(content, diagnostics, reader)
    validated = validate_tree(tree, diagnostics)
    check_supplied_tags(tree, validated, diagnostics)
    site = resolve_site(tree, validated, diagnostics)
    if diagnostics.errors:
        return CheckResult(None, diagnostics, site)
    return CheckResult(site, diagnostics, site)


@dataclass(frozen=True)
class BuildResult:
    diagnostics: Diagnostics
    built: bool = False
    pages: int = 0
    packs_rendered: int = 0
    packs_cached: int = 0
    content_files: int = 0
    content_read: int = 0  # content files read (the others were unchanged since the last build)
    site_files: int = 0  # pages and files MkDocs publishes
    site_carried: int = 0  # of those, taken from the last build as they were (not built again)
    search_carried: bool = False  # the search index taken from the last build as it was (not made again)


def build(
    content: Path,
    out: Path,
    audience: Audience = PUBLIC,
    *,
    strict: bool = False,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Check, then build the audience's site and packs into `out` (swapped in only when complete).

    Packs are rendered through `executor` (default: local worker processes, papers/render/packs)."""
    from papers.site import state
    from papers.site.incremental import kept_data, kept_docs, published_search
    from papers.site.mkdocs import write_config
    from papers.site.output import OutputFolder, claimed_output, replaced_sites_removed

    told = progress or Quiet()
    told.stage(CHECKING)
    state_file = OutputFolder(out.resolve(), audience).state
    fingerprint = state.fingerprint(content, audience)
    previous = state.load(state_file, fingerprint)  # None: nothing is taken from the last build
    memory = state.Memory.of(previous, state_file)
    # The site the last build replaced is removed while this one works (on another core: its files, links).
    with replaced_sites_removed(OutputFolder(out.resolve(), audience)), memory.installed():
        checked = check(content, memory.reads.read)
        if checked.site is None or not checked.passed(strict):
            return BuildResult(checked.diagnostics)
        # locked, checked safe; its staging folder always removed
        with claimed_output(out, audience) as folder, long_lived():
            with state.saving(folder.state) as saving:
                outputs = kept_docs(previous, folder.docs)
                data = kept_data(previous, folder.data, outputs)
                site, pages, packs = stage_docs(
                    checked.site,
                    outputs,
                    folder.pack_cache,
                    memory.pages,
                    audience,
                    executor=executor,
                    progress=told,
                    open_data=False,  # written by `publish` while the search index is made
                )
                assert packs is not None  # a pack cache was given
                told.stage(SITE)
                config = write_config(site, folder.staging, audience, folder.docs).read_text(encoding="utf-8")

                def record(new_site: Kept, docs: Kept, data_files: Kept, search: Indexed) -> None:
                    saving.write(
                        memory.kept(
                            fingerprint, config, new_site, (search.fingerprint, {}), docs, search.pages, data_files
                        )
                    )

                carried, search = publish(site, pages, outputs, data, folder, config, previous, record)
                saving.finish(published_search(search.fingerprint, folder.out))
            # Once the state that names what is kept is in place, and before the lock is let go: another build
            # of this folder may be writing its own cleaned PDFs there.
            memory.prune()
    return BuildResult(
        checked.diagnostics,
        True,
        len(pages),
        packs.rendered,
        packs.cached,
        content_files=len(memory.reads.seen),
        content_read=memory.reads.reread,
        site_files=len(outputs.digests) + len(data.digests),
        site_carried=len(carried.linked) + carried.data,
        search_carried=search.carried,
    )


@contextmanager
def long_lived() -> Iterator[None]:
    """What is in memory when the site is checked (every record, the site, the last build's state) lives until
    the build ends. Frozen, the garbage collector stops walking it again at each full collection (5 % of a
    5,000-page build went there), and the forked helpers (papers/render/shared.py) leave its pages shared."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def publish(
    site: Site,
    pages: list[Page],
    outputs: Outputs,
    data: Outputs,
    folder: OutputFolder,
    config: str,
    previous: BuildState | None,
    record: Callable[[Kept, Kept, Kept, Indexed], None] | None = None,
) -> tuple[Carried, Indexed]:
    """MkDocs builds what changed since the last build (all of it without one), our sitemap replaces its own,
    Pagefind indexes the new site unless the pages it indexes are unchanged, and it is swapped in. What was
    carried over is returned, and the search index made or taken.

    While Pagefind runs (a process of its own), the open data is written through `data` and linked into the
    site (Pagefind indexes pages only; MkDocs has no part in open data), then `record` is given what the state
    keeps of the new site: each docs and open data file's SHA-256 and the stamp of the file made of it in the
    site, the stamps of the docs files, those of the open data files, and the index (its files' stamps to
    come). The swap renames the site's folder, so its files' stamps stay as they were."""
    from papers.render.opendata.sitemap import write_sitemap
    from papers.render.output import stamps
    from papers.site.incremental import carry_over, check_untouched, link_data, published, search_carrier
    from papers.site.mkdocs import run_mkdocs
    from papers.site.output import swap_in
    from papers.site.search import start_indexing

    carried = carry_over(previous, config, outputs.digests, folder.docs, folder.out, folder.built)
    run_mkdocs(folder.staging / "mkdocs.yml", build_date(site))
    check_untouched(carried, folder.built)
    # MkDocs dates its sitemap by the build: ours lists the same pages, dated by their content.
    write_sitemap(site, [(page.url, page.updated) for page in pages], Outputs(folder.built), build_date(site))
    known = previous.search_pages if previous else None
    carrier = search_carrier(previous, folder.out)
    with start_indexing(folder.built, site.settings.language, carrier, known) as indexing:
        # What the build holds now (the pages, their digests, the survey of the built site) lives until it ends,
        # as `long_lived` says: frozen, the collector does not walk it again while open data makes and drops
        # hundreds of thousands of objects (the collector took 2.15 s of them at 2,000 meetings, 0.38 s now).
        # Collected first: what MkDocs left (its pages and navigation, in cycles) would stay frozen, in memory.
        gc.collect()
        gc.freeze()
        stage_data(site, data)
        carried = dataclasses.replace(carried, data=link_data(data, folder.built))
        if record is not None:
            record(
                published(outputs.digests | data.digests, folder.built),
                stamps(outputs.digests, folder.docs),
                stamps(data.digests, data.root),
                indexing.indexed,
            )
        search = indexing.finish()
    swap_in(folder)
    return carried, search


def stage_data(site: Site, data: Outputs) -> None:
    """The open data of the site as its audience may see it (`site`, projected), written through `data`; then
    what was not written this time is removed."""
    from papers.render.opendata import write_open_data

    write_open_data(site, data)
    data.remove_others()


def stage_preview(site: Site, staging: Path, audience: Audience = PUBLIC, *, packs: bool = True) -> Path:
    """The stages up to the site build, into `staging` (for the benchmarks, and `serve` to start): the MkDocs
    config."""
    from papers.site.mkdocs import write_config

    pack_cache = preview_pack_cache(staging) if packs else None
    visible = stage_docs(site, Outputs(staging / "docs"), pack_cache, audience=audience).site
    return write_config(visible, staging, audience)


class Staged(NamedTuple):
    site: Site  # as the audience may see it
    pages: list[Page]
    packs: PackRun | None  # None without a pack cache


def stage_docs(
    site: Site,
    outputs: Outputs,
    pack_cache: Path | None,
    keys: PageKeys | None = None,
    audience: Audience = PUBLIC,
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
    open_data: bool = True,
) -> Staged:
    """Pages, files, open data and packs (through `pack_cache` and `executor`; none without a cache) of the site
    as `audience` may see it, written through `outputs` into the docs folder, for `build`, `serve` and the
    benchmarks: with the last build's `keys` only the pages whose inputs changed are rendered, and what was not
    written this time is removed. Without `open_data`, the caller writes it elsewhere (`build`: `stage_data`)."""
    from papers.render.files import copy_files
    from papers.render.opendata import write_open_data
    from papers.render.packs import build_packs
    from papers.render.packs.key import pack_digests
    from papers.render.pages import write_pages
    from papers.render.project import project

    told = progress or Quiet()
    visible = project(site, audience)
    digests = pack_digests()  # what pages and packs are made of, each object digested once for both
    told.stage(PAGES)
    pages = write_pages(
        visible, outputs, lambda done, total: told.count(PAGES, done, total), keys=keys, digests=digests
    )
    told.stage(FILES if open_data else COPYING)
    copy_files(visible, outputs)
    if open_data:
        write_open_data(visible, outputs)
    packs = None
    if pack_cache is not None:
        told.stage(PACKS)
        packs = build_packs(
            visible,
            outputs,
            pack_cache,
            executor=executor,
            progress=lambda done, total: told.count(PACKS, done, total),
            digests=digests,
        )
    del digests  # a digest of every object of the site: not kept through MkDocs and the saving of the state
    outputs.remove_others()
    return Staged(visible, pages, packs)


def preview_pack_cache(staging: Path) -> Path:
    return staging.parent / ".papers-cache" / "packs-preview"


def build_date(site: Site) -> int:
    """SOURCE_DATE_EPOCH if set, else the latest date in the content: never the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        stamp = int(os.environ["SOURCE_DATE_EPOCH"])
    else:
        days: list[dt.date] = [
            day
            for meeting in site.meetings
            for day in (meeting.date, meeting.agenda_published, meeting.supplementary_published)
            if day
        ]
        stamp = calendar.timegm(max(days).timetuple()) if days else 0
    return min(max(stamp, 0), LATEST_TIMESTAMP)  # gzip (the sitemap) keeps a 32-bit timestamp
