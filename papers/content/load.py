"""Stage 1, load: find content files and read their front matter and body.

The layout of `content/` tells what each file is:

    site.yml                                   site settings
    members/<member>.md                        one member each
    committees/<committee>/committee.md        a committee
    committees/<committee>/<meeting>/meeting.md   a meeting and its agenda
    committees/<committee>/<meeting>/minutes.md   its minutes
    committees/<committee>/<meeting>/reports/<report>.md   a report
    anything else                              an attachment (appendix, logo)

Reading is bounded: a content file may be at most MAX_FILE_BYTES, its front matter (and
site.yml) at most MAX_FRONT_MATTER_BYTES, checked before the YAML is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

from papers.content.fieldtypes import UNSAFE_CHARACTER, line_and_column, strip_comments_keeping_lines
from papers.content.markdownchecks import check_front_matter_markdown, check_markdown
from papers.content.yamlread import (
    MAX_DEPTH,
    MAX_REPORTED_CHARACTERS,
    UNSAFE_CHARACTER_HINT,
    Located,
    read_yaml,
    unsafe_character_message,
)
from papers.diagnostics import Diagnostics

# The largest content file (Markdown with front matter) and the largest front matter or site.yml. A long
# report is some tens of kilobytes, the longest minutes a few hundred; reading YAML costs about 10 seconds
# a megabyte, so these keep a check quick whatever a file holds.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 512 * 1024

# Characters that cannot be part of a published file's name, because a link to the file could not name
# it (`#` starts a fragment, `?` a query, `%` an escape, `\` is no separator on the web), and control
# characters and bytes that are not UTF-8 (Python shows those as lone surrogates).
_UNLINKABLE_NAME = re.compile(r"[#?%\\\x00-\x1f\x7f-\x9f\ud800-\udfff]")


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


class Reader(Protocol):
    def __call__(self, path: Path, relative: str, kind: Kind, diagnostics: Diagnostics) -> SourceDocument | None: ...


@dataclass(frozen=True)
class ContentTree:
    root: Path
    documents: tuple[SourceDocument, ...]
    attachments: tuple[str, ...]  # relative posix paths of every other file
    unreadable: tuple[str, ...] = ()  # content files that could not be read (already reported)
    refused: tuple[str, ...] = ()  # files and folders whose names cannot be published (already reported)

    def of_kind(self, kind: Kind) -> list[SourceDocument]:
        return [doc for doc in self.documents if doc.kind is kind]


def load_content(root: Path, diagnostics: Diagnostics, reader: Reader | None = None) -> ContentTree:
    """Every content file under `root`, read by `reader` (default: read_document; an incremental build's
    reader takes unchanged files from its cache, papers/content/readcache.py)."""
    root = root.resolve()
    read = reader or read_document
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
    refused: list[str] = []
    for path in _walk(root, diagnostics, refused):
        relative = path.relative_to(root).as_posix()
        kind = classify(relative)
        if kind is None:
            attachments.append(relative)
            continue
        document = read(path, relative, kind, diagnostics)
        if document is not None:
            documents.append(document)
        else:
            unreadable.append(relative)
    return ContentTree(root, tuple(documents), tuple(attachments), tuple(unreadable), tuple(refused))


def _walk(root: Path, diagnostics: Diagnostics, refused: list[str]) -> list[Path]:
    """Every regular file under root, sorted; symlinks are refused, hidden files skipped, and files and
    folders whose names a link cannot name are reported and left out (their content-relative paths are
    added to `refused`)."""
    found: list[Path] = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(part.startswith(".") for part in parts):
            continue
        relative = "/".join(parts)
        if any(relative.startswith(folder + "/") for folder in refused):
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
        bad = _UNLINKABLE_NAME.search(path.name)
        if bad is not None:
            refused.append(relative)
            diagnostics.add(path, 1, 1, "E126", *_unlinkable_name(path, bad.group()))
            continue
        if path.is_file():
            found.append(path)
    return found


def _unlinkable_name(path: Path, character: str) -> tuple[str, str]:
    what = "folder" if path.is_dir() else "file"
    if character in "#?%\\":
        return (
            f"the {what} name `{path.name}` holds `{character}`, which a link to it would read as "
            + {"#": "the start of a place in the page", "?": "the start of a query", "%": "the start of an escape"}.get(
                character, "a Windows folder separator"
            ),
            f"rename the {what} using letters, digits, spaces, hyphens and underscores",
        )
    return (
        f"the {what} name `{path.name}` holds a control character or bytes that are not UTF-8",
        f"rename the {what} using letters, digits, spaces, hyphens and underscores",
    )


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
    text = _read_text(path, kind, diagnostics)
    if text is None:
        return None
    if kind is Kind.SITE:
        yaml_text, yaml_offset, body, body_line = text, 0, "", len(text.splitlines()) + 1
    else:
        split = split_front_matter(text)
        if split is None:
            if text.split("\n", 1)[0].rstrip() == "---":
                diagnostics.add(
                    path,
                    1,
                    1,
                    "E101",
                    "the front matter is not closed: the `---` on line 1 has no closing `---` line after the fields",
                    "add a line `---` after the last field, before the text of the paper",
                )
                return None
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
        front_matter_size = len(yaml_text.encode("utf-8"))
        if front_matter_size > MAX_FRONT_MATTER_BYTES:
            diagnostics.add(path, 1, 1, "E121", *_too_large(kind, front_matter_size, front_matter=True))
            return None
    located, problems = read_yaml(yaml_text, yaml_offset)
    for problem in problems:
        diagnostics.add(path, problem.mark.line, problem.mark.column, problem.code, problem.message, problem.hint)
    _check_body(path, body, body_line, diagnostics)
    if located is None:
        return None
    if not isinstance(located.data, dict):
        what = "a list" if isinstance(located.data, list) else "plain text"
        diagnostics.add(
            path, located.mark_for(()).line, 1, "E104", f"expected fields written as `name: value`, found {what}"
        )
        return None
    check_front_matter_markdown(path, kind.value, located, diagnostics)
    # HTML comments are clerks' drafting notes: gone before anything else reads the body (line numbers kept).
    return SourceDocument(path, relative, kind, located, strip_comments_keeping_lines(body), body_line)


def read_markdown_file(path: Path, diagnostics: Diagnostics) -> str | None:
    """A Markdown file without front matter (an appendix), checked as a body is: size, encoding at its real
    line, control characters, runaway brackets, a pasted front matter block; comments removed (lines kept)."""
    text = _read_text(path, Kind.REPORT, diagnostics)
    if text is None:
        return None
    _check_body(path, text, 1, diagnostics)
    return strip_comments_keeping_lines(text)


def _read_text(path: Path, kind: Kind, diagnostics: Diagnostics) -> str | None:
    """The file's text with Unix line ends, or None after reporting it too large or not UTF-8."""
    size = path.stat().st_size
    if size > (MAX_FRONT_MATTER_BYTES if kind is Kind.SITE else MAX_FILE_BYTES):
        diagnostics.add(path, 1, 1, "E121", *_too_large(kind, size))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diagnostics.add(path, *_not_utf8(data, exc))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _too_large(kind: Kind, size: int, *, front_matter: bool = False) -> tuple[str, str]:
    if kind is Kind.SITE or front_matter:
        what = "site.yml" if kind is Kind.SITE else "the front matter"
        return (
            f"{what} is {_size(size)}: settings and front matter may be at most {_size(MAX_FRONT_MATTER_BYTES)}",
            "keep the fields short; long text belongs in the body of the paper, below the front matter",
        )
    return (
        f"the file is {_size(size)}: a content file may be at most {_size(MAX_FILE_BYTES)}",
        "split it, or attach long material as a PDF appendix",
    )


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count // 1024} KB"


def _not_utf8(data: bytes, exc: UnicodeDecodeError) -> tuple[int, int, str, str, str]:
    """(line, column, code, message, hint) of the first byte that is not UTF-8."""
    start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)  # utf-8-sig counts after the BOM
    before = data[:start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8-sig" if line_start == 0 else "utf-8", "replace")) + 1
    line = before.count(b"\n") + 1
    return (
        line,
        column,
        "E105",
        f"not UTF-8 text: byte 0x{data[start]:02X} on line {line} cannot be read (the file was saved in "
        "another encoding, such as Windows-1252)",
        "save the file as UTF-8 in your editor",
    )


def _check_body(path: Path, body: str, body_line: int, diagnostics: Diagnostics) -> None:
    """Control characters in the body, a second front matter block pasted at its top, and what its Markdown
    says (footnotes, tables: papers/content/markdownchecks.py)."""
    check_markdown(path, strip_comments_keeping_lines(body), body_line, diagnostics)
    found = list(UNSAFE_CHARACTER.finditer(body))
    for index, match in enumerate(found[:MAX_REPORTED_CHARACTERS]):
        line, column = line_and_column(body, match.start())
        more = len(found) - MAX_REPORTED_CHARACTERS if index == MAX_REPORTED_CHARACTERS - 1 else 0
        diagnostics.add(
            path,
            body_line + line - 1,
            column,
            "E124",
            "the text holds " + unsafe_character_message(match.group(), more),
            UNSAFE_CHARACTER_HINT,
        )
    deep = deep_brackets(body)
    if deep is not None:
        line, column = line_and_column(body, deep)
        diagnostics.add(
            path,
            body_line + line - 1,
            column,
            "E122",
            f"brackets are opened more than {MAX_DEPTH} deep in one paragraph (`[` or `(` without its closing one)",
            "close each bracket, or write a bracket that stands alone as `\\[` or `\\(`: Markdown would take minutes "
            "to read this paragraph",
        )
    second = second_front_matter(body)
    if second is not None:
        opening, first_field = second
        diagnostics.add(
            path,
            body_line + opening,
            1,
            "E125",
            f"a second front matter block (`{first_field}`, ...): it would be published as a heading, "
            "and its fields are not read",
            "move the fields into the front matter at the top of the file (between the first two `---` lines) "
            "and delete this block",
        )


_BRACKET = re.compile(r"\\.|[\[\]()]|\n[ \t]*\n")


def deep_brackets(body: str) -> int | None:
    """The index of the first `[` or `(` that is more than MAX_DEPTH deep in its paragraph, or None. Markdown
    looks for the end of each open bracket to the end of the paragraph: thousands of them take it minutes."""
    if body.count("[") <= MAX_DEPTH and body.count("(") <= MAX_DEPTH:  # no paragraph can hold more
        return None
    square = round_ = 0
    for match in _BRACKET.finditer(body):
        token = match.group()
        if token.startswith("\\"):
            continue
        if token[0] == "\n":
            square = round_ = 0
        elif token == "[":
            square += 1
        elif token == "(":
            round_ += 1
        elif token == "]":
            square = max(square - 1, 0)
        else:
            round_ = max(round_ - 1, 0)
        if square > MAX_DEPTH or round_ > MAX_DEPTH:
            return match.start()
    return None


_FIELD_LINE = re.compile(r"^[a-z_][a-z0-9_]*:(?:\s|$)")
_CONTINUATION_LINE = re.compile(r"^(?:\s+\S|-\s)")


def second_front_matter(body: str) -> tuple[int, str] | None:
    """(line index in the body of its opening `---`, its first field line) when the body starts with another
    block of front matter: a `---` line, lines of `name: value` fields (lower-case names, as in the format,
    or lines continuing them) with no blank line, and a closing `---`. Markdown would publish it as a rule and
    a heading."""
    lines = body.split("\n", 200)[:200]
    opening = next((index for index, line in enumerate(lines) if line.strip()), None)
    if opening is None or lines[opening].rstrip() != "---":
        return None
    fields: list[str] = []
    for line in lines[opening + 1 :]:
        if line.rstrip() in ("---", "..."):
            return (opening, fields[0]) if fields else None
        if _FIELD_LINE.match(line):
            fields.append(line.strip())
        elif not (fields and _CONTINUATION_LINE.match(line)):
            return None
    return None


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
