"""A pack's cache key from what its HTML is made from, without rendering the HTML (main process).

Rendering a pack's HTML (its reports' Markdown above all) costs far more than reading what it is made
from, and most packs of a build are cached: so the key digests the template's context (the projected
model objects: meeting, items, reports, appendices, minutes, membership, notices), the site as the
templates' globals see it (settings, members, committees, published files), the templates' source,
the code and the libraries that render the HTML, and the pack's input files. The HTML is rendered
only for a pack whose key the cache does not hold.

The digest is the same in every process (no `hash()`, no `id()` in what is digested, no default
`repr`, sets in sorted order) and fails on a type it does not know rather than guess.

Two references are followed only as far as the packs print them, so that one meeting's pack does not
depend on every earlier meeting through the chain of minutes each confirms: a meeting referred to by
another object (an item's or a paper's earlier minutes) is digested without its own agenda, and an
agenda item referred to from minutes (a declaration's or a minute's item) without its papers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import importlib.metadata
from collections.abc import Iterator
from functools import cache
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel

from papers.model.site import AgendaItem, Declaration, Minute, Site
from papers.render.packs.plan import Paper, PlannedPack
from papers.render.templating import template_folders

PACKAGE = Path(__file__).resolve().parents[2]  # papers/
LIBRARIES = ("weasyprint", "jinja2", "markupsafe", "markdown", "pydantic")  # what renders the HTML and the PDF

# (type of an object, one of its fields): the fields left out of the object(s) that field refers to; see the
# module's docstring.
_MEETING_ELSEWHERE = frozenset({"sections", "reports", "notes", "before_agenda"})
_ITEM_IN_MINUTES = frozenset({"reports", "minutes_of", "text", "lead"})
_LEFT_OUT: dict[tuple[type, str], frozenset[str]] = {
    (AgendaItem, "minutes_of"): _MEETING_ELSEWHERE,
    (Paper, "meeting"): _MEETING_ELSEWHERE,
    (Declaration, "item"): _ITEM_IN_MINUTES,
    (Minute, "item"): _ITEM_IN_MINUTES,
}
# Printed minutes print the meeting's minutes, not its agenda; an agenda pack its agenda, not its minutes (a
# council's override of the templates may print anything: site_digest then digests every meeting in full).
_CONTEXT_LEFT_OUT = {
    "minutes.html.j2": {"meeting": _MEETING_ELSEWHERE},
    "agenda.html.j2": {"meeting": frozenset({"minutes"})},
}


class Digests:
    """Digests of model objects, each object digested once in a build (packs share meetings, members ...)."""

    def __init__(self) -> None:
        self._done: dict[tuple[int, frozenset[str]], bytes] = {}  # id() only finds an object digested already
        self._kept: list[Any] = []  # holds what is in _done, so that no id is reused while this lives

    def of(self, value: Any, left_out: frozenset[str] = frozenset()) -> bytes:
        """The SHA-256 of `value`: its type and contents, `left_out` fields of a dataclass not included."""
        kind = type(value)
        if kind is str:  # most values: digested here, as _parts would, without its generator
            return _sha(b"builtins.str" + value.encode("utf-8"))
        names = _fields_of(kind)
        if names is not None:
            found = self._done.get((id(value), left_out))
            if found is None:
                found = self._dataclass(value, names, left_out)
                self._done[(id(value), left_out)] = found
                self._kept.append(value)
            return found
        if kind is tuple:
            return _sha(b"builtins.tuple" + b"".join([self.of(item, left_out) for item in value]))
        return _sha(b"".join(self._parts(value, left_out)))

    def _dataclass(self, value: Any, names: tuple[str, ...], left_out: frozenset[str]) -> bytes:
        parts = [_name(value)]
        kind = type(value)
        for name in names:
            if name in left_out:
                continue
            parts += [name.encode(), self.of(getattr(value, name), _LEFT_OUT.get((kind, name), _NOTHING))]
        return _sha(b"\0".join(parts))

    def _parts(self, value: Any, left_out: frozenset[str]) -> Iterator[bytes]:
        yield _name(value)
        if value is None or isinstance(value, bool | int | float):
            yield repr(value).encode()
        elif isinstance(value, str):  # Markup too (its type's name is digested: it is not escaped)
            yield value.encode("utf-8")
        elif isinstance(value, bytes):
            yield value
        elif isinstance(value, dt.date | dt.time | dt.datetime):
            yield value.isoformat().encode()
        elif isinstance(value, PurePath):
            yield str(value).encode()
        elif isinstance(value, enum.Enum):
            yield from self._parts(value.value, left_out)
        elif isinstance(value, BaseModel):
            yield value.model_dump_json().encode()
        elif isinstance(value, tuple | list):
            yield from (self.of(item, left_out) for item in value)
        elif isinstance(value, dict):
            for key, item in value.items():
                yield self.of(key) + self.of(item)
        elif isinstance(value, set | frozenset):
            yield from sorted(self.of(item) for item in value)
        else:
            raise TypeError(f"no digest for a {type(value).__qualname__} in a pack's context")


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


_NOTHING: frozenset[str] = frozenset()
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _fields_of(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, None for any other type: looked up once per type."""
    if kind not in _FIELDS:
        is_dataclass = dataclasses.is_dataclass(kind) and isinstance(kind, type)
        _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind)) if is_dataclass else None
    return _FIELDS[kind]


def _name(value: Any) -> bytes:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}".encode()


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
