"""How the preview (`build.py serve`) brings its served docs folder up to date: papers/commands/serve.py, through
the path an incremental build takes (papers/pipeline.py `stage_docs`). The real server is tests/test_serve.py."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import MINIMAL

from papers.commands.serve import Session, refresh
from papers.pipeline import check, preview_pack_cache, stage_preview
from papers.render import pages, urls
from papers.site import search_hook
from papers.site.mkdocs import PREVIEW_DOCS

MEETING = "committees/scs-posc/2011-11-17"
PACK = f"{MEETING}/agenda-pack.pdf"


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def inodes(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: both the same only for a file left as it was (a file written
    again may be given the inode just freed)."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            status = os.stat(path)
            found[path.relative_to(folder).as_posix()] = (status.st_ino, status.st_mtime_ns)
    return found


def refreshed(session: Session, content: Path, current: Path) -> int:
    checked = session.check(content)
    assert checked.site is not None, checked.diagnostics.errors
    return session.stage(checked.site, current)[1]


def same_as_a_fresh_preview(content: Path, current: Path) -> None:
    """The served docs folder is what a preview staged afresh from the same content holds (the same pack cache)."""
    site = check(content).site
    assert site is not None
    fresh = current.with_name("fresh")
    shutil.rmtree(fresh, ignore_errors=True)
    stage_preview(site, fresh)
    assert tree(current / "docs") == tree(fresh / "docs")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    return folder


def test_a_refresh_writes_only_what_changed_and_equals_a_fresh_preview(content, tmp_path, monkeypatch):
    session, current = Session(tmp_path / "work"), tmp_path / "work" / "current"
    first = refreshed(session, content, current)
    assert first == len(tree(current / "docs")) > 10
    before = inodes(current / "docs")

    rendered: list[str] = []
    original = pages.render_page
    monkeypatch.setattr(
        pages, "render_page", lambda env, site, page: rendered.append(page.url) or original(env, site, page)
    )
    assert refreshed(session, content, current) == 0, "nothing changed: nothing written"
    assert rendered == [] and inodes(current / "docs") == before

    report = content / MEETING / "reports/kscb-update.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nA late correction.\n", encoding="utf-8")
    changed = refreshed(session, content, current)
    assert 0 < changed < first and 0 < len(rendered) < len(before)
    unchanged = [name for name, inode in inodes(current / "docs").items() if before.get(name) == inode]
    assert len(unchanged) == len(before) - changed, "every other file left as it was"
    same_as_a_fresh_preview(content, current)

    member = content / "members/nia-new.md"
    member.write_text("---\nname: Nia New\nparty: conservative\n---\n", encoding="utf-8")
    refreshed(session, content, current)
    page = current / "docs" / urls.docs_file("members/nia-new/")
    assert page.is_file()
    member.unlink()
    refreshed(session, content, current)
    assert not page.exists() and not page.parent.exists(), "a page no longer made leaves the preview"
    same_as_a_fresh_preview(content, current)


def test_the_preview_replaces_a_changed_pack_and_never_writes_through_the_pack_cache(content, tmp_path):
    """A pack in the preview's docs folder is a hard link into its pack cache: a new version of the pack must
    not overwrite the cached old one (the preview would show it again for the old content)."""
    session, current = Session(tmp_path / "work"), tmp_path / "work" / "current"
    refreshed(session, content, current)
    old = (current / "docs" / PACK).read_bytes()
    cache = preview_pack_cache(current)
    cached_old = {path: path.read_bytes() for path in cache.iterdir() if path.read_bytes() == old}
    assert cached_old, "the pack is the cache's file"

    agenda = content / MEETING / "meeting.md"
    agenda.write_text(agenda.read_text(encoding="utf-8").replace("\ntime:", "\nvenue: Darent Room\ntime:", 1), "utf-8")
    refreshed(session, content, current)
    assert (current / "docs" / PACK).read_bytes() != old
    assert {path: path.read_bytes() for path in cached_old} == cached_old, "the cached old pack is as it was"


def test_a_refresh_writes_only_between_the_preview_builds(content, tmp_path, monkeypatch, capsys):
    """MkDocs builds the preview in its own thread: a build holds PREVIEW_DOCS from its start to its end (or its
    failure), and a refresh writes into the docs folder only while holding it."""
    workdir = tmp_path / "work"
    session = Session(workdir)
    refreshed(session, content, workdir / "current")
    search_hook.on_pre_build(config={})
    done = threading.Event()
    waiting = threading.Thread(target=lambda: (refresh(content, workdir, session), done.set()), daemon=True)
    waiting.start()
    try:
        assert not done.wait(1.0), "the refresh waits for the build"
        monkeypatch.setattr(search_hook, "_tidy_and_index", lambda site, language: 1 / 0)
        with pytest.raises(ZeroDivisionError):  # indexing failed: the build ends all the same
            search_hook.on_post_build({"site_dir": str(workdir / "current/site"), "theme": {"language": "en"}})
        assert done.wait(30.0), "then it writes"
    finally:
        search_hook.on_build_error(error=None)  # never leave the lock held for the tests after this one
        waiting.join()
    assert "Updated 0 files." in capsys.readouterr().out

    search_hook.on_pre_build(config={})
    search_hook.on_build_error(error=ValueError("a page failed"))
    search_hook.on_build_error(error=ValueError("reported twice"))
    assert PREVIEW_DOCS.acquire(blocking=False), "a failed build lets refreshes write"
    PREVIEW_DOCS.release()
