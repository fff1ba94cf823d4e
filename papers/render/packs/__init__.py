"""Stage 6, render packs: PDF agenda packs, front sheets and printed minutes with WeasyPrint.

For each meeting of the projected site we plan (in the main process, plan.py) the
papers in agenda order and render the pack's HTML from templates/packs/; rendering
to PDF happens in worker processes (pdf.py), one pack per worker, and a pack whose
HTML and inputs are unchanged is taken from the cache instead.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from papers.content import structure, supplied, tabletags
from papers.model.site import Site
from papers.render.output import Outputs
from papers.render.packs import laying, pdf, plan, tagging
from papers.render.packs.pdf import render_job
from papers.render.packs.plan import PackJob, plan_packs

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


def build_packs(site: Site, outputs: Outputs, cache: Path, workers: int | None = None) -> PackRun:
    """Render (or take from the cache) every pack of the projected site into the docs folder."""
    run = PackRun()
    cache.mkdir(parents=True, exist_ok=True)
    keyed = [(cache_key(job), job) for job in plan_packs(site)]
    todo = {key: job for key, job in keyed if not _cached(cache, key, job)}
    run.cached = len(keyed) - len(todo)
    if todo:
        _render_all(todo, cache, workers or max(1, min(len(todo), os.cpu_count() or 1)))
        run.rendered = len(todo)
    for key, job in keyed:
        for name in _outputs(job):
            relative = f"{job.folder}/{name}"
            outputs.write_bytes(relative, (cache / f"{key}.{name}").read_bytes(), Path(job.source))
            run.written.append(relative)
    return run


def cache_key(job: PackJob) -> str:
    """Everything a pack is made from: its HTML (stylesheet included), the code, its files."""
    import weasyprint

    digest = hashlib.sha256()
    for part in (
        job.html,
        weasyprint.__version__,
        _OWN_SOURCE,
        json.dumps([job.name, job.front_sheet_name, job.front_sheet_title]),
    ):
        digest.update(part.encode("utf-8") + b"\0")
    for path in sorted({*job.allowed_files, *(entry[1] for entry in job.supplied)}):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def _render_all(todo: dict[str, PackJob], cache: Path, workers: int) -> None:
    if workers == 1:
        for key, job in todo.items():
            _store(cache, key, render_job(job))
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        futures = {pool.submit(render_job, job): key for key, job in todo.items()}
        for future in concurrent.futures.as_completed(futures):
            _store(cache, futures[future], future.result())


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
    for name, data in outputs.items():
        temporary = cache / f"{key}.{name}.tmp"
        temporary.write_bytes(data)
        temporary.replace(cache / f"{key}.{name}")


def _outputs(job: PackJob) -> list[str]:
    return [job.name] + ([job.front_sheet_name] if job.front_sheet_name else [])


def _cached(cache: Path, key: str, job: PackJob) -> bool:
    return all((cache / f"{key}.{name}").is_file() for name in _outputs(job))
