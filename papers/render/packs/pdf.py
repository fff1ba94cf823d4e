"""Rendering packs to PDF (worker processes): two layout passes for exact page ranges, supplied pages laid in.

Pages are counted from the front sheet, or (site setting `page_numbering: papers`) from the first
paper's page: the front sheet is then unnumbered and, with the blank page that lets the first paper
start on a right-hand page, an even number of pages.

Page ranges are exact in two passes: the first lays the pack out with the widest
possible range text ("Pages 8888 - 8888") and reads on which page each paper
starts and ends; the second writes the real ranges, which cannot make the front
sheet longer. Each paper starts on a right-hand page (`break-before: right`);
WeasyPrint's `:blank` pages carry "This page is intentionally left blank".
A supplied PDF appendix is given as many empty pages as it has, each with our
running head and page number; its pages are laid under them afterwards, with
their tags (laying.py). WeasyPrint's tags are then made whole for PDF/UA-1 (tagging.py).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papers.content import supplied
from papers.render.packs import laying, tagging
from papers.render.packs.plan import RANGE_TOKEN, PackJob
from papers.resources import TEMPLATES

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.urls import URLFetcher

PACK_TEMPLATES = TEMPLATES / "packs"
WIDEST_RANGE = "Pages 8888 - 8888"


def render_job(job: PackJob) -> dict[str, bytes]:
    """The PDFs of one job, by file name."""
    import weasyprint

    fetcher = _restricted_fetcher(frozenset(job.allowed_files))

    def layout(html: str) -> Document:
        return weasyprint.HTML(string=html, base_url=str(PACK_TEMPLATES), url_fetcher=fetcher).render()

    document = layout(widest_html(job))
    if job.ranges:
        spans = _anchor_spans(document)
        # With papers numbered from 1, the page before the first paper's is the last of the (padded) front sheet.
        offset = min(spans[first][0] for _, first, _ in job.ranges) - 1 if job.papers_from_one else 0
        final = job.html
        for key, first, last in job.ranges:
            end = max(spans[last][1], spans.get(f"{last}-end", (0, 0))[1])
            final = final.replace(RANGE_TOKEN.format(key), _range_text(spans[first][0] - offset, end - offset))
        front_pages = _front_sheet_length(document, job)
        if offset:
            final = final.replace("</head>", f"<style>{_papers_from_one(offset, front_pages)}</style></head>", 1)
        document = layout(final)
        if _front_sheet_length(document, job) != front_pages:
            raise RuntimeError(f"{job.folder}/{job.name}: the front sheet changed length between passes")
    outputs = {job.name: _finish(document, job)}
    if job.front_sheet_name:
        front = document.copy(document.pages[: _front_sheet_length(document, job)])
        front.metadata = copy.copy(document.metadata)  # its own title, not the pack's
        front.metadata.title = job.front_sheet_title or front.metadata.title
        outputs[job.front_sheet_name] = tagging.finish(front.write_pdf(pdf_variant="pdf/ua-1"))
    return outputs


def widest_html(job: PackJob) -> str:
    """The pack's HTML with every page range at its widest, for the first layout pass."""
    html = job.html
    for key, _, _ in job.ranges:
        html = html.replace(RANGE_TOKEN.format(key), WIDEST_RANGE)
    return html


def _anchor_spans(document: Document) -> dict[str, tuple[int, int]]:
    """First and last page (1-based) on which each anchor's element appears: a paper's section spans its pages."""
    spans: dict[str, tuple[int, int]] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            spans[anchor] = (spans.get(anchor, (number, number))[0], number)
    return spans


def _papers_from_one(offset: int, front_pages: int) -> str:
    """Page numbers counted from the first paper's page; the page that pads the front sheet to an even number
    of pages keeps its blank-page notice but no number (it is the front sheet's)."""
    css = f"@page :first {{ counter-reset: page {1 - offset}; }}"
    if offset > front_pages:
        css += f" @page :nth({offset}) {{ @bottom-right {{ content: none; }} }}"
    return css


def _range_text(first: int, last: int) -> str:
    return f"Page {first}" if first == last else f"Pages {first} - {last}"


def _front_sheet_length(document: Document, job: PackJob) -> int:
    """The front sheet's pages: up to its end marker (a blank page after it belongs to the papers)."""
    return _anchor_spans(document).get("front-sheet-end", (len(document.pages),))[0]


def _finish(document: Document, job: PackJob) -> bytes:
    """The pack as PDF/UA-1: WeasyPrint's tags made whole, the supplied PDFs' pages laid in (tagging.py)."""
    spans = _anchor_spans(document)
    laid = [
        laying.Supplied(spans[anchor][0] - 1, supplied.cleaned(Path(path)), heading)
        for anchor, path, _, heading in job.supplied
    ]
    return tagging.finish(document.write_pdf(pdf_variant="pdf/ua-1"), laid)


def _restricted_fetcher(allowed: frozenset[str]) -> URLFetcher:
    """WeasyPrint may read only the pack's own images: nothing else on disk, nothing on the network."""
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher

    class PackFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme != "file" or unquote(parsed.path) not in allowed:
                raise ValueError(f"not one of the pack's inputs: {url}")
            return super().fetch(url, headers)

    return PackFetcher(allowed_protocols=["file"])
