"""Our own PDF/UA checks, read back with pikepdf and pypdf (none of papers' code): what the checkers from PyPI
do not test.

- every MCID on every page belongs to exactly one element of the structure tree, and the parent tree says so;
- no text is painted outside marked content, and all of it is tagged content or an artifact;
- running heads, page numbers and "This page is intentionally left blank" are artifacts, never tagged;
- every header cell has a /Scope, no data cell has empty /Headers, and every /Headers id is in the id tree;
- heading levels have no gaps; every list item has its LBody.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pypdf import PdfReader

TEXT = frozenset({"Tj", "TJ", "'", '"'})


def kids(node: Any) -> list[Any]:
    value = node.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def is_element(value: Any) -> bool:
    return isinstance(value, pikepdf.Dictionary) and "/S" in value and value.get("/Type") not in ("/MCR", "/OBJR")


def walk(root: Any) -> Iterator[Any]:
    """Every element of the tree in reading order."""
    for kid in kids(root):
        if is_element(kid):
            yield kid
            yield from walk(kid)


def _number_tree(node: Any) -> dict[int, Any]:
    found = {}
    nums = node.get("/Nums", [])
    for index in range(0, len(nums), 2):
        found[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _name_tree(node: Any) -> dict[str, Any]:
    found = {}
    names = node.get("/Names", [])
    for index in range(0, len(names), 2):
        found[str(names[index])] = names[index + 1]
    for kid in node.get("/Kids", []):
        found.update(_name_tree(kid))
    return found


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    tagged_pieces: int = 0
    artifact_text: dict[int, list[str]] = field(default_factory=dict)  # page -> text painted as artifacts
    tagged_text: dict[int, list[str]] = field(default_factory=dict)  # page -> text painted as tagged content

    def add(self, problem: str) -> None:
        self.problems.append(problem)


def check(path: Path) -> Report:
    report = Report()
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None or not bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)):
            report.add("not tagged")
            return report
        claims = _claims(root, report)
        parents = _number_tree(root.ParentTree)
        for number, page in enumerate(pdf.pages, start=1):
            _check_page(number, page, claims, parents, report)
        _check_tables(root, report)
        _check_headings_and_lists(root, report)
    _read_text(path, report)
    return report


def _claims(root: Any, report: Report) -> dict[tuple[tuple[int, int], int], Any]:
    claims: dict[tuple[tuple[int, int], int], Any] = {}
    counted: Counter[tuple[tuple[int, int], int]] = Counter()
    for element in walk(root):
        page = element.get("/Pg")
        for kid in kids(element):
            if isinstance(kid, int):
                key = (page.objgen, int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                key = (kid.get("/Pg", page).objgen, int(kid.MCID))
            else:
                continue
            claims[key] = element
            counted[key] += 1
    for key, count in counted.items():
        if count > 1:
            report.add(f"MCID {key[1]} is claimed by {count} elements")
    return claims


def _check_page(number: int, page: Any, claims: dict, parents: dict, report: Report) -> None:
    stack: list[str] = []  # "artifact", "tagged" or "other" for each open marked-content sequence
    seen: Counter[int] = Counter()
    mine = {mcid: element for (key, mcid), element in claims.items() if key == page.obj.objgen}
    entry = parents.get(int(page.obj.get("/StructParents", -1)))
    for instruction in pikepdf.parse_content_stream(page):
        operator = str(instruction.operator)
        operands = instruction.operands
        if operator in ("BMC", "BDC"):
            properties = operands[1] if len(operands) == 2 else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            if str(operands[0]) == "/Artifact":
                stack.append("artifact")
            elif mcid is not None:
                seen[int(mcid)] += 1
                stack.append("tagged")
                element = mine.get(int(mcid))
                if element is None:
                    report.add(f"page {number}: MCID {mcid} belongs to no element of the tree")
                elif entry is None or int(mcid) >= len(entry) or entry[int(mcid)].objgen != element.objgen:
                    report.add(f"page {number}: the parent tree does not lead MCID {mcid} to its element")
                else:
                    report.tagged_pieces += 1
            else:
                stack.append("other")
        elif operator == "EMC":
            if stack:
                stack.pop()
        elif operator in TEXT and not {"artifact", "tagged"} & set(stack):
            report.add(f"page {number}: text painted outside tagged content and artifacts")
        elif operator in TEXT and "artifact" in stack and "tagged" in stack:
            report.add(f"page {number}: an artifact inside tagged content")
    for mcid, count in seen.items():
        if count > 1:
            report.add(f"page {number}: MCID {mcid} is used {count} times")
    for mcid in mine:
        if mcid not in seen:
            report.add(f"page {number}: an element claims MCID {mcid}, which the page does not have")


def _check_tables(root: Any, report: Report) -> None:
    ids = _name_tree(root.get("/IDTree", pikepdf.Dictionary()))
    for element in walk(root):
        kind = element.get("/S")
        if kind not in ("/TH", "/TD"):
            continue
        attributes = element.get("/A")
        owners = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
        table = next((o for o in owners if isinstance(o, pikepdf.Dictionary) and o.get("/O") == "/Table"), None)
        table = table if table is not None else pikepdf.Dictionary()
        if kind == "/TH" and table.get("/Scope") not in ("/Row", "/Column", "/Both"):
            report.add("a header cell has no /Scope")
        headers = table.get("/Headers")
        if headers is not None and not len(headers):
            report.add("a data cell has empty /Headers")
        for header in headers or []:
            if str(header) not in ids:
                report.add(f"/Headers names {header}, which the id tree does not have")


def _check_headings_and_lists(root: Any, report: Report) -> None:
    level = 0
    for element in walk(root):
        kind = str(element.get("/S"))
        if re.fullmatch(r"/H[1-6]", kind):
            if int(kind[2]) > level + 1:
                report.add(f"heading level jumps from H{level} to {kind[1:]}")
            level = int(kind[2])
        if kind == "/LI" and not any(is_element(kid) and kid.get("/S") == "/LBody" for kid in kids(element)):
            report.add("a list item has no LBody")


def _read_text(path: Path, report: Report) -> None:
    """Text pieces painted in artifacts and in tagged content, page by page (pypdf decodes the fonts)."""
    for number, page in enumerate(PdfReader(path).pages, start=1):
        report.artifact_text[number], report.tagged_text[number] = _page_text(page)


def _page_text(page: Any) -> tuple[list[str], list[str]]:
    stack: list[str] = []
    artifact: list[str] = []
    tagged: list[str] = []

    def before(operator: bytes, operands: list, *_: Any) -> None:
        if operator in (b"BMC", b"BDC"):
            stack.append("artifact" if str(operands[0]) == "/Artifact" else "other")
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(piece: str, *_: Any) -> None:
        if piece.strip():
            (artifact if "artifact" in stack else tagged).append(piece)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return artifact, tagged
