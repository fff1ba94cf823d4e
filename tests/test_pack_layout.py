"""A pack's papers are laid out once; only its front sheet is laid out again with the real page ranges
(papers/render/packs/pdf.py). The PDFs are the same, byte for byte, as two full layouts make."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, FIXTURES

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render.packs.pdf import render_job
from papers.render.packs.plan import PAPERS_BEGIN, PAPERS_END, PackJob, plan_packs
from papers.render.project import project

pytestmark = pytest.mark.slow

CASES = {
    "pages counted from the front sheet": (FIXTURES / "minimal" / "content", lambda job: True),
    "papers from 1, cover page": (FIXTURES / "scrutiny" / "content", lambda job: True),
    "supplied PDF appendix": (DEMO, lambda job: bool(job.supplied)),
}


def first_ranged(content: Path, wanted: Any) -> PackJob:
    site = check(content).site
    assert site is not None
    return next(job for job in plan_packs(project(site, PUBLIC)) if job.ranges and wanted(job))


@pytest.mark.parametrize("case", CASES)
def test_one_layout_of_the_papers_makes_the_same_pdfs_as_two(case):
    job = first_ranged(*CASES[case])
    unmarked = dataclasses.replace(job, html=job.html.replace(PAPERS_BEGIN, "").replace(PAPERS_END, ""))
    assert unmarked.html != job.html
    # Without the markers the pack is laid out twice in full, as before: pages, numbers, ranges, bookmarks,
    # links, tags and metadata must all come out the same.
    assert render_job(job) == render_job(unmarked)


def test_the_papers_are_laid_out_once(monkeypatch):
    import weasyprint

    job = first_ranged(*CASES["papers from 1, cover page"])
    laid_out: list[str] = []
    original = weasyprint.HTML

    def recorded(*args: Any, **kwargs: Any) -> Any:
        laid_out.append(kwargs["string"])
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recorded)
    render_job(job)
    with_papers = [html for html in laid_out if PAPERS_BEGIN in html]
    assert len(with_papers) == 1
    # the front sheet alone: at its widest for its length (papers numbered from 1), then with the real ranges
    assert len(laid_out) == 3
