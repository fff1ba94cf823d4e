"""Tables written in HTML inside Markdown: where they are, what they may hold, and what `check` says about them.

Clerks paste tables from Word, and real papers hold tables that Markdown's pipe tables cannot write:
no header row, two header rows, cells spanning columns or rows, lists and line breaks in cells, bold
and underlined sub-total rows, superscripts. So a block that starts with `<table` at the start of a
line and runs to its `</table>` is a table in HTML, kept to a small safe subset: the table elements,
inline formatting and lists, and the attributes below. Everything else is left out by the sanitiser
(nh3, the Python binding of the Rust crate ammonia), and `check` reports it at its line (W313), so
nothing is dropped silently. Any other raw HTML is still shown as text (papers/render/markup.py).

A line `{.landscape}` or `{.portrait}` of its own above a table (pipe or HTML) chooses how the agenda
pack prints it: on landscape pages of its own, or on the paper's portrait pages at a smaller size.

The same functions find the blocks for `check` (with line numbers) and for the renderer, so the two
always agree on what is a table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# Elements a table may hold. Void elements (`br`, `col`) have no end tag.
TABLE_TAGS = frozenset({"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"})
TEXT_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "sup", "sub"})
ALLOWED_TAGS = TABLE_TAGS | TEXT_TAGS
VOID_TAGS = frozenset({"br", "col"})

# Attributes, with the values each may take (a pattern the whole value must match).
_WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,2}")
ALLOWED_ATTRIBUTES: dict[str, dict[str, re.Pattern[str]]] = {
    "th": {"colspan": _WHOLE_NUMBER, "rowspan": _WHOLE_NUMBER, "scope": re.compile(r"row|col|rowgroup|colgroup")},
    "td": {"colspan": _WHOLE_NUMBER, "rowspan": _WHOLE_NUMBER},
    "col": {"span": _WHOLE_NUMBER},
    "colgroup": {"span": _WHOLE_NUMBER},
    "ol": {"start": re.compile(r"[0-9]{1,4}"), "type": re.compile(r"[1aAiI]")},
    "li": {"value": re.compile(r"[0-9]{1,4}")},
}
# Elements left out together with their content (anything else not allowed keeps its text).
CONTENT_DROPPED = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
        "head",
        "noembed",
        "noframes",
        "xmp",
        "plaintext",
    }
)

ORIENTATIONS = ("landscape", "portrait")
_TABLE_START = re.compile(r"^ {0,3}<table(?=[\s>/]|$)", re.I)
_TABLE_OPEN = re.compile(r"<table(?=[\s>/]|$)", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
ORIENTATION_LINE = re.compile(r"^ {0,3}\{\s*\.(landscape|portrait)\s*\}\s*$")
_PIPE_SEPARATOR = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class TableBlock:
    """An HTML table in a text: lines `first` to `last` (0-based, inclusive)."""

    first: int
    last: int
    html: str  # from `<table` to its `</table>` (or to the end of the text, if never closed)
    rest: str  # what follows `</table>` on its last line
    closed: bool


def html_tables(lines: list[str]) -> Iterator[TableBlock]:
    """Every HTML table block, in order: a line starting `<table` up to the `</table>` that closes it."""
    index = 0
    while index < len(lines):
        if not _TABLE_START.match(lines[index]):
            index += 1
            continue
        block = _table_from(lines, index)
        yield block
        if not block.closed:
            return
        index = block.last + 1


def _table_from(lines: list[str], first: int) -> TableBlock:
    depth = 0
    for index in range(first, len(lines)):
        line = lines[index]
        tags = sorted([*_TABLE_OPEN.finditer(line), *_TABLE_CLOSE.finditer(line)], key=lambda match: match.start())
        for match in tags:
            depth += -1 if match.group().startswith("</") else 1
            if depth == 0:
                html = "\n".join([*lines[first:index], line[: match.end()]]).lstrip()
                return TableBlock(first, index, html, line[match.end() :], True)
    return TableBlock(first, len(lines) - 1, "\n".join(lines[first:]).lstrip(), "", False)


def orientation_of(line: str) -> str | None:
    """`landscape` or `portrait` when the line is an orientation line (`{.landscape}`)."""
    match = ORIENTATION_LINE.match(line)
    return match.group(1) if match else None


def starts_table(lines: list[str], index: int) -> bool:
    """Whether a table (HTML, or a pipe table's header and separator rows) starts at line `index`, or after
    blank lines there."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return False
    if _TABLE_START.match(lines[index]):
        return True
    return "|" in lines[index] and index + 1 < len(lines) and bool(_PIPE_SEPARATOR.match(lines[index + 1]))


def _keep_value(tag: str, attribute: str, value: str) -> str | None:
    pattern = ALLOWED_ATTRIBUTES.get(tag, {}).get(attribute)
    return value if pattern is not None and pattern.fullmatch(value.strip()) else None


def sanitise(html: str) -> str:
    """The table with only the allowed elements and attribute values (nh3); text is kept, escaped."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CONTENT_DROPPED),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_value,
        link_rel=None,
        strip_comments=True,
    )


@dataclass(frozen=True)
class TableProblem:
    line: int  # 0-based, within the table's HTML
    column: int  # 1-based
    message: str


def table_problems(html: str) -> list[TableProblem]:
    """What the sanitiser leaves out of this table, each kind once, at its first place."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    problems = []
    for (line, column), what, count in inspector.found.values():
        more = f" ({count - 1} more time{'s' if count > 2 else ''} in this table)" if count > 1 else ""
        problems.append(TableProblem(line - 1, column + 1, what + more))
    return sorted(problems, key=lambda problem: (problem.line, problem.column))


class _Inspector(HTMLParser):
    """Reads the table as a browser would (the standard library's HTML parser) and notes what is not allowed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, tuple[tuple[int, int], str, int]] = {}

    def note(self, key: str, message: str) -> None:
        where, text, count = self.found.get(key, (self.getpos(), message, 0))
        self.found[key] = (where, text, count + 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CONTENT_DROPPED:
            self.note(f"<{tag}>", f"`<{tag}>` is not allowed in a table: it is left out with everything in it")
            return
        if tag not in ALLOWED_TAGS:
            self.note(f"<{tag}>", f"`<{tag}>` is not allowed in a table: the tag is left out (its text is kept)")
            return
        for name, value in attrs:
            allowed = ALLOWED_ATTRIBUTES.get(tag, {})
            if name not in allowed:
                self.note(f"<{tag} {name}>", f"the attribute `{name}` of `<{tag}>` is not allowed: it is left out")
            elif _keep_value(tag, name, value or "") is None:
                self.note(
                    f"<{tag} {name}={value}>",
                    f'`{name}="{value}"` on `<{tag}>` is not a value it can take: the attribute is left out',
                )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_decl(self, decl: str) -> None:
        self.note("decl", f"`<!{decl}>` is not allowed in a table: it is left out")

    def handle_pi(self, data: str) -> None:
        self.note("pi", f"`<?{data}>` is not allowed in a table: it is left out")

    def unknown_decl(self, data: str) -> None:
        self.note("decl", f"`<![{data}]>` is not allowed in a table: it is left out")


ProblemSink = Callable[[int, int, str, str, str | None], None]  # (line index, column, code, message, hint)

TABLE_HINT = (
    'keep to the elements and attributes a table may hold (docs/content-format.md, "Tables"): remove it, or '
    'write it in them (bold as <strong>, a line break as <br>, a cell over two columns as colspan="2")'
)


def check_tables(lines: list[str], report: ProblemSink) -> None:
    """Report what an HTML table loses (W313), a table never closed (E250), and an orientation line with no
    table under it (W314)."""
    for block in html_tables(lines):
        if not block.closed:
            report(
                block.first,
                1,
                "E250",
                "this `<table>` has no `</table>`: it would be printed as text",
                "end the table with `</table>` (tables in HTML run from `<table` to `</table>`)",
            )
            continue
        indent = len(lines[block.first]) - len(lines[block.first].lstrip())
        for problem in table_problems(block.html):
            column = problem.column + (indent if problem.line == 0 else 0)
            report(block.first + problem.line, column, "W313", problem.message, TABLE_HINT)
    for index, line in enumerate(lines):
        orientation = orientation_of(line)
        if orientation is None:
            continue
        if not starts_table(lines, index + 1) or (index > 0 and lines[index - 1].strip()):
            report(
                index,
                1,
                "W314",
                f"`{line.strip()}` is not on a line of its own above a table: it is printed as text",
                "put the line just above the table, after a blank line",
            )
