"""Rendering packs to PDF (worker processes): papers laid out once, the front sheet again with exact page ranges.

Pages are counted from the front sheet, or (site setting `page_numbering: papers`) from the first
paper's page: the front sheet is then unnumbered and, with the blank page that lets the first paper
start on a right-hand page, an even number of pages.

Page ranges are exact although the papers are laid out once: the pack is laid out with the widest
possible range text on its front sheet ("Pages 8888 - 8888"), which tells on which page each paper
starts and ends; then the front sheet alone (its HTML without the papers, plan.PAPERS_BEGIN to
PAPERS_END) is laid out again with the real ranges, which cannot make it longer, and its pages take
the place of the first layout's. With papers numbered from 1, the front sheet alone is laid out first
with the widest ranges too, for its length: the papers' page numbers depend on it. A pack whose
template (a council's override) lacks the markers is laid out twice in full instead.
Each paper starts on a right-hand page (`break-before: right`);
WeasyPrint's `:blank` pages carry "This page is intentionally left blank".
A supplied PDF appendix is given as many empty pages as it has, each with our
running head and page number; its pages are laid under them afterwards, with
their tags (laying.py). WeasyPrint's tags are then made whole for PDF/UA-1 (tagging.py).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papers.content import supplied
from papers.render.packs import laying, tagging
from papers.render.packs.plan import PAPERS_BEGIN, PAPERS_END, RANGE_TOKEN, PackJob
from papers.resources import TEMPLATES

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.urls import URLFetcher

PACK_TEMPLATES = TEMPLATES / "packs"
WIDEST_RANGE = "Pages 8888 - 8888"
Layout = Callable[[str], "Document"]


def render_job(job: PackJob) -> dict[str, bytes]:
    """The PDFs of one job, by file name."""
    written, supplied_pages = _laid_out_and_written(job)  # the laid-out pages are let go before the tags are mended
    return {name: tagging.finish(data, supplied_pages if name == job.name else ()) for name, data in written.items()}


def _laid_out_and_written(job: PackJob) -> tuple[dict[str, bytes], list[laying.Supplied]]:
    """WeasyPrint's PDFs of one job, by file name, and the supplied PDFs to lay into the pack's reserved pages."""
    import weasyprint

    fetcher = _restricted_fetcher(frozenset(job.allowed_files))

    def layout(html: str) -> Document:
        return weasyprint.HTML(string=html, base_url=str(PACK_TEMPLATES), url_fetcher=fetcher).render()

    front_html = front_sheet_html(job.html)
    if not job.ranges:
        document = layout(job.html)
    elif front_html is None:
        document = _laid_out_twice(job, layout)
    else:
        document = _front_sheet_laid_out_again(job, layout, front_html)
    written = {job.name: _written(document)}
    if job.front_sheet_name:
        front = document.copy(document.pages[: _front_sheet_length(document)])
        front.metadata = copy.copy(document.metadata)  # its own title, not the pack's
        front.metadata.title = job.front_sheet_title or front.metadata.title
        written[job.front_sheet_name] = _written(front)
    return written, _supplied(document, job)


def widest_html(job: PackJob) -> str:
    """The pack's HTML with every page range at its widest, as it is first laid out."""
    return _widest(job, job.html)


def front_sheet_html(html: str) -> str | None:
    """The pack's HTML without its papers (None if the template does not mark them)."""
    begin, end = html.find(PAPERS_BEGIN), html.rfind(PAPERS_END)
    if begin < 0 or end < begin:
        return None
    return html[:begin] + html[end + len(PAPERS_END) :]


def _front_sheet_laid_out_again(job: PackJob, layout: Layout, front_html: str) -> Document:
    """The papers laid out once (with the front sheet at its widest), the front sheet again with the real ranges:
    its pages in place of the first layout's."""
    numbering = ""
    if job.papers_from_one:
        # The papers' numbers depend on the front sheet's length: learn it from the front sheet alone.
        front_pages = _front_sheet_length(layout(_widest(job, front_html)))
        offset = front_pages + front_pages % 2  # padded to an even number: the first paper starts on a right page
        numbering = _papers_from_one(offset, front_pages)
    document = layout(_styled(_widest(job, job.html), numbering))
    spans = _anchor_spans(document)
    front_pages = _front_sheet_length(document)
    if job.papers_from_one and (actual := _first_paper_page(job, spans) - 1) != offset:
        # Not as foreseen (a council's stylesheet placing the first paper otherwise): lay out again, numbered
        # from the page where it does start.
        offset, numbering = actual, _papers_from_one(actual, front_pages)
        document = layout(_styled(_widest(job, job.html), numbering))
        spans = _anchor_spans(document)
    front = layout(_styled(_ranged(job, front_html, spans), numbering))
    if _front_sheet_length(front) != front_pages or len(front.pages) != front_pages:
        raise RuntimeError(f"{job.folder}/{job.name}: the front sheet changed length between passes")
    return front.copy([*front.pages, *document.pages[front_pages:]])


def _laid_out_twice(job: PackJob, layout: Layout) -> Document:
    """The whole pack laid out with the widest ranges, then again with the real ones (a template without the
    papers' markers: its front sheet cannot be laid out alone)."""
    document = layout(widest_html(job))
    spans = _anchor_spans(document)
    front_pages = _front_sheet_length(document)
    numbering = ""
    if job.papers_from_one:
        numbering = _papers_from_one(_first_paper_page(job, spans) - 1, front_pages)
    document = layout(_styled(_ranged(job, job.html, spans), numbering))
    if _front_sheet_length(document) != front_pages:
        raise RuntimeError(f"{job.folder}/{job.name}: the front sheet changed length between passes")
    return document


def _widest(job: PackJob, html: str) -> str:
    for key, _, _ in job.ranges:
        html = html.replace(RANGE_TOKEN.format(key), WIDEST_RANGE)
    return html


def _ranged(job: PackJob, html: str, spans: dict[str, tuple[int, int]]) -> str:
    """The HTML with each item's real page range, as numbered on the pages."""
    offset = _first_paper_page(job, spans) - 1 if job.papers_from_one else 0
    for key, first, last in job.ranges:
        end = max(spans[last][1], spans.get(f"{last}-end", (0, 0))[1])
        html = html.replace(RANGE_TOKEN.format(key), _range_text(spans[first][0] - offset, end - offset))
    return html


def _first_paper_page(job: PackJob, spans: dict[str, tuple[int, int]]) -> int:
    return min(spans[first][0] for _, first, _ in job.ranges)


def _styled(html: str, css: str) -> str:
    return html.replace("</head>", f"<style>{css}</style></head>", 1) if css else html


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


def _front_sheet_length(document: Document) -> int:
    """The front sheet's pages: up to its end marker (a blank page after it belongs to the papers)."""
    return _anchor_spans(document).get("front-sheet-end", (len(document.pages),))[0]


def _supplied(document: Document, job: PackJob) -> list[laying.Supplied]:
    """The supplied PDFs' published copies, each with the index of its first reserved page in the pack."""
    spans = _anchor_spans(document)
    return [
        laying.Supplied(spans[anchor][0] - 1, supplied.cleaned(Path(path)), heading)
        for anchor, path, _, heading in job.supplied
    ]


def _written(document: Document) -> bytes:
    """Tagged PDF, its streams left uncompressed: tagging.finish compresses them once, when it saves."""
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=True))


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
