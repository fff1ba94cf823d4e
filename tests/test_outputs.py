"""The output registry (papers/render/output.py): each file written once per build, its digest kept."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from papers.render.output import OutputCollision, Outputs, stamps
from papers.site.incremental import kept_docs
from papers.site.state import BuildState


def test_every_kind_of_write_keeps_the_digest_of_what_was_written(tmp_path):
    original = tmp_path / "cache.pdf"
    original.write_bytes(b"%PDF-1.7 a pack")
    outputs = Outputs(tmp_path / "docs")
    outputs.write_text("a/page.md", "text", tmp_path)
    outputs.copy("b/copy.pdf", original, tmp_path)
    outputs.link("c/pack.pdf", original, "made-of-key", tmp_path)
    assert outputs.digests == {
        "a/page.md": hashlib.sha256(b"text").hexdigest(),
        "b/copy.pdf": hashlib.sha256(original.read_bytes()).hexdigest(),
        "c/pack.pdf": "made-of-key",
    }
    assert (tmp_path / "docs/c/pack.pdf").read_bytes() == original.read_bytes()


def test_a_link_replaces_a_file_left_by_an_earlier_build_and_never_writes_through_it(tmp_path):
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    first.write_bytes(b"first")
    second.write_bytes(b"second")
    Outputs(tmp_path / "docs").link("pack.pdf", first, "1", tmp_path)
    Outputs(tmp_path / "docs").link("pack.pdf", second, "2", tmp_path)
    assert (tmp_path / "docs/pack.pdf").read_bytes() == b"second"
    assert first.read_bytes() == b"first", "the cache file the first link shared is untouched"
    assert [path.name for path in (tmp_path / "docs").iterdir()] == ["pack.pdf"]


def test_a_second_write_to_one_path_is_refused(tmp_path):
    outputs = Outputs(tmp_path / "docs")
    outputs.write_text("minutes.md", "one", tmp_path / "a")
    with pytest.raises(OutputCollision):
        outputs.write_text("Minutes.md", "two", tmp_path / "b")


def kept_from(folder, build) -> Outputs:
    """The registry of a rebuild into `folder`, given the one of the build before it (as its state records it
    when that build ends)."""
    return Outputs(folder, stamps(build.digests, folder))


def test_a_rebuild_writes_only_what_changed_into_the_folder_the_last_build_left(tmp_path):
    docs = tmp_path / "docs"
    first = Outputs(docs)
    first.write_text("same.md", "same", tmp_path)
    first.write_text("edited.md", "before", tmp_path)
    first.write_text("by-hand.md", "as built", tmp_path)
    kept = stamps(first.digests, docs)
    (docs / "by-hand.md").write_text("changed by hand")
    unchanged = os.stat(docs / "same.md")
    again = Outputs(docs, kept)
    again.write_text("same.md", "same", tmp_path)
    again.write_text("edited.md", "after", tmp_path)
    again.write_text("by-hand.md", "as built", tmp_path)
    assert os.stat(docs / "same.md").st_ino == unchanged.st_ino
    assert os.stat(docs / "same.md").st_mtime_ns == unchanged.st_mtime_ns, "not written again"
    assert (docs / "edited.md").read_text() == "after"
    assert (docs / "by-hand.md").read_text() == "as built", "not as the last build left it: written again"
    assert again.digests == first.digests | {"edited.md": hashlib.sha256(b"after").hexdigest()}


def test_a_changed_file_replaces_the_old_one_and_never_writes_through_it(tmp_path):
    """A docs file may share its bytes with the published site (papers/site/links_hook.py) or the pack cache."""
    docs, published = tmp_path / "docs", tmp_path / "published.json"
    original = tmp_path / "original.css"
    original.write_text("body {}")
    first = Outputs(docs)
    first.write_text("data/feed.json", "[1]", tmp_path)
    first.copy("assets/site.css", original, tmp_path)
    os.link(docs / "data/feed.json", published)
    original.write_text("body { margin: 0 }")
    again = kept_from(docs, first)
    again.write_text("data/feed.json", "[1, 2]", tmp_path)
    again.copy("assets/site.css", original, tmp_path)
    assert published.read_text() == "[1]", "the other name keeps what the last build wrote"
    assert (docs / "data/feed.json").read_text() == "[1, 2]"
    assert (docs / "assets/site.css").read_text() == "body { margin: 0 }"


def test_what_a_rebuild_does_not_write_is_removed_with_the_folders_left_empty(tmp_path):
    docs = tmp_path / "docs"
    first = Outputs(docs)
    for name in ("index.md", "committees/board/2024-01-01/index.md", "committees/board/exempt-report/index.md"):
        first.write_text(name, name, tmp_path)
    (docs / "left-by-a-failed-build.md").write_text("stray")
    (docs / "elsewhere").mkdir()
    (docs / "linked.md").symlink_to(tmp_path / "elsewhere-file")
    again = kept_from(docs, first)
    again.write_text("index.md", "index.md", tmp_path)
    again.write_text("committees/board/2024-01-01/index.md", "changed", tmp_path)
    assert again.remove_others() == 3
    assert sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*")) == [
        "committees",
        "committees/board",
        "committees/board/2024-01-01",
        "committees/board/2024-01-01/index.md",
        "index.md",
    ]


def test_a_new_folder_is_not_walked_for_files_to_remove(tmp_path):
    outputs = Outputs(tmp_path / "docs")
    outputs.write_text("index.md", "home", tmp_path)
    assert outputs.remove_others() == 0
    assert (tmp_path / "docs/index.md").read_text() == "home"


def test_the_docs_folder_is_kept_only_with_a_state_and_only_if_a_build_made_it(tmp_path):
    docs = tmp_path / ".papers-cache/site.docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("home")
    state = BuildState("fingerprint", docs={"index.md": ("digest", (4, 0))})
    assert kept_docs(state, docs).kept == state.docs and (docs / "index.md").exists(), "kept with the state"
    assert kept_docs(None, docs).kept is None and list(docs.iterdir()) == [], "emptied without one"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.md").write_text("not ours")
    docs.rmdir()
    docs.symlink_to(elsewhere, target_is_directory=True)
    assert kept_docs(state, docs).kept is None
    assert docs.is_dir() and not docs.is_symlink() and (elsewhere / "keep.md").exists(), "a link is not followed"
    shutil.rmtree(docs)
    docs.write_text("a file in its place")
    assert kept_docs(state, docs).kept is None and docs.is_dir()
