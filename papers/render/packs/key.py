"""A pack's cache key from what its HTML is made from, without rendering the HTML (main process).

Rendering a pack's HTML (its reports' Markdown above all) costs far more than reading what it is made
from, and most packs of a build are cached: so the key digests the template's context (the projected
model objects: meeting, items, reports, appendices, minutes, membership, notices), the site as the
templates' globals see it (settings, members, committees, published files), the templates' source,
the code and the libraries that render the HTML, and the pack's input files. The HTML is rendered
only for a pack whose key the cache does not hold.

Objects are digested by papers/render/digest.py, which says how far references are followed; a paper of
the pack plan refers to its meeting as an item refers to earlier minutes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
from functools import cache
from pathlib import Path

from papers.model.site import Site
from papers.render.digest import MEETING_ELSEWHERE, REFERENCES, Digests
from papers.render.packs.plan import Paper, PlannedPack
from papers.render.templating import template_folders

PACKAGE = Path(__file__).resolve().parents[2]  # papers/
LIBRARIES = ("weasyprint", "jinja2", "markupsafe", "markdown", "pydantic")  # what renders the HTML and the PDF

# The pack plan's papers refer to their meeting as items refer to earlier minutes (papers/render/digest.py).
PACK_REFERENCES = {**REFERENCES, (Paper, "meeting"): MEETING_ELSEWHERE}


def pack_digests() -> Digests:
    """Digests for pack keys. A build's page keys share them (papers/pipeline.py), so that the objects both
    show are digested once: pages hold no pack plan's Paper, so their digests are the same as with REFERENCES."""
    return Digests(PACK_REFERENCES)


# Printed minutes print the meeting's minutes, not its agenda; an agenda pack its agenda, not its minutes (a
# council's override of the templates may print anything: site_digest then digests every meeting in full).
_CONTEXT_LEFT_OUT = {
    "minutes.html.j2": {"meeting": MEETING_ELSEWHERE},
    "agenda.html.j2": {"meeting": frozenset({"minutes"})},
}


def cache_key(pack: PlannedPack, shared: str, digests: Digests) -> str:
    """Everything a pack is made from: its context, `shared` (site_digest), the job's own data, its files."""
    digest = hashlib.sha256()
    digest.update(shared.encode() + b"\0")
    digest.update(digests.of(pack.template))
    left_out = _CONTEXT_LEFT_OUT.get(pack.template, {})
    for name, value in pack.context.items():
        digest.update(digests.of(name) + digests.of(value, left_out.get(name, frozenset())))
    digest.update(digests.of(dataclasses.replace(pack.stub, html="")))
    for path in input_files(pack.stub.allowed_files, pack.stub.supplied):
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def site_digest(site: Site, digests: Digests) -> str:
    """What every pack of the site is made from: the site as templates see it (`site` is one of their globals),
    the templates, and the code and libraries that render. Meetings are left out (each pack digests its own):
    unless the council overrides pack templates, which may print any meeting of the site."""
    overridden = any(folder.is_relative_to(site.root) for folder in template_folders(site.root, "packs"))
    left_out = frozenset() if overridden else frozenset({"meetings"})
    digest = hashlib.sha256(digests.of(site, left_out))
    for folder in template_folders(site.root, "packs"):
        for path in sorted(path for path in folder.rglob("*") if path.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(_code().encode())
    return digest.hexdigest()


def input_files(allowed: tuple[str, ...], supplied: tuple[tuple[str, str, int, str], ...]) -> list[str]:
    """The files a pack reads: its images and supplied PDFs."""
    return sorted({*allowed, *(entry[1] for entry in supplied)})


@cache
def _code() -> str:
    """This package's source (any of it may shape a pack's HTML) and the versions of the libraries used."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    for library in LIBRARIES:
        digest.update(f"{library}={importlib.metadata.version(library)}\0".encode())
    return digest.hexdigest()
