"""The output registry (papers/render/output.py): each file written once per build, its digest kept."""

from __future__ import annotations

import hashlib

import pytest

from papers.render.output import OutputCollision, Outputs


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
