"""The build state beside the output: what an incremental build takes from the last one.

Kept in `.papers-cache/<output folder name>.state` (one per output folder, so per audience), written
into a temporary file while the search index is made, completed with the index's stamps and renamed
once the build is swapped in (`saving`), and read at the start of the next:

- `fingerprint`: this code, the templates and base MkDocs config, the versions of the libraries that
  shape the output, the audience and the content folder. When any differs nothing is taken: a full build.
- `reads`: each content file's record, by stat stamp (papers/content/readcache.py).
- `markup`: each Markdown fragment the build converted or used (papers/render/markup.py `Memo`).
- `files`: what was computed from supplied PDFs, by their bytes (papers/content/filememo.py); cleaned
  copies are kept as files in `.papers-cache/<output folder name>.files/`.
- `pages`: each page's key (what it is made from: papers/render/pagekeys.py), by its docs file: a page
  whose key is the same and whose file is as this build left it in the docs folder is not rendered again.
- `config`: the MkDocs config written for the site (name, nav, colours): when it differs, every page is built.
- `published`: each docs file's SHA-256 and the stat stamp of the file MkDocs made of it in the
  published site (papers/site/incremental.py).
- `docs`: each file in the docs folder kept for the next build (papers/site/output.py): its SHA-256
  and stat stamp (papers/render/output.py writes only what differs); `data`, the same of the open data
  folder kept beside it (open data is published without MkDocs: papers/site/incremental.py `link_data`).
- `search`: the search index's fingerprint (the pages it indexes) and the stat stamps of its files in the
  published site (papers/site/search.py); `search_pages`, what the fingerprint was made of (each
  published page's stamp, whether it is indexed, its SHA-256).

A state that cannot be read (another version's, a damaged file) is ignored: the build is then full.
The file is ours, beside the output, as the pack cache is: it is trusted as that is (pickle).
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import pickle
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

import papers
from papers.content import filememo
from papers.content.filememo import FileMemo
from papers.content.readcache import Read, ReadCache
from papers.model.audience import Audience
from papers.render import markup
from papers.render.markup import Converted, Memo
from papers.render.output import Kept, Stamp
from papers.render.pagekeys import PageKeys
from papers.resources import BASE_CONFIG, TEMPLATES
from papers.site.search import PageRecord

STATE_VERSION = 6
# The libraries whose version changes what a page or the site looks like (or how content is read).
SHAPING = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pyyaml", "pymdown-extensions", "pagefind-bin")

SearchIndex = tuple[str, dict[str, Stamp]]  # the search index's fingerprint, and each of its files' stamps


@dataclass(frozen=True)
class BuildState:
    fingerprint: str
    reads: dict[str, Read] = field(default_factory=dict)
    markup: dict[bytes, Converted] = field(default_factory=dict)
    files: dict[str, Any] = field(default_factory=dict)
    config: str = ""
    published: dict[str, tuple[str, Stamp]] = field(default_factory=dict)  # docs path: (SHA-256, built file's stamp)
    search: SearchIndex = field(default_factory=lambda: ("", {}))
    docs: Kept = field(default_factory=dict)  # docs path: (SHA-256, the docs file's stamp)
    search_pages: dict[str, PageRecord] = field(default_factory=dict)  # built page: papers/site/search.py
    pages: dict[str, str] = field(default_factory=dict)  # docs file: the page's key (papers/render/pagekeys.py)
    data: Kept = field(default_factory=dict)  # open data folder's path: (SHA-256, the file's stamp)


def fingerprint(content: Path, audience: Audience) -> str:
    """What every cached thing depends on besides the content: a change to any is a full build."""
    digest = hashlib.sha256(f"{STATE_VERSION}\0{audience.name}\0{content.resolve()}\0".encode())
    for name in SHAPING:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    code = Path(papers.__file__).parent
    for root in (code, TEMPLATES):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(BASE_CONFIG.read_bytes())
    return digest.hexdigest()


def load(path: Path, expected: str) -> BuildState | None:
    """The last build's state if it was made by this code for this content and audience, else None."""
    try:
        with open(path, "rb") as handle, _not_collecting():
            state = pickle.load(handle)
            search = pickle.load(handle)  # written last (`Saving`)
    except Exception:  # absent, damaged, or written by another version: a full build mends it
        return None
    if not isinstance(state, BuildState) or state.fingerprint != expected:
        return None
    return dataclasses.replace(state, search=search)


@contextmanager
def _not_collecting() -> Iterator[None]:
    """The garbage collector off while the state is read: unpickling makes hundreds of thousands of objects, all
    of them kept, and the collector, run every few hundred allocations, walked them again and again (a fifth to
    a half of the time of reading a 5,000-page archive's state)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def saving(path: Path) -> Iterator[Saving]:
    """The state written into a temporary file, renamed over `path` when the block ends if `Saving.finish` was
    called; else the temporary file is removed and the last state stays."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    with open(temporary, "wb") as handle:
        written = Saving(handle)
        try:
            yield written
        finally:
            if not written.finished:
                handle.close()
                temporary.unlink(missing_ok=True)
    if written.finished:
        temporary.replace(path)


class Saving:
    """A state written in two parts: all of it but the search index's stamps (`write`, while Pagefind makes the
    index: papers/pipeline.py), then those (`finish`, once the site is swapped in)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.finished = False

    def write(self, state: BuildState) -> None:
        pickle.dump(dataclasses.replace(state, search=("", {})), self.handle, protocol=pickle.HIGHEST_PROTOCOL)

    def finish(self, search: SearchIndex) -> None:
        pickle.dump(search, self.handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.finished = True


@dataclass(frozen=True)
class Memory:
    """What this build takes from the last one's state, and keeps for the next."""

    reads: ReadCache
    markup: Memo
    files: FileMemo
    pages: PageKeys

    @classmethod
    def of(cls, previous: BuildState | None, state_file: Path) -> Memory:
        folder = state_file.with_name(f"{state_file.name.removesuffix('.state')}.files")
        if previous is None:
            return cls(ReadCache(), Memo(), FileMemo(folder), PageKeys())
        return cls(
            ReadCache(dict(previous.reads)),
            Memo(previous.markup),
            FileMemo(folder, previous.files),
            PageKeys(previous.pages),
        )

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Markdown and supplied PDFs' results remembered within this block (on this thread)."""
        with markup.remembering(self.markup), filememo.remembering(self.files):
            yield

    def kept(
        self,
        fingerprint: str,
        config: str,
        published: Kept,
        search: SearchIndex,
        docs: Kept,
        search_pages: dict[str, PageRecord],
        data: Kept,
    ) -> BuildState:
        """The state to save after the build: only what this build used. The Markdown fragments of pages kept,
        not rendered, are not kept either: a later build that renders such a page converts them again (a
        fragment takes about a millisecond), which keeps the state from growing with every edit.
        (`prune` removes the files of supplied PDFs' results this build did not use, once the state is saved.)"""
        return BuildState(
            fingerprint,
            self.reads.current(),
            self.markup.kept,
            self.files.kept,
            config,
            published,
            search,
            docs,
            search_pages,
            self.pages.current,
            data,
        )

    def prune(self) -> None:
        self.files.prune()
