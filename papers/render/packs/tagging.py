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
from collections.abc import Sequence
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from papers.content import structure
from papers.content.structure import elements, is_element, kids
from papers.render.packs import laying

PDF_VERSION = "1.7"  # PDF/UA-1 is based on PDF 1.7: every pack and front sheet says so
_PRINT_FLAG = 4


def finish(data: bytes, supplied: Sequence[laying.Supplied] = ()) -> bytes:
    """WeasyPrint's PDF with its tags made whole, and the supplied PDFs' pages laid in with theirs."""
    with pikepdf.open(io.BytesIO(data)) as pdf, contextlib.ExitStack() as sources:
        pagination_as_artifacts(pdf)
        for number, item in enumerate(supplied):
            source = sources.enter_context(pikepdf.open(io.BytesIO(item.data)))  # open until saved
            laying.lay(pdf, source, item, f"sp{number}")
        structure.repair_tables(pdf)
        close_heading_gaps(pdf)
        give_list_items_bodies(pdf)
        remove_empty_elements(pdf)
        renumber(pdf)
        structure.index(pdf)
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", ()):
                if annotation.get("/Subtype") == "/Link":
                    annotation.F = int(annotation.get("/F", 0)) | _PRINT_FLAG
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, force_version=PDF_VERSION, fix_metadata_version=True)
        return out.getvalue()


def pagination_as_artifacts(pdf: Pdf) -> None:
    """Marked content that no element of the tree holds (WeasyPrint's page margins) becomes an artifact."""
    tagged = structure.content_items(pdf).mcids
    for page in pdf.pages:
        operations = structure.operations(page)
        changed = False
        for index, (operands, operator) in enumerate(operations):
            mcid = structure.marked_id(operands) if str(operator) == "BDC" else None
            if mcid is not None and (page.obj.objgen, mcid) not in tagged:
                operations[index] = ([Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC"))
                changed = True
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


def renumber(pdf: Pdf) -> None:
    """Each page's MCIDs numbered 0, 1, 2 ... in the order the page paints them; the elements follow."""
    items = structure.content_items(pdf).mcids
    new: dict[tuple[tuple[int, int], int], int] = {}
    for page in pdf.pages:
        operations = structure.operations(page)
        changed = False
        count = 0
        for operands, operator in operations:
            mcid = structure.marked_id(operands) if str(operator) == "BDC" else None
            if mcid is None:
                continue
            if (page.obj.objgen, mcid) not in new:
                new[(page.obj.objgen, mcid)] = count
                count += 1
            number = new[(page.obj.objgen, mcid)]
            if number != mcid:
                operands[1].MCID = number
                changed = True
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))
    for (page_key, old), element in items.items():
        if (page_key, old) not in new or new[(page_key, old)] == old:
            continue
        _renumber_kid(element, page_key, old, new[(page_key, old)])


def _renumber_kid(element: Any, page_key: tuple[int, int], old: int, number: int) -> None:
    own_page = element.get("/Pg")
    updated = Array()
    for kid in kids(element):
        if isinstance(kid, int) and own_page is not None and own_page.objgen == page_key and int(kid) == old:
            updated.append(number)
        else:
            if isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                mcr_page = kid.get("/Pg", own_page)
                if mcr_page is not None and mcr_page.objgen == page_key and int(kid.get("/MCID", -1)) == old:
                    kid.MCID = number
            updated.append(kid)
    element.K = updated


def close_heading_gaps(pdf: Pdf) -> None:
    """H1, H3 becomes H1, H2: each heading one level below the nearest heading above it of a higher level."""
    stack: list[tuple[int, int]] = []  # (level as tagged, level now)
    for element in elements(pdf.Root.StructTreeRoot):
        kind = str(element.get("/S"))
        if len(kind) != 3 or not kind.startswith("/H") or not kind[2].isdigit():
            continue
        level = int(kind[2])
        while stack and stack[-1][0] >= level:
            stack.pop()
        now = min(level, stack[-1][1] + 1 if stack else 1)
        stack.append((level, now))
        if now != level:
            element.S = Name(f"/H{now}")


def give_list_items_bodies(pdf: Pdf) -> None:
    """A list item's content that is not its label goes into its LBody (PDF/UA: LI holds Lbl and LBody)."""
    for element in list(elements(pdf.Root.StructTreeRoot)):
        if element.get("/S") != "/LI":
            continue
        content = [kid for kid in kids(element) if not (is_element(kid) and kid.get("/S") in ("/Lbl", "/LBody"))]
        if not content or any(is_element(kid) and kid.get("/S") == "/LBody" for kid in kids(element)):
            continue
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
