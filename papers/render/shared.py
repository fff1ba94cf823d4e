"""Work shared with a forked copy of this process, on a machine with more than one core.

Rendering pages is a plain function of the site, which is in memory once it is checked: a forked child has
it for free (copy-on-write), does every other item into files already claimed, and sends back what the
parent must know: each item's result, and what the memos of this build learnt meanwhile (Markdown fragments
converted, results from supplied files: the next build's state, papers/site/state.py).

Nothing depends on the child: if it fails in any way (an error in a template, memory, a signal), the parent
does its share again, so an error surfaces exactly as it would without the child and the output is the
same bytes either way (tests/test_shared_work.py). Where `fork` is not available (Windows; macOS defaults
to spawning, which would copy the whole site across), or the work is small, everything is done here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from papers.content import filememo
from papers.render import markup

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a fork costs more than it saves (a page takes a few milliseconds).
SHARED_FROM = 64


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_share() -> bool:
    return cores() > 1 and "fork" in multiprocessing.get_all_start_methods()


def do_all(
    items: Sequence[T],
    work: Callable[[T], R],
    progress: Callable[[int, int], None] | None = None,
    *,
    share: bool | None = None,
) -> list[R]:
    """`work(item)` for each item, in order; half of them (every other one) in a forked child when `share`
    (default: with more than one core, fork available and at least SHARED_FROM items)."""
    if share is None:
        share = len(items) >= SHARED_FROM and can_share()
    if not share:
        return _here(items, range(len(items)), work, progress, 0)
    context = multiprocessing.get_context("fork")
    done_there = context.Value("i", 0, lock=False)
    receiving, sending = context.Pipe(duplex=False)
    marks = _memo_marks()
    child = context.Process(
        target=_child, args=(items, work, sending, done_there, marks), name="papers-shared", daemon=True
    )
    child.start()  # multiprocessing writes out this process's buffered output first: it is not written twice
    sending.close()
    mine = range(0, len(items), 2)
    results: dict[int, R] = {}

    def told(done: int, total: int) -> None:
        if progress is not None:
            progress(min(done + done_there.value, len(items)), len(items))

    try:
        results.update(zip(mine, _here(items, mine, work, told, 0), strict=True))
    except BaseException:  # this process's share failed: the error is the build's, and the child stops now
        child.terminate()
        child.join()
        receiving.close()
        raise
    theirs = range(1, len(items), 2)
    received = _received(receiving)
    child.join()
    if received is None or child.exitcode != 0:
        results.update(zip(theirs, _here(items, theirs, work, progress, len(mine)), strict=True))
    else:
        child_results, learnt = received
        _learn(learnt)
        results.update(zip(theirs, child_results, strict=True))
        if progress is not None:
            progress(len(items), len(items))
    return [results[index] for index in range(len(items))]


def _here(
    items: Sequence[T],
    indexes: range,
    work: Callable[[T], R],
    progress: Callable[[int, int], None] | None,
    done_before: int,
) -> list[R]:
    results = []
    for done, index in enumerate(indexes, start=done_before + 1):
        results.append(work(items[index]))
        if progress is not None:
            progress(done, len(items))
    return results


def _child(items: Sequence[T], work: Callable[[T], R], sending: Connection, done: Any, marks: tuple[int, int]) -> None:
    try:
        results = []
        for index in range(1, len(items), 2):
            results.append(work(items[index]))
            done.value += 1
        sending.send((results, _memo_learnt(marks)))
        sending.close()
    except BaseException:  # the parent does this share again, and meets the same error if it is one
        os._exit(1)
    # Ended here: nothing the parent set up (exit handlers, buffered output, threads) runs twice.
    os._exit(0)


def _received(receiving: Connection) -> Any:
    try:
        return receiving.recv()
    except (EOFError, OSError):
        return None
    finally:
        receiving.close()


def _memos() -> tuple[markup.Memo | None, filememo.FileMemo | None]:
    return markup.current_memo(), filememo.current_memo()


def _memo_marks() -> tuple[int, int]:
    """How much each memo had kept before the fork: what the child adds after it is what it learnt."""
    fragments, files = _memos()
    return (len(fragments.kept) if fragments else 0, len(files.kept) if files else 0)


def _memo_learnt(marks: tuple[int, int]) -> tuple[list[Any], list[Any]]:
    """What the memos kept after the fork. A fragment taken from the last build's memo is sent as its key alone
    (None for its value): the parent has it too, and a rebuild takes most fragments from there."""
    fragments, files = _memos()
    converted = []
    if fragments is not None:
        for key, value in list(fragments.kept.items())[marks[0] :]:
            converted.append((key, None if fragments.previous.get(key) is value else value))
    return converted, list(files.kept.items())[marks[1] :] if files else []


def _learn(learnt: tuple[list[Any], list[Any]]) -> None:
    fragments, files = _memos()
    if fragments is not None:
        for key, value in learnt[0]:
            fragments.kept.setdefault(key, fragments.previous[key] if value is None else value)
    if files is not None:
        for key, value in learnt[1]:
            files.kept.setdefault(key, value)
