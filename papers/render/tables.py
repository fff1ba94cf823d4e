"""Tables in rendered papers: HTML tables brought into the Markdown tree, header rows, scrolling and orientation.

Every table, pipe or HTML, ends up the same way:
- rows made only of header cells at the top of an HTML table are its header (`<thead>`), and a pipe
  table whose header row is empty has none (clerks write `|  |  |` for a table without headings), so
  the header repeats on every printed page and no empty grey bar is printed;
- it is wrapped in one focusable, labelled `.table-scroll` region that scrolls sideways on a phone;
- the region carries the table's orientation in the agenda packs: `landscape` (pages of its own,
  turned) or `portrait` (the paper's own pages; `scaled` when a wide table is kept there). A table of
  WIDE_COLUMNS columns or more is landscape unless a `{.portrait}` line above it says otherwise.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from markdown.util import AtomicString

from papers.content.htmltables import VOID_TAGS

WIDE_COLUMNS = 6


def element_from_html(html: str) -> ET.Element:
    """The sanitised table (papers/content/htmltables.py `sanitise`) as an element. Its text is kept as
    written: no Markdown inside an HTML table."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    table = next((child for child in builder.root if child.tag == "table"), None)
    return table if table is not None else ET.Element("table")


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("div")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = ET.SubElement(self.stack[-1], tag, {name: value or "" for name, value in attrs})
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ET.SubElement(self.stack[-1], tag, {name: value or "" for name, value in attrs})

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = AtomicString((parent[-1].tail or "") + data)
        else:
            parent.text = AtomicString((parent.text or "") + data)


def shape_header(table: ET.Element) -> None:
    """Header-only rows at the top become the `<thead>`; an empty header row is removed."""
    head = table.find("thead")
    if head is not None:
        if not any(_text_or_children(cell) for cell in head.iter() if cell.tag in ("th", "td")):
            table.remove(head)
        return
    body = table.find("tbody")
    rows = list(body if body is not None else table)
    header = []
    for row in rows:
        cells = [cell for cell in row if cell.tag in ("th", "td")]
        if row.tag != "tr" or not cells or any(cell.tag != "th" for cell in cells):
            break
        header.append(row)
    if not header or len(header) == len([row for row in rows if row.tag == "tr"]):
        return  # a table of header cells only keeps them where they are
    head = ET.Element("thead")
    container = body if body is not None else table
    for row in header:
        container.remove(row)
        head.append(row)
    position = list(table).index(body) if body is not None else _first_row(table)
    table.insert(position, head)


def _first_row(table: ET.Element) -> int:
    return next((index for index, child in enumerate(table) if child.tag == "tr"), len(table))


def _text_or_children(cell: ET.Element) -> bool:
    return bool(len(cell)) or bool((cell.text or "").strip())


def columns(table: ET.Element) -> int:
    """The number of columns: the widest row, counting spans."""
    widest = 0
    for row in table.iter("tr"):
        widest = max(widest, sum(_span(cell) for cell in row if cell.tag in ("th", "td")))
    return widest


def _span(cell: ET.Element) -> int:
    value = cell.get("colspan", "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def wrap(table: ET.Element, label: str, orientation: str | None) -> ET.Element:
    """The table inside its scrolling region, named for screen readers, with its print orientation."""
    wide = columns(table) >= WIDE_COLUMNS
    chosen = orientation or ("landscape" if wide else "portrait")
    classes = ["table-scroll", chosen] + (["scaled"] if chosen == "portrait" and wide else [])
    heads = [" ".join("".join(cell.itertext()).split()) for cell in table.iter("th")][:3]
    if any(heads):
        label += ": " + ", ".join(head for head in heads if head)
    wrapper = ET.Element(
        "div",
        {"class": " ".join(classes), "role": "region", "tabindex": "0", "aria-label": label + " (scrolls sideways)"},
    )
    wrapper.append(table)
    return wrapper
