"""The write-once output registry of a build's staging docs folder.

Every generated file (page, PDF, attachment, asset) is written through it. It
refuses a second write to the same path (two outputs that would share a URL, such
as a report file named `minutes.md` beside the meeting's minutes) and remembers
which content file produced each output, so a later complaint about a generated
file (from MkDocs, say) can name the content file behind it, and the SHA-256 of
each file written, which tells an incremental build what changed (papers/site/state.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path


class OutputCollision(Exception):
    """Two content files would produce the same output file."""


class Outputs:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._sources: dict[str, Path] = {}
        self.digests: dict[str, str] = {}  # each file written, by its path under root
        self._folders: set[Path] = set()  # made already: a build writes tens of thousands of files into far fewer

    def claim(self, relative: str, source: Path) -> Path:
        """The path to write `relative` to, made from `source`; refused if another source wrote it."""
        key = relative.casefold()  # case-insensitive file systems would merge them too
        if key in self._sources:
            raise OutputCollision(
                f"{source} and {self._sources[key]} would both be published as {relative}: rename one of them"
            )
        self._sources[key] = source
        target = self.root / relative
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target

    def write_text(self, relative: str, text: str, source: Path) -> None:
        self.write_bytes(relative, text.encode("utf-8"), source)

    def write_bytes(self, relative: str, data: bytes, source: Path) -> None:
        self.claim(relative, source).write_bytes(data)
        self.digests[relative] = hashlib.sha256(data).hexdigest()

    def written(self, relative: str, digest: str) -> None:
        """`relative`, claimed before, was written (by another process: papers/render/shared.py) with `digest`."""
        self.digests[relative] = digest

    def copy(self, relative: str, original: Path, source: Path) -> None:
        target = self.claim(relative, source)
        shutil.copyfile(original, target)
        with open(target, "rb") as copied:
            self.digests[relative] = hashlib.file_digest(copied, "sha256").hexdigest()

    def link(self, relative: str, original: Path, digest: str, source: Path) -> None:
        """`original` (a file never changed in place once written: the pack cache's) under `relative`, as a
        hard link where the file system allows (no copy of a large PDF), else copied."""
        link_in_place(original, self.claim(relative, source))
        self.digests[relative] = digest

    def source_of(self, relative: str) -> Path | None:
        return self._sources.get(relative.casefold())

    def __len__(self) -> int:
        return len(self._sources)


def link_in_place(original: Path, target: Path) -> None:
    """`target` becomes a hard link to `original` (a copy where the file system has none), made under a
    temporary name and renamed: a file already at `target` is replaced, never written through."""
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        os.link(original, temporary)
    except OSError:
        shutil.copyfile(original, temporary)
    temporary.replace(target)
