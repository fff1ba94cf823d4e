"""How the preview (`build.py serve`) brings its served docs folder up to date: papers/commands/serve.py."""

from __future__ import annotations

import os
from pathlib import Path

from papers.commands.serve import sync_tree


def test_the_preview_replaces_a_changed_file_and_never_writes_through_its_other_names(tmp_path: Path):
    """A pack in the preview's docs folder is a hard link into its pack cache: a new version of the pack must
    not overwrite the cached old one (the preview would show it again for the old content)."""
    fresh, current, cache = tmp_path / "fresh", tmp_path / "current", tmp_path / "cache"
    for folder in (fresh / "meeting", current / "meeting", cache):
        folder.mkdir(parents=True)
    (cache / "old-key.pdf").write_bytes(b"%PDF old pack")
    os.link(cache / "old-key.pdf", current / "meeting/agenda-pack.pdf")
    (current / "gone.md").write_text("withdrawn")
    (fresh / "meeting/agenda-pack.pdf").write_bytes(b"%PDF new pack")
    assert sync_tree(fresh, current) == 2
    assert (current / "meeting/agenda-pack.pdf").read_bytes() == b"%PDF new pack"
    assert (cache / "old-key.pdf").read_bytes() == b"%PDF old pack"
    assert not (current / "gone.md").exists()
