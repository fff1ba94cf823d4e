"""`build.py serve`: a live preview while a clerk edits content.

MkDocs' own server serves and live-reloads the staging docs folder. A watcher
thread here looks at content/ and our templates; on a change it checks the
content again and, if it is valid, writes into the served docs folder only the
files that differ (and removes those no longer made), which makes MkDocs rebuild
and the browser reload. Invalid content prints its diagnostics and the preview keeps
showing the last good version.

It takes the path an incremental build takes (papers/pipeline.py `stage_docs`, papers/site/incremental.py):
only content files changed since the last refresh are read again (papers/content/readcache.py),
Markdown converted before is not converted again (papers/render/markup.py), only the pages whose
inputs changed are rendered (papers/render/pagekeys.py), only the files whose bytes changed are
written, never through a file's other names (papers/render/output.py: a pack is a hard link into the
preview's pack cache), and MkDocs, in its dirty mode, builds only those; a page whose docs file is gone
is removed from the preview (papers/site/search_hook.py).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from papers.model.audience import PUBLIC
from papers.model.site import Site
from papers.pipeline import CheckResult, check, preview_pack_cache, stage_docs
from papers.render.output import Kept, Outputs, stamps
from papers.resources import PROJECT
from papers.site.mkdocs import PREVIEW_DOCS, write_config
from papers.site.state import Memory

WATCHED_PROJECT_FOLDERS = ("templates",)
POLL_SECONDS = 0.5


class Session:
    """What one preview keeps from refresh to refresh, as a build keeps it from build to build (papers/site/
    state.py): the content files' records, converted Markdown, what was computed from supplied PDFs, each page's
    key, and the served docs folder as the last refresh left it (each file's SHA-256 and stamp)."""

    def __init__(self, workdir: Path) -> None:
        self.state_file = workdir / "preview.state"
        self.memory = Memory.of(None, self.state_file)
        self.docs: Kept | None = None  # None: the docs folder is new

    def check(self, content: Path) -> CheckResult:
        kept = self.memory.kept("", "", {}, ("", {}), {}, {}, {})  # this refresh's files only
        self.memory.prune()
        self.memory = Memory.of(kept, self.state_file)
        with self.memory.installed():
            return check(content, self.memory.reads.read)

    def stage(self, site: Site, staging: Path) -> tuple[Site, int]:
        """Bring `staging`'s docs folder up to date with `site`; the projected site, and how many files were
        written or removed (MkDocs, serving the folder, builds those again)."""
        docs = staging / "docs"
        outputs = Outputs(docs, self.docs)
        with self.memory.installed():
            visible = stage_docs(site, outputs, preview_pack_cache(staging), self.memory.pages).site
        last, self.docs = self.docs or {}, stamps(outputs.digests, docs)
        written = sum(1 for name, now in self.docs.items() if last.get(name) != now)
        return visible, written + sum(1 for name in last if name not in self.docs)


def serve(content: Path, host: str, port: int) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="papers-serve-"))
    session = Session(workdir)
    checked = session.check(content)
    report(checked)
    if checked.site is None:
        print("Fix the errors above, then run serve again.", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
        return 1
    visible, _ = session.stage(checked.site, workdir / "current")
    config = write_config(visible, workdir / "current", PUBLIC)
    watcher = Watcher(
        [content, *(PROJECT / name for name in WATCHED_PROJECT_FOLDERS)], lambda: refresh(content, workdir, session)
    )
    threading.Thread(target=watcher.run, daemon=True).start()
    print(f"Previewing {content} at http://{host}:{port}/ (pages rebuild when you save; Ctrl+C stops).", flush=True)
    from papers.site.mkdocs import serve_mkdocs

    try:
        serve_mkdocs(config, host, port)
    finally:
        watcher.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def refresh(content: Path, workdir: Path, session: Session) -> None:
    """Check again; if valid, write what changed into the served docs folder (MkDocs rebuilds those pages)."""
    checked = session.check(content)
    report(checked)
    if checked.site is None:
        print("The preview still shows the last version without errors.", file=sys.stderr, flush=True)
        return
    with PREVIEW_DOCS:  # not while MkDocs builds the preview
        _, changed = session.stage(checked.site, workdir / "current")
    print(f"Updated {changed} file{'s' if changed != 1 else ''}.", flush=True)


def report(checked: CheckResult) -> None:
    for diagnostic in checked.diagnostics.sorted():
        print(diagnostic.format(), file=sys.stderr, flush=True)


class Watcher:
    """Polls file sizes and modification times: no extra dependency, and it works on every file system."""

    def __init__(self, folders: list[Path], on_change: Callable[[], None]) -> None:
        self.folders, self.on_change = folders, on_change
        self.stopped = threading.Event()
        self.seen = self.snapshot()

    def snapshot(self) -> dict[Path, tuple[int, int]]:
        state = {}
        for folder in self.folders:
            for path in folder.rglob("*"):
                try:
                    stat = path.stat()
                except OSError:
                    continue  # deleted while we looked
                state[path] = (stat.st_mtime_ns, stat.st_size)
        return state

    def run(self) -> None:
        while not self.stopped.wait(POLL_SECONDS):
            current = self.snapshot()
            if current != self.seen:
                self.seen = current
                try:
                    self.on_change()
                except Exception as exc:  # keep previewing whatever goes wrong in one refresh
                    print(
                        f"error: could not refresh the preview: {type(exc).__name__}: {exc}",
                        file=sys.stderr,
                        flush=True,
                    )

    def stop(self) -> None:
        self.stopped.set()
