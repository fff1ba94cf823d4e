"""Reading a content file again only when it has changed since the last build (incremental builds).

A file's front matter is parsed (YAML with line marks, then checked) once; the result, and the
problems found reading it, are kept under the file's path with its stat stamp (size, modification
and change times, inode). A later build reads only files whose stamp differs; every other file's
record and problems are taken as they were. Cross-file rules (validate, resolve) always run again,
on the records. The cache lives in the build state beside the output (papers/site/state.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from papers.content.load import Kind, SourceDocument, read_document
from papers.diagnostics import Diagnostics

Stamp = tuple[int, int, int, int]
Problem = tuple[str, int, int, str, str, str | None]  # the arguments of Diagnostics.add, path as given


@dataclass(frozen=True)
class Read:
    stamp: Stamp
    kind: Kind
    document: SourceDocument | None  # None when the file could not be read (its problems say why)
    problems: tuple[Problem, ...]


@dataclass
class ReadCache:
    """Records by absolute path; `reread` counts the files read in this build (the rest came from here)."""

    entries: dict[str, Read] = field(default_factory=dict)
    reread: int = 0
    seen: set[str] = field(default_factory=set)  # the files of this build

    def read(self, path: Path, relative: str, kind: Kind, diagnostics: Diagnostics) -> SourceDocument | None:
        stamp = _stamp(path)  # before reading: a file changed while it is read is read again next time
        self.seen.add(str(path))
        cached = self.entries.get(str(path))
        if cached is None or cached.stamp != stamp or cached.kind is not kind:
            recorder = _Recorder()
            document = read_document(path, relative, kind, recorder)
            cached = Read(stamp, kind, document, tuple(recorder.problems))
            self.entries[str(path)] = cached
            self.reread += 1
        for problem in cached.problems:
            diagnostics.add(*problem)
        return cached.document

    def current(self) -> dict[str, Read]:
        """The records of this build's files: what the next build starts from (files renamed or deleted since
        are forgotten, so the cache does not grow with old names)."""
        return {path: read for path, read in self.entries.items() if path in self.seen}


def _stamp(path: Path) -> Stamp:
    status = os.stat(path)
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


class _Recorder(Diagnostics):
    """Diagnostics that also keeps each problem as given, to be replayed when the file is not read again."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []

    def add(self, path: Path | str, line: int, column: int, code: str, message: str, hint: str | None = None) -> None:
        super().add(path, line, column, code, message, hint)
        self.problems.append((str(path), line, column, code, message, hint))
