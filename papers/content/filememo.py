"""Results computed from a content file's bytes, kept between builds (incremental builds).

Supplied PDFs are read with pypdf and pikepdf several times a build (inspected for hidden content,
their tags measured, a clean copy made to publish): a few hundred milliseconds each, which an
archive of thousands of appendices would pay on every build. A function decorated with
`by_content` is computed once per file content (SHA-256 of its bytes) and other arguments while a
memo is installed (`remembering`, by papers/pipeline.py and `serve`); without one it simply runs.
Small results live in the memo (kept in the build state, papers/site/state.py); bytes (a cleaned
PDF) in files of the memo's folder, named by key. Exceptions are not remembered: an unreadable file
is read, and reported, each time.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

P = ParamSpec("P")
T = TypeVar("T")
_local = threading.local()
_IN_FOLDER = "in-folder"  # the memo's value for a result kept as a file


@dataclass
class FileMemo:
    folder: Path  # where results that are bytes are kept, one file each
    previous: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, Any] = field(default_factory=dict)  # what this build used: what the next one gets

    def get(self, key: str) -> tuple[bool, Any]:
        if key in self.kept:
            return True, self._value(key, self.kept[key])
        if key in self.previous:
            stored = self.previous[key]
            if stored == _IN_FOLDER and not (self.folder / key).is_file():
                return False, None
            self.kept[key] = stored
            return True, self._value(key, stored)
        return False, None

    def put(self, key: str, value: Any) -> None:
        if isinstance(value, bytes):
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f"{key}.{uuid.uuid4().hex}.tmp"
            temporary.write_bytes(value)
            temporary.replace(self.folder / key)
            self.kept[key] = _IN_FOLDER
        else:
            self.kept[key] = value

    def prune(self) -> None:
        """Remove the kept files this build did not use (files renamed, deleted or changed since)."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if self.kept.get(path.name) != _IN_FOLDER:
                    path.unlink(missing_ok=True)

    def _value(self, key: str, stored: Any) -> Any:
        return (self.folder / key).read_bytes() if stored == _IN_FOLDER else stored


def by_content(function: Callable[P, T]) -> Callable[P, T]:
    """Remember `function(path, *rest)` by the bytes of the file at `path` and the other arguments."""

    @functools.wraps(function)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> T:
        memo: FileMemo | None = getattr(_local, "memo", None)
        if memo is None:
            return function(*args, **kwargs)
        path, rest = cast(Path, args[0]), args[1:]
        digest = hashlib.sha256(f"{function.__module__}.{function.__qualname__}\0{rest!r}\0{kwargs!r}\0".encode())
        digest.update(Path(path).read_bytes())
        key = digest.hexdigest()
        found, value = memo.get(key)
        if found:
            return cast(T, value)
        value = function(*args, **kwargs)
        memo.put(key, value)
        return value

    return remembered


def current_memo() -> FileMemo | None:
    """The memo installed on this thread by `remembering`, if any."""
    return cast(FileMemo | None, getattr(_local, "memo", None))


@contextmanager
def remembering(memo: FileMemo) -> Iterator[FileMemo]:
    previous = getattr(_local, "memo", None)
    _local.memo = memo
    try:
        yield memo
    finally:
        _local.memo = previous
