"""Digests of what a page or a pack is made from (its template's context: model objects, views), so that
an incremental build renders only what changed (papers/render/pagekeys.py, papers/render/packs/key.py).

The digest is the same in every process (no `hash()`, no `id()` in what is digested, no default
`repr`, sets in sorted order) and fails on a type it does not know rather than guess.

Two references are followed only as far as pages and packs print them, so that one meeting's pages and
pack do not depend on every earlier meeting through the chain of minutes each confirms (followed in full,
that chain is also as deep as a committee's history: too deep to digest recursively). A meeting referred to
by an item (the earlier minutes it confirms) is digested without its own agenda: what is printed of it is its
committee, date and whether its minutes are published. An agenda item referred to from minutes (a
declaration's or a minute's item) is digested without its papers, text and earlier minutes: the minutes
print its number and whether it was withdrawn, and a minutes page the item's papers too, which its
context's meeting (the same item, whole) already holds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

from papers.model.site import AgendaItem, Declaration, Minute

MEETING_ELSEWHERE = frozenset({"sections", "reports", "notes", "before_agenda"})
ITEM_IN_MINUTES = frozenset({"reports", "minutes_of", "text", "lead"})
# (type of an object, one of its fields): the fields left out of the object(s) that field refers to.
REFERENCES: dict[tuple[type, str], frozenset[str]] = {
    (AgendaItem, "minutes_of"): MEETING_ELSEWHERE,
    (Declaration, "item"): ITEM_IN_MINUTES,
    (Minute, "item"): ITEM_IN_MINUTES,
}


class Digests:
    """Digests of model objects, each object digested once in a build (pages and packs share meetings, members ...).

    `references`: for a (type, field) the fields left out of the object that field refers to (`REFERENCES`)."""

    def __init__(self, references: Mapping[tuple[type, str], frozenset[str]] | None = None) -> None:
        self._references = REFERENCES if references is None else references
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
            parts += [name.encode(), self.of(getattr(value, name), self._references.get((kind, name), _NOTHING))]
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
            raise TypeError(f"no digest for a {type(value).__qualname__}")


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
