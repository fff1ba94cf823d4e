"""Search: Pagefind indexes the built site into `pagefind/`, a chunked index that browsers fetch only when
someone searches, a few hundred kilobytes at a time, whatever the size of the archive.

The `pagefind` binary comes with the project's own dependency (`pagefind[bin]` on PyPI): nothing is
downloaded at build time. It is run once per build over the whole site (the Python API waits 0.1 s per
call), unless the pages it indexes are the same as in the last build: the index is a function of those
pages' built HTML alone, so the last build's is taken as it was (`carry`, papers/site/incremental.py).
Which pages those are, and their digests, are read again only from pages MkDocs built this time: a page
carried over from the last build has the stamp that build recorded (`survey`).
Only pages whose article carries `data-pagefind-body` are indexed (papers/render/search.py says which,
and with which filters); the public site holds no exempt or draft text, so its index cannot.
The search page runs Pagefind in its web worker, started by the page itself (`WORKER`).

One index for the whole site, not one per municipal year merged in the browser: Pagefind searches a word
that an index does not hold as the longest prefix of it that the index does hold ("applesauce" as "app"), and
with bundles merged each bundle does so alone, so a name found in one year brought results for other words
from every other year (docs/scale.md).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papers.render.output import Stamp, stamp
from papers.site.mkdocs import SiteBuildError

BUNDLE = "pagefind"
# What Pagefind indexes of a built page (templates/theme/papers/frame.html): an article marked for it.
MARK = b"data-pagefind-body"

# Given the index's fingerprint and the folder it belongs in, put the last build's index there if it was made
# from the same pages, and say whether it did.
Carry = Callable[[str, Path], bool]
# A built page as the fingerprint saw it: its stamp, whether it is marked for indexing, its SHA-256.
PageRecord = tuple[Stamp, bool, bytes]


@dataclass(frozen=True)
class Indexed:
    fingerprint: str  # the pages indexed (`fingerprint`)
    carried: bool  # taken from the last build, not made again
    pages: dict[str, PageRecord] = field(default_factory=dict)  # what the fingerprint was made of: for the next


def index_site(
    built: Path, language: str, carry: Carry | None = None, known: Mapping[str, PageRecord] | None = None
) -> Indexed:
    """Index the built site in `built` into `built/pagefind/` (deterministic: the same pages, the same bytes),
    or take the last build's index through `carry`. `known`: the last build's `pages` (`survey`)."""
    with start_indexing(built, language, carry, known) as indexing:
        return indexing.finish()


@contextmanager
def start_indexing(
    built: Path, language: str, carry: Carry | None = None, known: Mapping[str, PageRecord] | None = None
) -> Iterator[Indexing]:
    """`index_site` started: Pagefind runs in its own process while the caller goes on with what does not
    need the index (a build records the new site's stamps meanwhile), until `finish`. Leaving the block
    before that stops Pagefind."""
    pages = survey(built, known or {})
    made_of = fingerprint_of(pages, language)
    if carry is not None and carry(made_of, built / BUNDLE):
        yield Indexing(built, Indexed(made_of, carried=True, pages=pages))
        return
    from pagefind_bin import get_executable

    shutil.rmtree(built / BUNDLE, ignore_errors=True)  # a preview's earlier index: fragments are named by hash
    command = [
        str(get_executable()),
        "--site",
        str(built),
        "--output-subdir",
        BUNDLE,
        "--force-language",
        language.split("-")[0].lower(),  # one index for the site's language (en-GB: en)
        "--silent",
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as running:
        try:
            yield Indexing(built, Indexed(made_of, carried=False, pages=pages), running)
        finally:
            if running.returncode is None:
                running.kill()


class Indexing:
    """A search index being made (or taken from the last build): `finish` waits for it."""

    def __init__(self, built: Path, indexed: Indexed, running: subprocess.Popen[str] | None = None) -> None:
        self.built = built
        self.indexed = indexed
        self.running = running

    def finish(self) -> Indexed:
        if self.running is None:
            return self.indexed
        out, err = self.running.communicate()
        if self.running.returncode != 0:
            raise SiteBuildError(f"the search index could not be built: {(err or out).strip()}")
        bundle = self.built / BUNDLE
        for unused in UNUSED:
            (bundle / unused).unlink(missing_ok=True)  # the site's own search page is the interface
        _check_worker(bundle)
        _sort_filters(bundle)
        self.running = None
        return self.indexed


def fingerprint(built: Path, language: str) -> str:
    """What the index is made of: the address and built HTML of each page Pagefind indexes, and the language.
    (A site with no page marked for indexing is indexed whole by Pagefind: then every page counts.)"""
    return fingerprint_of(survey(built, {}), language)


def fingerprint_of(pages: Mapping[str, PageRecord], language: str) -> str:
    marked = sorted((relative, page) for relative, (_, indexed, page) in pages.items() if indexed)
    counted = marked or sorted((relative, page) for relative, (_, _, page) in pages.items())
    digest = hashlib.sha256(f"{language}\0".encode())
    for relative, page in counted:
        digest.update(relative.encode() + b"\0" + page)
    return digest.hexdigest()


def survey(built: Path, known: Mapping[str, PageRecord]) -> dict[str, PageRecord]:
    """Each HTML page of the built site (not the search index's own files) as a PageRecord. A page with the
    stamp `known` records for it is the file recorded there (carried over from the last build): not read."""
    found: dict[str, PageRecord] = {}
    for folder, names, files in os.walk(built):
        under = os.path.relpath(folder, built).replace(os.sep, "/")
        prefix = "" if under == "." else f"{under}/"
        if not prefix and BUNDLE in names:
            names.remove(BUNDLE)
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            now = stamp(path)
            if now is None:
                continue
            relative = f"{prefix}{name}"
            before = known.get(relative)
            if before is not None and before[0] == now:
                found[relative] = before
                continue
            with open(path, "rb") as handle:
                text = handle.read()
            found[relative] = (now, marked_for_indexing(text), hashlib.sha256(text).digest())
    return found


def marked_for_indexing(page: bytes) -> bool:
    """Whether the page has an element with the attribute `data-pagefind-body`: the name inside a tag (after
    its last `<`, with no `>` between), where a paper's own text cannot put it. (As the regular expression
    `<[^<>]*\\sdata-pagefind-body[\\s=>]` would say, thirty times faster on a large archive's pages.)"""
    at = page.find(MARK)
    while at != -1:
        end = at + len(MARK)
        after = page[end : end + 1]
        if (
            page[at - 1 : at].isspace()
            and (after.isspace() or after in (b"=", b">"))
            and page.rfind(b"<", 0, at) > page.rfind(b">", 0, at)
        ):
            return True
        at = page.find(MARK, end)
    return False


UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
MAGIC = b"pagefind_dcd"
# The search page (templates/assets/search.js) starts Pagefind's web worker itself and sends it these messages,
# rather than fetching pagefind.js, which would start the same worker (45 KB more for every first search).
WORKER = "pagefind-worker.js"
WORKER_MESSAGES = ("init", "search", "getData", "releaseData")


def _check_worker(bundle: Path) -> None:
    """Stop the build if this Pagefind's worker no longer answers the messages the search page sends it: the
    site would be published with a search that fails. (pagefind.js still talks to it the same way.)"""
    worker = bundle / WORKER
    script = worker.read_text(encoding="utf-8") if worker.is_file() else ""
    missing = [message for message in WORKER_MESSAGES if f'"{message}"' not in script]
    if missing:
        raise SiteBuildError(
            f"this version of Pagefind's {WORKER} does not answer {', '.join(missing)}: "
            "templates/assets/search.js needs updating for it"
        )


# Pagefind writes each filter's values, and the list of filters in its metadata, in the order of a Rust
# hash map, which differs from run to run: the same site would give a different bundle each build. So the
# filter files and the metadata are written again with their lists sorted, each under the name of its new
# content's hash (as Pagefind names them), and the entry file pointed at the new metadata. The files are
# gzip-compressed CBOR after Pagefind's magic bytes; cbor2 reads and writes them exactly.
def _sort_filters(bundle: Path) -> None:
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_file)
        prefix = language["hash"].split("_")[0]
        filters = []
        for name, chunk in meta[3]:
            old = bundle / "filter" / f"{chunk}.pf_filter"
            content = _read(old)
            content[1] = sorted(content[1], key=lambda value: value[0])
            old.unlink()
            filters.append([name, _write(bundle / "filter", prefix, content, 7, ".pf_filter")])
        meta[3] = sorted(filters)
        meta_file.unlink()
        language["hash"] = _write(bundle, prefix, meta, 10, ".pf_meta", "pagefind.")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> Any:
    import cbor2

    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise SiteBuildError(f"the search index file {path.name} is not in the format this version reads")
    return cbor2.loads(data[len(MAGIC) :])


def _write(folder: Path, prefix: str, content: Any, digits: int, suffix: str, before: str = "") -> str:
    """Write `content` as Pagefind does; its name (the part Pagefind's files refer to it by) is returned."""
    import cbor2

    data = MAGIC + cbor2.dumps(content)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{before}{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name
