"""Checked look-ups shared by the resolve stage and the cross-file rules.

`References` knows the validated content files by kind, which files failed to
load (so references to them are not reported twice), which attached files are
used, and reports each problem at the line of the front matter that caused it.
Building the model (resolve.py, meetings.py, reports.py, minutes.py) and the
rules (rules.py) take it as an argument; none of them imports another's builder.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from papers.content import images, supplied
from papers.content.load import ContentTree, Kind
from papers.content.validate import Validated
from papers.content.yamlread import Path_
from papers.diagnostics import Diagnostics
from papers.model.audience import is_attachment_kind


def none_as_written(entry: Validated, field: str) -> str | None:
    """The word a field says "nothing" with, as written ("none", "Nil"), alone or as a one-item list; else None."""
    written = entry.source.front_matter.data.get(field)
    if isinstance(written, list) and len(written) == 1:
        written = written[0]
    if not isinstance(written, str) or written.strip().lower() not in ("none", "nil"):
        return None
    return written.strip()


class References:
    def __init__(self, tree: ContentTree, validated: list[Validated], diagnostics: Diagnostics) -> None:
        self.tree = tree
        self.diagnostics = diagnostics
        self.by_kind: dict[Kind, list[Validated]] = {kind: [] for kind in Kind}
        for entry in validated:
            self.by_kind[entry.source.kind].append(entry)
        self.report_entries = {entry.source.relative: entry for entry in self.by_kind[Kind.REPORT]}
        self.referenced_files: set[str] = set()
        self._image_problems: dict[str, str | None] = {}
        self._svg_problems: dict[str, list[images.SvgProblem]] = {}
        # Files that exist but failed to load or validate: their problems are already
        # reported, so references to them are not reported again as missing.
        valid = {entry.source.relative for entry in validated}
        self.broken = set(tree.unreadable) | {doc.relative for doc in tree.documents if doc.relative not in valid}

    def is_broken(self, relative: str) -> bool:
        return relative in self.broken

    def entries(self, kind: Kind) -> list[Validated]:
        return self.by_kind[kind]

    def has(self, kind: Kind, relative: str) -> bool:
        """Whether a valid content file of this kind exists at this path."""
        return any(entry.source.relative == relative for entry in self.by_kind[kind])

    # -- helpers ---------------------------------------------------------
    def problem(
        self, entry: Validated, path: Path_, code: str, message: str, hint: str | None = None, *, key: bool = False
    ) -> None:
        mark = entry.source.front_matter.mark_for(path, key=key)
        self.diagnostics.add(entry.source.path, mark.line, mark.column, code, message, hint)

    def attachment(self, entry: Validated, path: Path_, relative_to: PurePosixPath, name: str) -> str | None:
        """The content-relative path of a file named in front matter, checked to exist inside content/."""
        mark = entry.source.front_matter.mark_for(path)
        return self.attached_file(entry.source.path, mark.line, mark.column, relative_to, name)

    def attached_file(
        self, file: Path, line: int, column: int, relative_to: PurePosixPath, name: str, *, linked: bool = False
    ) -> str | None:
        """The content-relative path of an attached file, or None when a problem is reported: its path is not
        written as a relative path inside content/, it does not exist, or (`linked` from Markdown) it is of a
        kind never published, or its content is unsafe (a damaged PDF or image, an SVG with script)."""
        written = _path_problem(name, relative_to, linked=linked)
        if written is not None:
            self.diagnostics.add(file, line, column, *written)
            return None
        parts: list[str] = []
        for part in (relative_to / name).parts:
            if part == "..":
                if not parts:
                    self.diagnostics.add(
                        file,
                        line,
                        column,
                        "E106",
                        f"`{name}` points outside content/",
                        "keep attached files inside the content folder",
                    )
                    return None
                parts.pop()
            elif part != ".":
                parts.append(part)
        relative = "/".join(parts)
        if relative not in self.tree.attachments:
            if any(relative == refused or relative.startswith(refused + "/") for refused in self.tree.refused):
                return None  # its name is already reported (E126)
            nearby = sorted(a for a in self.tree.attachments if a.startswith(str(relative_to) + "/"))
            self.diagnostics.add(
                file,
                line,
                column,
                "E207",
                f"attached file `{name}` does not exist (looked for content/{relative})",
                ("files here: " + ", ".join(PurePosixPath(a).name for a in nearby)) if nearby else None,
            )
            return None
        self.referenced_files.add(relative)
        if linked and not is_attachment_kind(relative):
            self.diagnostics.add(
                file,
                line,
                column,
                "E230",
                f"`{name}` is a kind of file that is never published as an attachment "
                "(it could run as a page of the site)",
                "link to a PDF, image (PNG, JPEG, GIF, WebP), office document, CSV or text "
                'file; to refer to an appendix, name it in the text ("see Appendix 1")',
            )
            return None
        if not self.content_is_safe(file, line, column, relative):
            return None
        return relative

    def content_is_safe(self, file: Path, line: int, column: int, relative: str) -> bool:
        """PDFs, images and SVGs are checked before they are published (each file once)."""
        suffix = PurePosixPath(relative).suffix.lower()
        if suffix == ".pdf":
            return self.supplied_pdf_is_safe(file, line, column, relative)
        if suffix in images.RASTER_FORMATS:
            if relative not in self._image_problems:
                self._image_problems[relative] = images.inspect_raster(self.tree.root / relative)
            problem = self._image_problems[relative]
            if problem is not None:
                self.diagnostics.add(
                    file,
                    line,
                    column,
                    "E241",
                    f"`{relative}` {problem}",
                    "open it in an image editor and save (or export) it again as PNG, JPEG, GIF or WebP, "
                    "with the matching extension; scale down a very large picture",
                )
            return problem is None
        if suffix == ".svg":
            if relative not in self._svg_problems:
                self._svg_problems[relative] = images.inspect_svg(self.tree.root / relative)
            found = self._svg_problems[relative]
            for svg_problem in found:
                self.diagnostics.add(
                    self.tree.root / relative,
                    svg_problem.line,
                    svg_problem.column,
                    svg_problem.code,
                    f"the SVG {svg_problem.message}",
                    f"used by {self.diagnostics.display(file)}:{line}; export the picture again as plain SVG "
                    "(no scripts, links or embedded fonts and files), or use a PNG",
                )
            return not found
        return True

    def supplied_pdf_is_safe(self, file: Path, line: int, column: int, relative: str) -> bool:
        """A supplied PDF must be readable and have no unapplied redactions; hidden content is reported."""
        try:
            found = supplied.inspect(self.tree.root / relative)
        except supplied.UnreadablePdf as exc:
            self.diagnostics.add(
                file,
                line,
                column,
                "E231",
                f"`{relative}` cannot be read as a PDF: {exc}",
                "save or export it again as an unprotected PDF",
            )
            return False
        if found.unapplied_redactions:
            self.diagnostics.add(
                file,
                line,
                column,
                "E232",
                f"`{relative}` has {found.unapplied_redactions} redaction mark(s) that were never "
                "applied: the text under them is still in the file and anyone can copy it out",
                "apply the redactions in your PDF editor (and check the result), then save again",
            )
            return False
        if found.hidden:
            self.diagnostics.add(
                file,
                line,
                column,
                "W305",
                f"`{relative}` holds content that readers do not see ({', '.join(found.hidden)}): "
                "it is removed from the published copy",
                "check that what the pages show may be published; remove the hidden content from "
                "the original to silence this warning",
            )
        return True

    def linked_files(self, file: Path, text: str, first_line: int, folder: PurePosixPath) -> tuple[str, ...]:
        """Images and files a Markdown body links to must exist; they are published with the paper.

        Inline links and images (`[text](target)`, `![alt](target)`) and reference definitions
        (`[ref]: target`) are found as Python-Markdown reads them; absolute paths are refused."""
        found: list[str] = []
        for target, start in link_targets(text):
            name = target.split("#")[0].split("?")[0]
            if not name or _is_external(target):
                continue
            line = first_line + text.count("\n", 0, start)
            column = start - text.rfind("\n", 0, start)
            relative = self.attached_file(file, line, column, folder, name, linked=True)
            if relative is not None:
                found.append(relative)
        for match in _SPACED_REFERENCE.finditer(text) if "]:" in text else ():
            line = first_line + text.count("\n", 0, match.start(1))
            self.diagnostics.add(
                file,
                line,
                match.start(1) - text.rfind("\n", 0, match.start(1)),
                "E240",
                f"the reference `{match.group(0).strip()}` names a file with spaces: Markdown does not read it as "
                "a reference, and would print the line as it is",
                f"link to the file where it is used instead: `[text](<{match.group(1)}>)`",
            )
        return tuple(sorted(set(found)))


# An inline link or image's target, as Python-Markdown reads it: `<...>` (which may hold spaces), or text in
# which parentheses balance (one level), then an optional "title" or 'title'. Bounded, so never slow.
_INLINE_LINK = re.compile(
    r"\]\(\s*(?:<(?P<angled>[^<>\n]*)>|(?P<plain>[^()\s](?:[^()\n]|\([^()\n]*\)){0,2000}?))"
    r"\s*(?:\"[^\"\n]*\"|'[^'\n]*')?\s*\)"
)
# A reference definition, `[ref]: target "title"`: Python-Markdown's own pattern (blockprocessors.py).
_REFERENCE = re.compile(
    r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?(([\"'])(.*)\4[ ]*|\((.*)\)[ ]*)?$", re.M
)
# A reference definition whose target holds a space (`[ref]: <my file.pdf>`), which Python-Markdown ignores.
_SPACED_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\[\]^][^\[\]]*\]:[ ]*<([^<>\n]* [^<>\n]*)>[ ]*$", re.M)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def link_targets(text: str) -> list[tuple[str, int]]:
    """(target, its index in text) of every inline link, image and reference definition, in order."""
    found: list[tuple[str, int]] = []
    # Each pattern starts with `](` or holds `]:`: most papers have few links or none, and a search for those
    # characters is far faster than the patterns over every line.
    for match in _INLINE_LINK.finditer(text) if "](" in text else ():
        group = "angled" if match.group("angled") is not None else "plain"
        target = match.group(group)
        stripped = target.strip()
        if stripped:
            found.append((stripped, match.start(group) + target.index(stripped)))
    for match in _REFERENCE.finditer(text) if "]:" in text else ():
        if match.group(1).startswith("^"):
            continue  # a footnote, `[^1]: text`
        target = match.group(2)
        found.append((target.lstrip("<").rstrip(">"), match.start(2) + len(target) - len(target.lstrip("<"))))
    return sorted(found, key=lambda pair: pair[1])


def _is_external(target: str) -> bool:
    """An address on the web, an e-mail or phone link, or a place in the page: not a file of the content.
    (`javascript:`, `file:` and other schemes are dropped when the page is rendered, papers/render/markup.py.)"""
    if target.startswith("#"):
        return True
    if _DRIVE.match(target):  # C:\Users\...: a file on the clerk's computer, reported as such
        return False
    return _SCHEME.match(target) is not None


def _path_problem(name: str, relative_to: PurePosixPath, *, linked: bool) -> tuple[str, str, str] | None:
    """(code, message, hint) when the path of an attached file is not written as a relative path with `/`."""
    where = "content/" if str(relative_to) == "." else f"content/{relative_to}/"
    if name.startswith("/") or _DRIVE.match(name):
        return (
            "E106",
            f"`{name}` is an absolute path, which leads outside content/ (or to a file on your own computer)",
            f"write the path relative to {where}; for a web address write it in full, starting https://",
        )
    if "\\" in name:
        return (
            "E240",
            f"`{name}` is written with backslashes (`\\`), which are not folder separators on the web",
            f"write it with forward slashes: `{name.replace(chr(92), '/')}`",
        )
    hidden = next((part for part in name.split("/") if part.startswith(".") and part not in (".", "..")), None)
    if hidden is not None:
        return (
            "E240",
            f"`{name}` names a hidden file or folder (`{hidden}`: its name starts with `.`), which is never published",
            "rename it without the leading `.`",
        )
    if linked and _ESCAPE.search(name):
        return (
            "E240",
            f"`{name}` is written with `%` escapes: a link must name the file exactly as it is saved",
            "write the name as it is, spaces and all, between angle brackets: `[text](<my file.pdf>)`",
        )
    return None


def known(what: str, names: Iterable[str]) -> str | None:
    """A hint listing what exists, e.g. "reports in this meeting: a, b"."""
    ordered = sorted(names)
    return f"{what}: {', '.join(ordered)}" if ordered else f"there are no {what}"


def member_hint(slug: str, members: Iterable[str]) -> str:
    close = difflib.get_close_matches(slug, sorted(members), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`? Members are named after their file in content/members/"
    return f"create content/members/{slug}.md, or use the name of an existing member file"
