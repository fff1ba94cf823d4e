"""Supplied PDF appendices laid into a pack's reserved pages (pikepdf), with their tags.

WeasyPrint leaves an empty page for each page of a supplied PDF, with our running
head and page number. Each supplied page is drawn under it, scaled to fit inside
the margins: its content is copied into the page's own content (resources renamed,
never shared), its marked-content ids numbered after the page's own, and its
annotations moved with it. Its tags (the published copy's, papers/content/supplied.py)
are grafted into the pack's tree under the paper's section, so its text is read
where it is printed. A supplied PDF whose tags do not hold all its text (W315) is
shown instead as one figure per page, described by the appendix's heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, Pdf

from papers.content import structure

MARGIN = 62.0  # 22 mm: inside the running head and the page number
_RESOURCES = {  # operator -> (resource category, index of its operand that names one)
    "Tf": ("/Font", 0),
    "Do": ("/XObject", 0),
    "gs": ("/ExtGState", 0),
    "cs": ("/ColorSpace", 0),
    "CS": ("/ColorSpace", 0),
    "scn": ("/Pattern", -1),
    "SCN": ("/Pattern", -1),
    "sh": ("/Shading", 0),
    "BDC": ("/Properties", 1),
    "DP": ("/Properties", 1),
}
_PATH_START = frozenset({"m", "re"})
_PATH_END = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})
_PAINT_ALONE = frozenset({"Do", "sh", "INLINE IMAGE"})


@dataclass(frozen=True)
class Supplied:
    start: int  # the index of the first page reserved for it in the pack
    data: bytes  # its published copy: its pages alone, with its tags when they hold all its text
    heading: str  # "Appendix 2: Key stages ..."


def lay(pdf: Pdf, source: Pdf, item: Supplied, prefix: str) -> None:
    """Lay `source` (item's published copy, kept open until `pdf` is saved) into its reserved pages."""
    tagged = structure.text_outside_tags(source)[0] == 0
    section = _section(pdf, pdf.pages[item.start].obj)
    pages: dict[tuple[int, int], Any] = {}
    offsets: dict[tuple[int, int], int] = {}
    moved: list[tuple[Any, Any]] = []  # (source annotation, its copy)
    extra: list[Any] = []
    for number, page in enumerate(source.pages):
        target = pdf.pages[item.start + number]
        first = _next_mcid(target)
        pages[page.obj.objgen], offsets[page.obj.objgen] = target.obj, first
        operations = _renamed(source, page, target, pdf, f"{prefix}p{number}")
        matrix, box = _placement(target.obj, page.obj)
        if tagged:
            operations = _as_artifacts_where_untagged(_shifted(operations, first))
        else:
            operations = _as_figure(operations, first)
            extra.append(_figure(pdf, section, target.obj, first, box, item, number, len(source.pages)))
        drawn = [([], Operator("q")), (matrix, Operator("cm")), *operations, ([], Operator("Q"))]
        target.contents_add(pdf.make_stream(pikepdf.unparse_content_stream(drawn)), prepend=True)
        moved += _move_annotations(source, page, target, pdf, matrix)
    annotations = {source.objgen: copied for source, copied in moved if source.is_indirect}
    grafted: list[Any] = []
    if tagged:
        mapping = structure.Mapping(
            pdf,
            pages.get,
            lambda page_key, mcid: offsets[page_key] + mcid,
            annotations.get,
            structure.role_map(source),
            f"{prefix}-",
        )
        grafted = [
            copied
            for element in structure.top_elements(source)
            if (copied := structure.copy_element(element, section, mapping)) is not None
        ]
    claimed = {kid.Obj.objgen for element in grafted for kid in _objrs(element)}
    extra += [_link(pdf, section, copied) for _, copied in moved if copied.objgen not in claimed]
    section.K = Array([*structure.kids(section), *grafted, *extra])


def _section(pdf: Pdf, page: Any) -> Any:
    """The paper's section on the first reserved page (the Document element if a template has none)."""
    root = pdf.Root.StructTreeRoot
    for element in structure.elements(root):
        if element.get("/S") == "/Sect" and element.get("/Pg") is not None and element.Pg.objgen == page.objgen:
            return element
    return structure.kids(root)[0]


def _next_mcid(page: pikepdf.Page) -> int:
    used = [
        mcid
        for operands, operator in structure.operations(page)
        if str(operator) == "BDC" and (mcid := structure.marked_id(operands)) is not None
    ]
    return max(used, default=-1) + 1


def _renamed(source: Pdf, page: pikepdf.Page, target: pikepdf.Page, pdf: Pdf, prefix: str) -> list[Any]:
    """The source page's operations, the resources they name copied into the target page under new names."""
    resources = page.obj.get("/Resources", Dictionary())
    names: dict[tuple[str, str], Name] = {}
    if "/Resources" not in target.obj:
        target.obj.Resources = Dictionary()
    for category, entries in resources.items():
        if not isinstance(entries, Dictionary):
            continue
        if category not in target.obj.Resources:
            target.obj.Resources[category] = Dictionary()
        into = target.obj.Resources[category]
        for name, value in entries.items():
            new = Name(f"/{prefix}{name[1:]}")
            into[new] = pdf.copy_foreign(value if value.is_indirect else source.make_indirect(value))
            names[(category, name)] = new
    operations = []
    for operands, operator in structure.operations(page):
        rule = _RESOURCES.get(str(operator))
        if rule is not None and operands and isinstance(operands[rule[1]], Name):
            renamed = names.get((rule[0], str(operands[rule[1]])))
            if renamed is not None:
                operands = list(operands)
                operands[rule[1]] = renamed
        operations.append((operands, operator))
    return operations


def _placement(target: Any, source: Any) -> tuple[list[float], list[float]]:
    """The matrix that scales the source page into the target's margins, centred; and the box it fills."""
    width, height = _size(target.MediaBox)
    source_box = [float(value) for value in source.MediaBox]
    source_width, source_height = _size(source.MediaBox)
    scale = min((width - 2 * MARGIN) / source_width, (height - 2 * MARGIN) / source_height, 1.0)
    x = (width - source_width * scale) / 2 - source_box[0] * scale
    y = (height - source_height * scale) / 2 - source_box[1] * scale
    box = [x + source_box[0] * scale, y + source_box[1] * scale]
    box += [box[0] + source_width * scale, box[1] + source_height * scale]
    return [scale, 0.0, 0.0, scale, x, y], [round(value, 3) for value in box]


def _size(box: Any) -> tuple[float, float]:
    values = [float(value) for value in box]
    return values[2] - values[0], values[3] - values[1]


def _shifted(operations: list[Any], first: int) -> list[Any]:
    for operands, operator in operations:
        if str(operator) == "BDC" and (mcid := structure.marked_id(operands)) is not None:
            operands[1].MCID = first + mcid
    return operations


def _as_artifacts_where_untagged(operations: list[Any]) -> list[Any]:
    """Paths and images that no marked content holds (lines, backgrounds) become artifacts (PDF/UA 7.1)."""
    result: list[Any] = []
    depth, open_path = 0, False
    begin = ([Name.Artifact], Operator("BMC"))
    end: tuple[list[Any], Operator] = ([], Operator("EMC"))
    for operands, operator in operations:
        name = str(operator)
        if depth == 0 and not open_path and name in _PATH_START:
            result.append(begin)
            open_path = True
        elif depth == 0 and not open_path and name in _PAINT_ALONE:
            result += [begin, (operands, operator), end]
            continue
        result.append((operands, operator))
        if name in ("BMC", "BDC"):
            depth += 1
        elif name == "EMC":
            depth = max(0, depth - 1)
        elif open_path and name in _PATH_END:
            result.append(end)
            open_path = False
    if open_path:
        result.append(end)
    return result


def _as_figure(operations: list[Any], mcid: int) -> list[Any]:
    """All of a page's content as one figure: its own marks (other than optional content) left out."""
    result: list[Any] = [([Name.Figure, Dictionary(MCID=mcid)], Operator("BDC"))]
    kept: list[bool] = []
    for operands, operator in operations:
        name = str(operator)
        if name in ("BMC", "BDC"):
            kept.append(name == "BDC" and str(operands[0]) == "/OC")
            if not kept[-1]:
                continue
        elif name == "EMC":
            if not (kept.pop() if kept else False):
                continue
        elif name in ("MP", "DP"):
            continue
        result.append((operands, operator))
    result += [([], Operator("EMC"))] * (1 + sum(kept))
    return result


def _figure(
    pdf: Pdf, section: Any, page: Any, mcid: int, box: list[float], item: Supplied, number: int, of: int
) -> Any:
    alt = (
        f"{item.heading}, page {number + 1} of {of}: a page of a supplied document whose text is not tagged "
        "for assistive technology, shown as it was supplied."
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Figure,
            P=section,
            Pg=page,
            K=Array([mcid]),
            Alt=pikepdf.String(alt),
            A=Dictionary(O=Name.Layout, BBox=Array([Decimal(str(value)) for value in box])),
        )
    )


def _move_annotations(
    source: Pdf, page: pikepdf.Page, target: pikepdf.Page, pdf: Pdf, matrix: list[float]
) -> list[tuple[Any, Any]]:
    """The source page's annotations, copied onto the target page where its content now is."""
    moved = []
    scale, x, y = matrix[0], matrix[4], matrix[5]
    if "/Annots" not in target.obj:
        target.obj.Annots = Array()
    annotations = target.obj.Annots
    for annotation in page.obj.get("/Annots", ()):
        copy = Dictionary(
            {key: value for key, value in annotation.items() if key not in ("/P", "/Parent", "/Popup", "/StructParent")}
        )
        copied = pdf.copy_foreign(source.make_indirect(copy))
        rect = [float(value) for value in annotation.get("/Rect", [0, 0, 0, 0])]
        copied.Rect = Array([Decimal(str(round(v * scale + (x if i % 2 == 0 else y), 3))) for i, v in enumerate(rect)])
        if "/QuadPoints" in copied:
            points = [float(value) for value in copied.QuadPoints]
            copied.QuadPoints = Array(
                [Decimal(str(round(v * scale + (x if i % 2 == 0 else y), 3))) for i, v in enumerate(points)]
            )
        copied.P = target.obj
        structure.describe(copied)
        annotations.append(copied)
        moved.append((annotation, copied))
    target.obj.Tabs = Name.S
    return moved


def _objrs(element: Any) -> list[Any]:
    found = [kid for kid in structure.kids(element) if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR"]
    for child in structure.kids(element):
        if structure.is_element(child):
            found += _objrs(child)
    return found


def _link(pdf: Pdf, section: Any, annotation: Any) -> Any:
    """An annotation the supplied tags do not hold: a Link (or Annot) element of its own, described."""
    is_link = annotation.get("/Subtype") == "/Link"
    reference = pdf.make_indirect(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=annotation.P))
    return pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Link if is_link else Name.Annot,
            P=section,
            Pg=annotation.P,
            K=Array([reference]),
            Alt=pikepdf.String(str(annotation.Contents)),
        )
    )
