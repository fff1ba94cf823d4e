"""`build.py serve`: a live preview while a clerk edits content.

MkDocs' own server serves and live-reloads the staging docs folder. A watcher
thread here looks at content/ and our templates; on a change it checks the
content again and, if it is valid, regenerates the pages and copies only the
files that differ into the staging folder, which makes MkDocs rebuild and the
browser reload. Invalid content prints its diagnostics and the preview keeps
showing the last good version.
"""

from __future__ import annotations

import filecmp
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from papers.pipeline import CheckResult, check, stage_preview
from papers.resources import PROJECT

WATCHED_PROJECT_FOLDERS = ("templates",)
POLL_SECONDS = 0.5


def serve(content: Path, host: str, port: int) -> int:
    checked = check(content)
    report(checked)
    if checked.site is None:
        print("Fix the errors above, then run serve again.", file=sys.stderr)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="papers-serve-"))
    config = stage_preview(checked.site, workdir / "current")
    watcher = Watcher(
        [content, *(PROJECT / name for name in WATCHED_PROJECT_FOLDERS)], lambda: refresh(content, workdir)
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


def refresh(content: Path, workdir: Path) -> None:
    """Check again; if valid, regenerate pages next to the served ones and copy over what changed."""
    checked = check(content)
    report(checked)
    if checked.site is None:
        print("The preview still shows the last version without errors.", file=sys.stderr, flush=True)
        return
    fresh = workdir / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    stage_preview(checked.site, fresh)
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
