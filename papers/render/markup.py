"""Clerks' Markdown to safe HTML fragments.

We render paper bodies ourselves (not through MkDocs) so that:
- raw HTML in content is shown as text, never passed through (it could hide
  content or run script);
- HTML comments are clerks' drafting notes: they are removed, never published
  (an unclosed one runs to the end of the text, as it would in a browser);
- links and images may only use http(s), mailto, tel or relative addresses;
  relative ones are rewritten to where the attached file is published;
- numbered paragraphs ("1.1 The purpose ...") get an anchor (`#para-1-1`);
- tables are wrapped in a keyboard-scrollable region so wide tables scroll on
  a phone instead of overflowing the page.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor

from papers.content.fieldtypes import strip_comments

_PARA_NUMBER = re.compile(r"^(\d+(?:\.\d+)+)\s+")
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")

# (target as written, "href" or "src") -> the address to publish, or None to drop the link.
LinkResolver = Callable[[str, str], str | None]


class _PaperTree(Treeprocessor):
    def __init__(self, md: markdown.Markdown, extension: _PaperExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        self.resolve_link, self.id_prefix = self.extension.resolve_link, self.extension.id_prefix
        self.tables = 0
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    self.wrap_table(parent, index, child)
        for element in root.iter():
            for attribute in ("href", "src"):
                if attribute in element.attrib:
                    self.check_link(element, attribute)
            if element.tag == "p":
                self.number_paragraph(element)

    def wrap_table(self, parent: ET.Element, index: int, table: ET.Element) -> None:
        # Each scrolling region is a landmark, so each needs its own name (WCAG 1.3.1, 4.1.2).
        self.tables += 1
        columns = [" ".join("".join(cell.itertext()).split()) for cell in table.iter("th")][:3]
        label = f"{self.id_prefix.rstrip('-').capitalize() or 'Table'} table {self.tables}"
        if any(columns):
            label += ": " + ", ".join(column for column in columns if column)
        wrapper = ET.Element(
            "div",
            {"class": "table-scroll", "role": "region", "tabindex": "0", "aria-label": label + " (scrolls sideways)"},
        )
        parent.remove(table)
        wrapper.append(table)
        parent.insert(index, wrapper)

    def check_link(self, element: ET.Element, attribute: str) -> None:
        target = element.attrib[attribute].strip()
        if target.startswith("#") or target.lower().startswith(_SAFE_SCHEMES):
            return
        if ":" in target.split("/")[0]:  # javascript:, data:, file: ...
            del element.attrib[attribute]
            return
        resolved = self.resolve_link(target, attribute)
        if resolved is None:
            del element.attrib[attribute]
        else:
            element.attrib[attribute] = resolved

    def number_paragraph(self, paragraph: ET.Element) -> None:
        match = _PARA_NUMBER.match(paragraph.text or "")
        if not match:
            return
        number = match.group(1)
        paragraph.attrib["id"] = f"{self.id_prefix}para-{number.replace('.', '-')}"
        paragraph.attrib["class"] = "numbered"
        span = ET.Element("span", {"class": "para-number"})
        span.text = number
        span.tail = " " + (paragraph.text or "")[match.end() :]
        paragraph.text = None
        paragraph.insert(0, span)


class _PaperExtension(Extension):
    """Our tree processor; the link resolver and id prefix are set for each fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.resolve_link: LinkResolver = _no_links
        self.id_prefix = ""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_PaperTree(md, self), "paper", 0)


def _no_links(target: str, attribute: str) -> None:
    return None


_local = threading.local()


def _converter() -> tuple[markdown.Markdown, _PaperExtension, FootnoteExtension]:
    """One Markdown instance per thread, reset for each fragment: building one costs more than converting."""
    if not hasattr(_local, "converter"):
        paper, footnotes = _PaperExtension(), FootnoteExtension(UNIQUE_IDS=True)
        md = markdown.Markdown(extensions=["tables", footnotes, "sane_lists", paper])
        md.stripTopLevelTags = True
        _local.converter = (md, paper, footnotes)
    return _local.converter


def render(
    text: str | None,
    resolve_link: LinkResolver = _no_links,
    *,
    id_prefix: str = "",
    top_level: int = 2,
    fragment: int = 1,
) -> str:
    """HTML for a Markdown fragment whose headings sit under a heading of level `top_level - 1`.

    `fragment` numbers the fragments of one page, so footnote ids stay unique on the page and
    the same on every build.
    """
    if not text:
        return ""
    md, paper, footnotes = _converter()
    md.reset()
    paper.resolve_link, paper.id_prefix = resolve_link, id_prefix
    footnotes.unique_prefix = fragment
    html = md.convert(strip_comments(text))
    return _relevel_headings(html, top_level)


def _relevel_headings(html: str, top_level: int) -> str:
    """The fragment's highest heading becomes `top_level` and no level is skipped (WCAG 1.3.1).

    Clerks write `#` or `##` or `###` for a report's first heading; the page decides where it sits.
    Raw HTML is escaped before this runs, so every `<hN` here is a heading Markdown made.
    """
    used = sorted({int(level) for level in re.findall(r"<h([1-6])[\s>]", html)})
    mapping = {level: min(top_level + rank, 6) for rank, level in enumerate(used)}
    return re.sub(r"<(/?)h([1-6])", lambda match: f"<{match.group(1)}h{mapping[int(match.group(2))]}", html)


def inline(text: str | None) -> str:
    """HTML for a one-line fragment (a resolution, a title) without the wrapping <p>."""
    html = render(text, top_level=1)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
