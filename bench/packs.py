"""Benchmark: PDF agenda packs for a synthetic council.

    .venv/bin/python bench/packs.py                 # 10 meetings of 6 reports, and one pack of about 500 pages
    .venv/bin/python bench/packs.py --meetings 12 --reports 8 --big-reports 100

Prints, measured side by side in one run:
- WeasyPrint alone laying out and writing each agenda pack's HTML once, tagged (pdf/ua-1) as ours are, in a
  plain process, and our renderer on the same packs (front sheet, exact page ranges, supplied PDFs, tags made
  whole) in a worker as the build starts it: the ratio of the two CPU times (and of the wall times); then the
  same ratio with both in the same kind of process, which is what ours does beyond WeasyPrint's own work (a
  build's worker freezes the renderer's modules for the garbage collector, papers/render/packs/__init__.py);
- the whole packs stage (agenda packs, front sheets, printed minutes) on one worker process and on two, three times
  in turns (the median pair's speed-up, and each pair's), with how many packs each worker process rendered
  (workers are long-lived: each renders pack after pack);
- a rebuild with nothing changed (every pack from the cache);
- peak memory of the worker that renders the big pack, and its page count.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import generate

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render import urls
from papers.render.output import Outputs
from papers.render.packs import build_packs, local_pool, pdf, worker_processes
from papers.render.packs.plan import PackJob, plan_packs
from papers.render.project import project

WORKERS = 2
PAIRS = 3  # the packs stage on one worker and on two, timed in turns


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=10, help="meetings, each with an agenda pack")
    parser.add_argument("--reports", type=int, default=6, help="reports per meeting")
    parser.add_argument("--big-reports", type=int, default=80, help="reports in the big pack (about 6 pages each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-packs-") as scratch:
        root = Path(scratch)
        generate(
            root / "many", committees=1, years=1, meetings_per_year=args.meetings, reports_per_meeting=args.reports
        )
        site = project(check(root / "many").site, PUBLIC)
        jobs = [job for job in plan_packs(site) if job.name == urls.AGENDA_PACK]
        print(
            f"{len(jobs)} agenda packs of {args.reports} reports; {os.cpu_count()} cores, "
            f"load average {os.getloadavg()[0]:.1f} (other work on the machine slows the workers)"
        )

        times, pages = side_by_side(jobs)
        (alone, alone_cpu), (ours, ours_cpu) = times[PLAIN, "alone"], times[BUILDS, "ours"]
        print(
            f"WeasyPrint alone (pdf/ua-1):  {pages} pages in {alone:6.1f} s = {pages / alone:5.1f} pages/s "
            f"(CPU {alone_cpu:.1f} s; in a plain process, as any program calls it)"
        )
        print(
            f"ours, same packs:             {pages} pages in {ours:6.1f} s = {pages / ours:5.1f} pages/s "
            f"(CPU {ours_cpu:.1f} s; ours / WeasyPrint alone = {ours_cpu / alone_cpu:.2f}x the CPU time, "
            f"{ours / alone:.2f}x the time; in a worker as the build starts it)"
        )
        print(
            "ours / WeasyPrint alone in the same kind of process (what ours does beyond WeasyPrint's work): "
            f"{ours_cpu / times[BUILDS, 'alone'][1]:.2f}x the CPU time in the build's workers, "
            f"{times[PLAIN, 'ours'][1] / alone_cpu:.2f}x in plain processes"
        )

        # One worker, then two, in turns: the machine's speed drifts over a minute, and a single pair can catch
        # one of them on a slower stretch. The median pair is printed, with each pair's speed-up. The one worker
        # is a process started as the two are (not the build's own process, which renders packs itself when one
        # worker is asked for), so that the two sides differ only in how many.
        pairs = []
        for turn in range(PAIRS):
            with worker_processes(1) as one:
                serial = timed_build(site, root / f"one-{turn}", executor=one)
            with local_pool(WORKERS) as pool:
                traced = Traced(pool)
                parallel = timed_build(site, root / f"two-{turn}", executor=traced)
            pairs.append((serial, parallel, traced))
        serial, parallel, traced = sorted(pairs, key=lambda pair: pair[0] / pair[1])[len(pairs) // 2]
        per_worker = sorted(collections.Counter(traced.pids).values(), reverse=True)
        print(
            f"packs stage: {len(traced.pids)} packs, 1 worker {serial:6.1f} s, {WORKERS} workers {parallel:6.1f} s "
            f"(speed-up {serial / parallel:.2f}x, the median of {PAIRS} pairs in turn: "
            f"{', '.join(f'{one / two:.2f}x' for one, two, _ in pairs)}; packs per worker process: {per_worker}; "
            f"the workers' CPU {traced.cpu:.1f} s = {traced.cpu / parallel:.1f} cores busy)"
        )
        again = timed_build(site, root / "two-0", workers=WORKERS)
        print(f"no-change rebuild:            {again:6.2f} s (every pack from the cache)")

        generate(root / "big", committees=1, years=1, meetings_per_year=2, reports_per_meeting=args.big_reports)
        big_site = project(check(root / "big").site, PUBLIC)
        big = [job for job in plan_packs(big_site) if job.name == urls.AGENDA_PACK][-1]
        with worker_processes(1) as worker:
            seconds, count, peak = worker.submit(render_measured, big).result()
        print(
            f"big pack: {count} pages in {seconds:.1f} s ({count / seconds:.1f} pages/s), "
            f"worker peak memory {peak:.0f} MB ({peak / count:.2f} MB per page)"
        )
    return 0


PLAIN = "plain"  # a process of its own, nothing done to it: WeasyPrint as any program calls it
BUILDS = "build's"  # a worker as the build starts it (worker_started: the renderer's modules frozen)


def side_by_side(jobs: list[PackJob]) -> tuple[dict[tuple[str, str], tuple[float, float]], int]:
    """(Seconds, CPU seconds) for WeasyPrint alone and for ours over the same packs, each in a plain process and
    in a worker as the build starts it, by (process, renderer); and the packs' pages. Each pack is rendered the
    four ways in turn, one at a time (so that other work on the machine weighs on all alike), after one untimed
    pack each way to load fonts; the CPU time is the worker's own."""
    times = {(kind, way): (0.0, 0.0) for kind in (PLAIN, BUILDS) for way in ("alone", "ours")}
    pages = 0
    with contextlib.ExitStack() as stack:
        pools = {
            PLAIN: stack.enter_context(
                concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            ),
            BUILDS: stack.enter_context(worker_processes(1)),
        }
        for number, job in enumerate([jobs[0], *jobs]):
            for kind, way in times:
                wall, cpu, count = pools[kind].submit(rendered, way, job).result()
                if number:  # the first is untimed
                    times[kind, way] = (times[kind, way][0] + wall, times[kind, way][1] + cpu)
                    pages += count if (kind, way) == (PLAIN, "alone") else 0
    return times, pages


def rendered(way: str, job: PackJob) -> tuple[float, float, int]:
    """In a worker: the job rendered by WeasyPrint alone or by ours; wall and CPU seconds, and its pages."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = 0
    if way == "alone":
        count = weasyprint_alone(job)
    else:
        pdf.render_job(job)
    return time.perf_counter() - wall, time.process_time() - cpu, count


def weasyprint_alone(job: PackJob) -> int:
    """One layout and one tagged PDF of the pack's HTML (its ranges at their widest: the same pages)."""
    import weasyprint

    document = weasyprint.HTML(string=pdf.widest_html(job), base_url=str(pdf.PACK_TEMPLATES)).render()
    document.write_pdf(pdf_variant="pdf/ua-1")
    return len(document.pages)


def timed_build(
    site: Any, folder: Path, workers: int | None = None, executor: concurrent.futures.Executor | None = None
) -> float:
    started = time.perf_counter()
    build_packs(site, Outputs(folder / "docs"), folder / "cache", workers=workers, executor=executor)
    return time.perf_counter() - started


class Traced(concurrent.futures.Executor):
    """Another executor's tasks, noting which process ran each (to show that workers are long-lived)."""

    def __init__(self, inner: concurrent.futures.Executor) -> None:
        self.inner = inner
        self.pids: list[int] = []
        self.cpu = 0.0  # the tasks' CPU seconds in the workers

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        outer: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def done(inner: concurrent.futures.Future[tuple[int, float, Any]]) -> None:
            try:
                pid, cpu, result = inner.result()
            except BaseException as exc:  # handed on to whoever waits for the task
                outer.set_exception(exc)
                return
            self.pids.append(pid)
            self.cpu += cpu
            outer.set_result(result)

        self.inner.submit(with_pid, fn, *args, **kwargs).add_done_callback(done)
        return outer


def with_pid(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[int, float, Any]:
    """In a worker: its process id, the task's CPU seconds, the task's result."""
    started = time.process_time()
    result = fn(*args, **kwargs)
    return os.getpid(), time.process_time() - started, result


def render_measured(job: PackJob) -> tuple[float, int, float]:
    import io

    from pypdf import PdfReader

    started = time.perf_counter()
    outputs = pdf.render_job(job)
    seconds = time.perf_counter() - started
    count = len(PdfReader(io.BytesIO(outputs[job.name])).pages)
    return seconds, count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    raise SystemExit(main())
