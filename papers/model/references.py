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

from papers.content import supplied
from papers.content.load import ContentTree, Kind
from papers.content.validate import Validated
from papers.content.yamlread import Path_
from papers.diagnostics import Diagnostics
from papers.model.audience import is_attachment_kind


class References:
    def __init__(self, tree: ContentTree, validated: list[Validated], diagnostics: Diagnostics) -> None:
        self.tree = tree
        self.diagnostics = diagnostics
        self.by_kind: dict[Kind, list[Validated]] = {kind: [] for kind in Kind}
        for entry in validated:
            self.by_kind[entry.source.kind].append(entry)
        self.report_entries = {entry.source.relative: entry for entry in self.by_kind[Kind.REPORT]}
        self.referenced_files: set[str] = set()
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

    def attached_file(self, file: Path, line: int, column: int, relative_to: PurePosixPath, name: str) -> str | None:
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
        if relative.lower().endswith(".pdf") and not self.supplied_pdf_is_safe(file, line, column, relative):
            return None
        return relative

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
        """Images and files a Markdown body links to must exist; they are published with the paper."""
        found: list[str] = []
        for match in _LOCAL_LINK.finditer(text):
            target = match.group(1)
            name = target.split("#")[0].split("?")[0]
            if not _is_local(target) or not name:
                continue
            line = first_line + text.count("\n", 0, match.start(1))
            column = match.start(1) - text.rfind("\n", 0, match.start(1))
            relative = self.attached_file(file, line, column, folder, name)
            if relative is not None and not is_attachment_kind(relative):
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
            elif relative is not None:
                found.append(relative)
        return tuple(sorted(set(found)))


_LOCAL_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _is_local(target: str) -> bool:
    return not (target.startswith(("#", "/", "mailto:", "tel:")) or "://" in target or ":" in target.split("/")[0])


def known(what: str, names: Iterable[str]) -> str | None:
    """A hint listing what exists, e.g. "reports in this meeting: a, b"."""
    ordered = sorted(names)
    return f"{what}: {', '.join(ordered)}" if ordered else f"there are no {what}"


def member_hint(slug: str, members: Iterable[str]) -> str:
    close = difflib.get_close_matches(slug, sorted(members), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`? Members are named after their file in content/members/"
    return f"create content/members/{slug}.md, or use the name of an existing member file"
