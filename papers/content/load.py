"""Stage 1, load: find content files and read their front matter and body.

The layout of `content/` tells what each file is:

    site.yml                                   site settings
    members/<member>.md                        one member each
    committees/<committee>/committee.md        a committee
    committees/<committee>/<meeting>/meeting.md   a meeting and its agenda
    committees/<committee>/<meeting>/minutes.md   its minutes
    committees/<committee>/<meeting>/reports/<report>.md   a report
    anything else                              an attachment (appendix, logo)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from papers.content.fieldtypes import strip_comments_keeping_lines
from papers.content.yamlread import Located, read_yaml
from papers.diagnostics import Diagnostics


class Kind(str, Enum):
    SITE = "site"
    MEMBER = "member"
    COMMITTEE = "committee"
    MEETING = "meeting"
    MINUTES = "minutes"
    REPORT = "report"


@dataclass(frozen=True)
class SourceDocument:
    """One content file: its front matter (strings with line marks) and body."""

    path: Path  # absolute
    relative: str  # posix path under content/
    kind: Kind
    front_matter: Located
    body: str
    body_line: int  # line number of the body's first line


@dataclass(frozen=True)
class ContentTree:
    root: Path
    documents: tuple[SourceDocument, ...]
    attachments: tuple[str, ...]  # relative posix paths of every other file
    unreadable: tuple[str, ...] = ()  # content files that could not be read (already reported)

    def of_kind(self, kind: Kind) -> list[SourceDocument]:
        return [doc for doc in self.documents if doc.kind is kind]


def load_content(root: Path, diagnostics: Diagnostics) -> ContentTree:
    root = root.resolve()
    documents: list[SourceDocument] = []
    attachments: list[str] = []
    unreadable: list[str] = []
    if not (root / "site.yml").is_file():
        diagnostics.add(
            root / "site.yml",
            1,
            1,
            "E107",
            f"no site.yml in {root}",
            "create content/site.yml with at least `name:` (see docs/content-format.md)",
        )
    for path in _walk(root, diagnostics):
        relative = path.relative_to(root).as_posix()
        kind = classify(relative)
        if kind is None:
            attachments.append(relative)
            continue
        document = read_document(path, relative, kind, diagnostics)
        if document is not None:
            documents.append(document)
        else:
            unreadable.append(relative)
    return ContentTree(root, tuple(documents), tuple(attachments), tuple(unreadable))


def _walk(root: Path, diagnostics: Diagnostics) -> list[Path]:
    """Every regular file under root, sorted; symlinks are refused, hidden files skipped."""
    found: list[Path] = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(part.startswith(".") for part in parts):
            continue
        if path.is_symlink():
            diagnostics.add(
                path,
                1,
                1,
                "E106",
                "symbolic links are not allowed in content/",
                "copy the file into content/ instead: a link could publish a file from outside it",
            )
            continue
        if path.is_file():
            found.append(path)
    return found


def classify(relative: str) -> Kind | None:
    parts = relative.split("/")
    if parts == ["site.yml"]:
        return Kind.SITE
    if len(parts) == 2 and parts[0] == "members" and parts[1].endswith(".md"):
        return Kind.MEMBER
    if len(parts) == 3 and parts[0] == "committees" and parts[2] == "committee.md":
        return Kind.COMMITTEE
    if len(parts) == 4 and parts[0] == "committees":
        return {"meeting.md": Kind.MEETING, "minutes.md": Kind.MINUTES}.get(parts[3])
    if len(parts) == 5 and parts[0] == "committees" and parts[3] == "reports" and parts[4].endswith(".md"):
        return Kind.REPORT
    return None


def read_document(path: Path, relative: str, kind: Kind, diagnostics: Diagnostics) -> SourceDocument | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diagnostics.add(
            path, 1, 1, "E105", f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8 in your editor"
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if kind is Kind.SITE:
        yaml_text, yaml_offset, body, body_line = text, 0, "", len(text.splitlines()) + 1
    else:
        split = split_front_matter(text)
        if split is None:
            diagnostics.add(
                path,
                1,
                1,
                "E101",
                "no front matter: the file must start with a line `---`, then YAML fields, then a closing `---`",
                "add the fields between two `---` lines at the very top of the file",
            )
            return None
        yaml_text, yaml_offset, body, body_line = split
    located, problems = read_yaml(yaml_text, yaml_offset)
    for problem in problems:
        diagnostics.add(path, problem.mark.line, problem.mark.column, problem.code, problem.message, problem.hint)
    if located is None:
        return None
    if not isinstance(located.data, dict):
        what = "a list" if isinstance(located.data, list) else "plain text"
        diagnostics.add(
            path, located.mark_for(()).line, 1, "E104", f"expected fields written as `name: value`, found {what}"
        )
        return None
    # HTML comments are clerks' drafting notes: gone before anything else reads the body (line numbers kept).
    return SourceDocument(path, relative, kind, located, strip_comments_keeping_lines(body), body_line)


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """(yaml text, line offset of the yaml, body, first body line) or None."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return yaml_text, 1, body, index + 2
    return None
