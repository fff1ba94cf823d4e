"""Problems found in content, reported as `path:line:col: error[CODE]: message`.

Every stage collects diagnostics instead of raising, so a clerk sees every
problem in one run. Codes are stable: they are documented in
docs/errors.md and a test checks that each code here is documented there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


# Code -> one-line description. The catalogue that docs/errors.md documents.
CODES: dict[str, str] = {
    "E101": "a content file has no front matter, or it is not closed",
    "E102": "the YAML is not valid",
    "E103": "a key appears twice in the same mapping",
    "E104": "front matter or a settings file is not a mapping of fields",
    "E105": "a file cannot be read as UTF-8 text",
    "E106": "a symbolic link, or a path that leads outside content/",
    "E107": "a required file is missing",
    "E110": "unknown field",
    "E111": "a required field is missing or empty",
    "E112": "a value has the wrong type",
    "E113": "a date is not a real date written YYYY-MM-DD",
    "E114": "a time is not a real time of day",
    "E115": "a value is not one of the allowed choices",
    "E116": "a number is out of range",
    "E117": "two fields contradict each other",
    "E118": "a name used as an identifier is not valid",
    "E119": "a colour is not written #rrggbb or is too light to read on white",
    "E120": "YAML anchors and aliases (`&name`, `*name`) are not allowed",
    "E121": "a content file, its front matter or site.yml is too large",
    "E122": "lists and fields, or brackets in a paragraph, are nested too deeply",
    "E123": "a date is outside the years that can be published (1970 to 2105)",
    "E124": "text holds a control character or a lone surrogate",
    "E125": "a second front matter block at the top of a paper's text",
    "E126": "a file or folder name holds a character a link cannot name (#, ?, %, backslash)",
    "E201": "an agenda item refers to a report that does not exist",
    "E202": "a reference to a member who does not exist",
    "E203": "a reference to a committee that does not exist",
    "E204": "a reference to a party that is not in site.yml",
    "E205": "minutes refer to an agenda item that is not on the agenda",
    "E206": "a reference to a meeting that does not exist",
    "E207": "an attached file (appendix, logo) does not exist",
    "E210": "an agenda item number is used twice in one meeting",
    "E211": "a report is attached to more than one agenda item",
    "E212": "minute numbers skip a number",
    "E213": "minute numbers repeat or go backwards",
    "E214": "a meeting's date does not match its folder name",
    "E215": "an exempt item does not give its Schedule 12A paragraph",
    "E216": "an urgent item does not give the reason for urgency",
    "E217": "minutes exist for a meeting that has not been held",
    "E218": "a committee is its own parent, directly or through others",
    "E219": "an agenda item takes the minutes of a meeting that is not before its own",
    "E220": "an agenda was published less than five clear working days before its meeting",
    "E221": "a supplementary item was published late and is not marked urgent",
    "E222": "an exempt item has no public interest statement",
    "E223": "a report does not list its background papers, nor say there are none",
    "E224": "a key decision gives no date for its notice and no exception",
    "E225": "a key decision's notice was published less than 28 clear days before the meeting",
    "E226": "a key decision taken under an exception does not give the reason",
    "E227": "a key decision under the general exception had less than five clear working days' notice",
    "E228": "a confidential item has a public interest statement",
    "E229": "a report classified exempt or confidential is on an item that is neither",
    "E230": "a paper links to a kind of file that is never published (Markdown, HTML, SVG, scripts)",
    "E231": "a supplied PDF cannot be read (damaged or password-protected)",
    "E232": "a supplied PDF has redaction marks that were never applied",
    "E233": "an appendix is neither a Markdown nor a PDF file",
    "E234": "a minute has a private item's title (or one like it) but does not name its item",
    "E235": "a published report's appendix is also a file of a withheld paper",
    "E236": "a minute after the press and public were excluded names a public item without `public: yes`",
    "E237": "a minute names a public item but has a private item's title",
    "E238": "a minute taken in private session does not say which Schedule 12A paragraph applies",
    "E239": "the logo is a file of a withheld (exempt, confidential or draft) paper",
    "E240": "an attached or linked file's path is written wrongly (backslashes, a hidden file, % escapes)",
    "E241": "an image is not what its extension says, is damaged, or has too many pixels",
    "E242": "an SVG holds script, event handlers, outside references or entity declarations",
    "E243": "the site's `url` is not a full web address (https://...)",
    "E244": "the site's `timezone` is not a known time zone",
    "E245": "a report's file name is the name of a page the site makes in the meeting's folder",
    "E246": "a committee names more members than the places its `size` or `party_seats` give",
    "E250": "a table written in HTML has no `</table>`",
    "E251": "a footnote label is given two notes",
    "W301": "a file is not referred to by anything and will not be published",
    "W303": "an item is taken in private with no earlier motion to exclude the press and public",
    "W304": "a published paper links to a file of a withheld (exempt, confidential or draft) paper",
    "W305": "a supplied PDF holds hidden content (attached files, comments, scripts), removed when published",
    "W306": "a date is probably mistyped: before 1974, or years after every other meeting",
    "W308": "a minute names no item and is published while a private item has no minute",
    "W309": "a minute says `public: yes` but is private by its item or its own marking",
    "W310": "site.yml gives no `url`: calendars, feeds, open data and the sitemap are left out",
    "W311": "a footnote mark has no note",
    "W312": "a footnote note is not referred to in the text",
    "W313": "a table written in HTML holds an element or attribute that is not allowed (it is left out)",
    "W314": "an orientation line (`{.landscape}`, `{.portrait}`) is not above a table",
    "W315": "a supplied PDF appendix is not tagged (or its tags leave text out): screen readers cannot read it",
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str | None = None

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.code.startswith("W") else Severity.ERROR

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass
class Diagnostics:
    """A collector that every stage appends to; sorted when printed."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, path: Path | str, line: int, column: int, code: str, message: str, hint: str | None = None) -> None:
        if code not in CODES:
            raise KeyError(f"undocumented diagnostic code {code}")
        self.items.append(Diagnostic(self.display(path), line, column, code, message, hint))

    def display(self, path: Path | str) -> str:
        """Relative to the working directory when under it, so editors can open it."""
        absolute = os.path.abspath(path)  # not resolve(): a symlink must be named as written
        relative = os.path.relpath(absolute, os.getcwd())
        return absolute if relative.startswith("..") else relative

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.column, d.code, d.message))

    def summary(self) -> str:
        return f"{plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
