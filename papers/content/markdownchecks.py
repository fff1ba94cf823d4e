"""Checks on the Markdown of bodies and long text fields that only the text itself can show.

- Footnotes print with the label the clerk wrote (`[^7]` prints 7, papers/render/markup.py), so a
  reference with no note (W311), a note nothing refers to (W312) and a label given two notes (E251)
  are reported at their line: each is a number in the paper that points nowhere or is lost.
- Tables in HTML, and orientation lines above tables (papers/content/htmltables.py): what the
  sanitiser leaves out (W313), a table never closed (E250), an orientation line with no table (W314).

Run on every Markdown body when it is loaded (with comments removed, lines kept) and on the Markdown
fields of the front matter (a report's `summary`, an item's or a minute's `text`, a notice's `text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from papers.content.fieldtypes import strip_comments_keeping_lines
from papers.content.htmltables import ProblemSink, check_tables, html_tables
from papers.content.yamlread import Located, Path_
from papers.diagnostics import Diagnostics

# As Python-Markdown reads them (markdown/extensions/footnotes.py): a note starts a line, a reference is inline.
FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]]*)\]:")
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]]*)\]")


def check_markdown(path: Path, text: str, first_line: int, diagnostics: Diagnostics) -> None:
    """Every problem of one Markdown text whose first line is `first_line` of `path`."""

    def report(index: int, column: int, code: str, message: str, hint: str | None) -> None:
        diagnostics.add(path, first_line + index, column, code, message, hint)

    lines = text.split("\n")
    check_tables(lines, report)
    check_footnotes(lines, report, first_line)


def check_footnotes(lines: list[str], report: ProblemSink, first_line: int = 1) -> None:
    in_tables = {index for block in html_tables(lines) for index in range(block.first, block.last + 1)}
    definitions: dict[str, int] = {}
    references: dict[str, list[tuple[int, int]]] = {}
    for index, line in enumerate(lines):
        if index in in_tables:
            continue  # an HTML table's text is printed as it is: `[^1]` there is not a footnote
        defined = FOOTNOTE_DEFINITION.match(line)
        if defined:
            label = defined.group(1)
            if label in definitions:
                report(
                    index,
                    line.index("[") + 1,
                    "E251",
                    f"footnote [^{label}] is given a second note (the first is on line "
                    f"{first_line + definitions[label]}): only one could be printed",
                    "give each note its own label, as the paper prints it (`[^5]`, `[^5a]`)",
                )
            else:
                definitions[label] = index
        for match in FOOTNOTE_REFERENCE.finditer(line, defined.end() if defined else 0):
            references.setdefault(match.group(1), []).append((index, match.start() + 1))
    for label, places in references.items():
        if label not in definitions:
            index, column = places[0]
            more = f" (and {len(places) - 1} more time{'s' if len(places) > 2 else ''})" if len(places) > 1 else ""
            report(
                index,
                column,
                "W311",
                f"footnote [^{label}] has no note{more}: its mark {label} is printed with nothing to point to",
                f"add the note on a line of its own, `[^{label}]: the note`, or remove the mark",
            )
    for label, index in definitions.items():
        if label not in references:
            report(
                index,
                lines[index].index("[") + 1,
                "W312",
                f"footnote [^{label}] is not referred to in the text: its note is printed with no mark pointing to it",
                f"put `[^{label}]` where the note belongs, or delete the note",
            )


# The Markdown fields of each kind of file (paths into its front matter; `*` is every entry of a list).
_MARKDOWN_FIELDS: dict[str, tuple[Path_, ...]] = {
    "report": (("summary",),),
    "meeting": (("sections", "*", "items", "*", "text"), ("items", "*", "text")),
    "minutes": (("minutes", "*", "text"),),
    "site": (("notices", "*", "text"),),
}


def check_front_matter_markdown(path: Path, kind: str, located: Located, diagnostics: Diagnostics) -> None:
    for pattern in _MARKDOWN_FIELDS.get(kind, ()):
        for field, text in _values(located.data, pattern, ()):
            mark = located.value_marks.get(field)
            if mark is None or not isinstance(text, str):
                continue
            if field in located.block_texts:
                check_markdown(path, strip_comments_keeping_lines(text), mark.line + 1, _Indented(diagnostics, path))
            else:
                check_markdown(path, strip_comments_keeping_lines(text), mark.line, diagnostics)


def _values(data: object, pattern: Path_, path: Path_) -> Iterator[tuple[Path_, object]]:
    if not pattern:
        yield path, data
        return
    step, rest = pattern[0], pattern[1:]
    if step == "*":
        for index, entry in enumerate(data if isinstance(data, list) else []):
            yield from _values(entry, rest, path + (index,))
    elif isinstance(data, dict) and step in data:
        yield from _values(data[step], rest, path + (step,))


class _Indented(Diagnostics):
    """Problems in a block of text (`summary: |`): YAML took its indentation away, so each column is moved right by
    the indentation of its line in the file."""

    def __init__(self, target: Diagnostics, path: Path) -> None:
        super().__init__()
        self.target, self.path = target, path
        self.lines: list[str] | None = None

    def add(self, path: Path | str, line: int, column: int, code: str, message: str, hint: str | None = None) -> None:
        if self.lines is None:
            self.lines = self.path.read_text(encoding="utf-8-sig").split("\n")
        written = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        self.target.add(path, line, column + len(written) - len(written.lstrip(" ")), code, message, hint)
