"""The tags of a rendered pack made whole for PDF/UA-1 (pikepdf), where WeasyPrint's fall short.

WeasyPrint tags what it lays out, with gaps this module closes, deterministically:
- running heads, page numbers and "This page is intentionally left blank" are marked
  content that belongs to no element: they become pagination artifacts;
- header cells get the `/Scope` WeasyPrint drops, data cells lose empty `/Headers`,
  and the id tree that `/Headers` refer to is written;
- heading levels close their gaps (minutes go from H1 to H3), in reading order;
- a list item holds its body in an LBody; elements that hold nothing are removed;
- link annotations print, as on paper;
- supplied PDF pages are laid in with their own tags (laying.py);
and the parent tree is written again from the tree, with each page's MCIDs numbered anew.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Sequence
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from papers.content import structure, tabletags
from papers.content.structure import elements, is_element, kids
from papers.render.packs import laying

PDF_VERSION = "1.7"  # PDF/UA-1 is based on PDF 1.7: every pack and front sheet says so
_PRINT_FLAG = 4


def finish(data: bytes, supplied: Sequence[laying.Supplied] = ()) -> bytes:
    """WeasyPrint's PDF with its tags made whole, and the supplied PDFs' pages laid in with theirs."""
    with pikepdf.open(io.BytesIO(data)) as pdf, contextlib.ExitStack() as sources:
        for number, item in enumerate(supplied):
            source = sources.enter_context(pikepdf.open(io.BytesIO(item.data)))  # open until saved
            laying.lay(pdf, source, item, f"sp{number}")
        tabletags.repair_tables(pdf)
        mend_headings_and_lists(pdf)
        remove_empty_elements(pdf)
        artifacts_and_numbers(pdf)
        structure.index(pdf)
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", ()):
                if annotation.get("/Subtype") == "/Link":
                    annotation.F = int(annotation.get("/F", 0)) | _PRINT_FLAG
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            force_version=PDF_VERSION,
            fix_metadata_version=True,
            compress_streams=True,  # WeasyPrint's are written uncompressed (pdf.py): compressed once, here
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return out.getvalue()


def artifacts_and_numbers(pdf: Pdf) -> None:
    """In one pass over each page: marked content that no element of the tree holds (WeasyPrint's page margins:
    running heads, page numbers, blank-page notices) becomes a pagination artifact, and the rest is numbered
    0, 1, 2 ... in the order the page paints it; the elements follow."""
    claimed = structure.content_items(pdf).mcids
    numbers: dict[tuple[tuple[int, int], int], int] = {}
    for page in pdf.pages:
        if isinstance(page.obj.get("/Contents"), pikepdf.Stream):
            _marks_in_bytes(pdf, page, claimed, numbers)
        else:
            _marks_in_operations(pdf, page, claimed, numbers)
    if all(number == mcid for (_, mcid), number in numbers.items()):
        return  # as WeasyPrint paints margins last, their marks (now artifacts) had the highest numbers: no gaps
    elements = {(element.objgen if element.is_indirect else id(element)): element for element in claimed.values()}
    for element in elements.values():
        _renumber_kids(element, numbers)


# A mark as WeasyPrint writes it (pydyf: "/P\n<</MCID 3>>\nBDC"); its streams hold no string that could look
# like one (text is shown in hex strings), so the marks are found in the bytes, which is many times quicker than
# parsing every operation of every page.
_WEASYPRINT_MARK = re.compile(rb"/([A-Za-z0-9]+)\s+<</MCID (\d+)>>\s+BDC")
_PAGINATION = b"/Artifact <</Type /Pagination>> BDC"


def _marks_in_bytes(pdf: Pdf, page: pikepdf.Page, claimed: dict[Any, Any], numbers: dict[Any, int]) -> None:
    """A page whose one content stream is WeasyPrint's: its marks rewritten in the stream's bytes."""
    key = page.obj.objgen
    count = 0

    def rewritten(match: re.Match[bytes]) -> bytes:
        nonlocal count
        mcid = int(match[2])
        if (key, mcid) not in claimed:
            return _PAGINATION
        if (key, mcid) not in numbers:
            numbers[(key, mcid)] = count
            count += 1
        return b"/%s <</MCID %d>> BDC" % (match[1], numbers[(key, mcid)])

    data = page.obj.Contents.read_bytes()
    written = _WEASYPRINT_MARK.sub(rewritten, data)
    if written != data:
        page.obj.Contents = pdf.make_stream(written)


def _marks_in_operations(pdf: Pdf, page: pikepdf.Page, claimed: dict[Any, Any], numbers: dict[Any, int]) -> None:
    """A page with other content (a supplied PDF's page laid in): its marks rewritten operation by operation."""
    key = page.obj.objgen
    operations = structure.operations(page)
    changed = False
    count = 0
    for index, (operands, operator) in enumerate(operations):
        mcid = structure.marked_id(operands) if str(operator) == "BDC" else None
        if mcid is None:
            continue
        if (key, mcid) not in claimed:
            operations[index] = ([Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC"))
            changed = True
            continue
        if (key, mcid) not in numbers:
            numbers[(key, mcid)] = count
            count += 1
        if numbers[(key, mcid)] != mcid:
            operands[1].MCID = numbers[(key, mcid)]
            changed = True
    if changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


def _renumber_kids(element: Any, numbers: dict[tuple[tuple[int, int], int], int]) -> None:
    own_page = element.get("/Pg")
    updated = Array()
    for kid in kids(element):
        if isinstance(kid, int) and own_page is not None:
            updated.append(numbers.get((own_page.objgen, int(kid)), int(kid)))
            continue
        if isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR" and "/MCID" in kid:
            page = kid.get("/Pg", own_page)
            if page is not None:
                kid.MCID = numbers.get((page.objgen, int(kid.MCID)), int(kid.MCID))
        updated.append(kid)
    element.K = updated


def mend_headings_and_lists(pdf: Pdf) -> None:
    """Heading levels without gaps and list items with bodies, in one walk over the tree (each walk is costly)."""
    headings: list[tuple[int, int]] = []
    for element in list(elements(pdf.Root.StructTreeRoot)):
        kind = str(element.get("/S"))
        if kind == "/LI":
            give_body(pdf, element)
        elif len(kind) == 3 and kind.startswith("/H") and kind[2].isdigit():
            close_heading_gap(element, int(kind[2]), headings)


def close_heading_gap(element: Any, level: int, stack: list[tuple[int, int]]) -> None:
    """H1, H3 becomes H1, H2: each heading one level below the nearest heading above it of a higher level
    (`stack`: the headings above, in reading order, as (level as tagged, level now))."""
    while stack and stack[-1][0] >= level:
        stack.pop()
    now = min(level, stack[-1][1] + 1 if stack else 1)
    stack.append((level, now))
    if now != level:
        element.S = Name(f"/H{now}")


def give_body(pdf: Pdf, element: Any) -> None:
    """A list item's content that is not its label goes into its LBody (PDF/UA: LI holds Lbl and LBody)."""
    content = [kid for kid in kids(element) if not (is_element(kid) and kid.get("/S") in ("/Lbl", "/LBody"))]
    if not content or any(is_element(kid) and kid.get("/S") == "/LBody" for kid in kids(element)):
        return
    body = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=element, K=Array(content)))
    if element.get("/Pg") is not None:
        body.Pg = element.Pg
    for kid in content:
        if is_element(kid):
            kid.P = body
    element.K = Array([kid for kid in kids(element) if is_element(kid) and kid.get("/S") == "/Lbl"] + [body])


def remove_empty_elements(pdf: Pdf) -> None:
    """Elements that hold no content and no annotation (WeasyPrint's empty boxes) are left out of the tree;
    table cells stay, empty or not."""
    root = pdf.Root.StructTreeRoot

    def holds(element: Any) -> bool:
        kept = Array()
        for kid in kids(element):
            if not is_element(kid) or holds(kid):
                kept.append(kid)
        element.K = kept
        return bool(len(kept)) or element.get("/S") in ("/TD", "/TH")  # an empty cell keeps its table regular

    top = Array(kid for kid in kids(root) if not is_element(kid) or holds(kid))
    root.K = top
