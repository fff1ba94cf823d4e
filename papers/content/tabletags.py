"""Table tags made whole (PDF/UA-1 7.5): header cells say what they head, data cells name real headers.

WeasyPrint drops `scope` and writes empty `/Headers`; a supplied PDF may have either gap. Used for
supplied PDFs' published copies (supplied.py) and for packs (papers/render/packs/tagging.py).
"""

from __future__ import annotations

from typing import Any

from pikepdf import Array, Dictionary, Name, Pdf

from papers.content.structure import elements, is_element, kids


def repair_tables(pdf: Pdf) -> None:
    """Header cells say what they head (`/Scope`); data cells lose empty `/Headers` (PDF/UA 7.5)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    for table in [element for element in elements(root) if element.get("/S") == "/Table"]:
        rows = _rows(table)
        referenced: dict[str, set[int]] = {}
        for number, (_, cells) in enumerate(rows):
            for cell in cells:
                table_attributes = _table_attributes(cell, create=False)
                headers = table_attributes.get("/Headers") if table_attributes is not None else None
                if isinstance(headers, Array) and not len(headers) and table_attributes is not None:
                    del table_attributes["/Headers"]
                elif isinstance(headers, Array) and cell.get("/S") == "/TD":
                    for header in headers:
                        referenced.setdefault(str(header), set()).add(number)
        for number, (in_head, cells) in enumerate(rows):
            for cell in cells:
                if cell.get("/S") == "/TH":
                    _set_scope(cell, number, in_head, cells, referenced)


def _set_scope(cell: Any, row: int, in_head: bool, cells: list[Any], referenced: dict) -> None:
    attributes = _table_attributes(cell, create=True)
    assert attributes is not None
    if "/Scope" in attributes:
        return
    rows = referenced.get(str(cell.get("/ID", "")), set())
    if rows:
        scope = "/Both" if row in rows and rows - {row} else "/Row" if row in rows else "/Column"
    else:  # nothing refers to it: by where it is
        data_beside = any(other.get("/S") == "/TD" for other in cells)
        scope = "/Row" if data_beside and not in_head and cells and cells[0] is cell else "/Column"
    attributes.Scope = Name(scope)


def _rows(table: Any) -> list[tuple[bool, list[Any]]]:
    """Each row of a table (in its head or not) with its cells, through THead, TBody and TFoot."""
    rows: list[tuple[bool, list[Any]]] = []

    def visit(node: Any, in_head: bool) -> None:
        for kid in kids(node):
            if not is_element(kid):
                continue
            kind = kid.get("/S")
            if kind == "/TR":
                rows.append(
                    (in_head, [cell for cell in kids(kid) if is_element(cell) and cell.get("/S") in ("/TH", "/TD")])
                )
            elif kind in ("/THead", "/TBody", "/TFoot"):
                visit(kid, in_head or kind == "/THead")

    visit(table, False)
    return rows


def _table_attributes(cell: Any, *, create: bool) -> Any | None:
    attributes = cell.get("/A")
    owners = list(attributes) if isinstance(attributes, Array) else [attributes] if attributes is not None else []
    for owner in owners:
        if isinstance(owner, Dictionary) and owner.get("/O") == "/Table":
            return owner
    if not create:
        return None
    owner = Dictionary(O=Name.Table)
    if attributes is None:
        cell.A = owner
    elif isinstance(attributes, Array):
        attributes.append(owner)
    else:
        cell.A = Array([attributes, owner])
    return owner
