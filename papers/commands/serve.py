"""`build.py serve`: a live preview while a clerk edits content.

MkDocs' own server serves and live-reloads the staging docs folder. A watcher
thread here looks at content/ and our templates; on a change it checks the
content again and, if it is valid, regenerates the pages and copies only the
files that differ into the staging folder, which makes MkDocs rebuild and the
browser reload. Invalid content prints its diagnostics and the preview keeps
showing the last good version.

It takes the path an incremental build takes (papers/pipeline.py, papers/site/incremental.py):
only content files changed since the last refresh are read again (papers/content/readcache.py),
Markdown converted before is not converted again (papers/render/markup.py), and MkDocs, in its
dirty mode, builds only the docs files that were copied over because they differ; a page whose
docs file is gone is removed from the preview (papers/site/search_hook.py).
"""

from __future__ import annotations

import filecmp
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from papers.model.site import Site
from papers.pipeline import CheckResult, check, stage_preview
from papers.resources import PROJECT
from papers.site.state import Memory

WATCHED_PROJECT_FOLDERS = ("templates",)
POLL_SECONDS = 0.5


class Session:
    """What one preview keeps from refresh to refresh, as a build keeps it from build to build (papers/site/
    state.py): the content files' records, converted Markdown, what was computed from supplied PDFs."""

    def __init__(self, workdir: Path) -> None:
        self.state_file = workdir / "preview.state"
        self.memory = Memory.of(None, self.state_file)

    def check(self, content: Path) -> CheckResult:
        kept = self.memory.kept("", "", {}, ("", {}), {}, {})  # this refresh's files only
        self.memory = Memory.of(kept, self.state_file)
        with self.memory.installed():
            return check(content, self.memory.reads.read)

    def stage(self, site: Site, staging: Path) -> Path:
        with self.memory.installed():
            return stage_preview(site, staging)


def serve(content: Path, host: str, port: int) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="papers-serve-"))
    session = Session(workdir)
    checked = session.check(content)
    report(checked)
    if checked.site is None:
        print("Fix the errors above, then run serve again.", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
        return 1
    config = session.stage(checked.site, workdir / "current")
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
    """Check again; if valid, regenerate pages next to the served ones and copy over what changed."""
    checked = session.check(content)
    report(checked)
    if checked.site is None:
        print("The preview still shows the last version without errors.", file=sys.stderr, flush=True)
        return
    fresh = workdir / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    session.stage(checked.site, fresh)
    changed = sync_tree(fresh / "docs", workdir / "current" / "docs")
    shutil.rmtree(fresh, ignore_errors=True)
    print(f"Updated {changed} file{'s' if changed != 1 else ''}.", flush=True)


def report(checked: CheckResult) -> None:
    for diagnostic in checked.diagnostics.sorted():
        print(diagnostic.format(), file=sys.stderr, flush=True)


def sync_tree(source: Path, target: Path) -> int:
    """Make `target` hold exactly the files of `source`, touching only the files that differ."""
    wanted = {path.relative_to(source) for path in source.rglob("*") if path.is_file()}
    present = {path.relative_to(target) for path in target.rglob("*") if path.is_file()}
    changed = 0
    for relative in sorted(present - wanted):
        (target / relative).unlink()
        changed += 1
    for relative in sorted(wanted):
        destination = target / relative
        if destination.exists() and filecmp.cmp(source / relative, destination, shallow=False):
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        # Replaced, never written through: a pack there is a hard link into the preview's pack cache.
        destination.unlink(missing_ok=True)
        shutil.copyfile(source / relative, destination)
        changed += 1
    return changed


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
