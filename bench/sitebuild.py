"""One build of a content folder as `build.py build` makes it, with every PDF pack a placeholder.

    .venv/bin/python bench/sitebuild.py CONTENT OUT   # prints one line of JSON: seconds, CPU, stages, pages

The site's figures with its packs cached (bench/packs.py measures rendering packs): packs go
through papers.pipeline.build's executor interface to `PlaceholderPacks`, which returns a
tiny stand-in PDF for each at once. Planning and hashing every pack, and copying each from
the cache, are still timed. Each build runs in its own process (MkDocs keeps global state).

CPU is this process's and its children's: with placeholder packs the children are the forked page
helper (papers/render/shared.py) and the Pagefind indexer (papers/site/search.py); their CPU time is
given apart too, and each stage's CPU includes the children it waited for. Not its peak memory: Linux
counts in a child's peak RSS this process's peak before the exec (bench/indexing.py measures it).

The placeholders go into the pack cache beside OUT, so OUT belongs in a scratch folder: a folder
whose cache holds real packs is refused (see `MARK`), and a real build beside it later would
publish placeholders.
"""

from __future__ import annotations

import concurrent.futures
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from papers.pipeline import build
from papers.render.packs.plan import PackJob

PLACEHOLDER = b"%PDF-1.7\n% a placeholder for bench/sitebuild.py\n"
MARK = "placeholder-packs"  # in the pack cache folder (.papers-cache beside OUT): it holds placeholders only


class PlaceholderPacks(concurrent.futures.Executor):
    """Renders every pack instantly, as a placeholder file under each of its names."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future:
        job: PackJob = args[0]
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_result({name: PLACEHOLDER for name in (job.name, job.front_sheet_name) if name})
        return future


def cpu_time() -> float:
    """This process's CPU and that of its children waited for (the page helper, Pagefind)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class StageClock:
    """A papers.pipeline.Progress that keeps when each stage began (wall clock and CPU, children's included:
    a child's CPU counts in the stage that waited for it)."""

    def __init__(self) -> None:
        self.began: list[tuple[str, float, float]] = []

    def stage(self, name: str) -> None:
        self.began.append((name, time.perf_counter(), cpu_time()))

    def count(self, name: str, done: int, total: int) -> None:
        pass

    def stages(self, wall: float, cpu: float) -> dict[str, tuple[float, float]]:
        ends = [(start, clock) for _, start, clock in self.began[1:]] + [(wall, cpu)]
        return {
            name: (end - start, end_cpu - clock)
            for (name, start, clock), (end, end_cpu) in zip(self.began, ends, strict=True)
        }


def main() -> int:
    content, out = Path(sys.argv[1]), Path(sys.argv[2]).resolve()
    cache = out.parent / ".papers-cache"
    if cache.exists() and not (cache / MARK).exists():
        print(f"{cache} holds real packs: give an OUT in a scratch folder", file=sys.stderr)
        return 2
    cache.mkdir(parents=True, exist_ok=True)
    (cache / MARK).touch()
    clock = StageClock()
    wall, cpu = time.perf_counter(), cpu_time()
    result = build(content, out, executor=PlaceholderPacks(), progress=clock)
    if not result.built:
        for diagnostic in result.diagnostics.sorted()[:20]:
            print(diagnostic.format(), file=sys.stderr)
        return 1
    ended, ended_cpu = time.perf_counter(), cpu_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the children waited for: the page helper, Pagefind
    children_cpu = children.ru_utime + children.ru_stime
    figures = {
        "seconds": ended - wall,
        "cpu": ended_cpu - cpu,
        "stages": clock.stages(ended, ended_cpu),
        "pages": result.pages,
        "packs": result.packs_rendered + result.packs_cached,
        "packs_cached": result.packs_cached,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_cpu": children_cpu,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
