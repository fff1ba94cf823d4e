"""The write-once output registry of a build's staging docs folder.

Every generated file (page, PDF, attachment, asset) is written through it. It
refuses a second write to the same path (two outputs that would share a URL, such
as a report file named `minutes.md` beside the meeting's minutes) and remembers
which content file produced each output, so a later complaint about a generated
file (from MkDocs, say) can name the content file behind it, and the SHA-256 of
each file written, which tells an incremental build what changed (papers/site/state.py).

The docs folder is kept from one build to the next (papers/site/output.py), so a rebuild writes only
what changed: given what the last build left there (`kept`: each file's SHA-256 and stat stamp), a
file whose bytes are the same and which is still as that build left it is not written again. A file
that is written replaces what was there (never written through: a pack is a hard link into the pack
cache), and once every stage has written, `remove_others` removes what this build did not write, so
a paper withdrawn or made exempt leaves the folder before MkDocs sees it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import uuid
from collections.abc import Callable
from pathlib import Path

Stamp = tuple[int, int]  # a file's size and modification time (ns)
Kept = dict[str, tuple[str, Stamp]]  # a file's path under a folder: its SHA-256 and stamp


class OutputCollision(Exception):
    """Two content files would produce the same output file."""


class Outputs:
    def __init__(self, root: Path, kept: Kept | None = None, beside: Outputs | None = None) -> None:
        """`kept`: what the last build left in `root` (None: `root` is new or empty). `beside`: the registry of
        another folder whose files are published into the same site (a build's open data, written apart from
        the docs folder: papers/pipeline.py): a path claimed in either is refused in the other."""
        self.root = root
        self.kept = kept
        self._sources: dict[str, Path] = beside._sources if beside is not None else {}
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
        self.digests[relative] = self.store(relative, self.claim(relative, source), data)

    def store(self, relative: str, target: Path, data: bytes) -> str:
        """Write `data` to `target` (claimed as `relative`) unless the last build left it there; its SHA-256.
        Changes nothing in this registry: another process may call it (papers/render/shared.py)."""
        digest = hashlib.sha256(data).hexdigest()
        if not self._unchanged(relative, digest, target):
            self._clear(target)
            target.write_bytes(data)
        return digest

    def written(self, relative: str, digest: str) -> None:
        """`relative`, claimed before, was stored (by another process: papers/render/shared.py) with `digest`."""
        self.digests[relative] = digest

    def copy(self, relative: str, original: Path, source: Path) -> None:
        target = self.claim(relative, source)
        with open(original, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        if not self._unchanged(relative, digest, target):
            self._clear(target)
            shutil.copyfile(original, target)
        self.digests[relative] = digest

    def link(self, relative: str, original: Path, digest: str, source: Path) -> None:
        """`original` (a file never changed in place once written: the pack cache's) under `relative`, as a
        hard link where the file system allows (no copy of a large PDF), else copied."""
        target = self.claim(relative, source)
        if not self._unchanged(relative, digest, target):
            link_in_place(original, target)
        self.digests[relative] = digest

    def remove_others(self) -> int:
        """Remove every file (and folder left empty) under root that this build did not write: what the last
        build wrote and this one does not (a page withdrawn, a paper made exempt), or a failed build left."""
        if self.kept is None:
            return 0  # a new or emptied folder holds only what this build wrote
        removed = 0
        for folder, names, files in os.walk(self.root, topdown=False):
            under = os.path.relpath(folder, self.root).replace(os.sep, "/")
            prefix = "" if under == "." else f"{under}/"
            for name in files + [name for name in names if os.path.islink(os.path.join(folder, name))]:
                if f"{prefix}{name}" not in self.digests:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
            if prefix and not os.listdir(folder):
                os.rmdir(folder)
        return removed

    def unchanged(self, relative: str, target: Path) -> str | None:
        """The SHA-256 of the file the last build left at `target` (claimed as `relative`) if it is still as that
        build left it, else None."""
        before = None if self.kept is None else self.kept.get(relative)
        return before[0] if before is not None and stamp(target) == before[1] else None

    def _unchanged(self, relative: str, digest: str, target: Path) -> bool:
        """The last build left this file at `target`, with these bytes, and it is still as that build left it."""
        return self.unchanged(relative, target) == digest

    def _clear(self, target: Path) -> None:
        """A file the last build (or one that failed) left at `target` is removed before it is written: writing
        through it would change every name it has (a pack's is the pack cache's too)."""
        if self.kept is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)

    def source_of(self, relative: str) -> Path | None:
        return self._sources.get(relative.casefold())

    def __len__(self) -> int:
        return len(self._sources)


def regular_status(path: str | Path) -> os.stat_result | None:
    """A regular file's status (not followed through a link); None for anything else (absent, a folder, a link)."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def stamp(path: str | Path) -> Stamp | None:
    """A regular file's size and modification time; None for anything else."""
    status = regular_status(path)
    return None if status is None else (status.st_size, status.st_mtime_ns)


def stamps(digests: dict[str, str], root: Path, name: Callable[[str], str] = str) -> Kept:
    """Each file's SHA-256 (from `digests`) and the stamp of the file under `root` at its path (or at `name` of
    it: papers/site/incremental.py `published`, the file MkDocs made of a docs file)."""
    found: Kept = {}
    for relative, digest in digests.items():
        current = stamp(os.path.join(root, name(relative)))
        if current is not None:
            found[relative] = (digest, current)
    return found


def link_in_place(original: Path, target: Path) -> None:
    """`target` becomes a hard link to `original` (a copy where the file system has none), made under a
    temporary name and renamed: a file already at `target` is replaced, never written through."""
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        os.link(original, temporary)
    except OSError:
        shutil.copyfile(original, temporary)
    temporary.replace(target)
