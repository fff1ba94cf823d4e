"""Clerks' Markdown to safe HTML fragments, printed as the clerk wrote it.

We render paper bodies ourselves (not through MkDocs) so that:
- numbers are printed as written: a numbered list keeps each item's own number (`5.` after `3.` prints
  5, not 4) as text, so the web page, its copy and paste, and the PDF agree; a footnote prints its
  own label (`[^29]` prints 29, even when a note is missing), and in print has no back-link glyph;
- raw HTML in content is shown as text, never passed through (it could hide content or run script),
  except a table written in HTML, which is kept to a safe subset by the sanitiser
  (papers/content/htmltables.py) and then laid out like any other table (papers/render/tables.py);
- HTML comments are clerks' drafting notes: they are removed, never published (an unclosed one runs
  to the end of the text, as it would in a browser);
- links and images may only use http(s), mailto, tel or relative addresses; relative ones are
  rewritten to where the attached file is published;
- numbered paragraphs ("1.1 The purpose ...") get an anchor (`#para-1-1`);
- in a paragraph that begins RESOLVED, each lettered part starts a new line
  (papers/content/resolutions.py);
- tables are wrapped in a keyboard-scrollable region so wide tables scroll on a phone instead of
  overflowing the page, and carry their print orientation.
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, FootnoteExtension, FootnoteInlineProcessor
from markdown.extensions.sane_lists import SaneOListProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from papers.content.fieldtypes import strip_comments
from papers.content.htmltables import html_tables, orientation_of, sanitise, starts_table
from papers.content.resolutions import resolutions_in
from papers.render import tables

_PARA_NUMBER = re.compile(r"^(\d+(?:\.\d+)+)\s+")
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(\d+)\.[ ]+")

# (target as written, "href" or "src") -> the address to publish, or None to drop the link.
LinkResolver = Callable[[str, str], str | None]


class _Lines(Preprocessor):
    """HTML tables and orientation lines become placeholders (blocks of their own) for _Placeholders; the
    lettered parts of a RESOLVED paragraph end the line before them."""

    def __init__(self, md: markdown.Markdown, extension: _PaperExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        lines = self.break_resolution_parts(lines)
        blocks = {block.first: block for block in html_tables(lines)}
        result: list[str] = []
        index = 0
        while index < len(lines):
            block = blocks.get(index)
            orientation = orientation_of(lines[index])
            if block is not None and block.closed:
                result += ["", self.extension.placeholder("table", sanitise(block.html)), ""]
                if block.rest.strip():
                    result.append(block.rest)
                index = block.last + 1
                continue
            if orientation and starts_table(lines, index + 1) and not (result and result[-1].strip()):
                result += ["", self.extension.placeholder("orientation", orientation), ""]
            else:
                result.append(lines[index])
            index += 1
        return result

    @staticmethod
    def break_resolution_parts(lines: list[str]) -> list[str]:
        lines = list(lines)
        for resolution in resolutions_in("\n".join(lines)):
            for start in resolution.part_lines:
                previous = lines[start - 1] if start > 0 else ""
                if previous.strip() and not previous.endswith("  "):
                    lines[start - 1] = previous.rstrip() + "  "  # a hard line break (Markdown)
        return lines


class _Placeholders(BlockProcessor):
    """A placeholder block becomes its table, or an orientation mark for the table after it."""

    def __init__(self, parser: markdown.blockparser.BlockParser, extension: _PaperExtension) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: ET.Element, block: str) -> bool:
        return self.extension.placeheld(block) is not None

    def run(self, parent: ET.Element, blocks: list[str]) -> None:
        kind, value = self.extension.placeheld(blocks.pop(0)) or ("", "")
        if kind == "table":
            parent.append(tables.element_from_html(value))
        else:
            ET.SubElement(parent, _ORIENTATION_MARK, {"orientation": value})


_ORIENTATION_MARK = "papers-orientation"
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _NumberedList(SaneOListProcessor):
    """An ordered list whose items keep the numbers they were written with (`value` on each item)."""

    def run(self, parent: ET.Element, blocks: list[str]) -> None:
        numbers = [match.group(1) for line in blocks[0].split("\n") if (match := _LIST_ITEM.match(line))]
        super().run(parent, blocks)
        listed = parent if parent.tag in ("ol", "ul") else self.lastChild(parent)
        if listed is None or listed.tag != "ol":
            return
        listed.set("class", "as-written")
        items = [child for child in listed if child.tag == "li"]
        for item, number in zip(items[len(items) - len(numbers) :], numbers, strict=False):
            item.set("value", str(int(number)))
            item.set("data-number", number)


class _FootnoteMark(FootnoteInlineProcessor):
    """`[^7]` prints 7, the label as written; a mark whose note is missing still prints (check warns)."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[ET.Element | None, int | None, int | None]:
        label = m.group(1)
        element, start, end = super().handleMatch(m, data)
        if element is None:
            element = ET.Element("sup", {"class": "footnote-missing"})
            element.text = label
            return element, m.start(0), m.end(0)
        element[0].text = label
        return element, start, end


class _Footnotes(FootnoteExtension):
    """Footnotes listed with the labels the clerk wrote, in the order written; back-links on the web only."""

    def __init__(self) -> None:
        super().__init__(UNIQUE_IDS=True)
        self.backlinks = True

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        md.inlinePatterns.register(_FootnoteMark(r"\[\^([^\]]*)\]", self), "footnote", 175)

    def makeFootnotesDiv(self, root: ET.Element) -> ET.Element | None:
        if not self.footnotes:
            return None
        div = ET.Element("div", {"class": "footnote"})
        ET.SubElement(div, "hr")
        listed = ET.SubElement(div, "ol", {"class": "footnotes-as-written"})
        surrogate = ET.Element("div")
        for label, text in self.footnotes.items():
            item = ET.SubElement(listed, "li", {"id": self.makeFootnoteId(label)})
            self.parser.parseChunk(surrogate, text)
            for element in list(surrogate):
                item.append(element)
                surrogate.remove(element)
            mark = ET.Element("span", {"class": "footnote-label"})
            mark.text = label
            _prefix(item, mark)
            if self.backlinks:
                backlink = ET.Element(
                    "a",
                    {
                        "href": "#" + self.makeFootnoteRefId(label),
                        "class": "footnote-backref",
                        "title": f"Back to footnote {label} in the text",
                    },
                )
                backlink.text = FN_BACKLINK_TEXT
                last = item[-1] if len(item) and item[-1].tag == "p" else ET.SubElement(item, "p")
                last.append(backlink)
        return div


def _prefix(item: ET.Element, mark: ET.Element) -> None:
    """Put `mark` (a number as written) at the start of a list item's first line, followed by a space."""
    holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() else item
    mark.tail = " " + (holder.text or "").lstrip() if (holder.text or "").strip() else " "
    holder.text = None
    holder.insert(0, mark)


class _PaperTree(Treeprocessor):
    def __init__(self, md: markdown.Markdown, extension: _PaperExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        self.resolve_link, self.id_prefix = self.extension.resolve_link, self.extension.id_prefix
        self.tables = 0
        self.shape(root)
        for element in root.iter():
            for attribute in ("href", "src"):
                if attribute in element.attrib:
                    self.check_link(element, attribute)
            if element.tag == "p":
                self.number_paragraph(element)
            elif element.tag == "ol" and element.get("class") == "as-written":
                self.number_items(element)

    def shape(self, parent: ET.Element) -> None:
        """Wrap each outermost table (with the orientation written above it); put back an orientation line
        that has no table after it, as the text it was."""
        children = list(parent)
        for index, child in enumerate(children):
            if child.tag == _ORIENTATION_MARK:
                following = children[index + 1] if index + 1 < len(children) else None
                if following is not None and following.tag == "table":
                    following.set(_ORIENTATION_MARK, child.get("orientation", ""))
                    parent.remove(child)
                else:
                    child.tag, child.text = "p", "{." + child.attrib.pop("orientation", "") + "}"
            elif child.tag == "table":
                self.wrap_table(parent, child)
            else:
                self.shape(child)

    def wrap_table(self, parent: ET.Element, table: ET.Element) -> None:
        # Each scrolling region is a landmark, so each needs its own name (WCAG 1.3.1, 4.1.2).
        self.tables += 1
        tables.shape_header(table)
        orientation = table.attrib.pop(_ORIENTATION_MARK, None)
        label = f"{self.id_prefix.rstrip('-').capitalize() or 'Table'} table {self.tables}"
        index = list(parent).index(table)
        parent.remove(table)
        wrapper = tables.wrap(table, label, orientation)
        before = parent[index - 1] if index > 0 else None
        if "landscape" in wrapper.get("class", "").split() and before is not None and before.tag in _HEADINGS:
            # The heading goes onto the table's landscape page, not alone at the foot of a portrait one.
            parent.remove(before)
            group = ET.Element("div", {"class": "landscape-pages"})
            group.extend([before, wrapper])
            parent.insert(index - 1, group)
        else:
            parent.insert(index, wrapper)

    def check_link(self, element: ET.Element, attribute: str) -> None:
        target = element.attrib[attribute].strip()
        if markdown.util.AMP_SUBSTITUTE in target:
            # An e-mail autolink (`<name@example.org>`): Python-Markdown writes its address as character
            # references (`&#109;&#97;...`), which read as no address at all and lost the link its href.
            target = html.unescape(target.replace(markdown.util.AMP_SUBSTITUTE, "&")).strip()
            element.attrib[attribute] = target
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

    @staticmethod
    def number_items(listed: ET.Element) -> None:
        """Each item's number as written, printed as its text (the list's own markers are hidden by CSS)."""
        for item in listed:
            number = item.attrib.pop("data-number", None)
            if item.tag == "li" and number is not None:
                mark = ET.Element("span", {"class": "list-number"})
                mark.text = number + "."
                _prefix(item, mark)


# A placeholder of any fragment; `placeheld` takes only this fragment's (its nonce). One pattern for all: a
# pattern per fragment cost more to compile than the fragment to convert.
_PLACEHOLDER = re.compile(r"\ue000papers-([0-9a-f]{16})-(\d+)\ue001")


class _PaperExtension(Extension):
    """Our processors; the link resolver and id prefix are set for each fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.resolve_link: LinkResolver = _no_links
        self.id_prefix = ""
        self.held: list[tuple[str, str]] = []
        self.nonce = ""

    def reset(self) -> None:
        # A fresh mark for each fragment: text that copies a placeholder cannot name another's table.
        self.held, self.nonce = [], secrets.token_hex(8)

    def placeholder(self, kind: str, value: str) -> str:
        self.held.append((kind, value))
        return f"\ue000papers-{self.nonce}-{len(self.held) - 1}\ue001"

    def placeheld(self, block: str) -> tuple[str, str] | None:
        match = _PLACEHOLDER.fullmatch(block.strip())
        if match is None or not self.nonce or match.group(1) != self.nonce:
            return None
        return self.held[int(match.group(2))]

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.preprocessors.register(_Lines(md, self), "paper-lines", 25)
        md.parser.blockprocessors.register(_Placeholders(md.parser, self), "paper-placeholders", 95)
        md.parser.blockprocessors.register(_NumberedList(md.parser), "olist", 40)
        md.treeprocessors.register(_PaperTree(md, self), "paper", 0)


def _no_links(target: str, attribute: str) -> None:
    return None


_local = threading.local()


def _converter() -> tuple[markdown.Markdown, _PaperExtension, _Footnotes]:
    """One Markdown instance per thread, reset for each fragment: building one costs more than converting."""
    if not hasattr(_local, "converter"):
        paper, footnotes = _PaperExtension(), _Footnotes()
        md = markdown.Markdown(extensions=["tables", footnotes, "sane_lists", paper])
        md.stripTopLevelTags = True
        patterns = md.inlinePatterns
        if len(patterns) == len(_INLINE_PATTERNS) and all(name in patterns for name in _INLINE_PATTERNS):
            md.treeprocessors.register(_QuickInline(md), "inline", 20)
        _local.converter = (md, paper, footnotes)
    return _local.converter


# The inline patterns of our converter, and a character (or the two spaces of a line break) that each needs
# in the text to match: a text with none of them is left as it is by every one of them.
_INLINE_PATTERNS = frozenset(
    {"backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference", "short_reference"}
    | {"short_image_ref", "autolink", "automail", "linebreak", "entity", "em_strong"}
)
_INLINE_NEEDS = re.compile(r"[`\\\[<&*_]|  \n")


class _QuickInline(markdown.treeprocessors.InlineProcessor):
    """Markdown's inline processor, which tries each of its patterns on each text of the tree in turn, but
    returns at once a text none of them can match (most of a report's paragraphs). Installed only when the
    patterns are exactly those `_INLINE_NEEDS` was written for; tests/test_markup_safety.py compares its
    HTML with the plain processor's."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if patternIndex == 0 and not _INLINE_NEEDS.search(data):
            return data
        handled: str = super()._InlineProcessor__handleInline(data, patternIndex)
        return handled


def render(
    text: str | None,
    resolve_link: LinkResolver = _no_links,
    *,
    id_prefix: str = "",
    top_level: int = 2,
    fragment: int = 1,
    for_print: bool = False,
) -> str:
    """HTML for a Markdown fragment whose headings sit under a heading of level `top_level - 1`.

    `fragment` numbers the fragments of one page, so footnote ids stay unique on the page and
    the same on every build. `for_print` leaves out what only works on screen (footnote back-links).
    """
    if not text:
        return ""
    memo: Memo | None = getattr(_local, "memo", None)
    if memo is None:
        return _convert(text, resolve_link, id_prefix, top_level, fragment, for_print)
    key = hashlib.sha256(repr((text, id_prefix, top_level, fragment, for_print)).encode("utf-8")).digest()
    remembered = memo.get(key)
    if remembered is not None and all(
        resolve_link(target, attribute) == answer for target, attribute, answer in remembered[1]
    ):
        memo.kept[key] = remembered
        return remembered[0]
    asked: list[tuple[str, str, str | None]] = []

    def recorded(target: str, attribute: str) -> str | None:
        answer = resolve_link(target, attribute)
        asked.append((target, attribute, answer))
        return answer

    html = _convert(text, recorded, id_prefix, top_level, fragment, for_print)
    memo.kept[key] = (html, tuple(asked))
    return html


Converted = tuple[str, tuple[tuple[str, str, str | None], ...]]  # the HTML, and each link asked and answered


@dataclass
class Memo:
    """Fragments converted in the last build (`previous`) and in this one (`kept`: what the next build gets)."""

    previous: dict[bytes, Converted] = field(default_factory=dict)
    kept: dict[bytes, Converted] = field(default_factory=dict)

    def get(self, key: bytes) -> Converted | None:
        return self.kept.get(key) or self.previous.get(key)


def current_memo() -> Memo | None:
    """The memo installed on this thread by `remembering`, if any."""
    memo: Memo | None = getattr(_local, "memo", None)
    return memo


@contextmanager
def remembering(memo: Memo) -> Iterator[Memo]:
    """Within this block (on this thread), a fragment converted before with the same text and options is
    taken from `memo` if every link in it resolves as it did then (the links are the only input that is not
    the text: a page's folder and the published files). Incremental builds keep the memo between builds
    (papers/site/state.py); the code that converts is part of the state's fingerprint."""
    previous = getattr(_local, "memo", None)
    _local.memo = memo
    try:
        yield memo
    finally:
        _local.memo = previous


def _convert(
    text: str, resolve_link: LinkResolver, id_prefix: str, top_level: int, fragment: int, for_print: bool
) -> str:
    md, paper, footnotes = _converter()
    md.reset()
    paper.reset()
    paper.resolve_link, paper.id_prefix = resolve_link, id_prefix
    footnotes.unique_prefix = fragment
    footnotes.backlinks = not for_print
    html = md.convert(strip_comments(text))
    return _relevel_headings(html, top_level)


def _relevel_headings(html: str, top_level: int) -> str:
    """The fragment's highest heading becomes `top_level` and no level is skipped (WCAG 1.3.1).

    Clerks write `#` or `##` or `###` for a report's first heading; the page decides where it sits.
    Raw HTML is escaped before this runs, so every `<hN` here is a heading Markdown made (an HTML
    table holds no headings).
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
