"""Pages rendered with a forked helper process are the same bytes as pages rendered alone, and nothing
depends on the helper: if it fails, this process does its share (papers/render/shared.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEMO, PROJECT

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render import markup, shared
from papers.render.output import Outputs
from papers.render.pages import write_pages
from papers.render.project import project


def _written(site, docs: Path, share: bool) -> tuple[dict[str, bytes], dict[str, str], set[bytes]]:
    outputs = Outputs(docs)
    with markup.remembering(markup.Memo()) as memo:
        write_pages(site, outputs, share=share)
    files = {path.relative_to(docs).as_posix(): path.read_bytes() for path in sorted(docs.rglob("*.md"))}
    return files, outputs.digests, set(memo.kept)


def test_pages_rendered_with_a_helper_are_the_same_bytes(tmp_path):
    site = project(check(DEMO).site, PUBLIC)
    alone = _written(site, tmp_path / "alone", share=False)
    helped = _written(site, tmp_path / "helped", share=True)
    assert len(alone[0]) > 30
    assert helped[0] == alone[0]
    assert list(helped[1].items()) == list(alone[1].items())  # the same digests, in the same order
    assert helped[2] == alone[2]  # what the helper converted is kept for the next build


def _only_here(parent: int):
    def work(item: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # the helper dies without a word
        return item * item

    return work


def test_a_helper_that_dies_leaves_its_share_to_this_process():
    progress: list[tuple[int, int]] = []
    results = shared.do_all(range(9), _only_here(os.getpid()), lambda *told: progress.append(told), share=True)
    assert results == [item * item for item in range(9)]
    assert progress[-1] == (9, 9)


def test_an_error_in_the_helpers_share_is_raised_here_as_without_it():
    def work(item: int) -> int:
        if item == 5:  # in the helper's share (every other item)
            raise ValueError("item 5 cannot be done")
        return item

    with pytest.raises(ValueError, match="item 5 cannot be done"):
        shared.do_all(range(8), work, share=True)


def test_small_work_is_not_shared():
    parent = os.getpid()
    assert shared.do_all(range(shared.SHARED_FROM - 1), _only_here(parent)) == [
        item * item for item in range(shared.SHARED_FROM - 1)
    ]


def test_what_was_printed_before_the_helper_is_printed_once(tmp_path):
    """Output still in this process's buffers when the helper is forked is not written by the helper too."""
    script = (
        "import sys\n"
        "from papers.render import shared\n"
        "print('before the helper', end='\\n')\n"  # block-buffered: stdout is a pipe
        "assert shared.do_all(range(8), lambda item: item + 1, share=True) == list(range(1, 9))\n"
        "print('after the helper')\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT, check=True)
    assert completed.stdout == "before the helper\nafter the helper\n"


def test_an_error_in_this_processs_share_stops_the_helper(tmp_path):
    """The helper writes nothing more once this process's share has failed (the build then removes its
    staging folder, which the helper must not fill again)."""
    marks = tmp_path / "marks"
    marks.mkdir()

    def work(item: int) -> int:
        if item == 0:  # the first of this process's share, failing once the helper is under way
            waited = time.monotonic()
            while not any(marks.iterdir()) and time.monotonic() - waited < 60:
                time.sleep(0.01)
            raise ValueError("item 0 cannot be done")
        time.sleep(0.05)
        (marks / str(item)).touch()
        return item

    with pytest.raises(ValueError, match="item 0 cannot be done"):
        shared.do_all(range(200), work, share=True)
    left = len(list(marks.iterdir()))
    time.sleep(0.5)
    assert 0 < left == len(list(marks.iterdir())) < 100


def test_a_rebuild_keeps_what_the_helper_took_from_the_last_build(tmp_path):
    """The fragments the helper takes from the last build's memo come back to this one's, for the next build."""
    site = project(check(DEMO).site, PUBLIC)
    first = markup.Memo()
    with markup.remembering(first):
        write_pages(site, Outputs(tmp_path / "first"), share=False)
    again = markup.Memo(previous=dict(first.kept))
    with markup.remembering(again):
        write_pages(site, Outputs(tmp_path / "again"), share=True)
    assert list(again.kept) and set(again.kept) == set(first.kept)
    assert all(again.kept[key] is again.previous[key] for key in again.kept)  # nothing converted again
