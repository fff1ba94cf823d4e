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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from papers.content import structure, tabletags
from papers.render.packs import laying

PDF_VERSION = "1.7"  # PDF/UA-1 is based on PDF 1.7: every pack and front sheet says so
_PRINT_FLAG = 4


def finish(data: bytes, supplied: Sequence[laying.Supplied] = ()) -> bytes:
    """WeasyPrint's PDF with its tags made whole, and the supplied PDFs' pages laid in with theirs."""
    with pikepdf.open(io.BytesIO(data)) as pdf, contextlib.ExitStack() as sources:
        for number, item in enumerate(supplied):
            source = sources.enter_context(pikepdf.open(io.BytesIO(item.data)))  # open until saved
            laying.lay(pdf, source, item, f"sp{number}")
        root = pdf.Root.StructTreeRoot
        tree = _read(root)  # the one walk of the whole tree: each repair below works on what it read
        _repair_tables([element.obj for element in tree if element.kind == "/Table"])
        mend_headings_and_lists(pdf, tree)
        remove_empty_elements(root, tree)
        live = list(_live(tree.top))  # the tree's shape is settled: only MCIDs may change from here
        items = _content_items(live)
        if artifacts_and_numbers(pdf, items):
            items = _content_items(live)
        index(pdf, items, live)
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


# --- the tree, read once -----------------------------------------------------------------------------
# Reading a tree through pikepdf is slow (every /K and /S is a lookup): a pack has some 75 elements a page,
# and the six walks the repairs once made of them took about a tenth of WeasyPrint's own time. So the tree
# is read once, into _Element records, and each repair changes the records and the PDF alike.


@dataclass(eq=False, slots=True)
class _Element:
    """An element as read: its dictionary, its type, and its kids as in its /K, each child element an _Element
    (MCIDs, MCR and OBJR dictionaries as read). `in_array`: /K is an array holding exactly `kids`."""

    obj: Any
    kind: str
    kids: list[Any]
    in_array: bool = True
    read: bool = False


class _Tree(list[_Element]):
    """Every element under the root, in the tree's (reading) order, each once (as structure.elements reads them);
    `top`: the root's kids as read."""

    top: list[Any]


def _read(root: Any) -> _Tree:
    by_key: dict[tuple[int, int], _Element] = {}

    def kids_of(node: Any) -> tuple[list[Any], bool]:
        value = node.get("/K")
        if value is None:
            return [], False
        if not isinstance(value, Array):
            return [record(value)], False
        return [kid if isinstance(kid, int) else record(kid) for kid in value], True  # most kids are MCIDs

    def record(kid: Any) -> Any:
        if isinstance(kid, int) or not isinstance(kid, Dictionary):
            return kid
        kind = kid.get("/S")  # looked up once: as structure.is_element, with /S, not an MCR or OBJR
        if kind is None or kid.get("/Type") in ("/MCR", "/OBJR"):
            return kid
        key = kid.objgen
        if key == (0, 0):  # a direct element: there is only this one
            return _Element(kid, str(kind), [])
        if key not in by_key:
            by_key[key] = _Element(kid, str(kind), [])
        return by_key[key]

    tree = _Tree()
    tree.top = kids_of(root)[0]
    stack = [kid for kid in reversed(tree.top) if isinstance(kid, _Element)]
    while stack:
        element = stack.pop()
        if element.read:  # reached twice: read once, where it is first reached
            continue
        element.read = True
        element.kids, element.in_array = kids_of(element.obj)
        tree.append(element)
        stack.extend(kid for kid in reversed(element.kids) if isinstance(kid, _Element))
    return tree


def _live(top: list[Any]) -> Iterator[_Element]:
    """The elements the tree holds now, in reading order, each once."""
    seen: set[int] = set()
    stack = [kid for kid in reversed(top) if isinstance(kid, _Element)]
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen.add(id(element))
        yield element
        stack.extend(kid for kid in reversed(element.kids) if isinstance(kid, _Element))


def _written_kids(kids: list[Any]) -> Array:
    return Array(kid.obj if isinstance(kid, _Element) else kid for kid in kids)


def _set_kids(element: _Element, kids: list[Any]) -> None:
    element.kids, element.in_array = kids, True
    element.obj.K = _written_kids(kids)


def _repair_tables(tables: list[Any]) -> None:
    """tabletags.repair_tables on the tables alone: it walks the tree it is given, here one holding only them
    (they stay where they are: only their cells' attributes change)."""
    if tables:
        holder = SimpleNamespace(Root=Dictionary(StructTreeRoot=Dictionary(K=Array(tables))))
        tabletags.repair_tables(cast(Pdf, holder))


def _content_items(live: list[_Element]) -> structure.ContentItems:
    """structure.content_items from the records: (page, MCID) -> element, annotation -> element."""
    items = structure.ContentItems()
    for element in live:
        page = element.obj.get("/Pg")
        for kid in element.kids:
            structure.claim(items, element, page, kid)
    return items


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


def _renumber_kids(element: _Element, numbers: dict[tuple[tuple[int, int], int], int]) -> None:
    own_page = element.obj.get("/Pg")
    updated: list[Any] = []
    for kid in element.kids:
        if isinstance(kid, int) and own_page is not None:
            updated.append(numbers.get((own_page.objgen, int(kid)), int(kid)))
            continue
        if isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR" and "/MCID" in kid:
            page = kid.get("/Pg", own_page)
            if page is not None:
                kid.MCID = numbers.get((page.objgen, int(kid.MCID)), int(kid.MCID))
        updated.append(kid)
    _set_kids(element, updated)


def mend_headings_and_lists(pdf: Pdf, tree: _Tree) -> None:
    """Heading levels without gaps and list items with bodies, in reading order."""
    headings: list[tuple[int, int]] = []
    for element in tree:
        kind = element.kind
        if kind == "/LI":
            give_body(pdf, element)
        elif len(kind) == 3 and kind.startswith("/H") and kind[2].isdigit():
            close_heading_gap(element, int(kind[2]), headings)


def close_heading_gap(element: _Element, level: int, stack: list[tuple[int, int]]) -> None:
    """H1, H3 becomes H1, H2: each heading one level below the nearest heading above it of a higher level
    (`stack`: the headings above, in reading order, as (level as tagged, level now))."""
    while stack and stack[-1][0] >= level:
        stack.pop()
    now = min(level, stack[-1][1] + 1 if stack else 1)
    stack.append((level, now))
    if now != level:
        element.obj.S = Name(f"/H{now}")
        element.kind = f"/H{now}"


def give_body(pdf: Pdf, element: _Element) -> None:
    """A list item's content that is not its label goes into its LBody (PDF/UA: LI holds Lbl and LBody)."""
    content = [kid for kid in element.kids if not (isinstance(kid, _Element) and kid.kind in ("/Lbl", "/LBody"))]
    if not content or any(isinstance(kid, _Element) and kid.kind == "/LBody" for kid in element.kids):
        return
    body = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=element.obj, K=_written_kids(content)))
    if element.obj.get("/Pg") is not None:
        body.Pg = element.obj.Pg
    for kid in content:
        if isinstance(kid, _Element):
            kid.obj.P = body
    labels = [kid for kid in element.kids if isinstance(kid, _Element) and kid.kind == "/Lbl"]
    _set_kids(element, [*labels, _Element(body, "/LBody", content, read=True)])


def remove_empty_elements(root: Any, tree: _Tree) -> None:
    """Elements that hold no content and no annotation (WeasyPrint's empty boxes) are left out of the tree;
    table cells stay, empty or not."""

    def holds(element: _Element) -> bool:
        kept = [kid for kid in element.kids if not isinstance(kid, _Element) or holds(kid)]
        if len(kept) != len(element.kids) or not element.in_array:  # /K is always written as an array
            _set_kids(element, kept)
        return bool(kept) or element.kind in ("/TD", "/TH")  # an empty cell keeps its table regular

    tree.top = [kid for kid in tree.top if not isinstance(kid, _Element) or holds(kid)]
    root.K = _written_kids(tree.top)


def artifacts_and_numbers(pdf: Pdf, items: structure.ContentItems) -> bool:
    """In one pass over each page: marked content that no element of the tree holds (WeasyPrint's page margins:
    running heads, page numbers, blank-page notices) becomes a pagination artifact, and the rest is numbered
    0, 1, 2 ... in the order the page paints it; the elements follow. Whether any element's MCIDs changed."""
    claimed = items.mcids
    numbers: dict[tuple[tuple[int, int], int], int] = {}
    for page in pdf.pages:
        if isinstance(page.obj.get("/Contents"), pikepdf.Stream):
            _marks_in_bytes(pdf, page, claimed, numbers)
        else:
            _marks_in_operations(pdf, page, claimed, numbers)
    if all(number == mcid for (_, mcid), number in numbers.items()):
        return False  # as WeasyPrint paints margins last, their marks (now artifacts) had the highest numbers
    for element in {id(element): element for element in claimed.values()}.values():
        _renumber_kids(element, numbers)
    return True


def index(pdf: Pdf, items: structure.ContentItems, live: list[_Element]) -> None:
    """structure.index from the records (`live`: the tree's elements in reading order): the parent tree (pieces
    and annotations back to their elements) and the id tree."""
    structure.write_indexes(
        pdf,
        {key: element.obj for key, element in items.mcids.items()},
        {key: element.obj for key, element in items.annotations.items()},
        (element.obj for element in live),
    )
