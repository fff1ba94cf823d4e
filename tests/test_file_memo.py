"""Results computed from a supplied file are computed again only when the file's bytes change
(papers/content/filememo.py), and what a build did not use is not kept."""

from __future__ import annotations

from pathlib import Path

from conftest import DEMO

from papers.content import supplied
from papers.content.filememo import FileMemo, by_content, remembering

calls: list[str] = []


@by_content
def measured(path: Path, scale: int) -> int:
    calls.append(path.name)
    return len(path.read_bytes()) * scale


@by_content
def copied(path: Path) -> bytes:
    calls.append(path.name)
    return path.read_bytes() + b"!"


def test_computed_once_per_content_and_arguments_and_again_after_an_edit(tmp_path):
    calls.clear()
    paper = tmp_path / "appendix.pdf"
    paper.write_bytes(b"first")
    memo = FileMemo(tmp_path / "files")
    with remembering(memo):
        assert measured(paper, 1) == measured(paper, 1) == 5
        assert measured(paper, 2) == 10
        paper.write_bytes(b"second!")
        assert measured(paper, 1) == 7
    assert calls == ["appendix.pdf"] * 3
    assert measured(paper, 1) == 7 and len(calls) == 4, "without a memo installed it simply runs"


def test_the_next_build_takes_what_this_one_kept_and_bytes_live_in_files(tmp_path):
    calls.clear()
    old, kept = tmp_path / "old.pdf", tmp_path / "kept.pdf"
    old.write_bytes(b"old")
    kept.write_bytes(b"kept")
    first = FileMemo(tmp_path / "files")
    with remembering(first):
        copied(old), copied(kept)
    assert len(list((tmp_path / "files").iterdir())) == 2
    second = FileMemo(tmp_path / "files", first.kept)
    with remembering(second):
        assert copied(kept) == b"kept!"
    second.prune()
    assert calls == ["old.pdf", "kept.pdf"], "the second build read nothing again"
    assert len(list((tmp_path / "files").iterdir())) == 1, "the file no build uses any more is gone"


def test_a_supplied_pdf_is_cleaned_as_without_the_memo(tmp_path):
    original = next(DEMO.rglob("*.pdf"))
    expected = supplied.cleaned(original, "A title")
    with remembering(FileMemo(tmp_path / "files")):
        assert supplied.cleaned(original, "A title") == expected
        assert supplied.cleaned(original, "A title") == expected
        assert supplied.cleaned(original, "Another") != expected
