"""The tags of a PDF (its structure tree, PDF/UA-1): read, measured, copied and indexed with pikepdf.

A tagged PDF marks each piece of what its pages show with a marked-content id (MCID)
and lists, in its structure tree, which element (a heading, a table cell) each
piece belongs to; the parent tree is the index back from each piece to its
element. A supplied PDF keeps its tags in the published copy and in agenda packs
only if they can be carried over whole: `text_outside_tags` counts what its tags
leave out. Elements are copied anew with only what describes the content (their
type, alternative and actual text, language, table and layout attributes), never
titles, class maps or anything else an earlier editor left in them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

# PDF 1.7's standard structure types (ISO 32000-1, 14.8.4): any other is role-mapped to one of them.
STANDARD_TYPES = frozenset(
    {
        *("Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct"),
        *("Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH"),
        *("TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link"),
        *("Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"),
    }
)
# What an element may keep when it is copied: what assistive technology reads from it.
_ELEMENT_TEXTS = ("/Alt", "/ActualText", "/E", "/Lang")
_ATTRIBUTE_KEYS = frozenset(
    {
        *("/O", "/Scope", "/Headers", "/ColSpan", "/RowSpan", "/Summary", "/BBox", "/Placement", "/WritingMode"),
        *("/ListNumbering", "/Role", "/Checked", "/Desc"),
    }
)
TEXT_OPERATORS = frozenset({"Tj", "TJ", "'", '"'})


def operations(content: Any) -> list[tuple[Any, Any]]:
    """A page's (or form's) content as (operands, operator) pairs, to change and write back."""
    return [(instruction.operands, instruction.operator) for instruction in pikepdf.parse_content_stream(content)]


def kids(element: Any) -> list[Any]:
    """An element's /K as a list: integers (MCIDs), MCR and OBJR dictionaries, and child elements."""
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def is_element(value: Any) -> bool:
    return isinstance(value, Dictionary) and value.get("/Type") not in ("/MCR", "/OBJR") and "/S" in value


def elements(root: Any) -> Iterator[Dictionary]:
    """Every element under `root`, in the tree's (reading) order; an element reached twice is read once."""
    seen: set[tuple[int, int]] = set()
    stack = [kid for kid in reversed(kids(root)) if is_element(kid)]
    while stack:
        element = stack.pop()
        key = element.objgen
        if key != (0, 0):
            if key in seen:
                continue
            seen.add(key)
        yield element
        stack.extend(kid for kid in reversed(kids(element)) if is_element(kid))


@dataclass
class ContentItems:
    """Which element each marked piece of content and each annotation belongs to, read from the tree itself."""

    mcids: dict[tuple[tuple[int, int], int], Any] = field(default_factory=dict)  # (page, MCID) -> element
    annotations: dict[tuple[int, int], Any] = field(default_factory=dict)  # annotation -> element
    claimed_twice: int = 0


def content_items(pdf: Pdf) -> ContentItems:
    found = ContentItems()
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return found
    for element in elements(root):
        page = element.get("/Pg")
        for kid in kids(element):
            claim(found, element, page, kid)
    return found


def claim(found: ContentItems, element: Any, page: Any, kid: Any) -> None:
    """Record in `found` what `kid`, a kid of `element` (whose page is `page`), stands for: a marked piece of
    content (an MCID, alone or in an MCR) or an annotation (an OBJR); anything else is not content."""
    if isinstance(kid, int):
        key = (page.objgen if page is not None else (0, 0), kid)
    elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR" and "/Stm" not in kid:
        own = kid.get("/Pg", page)
        key = (own.objgen if own is not None else (0, 0), int(kid.get("/MCID", -1)))
    elif isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR" and kid.get("/Obj") is not None:
        found.annotations[kid.Obj.objgen] = element
        return
    else:
        return
    found.claimed_twice += key in found.mcids
    found.mcids[key] = element


def is_tagged(pdf: Pdf) -> bool:
    marked = pdf.Root.get("/MarkInfo", Dictionary()).get("/Marked", False)
    root = pdf.Root.get("/StructTreeRoot")
    return bool(marked) and root is not None and bool(kids(root))


def marked_id(operands: Any) -> int | None:
    """The MCID of a BDC operator's property list written in the stream, or None."""
    if len(operands) == 2 and isinstance(operands[1], Dictionary) and isinstance(operands[1].get("/MCID"), int):
        return int(operands[1].MCID)
    return None


def text_outside_tags(pdf: Pdf) -> tuple[int, int]:
    """(pieces of text that no element holds and that are not artifacts, pieces of text in all) on all pages."""
    if not is_tagged(pdf):
        return (1, 1)
    items = content_items(pdf)
    by_page: dict[tuple[int, int], set[int]] = {}
    for key, mcid in items.mcids:
        by_page.setdefault(key, set()).add(mcid)
    outside = total = 0
    for page in pdf.pages:
        tagged = by_page.get(page.obj.objgen, set())
        counted = _count_text(operations(page), page.get("/Resources"), tagged, False, set())
        outside, total = outside + counted[0], total + counted[1]
    return outside + items.claimed_twice, total


def _count_text(operations: Any, resources: Any, tagged: set[int], covered: bool, seen: set[Any]) -> tuple[int, int]:
    outside = total = 0
    stack: list[bool] = []
    for operands, operator in operations:
        name = str(operator)
        if name in ("BMC", "BDC"):
            inside = str(operands[0]) == "/Artifact" or marked_id(operands) in tagged
            stack.append(inside)
        elif name == "EMC":
            if stack:
                stack.pop()
        elif name in TEXT_OPERATORS:
            total += 1
            outside += not (covered or any(stack))
        elif name == "Do" and resources is not None:
            form = resources.get("/XObject", Dictionary()).get(operands[0]) if operands else None
            if form is not None and form.get("/Subtype") == "/Form" and form.objgen not in seen:
                seen.add(form.objgen)
                inner = _count_text(operations(form), form.get("/Resources", resources), set(), False, seen)
                outside += 0 if covered or any(stack) else inner[0]
                total += inner[1]
    return outside, total


# --- copying elements --------------------------------------------------------------------------------


@dataclass
class Mapping:
    """How elements of one PDF are copied into another: pages, MCIDs, annotations and ids."""

    target: Pdf
    page: Callable[[tuple[int, int]], Any]  # source page -> target page (None: leave out)
    mcid: Callable[[tuple[int, int], int], int]  # (source page, MCID) -> MCID on the target page
    annotation: Callable[[tuple[int, int]], Any]  # source annotation -> target annotation
    role_map: dict[str, str] = field(default_factory=dict)
    id_prefix: str = ""


def role_map(pdf: Pdf) -> dict[str, str]:
    root = pdf.Root.get("/StructTreeRoot")
    roles = root.get("/RoleMap") if root is not None else None
    return {str(key): str(value) for key, value in roles.items()} if isinstance(roles, Dictionary) else {}


def standard_type(name: str, roles: dict[str, str]) -> str:
    """The standard type a (possibly custom) type is mapped to; NonStruct when the map leads nowhere."""
    seen = set()
    while name[1:] not in STANDARD_TYPES:
        if name in seen or name not in roles:
            return "/NonStruct"
        seen.add(name)
        name = roles[name]
    return name


def copy_element(element: Any, parent: Any, mapping: Mapping) -> Any | None:
    """A new element in the target (with its subtree), or None when none of its content was copied."""
    page = element.get("/Pg")
    page_key = page.objgen if page is not None else None
    target_page = mapping.page(page_key) if page_key is not None else None
    copied = mapping.target.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name(standard_type(str(element.get("/S", "/NonStruct")), mapping.role_map)))
    )
    copied.P = parent
    if target_page is not None:
        copied.Pg = target_page
    new_kids = Array()
    for kid in kids(element):
        if isinstance(kid, int) and page_key is not None and target_page is not None:
            new_kids.append(mapping.mcid(page_key, int(kid)))
        elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR" and "/Stm" not in kid:
            own = kid.get("/Pg", page)
            own_target = mapping.page(own.objgen) if own is not None else None
            if own_target is not None:
                new_kids.append(
                    Dictionary(Type=Name.MCR, Pg=own_target, MCID=mapping.mcid(own.objgen, int(kid.get("/MCID", 0))))
                )
        elif isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR" and kid.get("/Obj") is not None:
            annotation = mapping.annotation(kid.Obj.objgen)
            on_page = annotation.get("/P", target_page) if annotation is not None else None
            if on_page is not None:
                annotation.P = on_page
                new_kids.append(mapping.target.make_indirect(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=on_page)))
        elif is_element(kid):
            child = copy_element(kid, copied, mapping)
            if child is not None:
                new_kids.append(child)
    if not len(new_kids):
        return None
    copied.K = new_kids
    if target_page is None:
        copied.Pg = _first_page(new_kids)
    _copy_texts(element, copied, mapping)
    return copied


def _first_page(new_kids: Array) -> Any:
    for kid in new_kids:
        if isinstance(kid, Dictionary) and kid.get("/Pg") is not None:
            return kid.Pg
    return None


def _copy_texts(element: Any, copied: Any, mapping: Mapping) -> None:
    for key in _ELEMENT_TEXTS:
        value = element.get(key)
        if isinstance(value, pikepdf.String):
            copied[key] = pikepdf.String(str(value))
    if isinstance(element.get("/ID"), pikepdf.String):
        copied.ID = pikepdf.String(mapping.id_prefix + str(element.ID))
    attributes = element.get("/A")
    owners = attributes if isinstance(attributes, Array) else [attributes]
    kept = Array(kept for owner in owners if isinstance(owner, Dictionary) and len(kept := _attributes(owner, mapping)))
    if len(kept) == 1:
        copied.A = kept[0]
    elif len(kept):
        copied.A = kept


def _attributes(owner: Any, mapping: Mapping) -> Any:
    kept = Dictionary()
    for key, value in owner.items():
        if key not in _ATTRIBUTE_KEYS:
            continue
        if key == "/Headers" and isinstance(value, Array):
            kept[key] = Array(pikepdf.String(mapping.id_prefix + str(item)) for item in value)
        elif isinstance(value, Array):
            kept[key] = Array(_scalar(item) for item in value if _scalar(item) is not None)
        elif _scalar(value) is not None:
            kept[key] = _scalar(value)
    return kept if "/O" in kept and len(kept) > 1 else Dictionary()


def _scalar(value: Any) -> Any:
    if isinstance(value, Name):
        return Name(str(value))
    if isinstance(value, pikepdf.String):
        return pikepdf.String(str(value))
    if isinstance(value, bool | int | float) or type(value).__name__ == "Decimal":
        return value
    return None


# --- the indexes: parent tree, ids -------------------------------------------------------------------


def index(pdf: Pdf) -> None:
    """Write the parent tree (pieces and annotations back to their elements) and the id tree from the tree."""
    items = content_items(pdf)
    write_indexes(pdf, items.mcids, items.annotations, elements(pdf.Root.StructTreeRoot))


def write_indexes(
    pdf: Pdf,
    mcids: dict[tuple[tuple[int, int], int], Any],
    annotations: dict[tuple[int, int], Any],
    tree: Iterable[Any],
) -> None:
    """The parent tree and id tree from what the tree holds, read already: each (page, MCID) and annotation's
    element, and the elements in reading order (papers/render/packs/tagging.py reads them its own way)."""
    root = pdf.Root.StructTreeRoot
    by_page: dict[tuple[int, int], dict[int, Any]] = {}
    for (page_key, mcid), element in mcids.items():
        by_page.setdefault(page_key, {})[mcid] = element
    nums: list[Any] = []
    for number, page in enumerate(pdf.pages):
        mine = by_page.get(page.obj.objgen, {})
        if not mine:
            if "/StructParents" in page.obj:
                del page.obj["/StructParents"]
            continue
        page.obj.StructParents = number
        nums.extend([number, Array(mine.get(mcid) for mcid in range(max(mine) + 1))])
    key = len(pdf.pages)
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            element = annotations.get(annotation.objgen)
            if element is None:
                if "/StructParent" in annotation:
                    del annotation["/StructParent"]
                continue
            annotation.StructParent = key
            nums.extend([key, element])
            key += 1
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = key
    ids = sorted((str(element.ID), element) for element in tree if isinstance(element.get("/ID"), pikepdf.String))
    if ids:
        root.IDTree = pdf.make_indirect(
            Dictionary(Names=Array(item for name, element in ids for item in (pikepdf.String(name), element)))
        )
    elif "/IDTree" in root:
        del root["/IDTree"]


def top_elements(pdf: Pdf) -> list[Any]:
    """The elements a document's tree holds under its root (under its Document element, if it has one)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return []
    top = [kid for kid in kids(root) if is_element(kid)]
    if len(top) == 1 and standard_type(str(top[0].get("/S")), role_map(pdf)) == "/Document":
        return [kid for kid in kids(top[0]) if is_element(kid)]
    return top


def new_tree(pdf: Pdf) -> Any:
    """An empty structure tree with its Document element (replacing any the PDF had); the Document is returned."""
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
    root.K = Array([document])
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    return document


def describe(annotation: Any) -> None:
    """An annotation without a description (/Contents, PDF/UA 7.18.1) gets its link's address, or its kind.

    The published copy drops an annotation's own /Contents (it can hold a note's hidden text,
    papers/content/supplied.py): what it says instead is what the link visibly does.
    """
    if "/Contents" in annotation:
        return
    action = annotation.get("/A")
    address = action.get("/URI") if isinstance(action, Dictionary) else None
    if address is not None:
        annotation.Contents = pikepdf.String(str(address))
    else:
        annotation.Contents = pikepdf.String("Link" if annotation.get("/Subtype") == "/Link" else "Mark on the page")
