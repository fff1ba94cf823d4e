"""Stage 6, render packs: PDF agenda packs, front sheets and printed minutes with WeasyPrint.

For each meeting of the projected site we plan (in the main process, plan.py) the
papers in agenda order and render the pack's HTML from templates/packs/; rendering
to PDF (pdf.py) is a task for a `concurrent.futures.Executor`: by default a pool of
long-lived local worker processes, each rendering one pack after another; or any
other executor, such as a Dask cluster's (papers/commands/executors.py). A pack whose
HTML and inputs are unchanged is taken from the cache instead; the cache (beside the
output folder) is written only here, in the building process, from what the tasks return.
"""

from __future__ import annotations

import concurrent.futures
import gc
import hashlib
import importlib.metadata
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar

from papers.content import structure, supplied, tabletags
from papers.model.site import Site
from papers.render.digest import Digests
from papers.render.output import Outputs, link_in_place
from papers.render.packs import laying, pdf, plan, tagging
from papers.render.packs.key import cache_key, input_files, pack_digests, site_digest
from papers.render.packs.pdf import render_job
from papers.render.packs.plan import PackJob, PlannedPack

# A change to this code (or to how supplied PDFs are cleaned and tagged) renders every pack again.
_OWN_SOURCE = "".join(
    Path(module).read_text(encoding="utf-8")
    for module in (
        pdf.__file__,
        plan.__file__,
        tagging.__file__,
        laying.__file__,
        supplied.__file__,
        structure.__file__,
        tabletags.__file__,
    )
)


@dataclass
class PackRun:
    written: list[str] = field(default_factory=list)
    rendered: int = 0
    cached: int = 0


P = ParamSpec("P")
T = TypeVar("T")
Progress = Callable[[int, int], None]  # (packs rendered so far, packs to render)


class WorkerMismatch(Exception):
    """A worker cannot render a pack as the build would: it cannot read the pack's files as the build read them
    (a worker on another machine without the content folder at the same path, or with other copies of it), or
    it renders with other code (another version of this package or of WeasyPrint)."""


def build_packs(
    site: Site,
    outputs: Outputs,
    cache: Path,
    workers: int | None = None,
    *,
    executor: concurrent.futures.Executor | None = None,
    progress: Progress | None = None,
    digests: Digests | None = None,
) -> PackRun:
    """Render (or take from the cache) every pack of the projected site into the docs folder.

    Packs are rendered through `executor`; without one, through a pool of `workers` local processes
    (default: one per core), started only when a pack needs rendering. `digests`: from `pack_digests`, shared
    with the build's page keys."""
    run = PackRun()
    cache.mkdir(parents=True, exist_ok=True)
    digests = digests or pack_digests()
    shared = site_digest(site, digests)
    keyed = [(cache_key(planned, shared, digests), planned.stub, planned) for planned in plan.plan(site)]
    todo = {key: planned for key, stub, planned in keyed if not _cached(cache, key, stub)}
    if todo:
        if executor is not None:
            run.rendered = _render_all(executor, todo, cache, progress)
        else:
            with _StartedWhenNeeded(workers or max(1, min(len(todo), os.cpu_count() or 1))) as pool:
                run.rendered = _render_all(pool, todo, cache, progress)
    run.cached = len(keyed) - run.rendered
    for key, job, _ in keyed:
        for name in _outputs(job):
            relative = f"{job.folder}/{name}"
            # Cache files are never changed in place (_store): linked, not copied; named by what they are made of.
            outputs.link(relative, cache / f"{key}.{name}", f"{key}.{name}", Path(job.source))
            run.written.append(relative)
    return run


def renderer() -> str:
    """What renders packs here: this code and WeasyPrint's version (a worker elsewhere must have the same). The
    version as installed, read without importing WeasyPrint: a rebuild's process renders no pack itself, and
    importing WeasyPrint there cost it a second or two."""
    return hashlib.sha256(f"{_OWN_SOURCE}\0{importlib.metadata.version('weasyprint')}".encode()).hexdigest()


def render_pack(job: PackJob, inputs: tuple[tuple[str, str], ...], build_renderer: str) -> dict[str, bytes]:
    """The task an executor runs: the PDFs of one job, once the worker is checked to render as the build would:
    the same input files (`inputs`: path and SHA-256 of each) and the same code (`build_renderer`), so that a
    worker elsewhere never puts into the build's cache a pack made from other copies or by other code."""
    if build_renderer != renderer():
        raise WorkerMismatch(
            f"{job.folder}/{job.name}: the worker has another version of committee-papers or WeasyPrint than the "
            "build: install the same on every worker"
        )
    for path, expected in inputs:
        try:
            found = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError as exc:
            raise WorkerMismatch(
                f"{job.folder}/{job.name}: the worker cannot read {path} ({exc.strerror}): workers must see the "
                "content folder at the same path as the build"
            ) from None
        if found != expected:
            raise WorkerMismatch(
                f"{job.folder}/{job.name}: the worker's copy of {path} differs from the build's: workers must see "
                "the same content folder as the build"
            )
    return render_job(job)


@contextmanager
def local_pool(workers: int) -> Iterator[concurrent.futures.Executor]:
    """The default executor: `workers` local processes, each importing WeasyPrint once and rendering pack after
    pack; each ends with the build, even when the build is killed."""
    if workers == 1:
        with _InProcess() as pool:
            yield pool
        return
    with worker_processes(workers) as pool:
        yield pool


@contextmanager
def worker_processes(workers: int) -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    """`workers` spawned processes, each started by `worker_started`."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=context, initializer=worker_started, initargs=(os.getpid(),)
    ) as pool:
        yield pool


class _StartedWhenNeeded(concurrent.futures.Executor):
    """The local pool, started at the first pack to render (none may need it: see _render_all)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.started = ExitStack()
        self.pool: concurrent.futures.Executor | None = None

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> concurrent.futures.Future[T]:
        if self.pool is None:
            self.pool = self.started.enter_context(local_pool(self.workers))
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.started.close()


class _InProcess(concurrent.futures.Executor):
    """One worker: each task runs in this process when submitted (no process to start)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def _render_all(
    executor: concurrent.futures.Executor, todo: dict[str, PlannedPack], cache: Path, progress: Progress | None
) -> int:
    """Each pack's HTML rendered here and handed to the executor at once: the workers start on the first packs
    while this process renders the next ones' HTML. The key from a pack's inputs (key.py) is cautious: an edit
    anywhere in the site that a pack might print (a member's name, a setting) changes every pack's. So a pack
    whose HTML (and files) is what a pack in the cache was made from is not rendered again: its PDFs are filed
    under its new key too. Returns the number of packs rendered."""
    here = renderer()
    futures: dict[concurrent.futures.Future[dict[str, bytes]], tuple[str, str, PackJob]] = {}
    try:
        for key, planned in todo.items():
            job = planned.job()
            inputs = _input_digests(job)
            made_of = html_key(job, inputs, here)
            if _cached(cache, made_of, job):
                _file_under(cache, made_of, key, job)
                continue
            futures[executor.submit(render_pack, job, inputs, here)] = (key, made_of, job)
        for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            key, made_of, job = futures[future]
            _store(cache, made_of, future.result())
            _file_under(cache, made_of, key, job)
            if progress is not None:
                progress(done, len(futures))
    finally:
        for future in futures:
            future.cancel()
    return len(futures)


def html_key(job: PackJob, inputs: tuple[tuple[str, str], ...], made_by: str) -> str:
    """What a pack's PDFs are made from exactly: its HTML, its files (`inputs`: path and SHA-256 of each), its
    names and the renderer (`made_by`)."""
    digest = hashlib.sha256(f"{job.html}\0{made_by}\0{job.name}\0{job.front_sheet_name}\0".encode())
    digest.update(f"{job.front_sheet_title}\0{job.papers_from_one}\0".encode())
    for path, file_digest in inputs:
        digest.update(f"{path}\0{file_digest}\0".encode())
    return f"html-{digest.hexdigest()}"


def _file_under(cache: Path, made_of: str, key: str, job: PackJob) -> None:
    """The PDFs stored under `made_of` also under `key` (hard links: no second copy)."""
    for name in _outputs(job):
        link_in_place(cache / f"{made_of}.{name}", cache / f"{key}.{name}")


def _input_digests(job: PackJob) -> tuple[tuple[str, str], ...]:
    return tuple(
        (path, hashlib.sha256(Path(path).read_bytes()).hexdigest())
        for path in input_files(job.allowed_files, job.supplied)
    )


def worker_started(parent: int) -> None:
    """In a local worker, before its first pack: it ends with the build, and the renderer's modules are loaded
    and frozen for the garbage collector. A pack's layout makes objects by the hundred thousand, and each full
    collection while it grows walked the 78,000 or so that WeasyPrint, pikepdf and this package make on import: full
    collections took 14 % of a worker's time, 6 % with the modules frozen (measured with gc.callbacks; bench/packs.py
    prints ours and WeasyPrint alone in such a worker and in a plain process). The process renders packs and
    nothing else, and modules live as long as it does: nothing frozen is garbage to be missed."""
    die_with_parent(parent)
    import weasyprint  # noqa: F401  (render_job imports it when it first runs: the freeze must come after)

    gc.collect()
    gc.freeze()


def die_with_parent(parent: int) -> None:
    """In a worker: end when the build process ends, even by `kill -9` (the OOM killer), never orphaned."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the kernel kills us when our parent dies
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _store(cache: Path, key: str, outputs: dict[str, bytes]) -> None:
    """Into the cache, each file whole or not at all: builds into other folders beside this one share it."""
    for name, data in outputs.items():
        temporary = cache / f"{key}.{name}.{uuid.uuid4().hex}.tmp"
        temporary.write_bytes(data)
        temporary.replace(cache / f"{key}.{name}")


def _outputs(job: PackJob) -> list[str]:
    return [job.name] + ([job.front_sheet_name] if job.front_sheet_name else [])


def _cached(cache: Path, key: str, job: PackJob) -> bool:
    return all((cache / f"{key}.{name}").is_file() for name in _outputs(job))
