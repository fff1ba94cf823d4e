"""Benchmark: PDF agenda packs for a synthetic council.

    .venv/bin/python bench/packs.py                 # 10 meetings of 6 reports, and one pack of about 500 pages
    .venv/bin/python bench/packs.py --meetings 12 --reports 8 --big-reports 100

Prints, measured side by side in one run:
- WeasyPrint alone laying out and writing each agenda pack's HTML once, tagged (pdf/ua-1) as ours are,
  and our renderer on the same packs in the same process (front sheet, exact page ranges, supplied PDFs,
  tags made whole): the ratio of the two CPU times (and of the wall times) is our overhead over WeasyPrint;
- the whole packs stage (agenda packs, front sheets, printed minutes) on one worker and on two, three times
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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import generate

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render import urls
from papers.render.output import Outputs
from papers.render.packs import build_packs, local_pool, pdf
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

        (alone, alone_cpu), (ours, ours_cpu), pages = side_by_side(jobs)
        print(
            f"WeasyPrint alone (pdf/ua-1):  {pages} pages in {alone:6.1f} s = {pages / alone:5.1f} pages/s "
            f"(CPU {alone_cpu:.1f} s)"
        )
        print(
            f"ours, same packs:             {pages} pages in {ours:6.1f} s = {pages / ours:5.1f} pages/s "
            f"(CPU {ours_cpu:.1f} s; ours / WeasyPrint alone = {ours_cpu / alone_cpu:.2f}x the CPU time, "
            f"{ours / alone:.2f}x the time)"
        )

        # One worker, then two, in turns: the machine's speed drifts over a minute, and a single pair can catch
        # one of them on a slower stretch. The median pair is printed, with each pair's speed-up.
        pairs = []
        for turn in range(PAIRS):
            serial = timed_build(site, root / f"one-{turn}", workers=1)
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
        with multiprocessing.get_context("spawn").Pool(1) as one:
            seconds, count, peak = one.apply(render_measured, (big,))
        print(
            f"big pack: {count} pages in {seconds:.1f} s ({count / seconds:.1f} pages/s), "
            f"worker peak memory {peak:.0f} MB ({peak / count:.2f} MB per page)"
        )
    return 0


def side_by_side(jobs: list[PackJob]) -> tuple[tuple[float, float], tuple[float, float], int]:
    """(Seconds, CPU seconds) for WeasyPrint alone and for ours over the same packs, taken in turns pack by pack
    (so that other work on the machine weighs on both alike; this process's CPU time not at all), after one
    untimed pack to load fonts."""
    pdf.render_job(jobs[0])
    alone, ours = [0.0, 0.0], [0.0, 0.0]
    pages = 0
    for job in jobs:
        with timed(alone):
            pages += weasyprint_alone(job)
        with timed(ours):
            pdf.render_job(job)
    return (alone[0], alone[1]), (ours[0], ours[1]), pages


@contextlib.contextmanager
def timed(into: list[float]) -> Iterator[None]:
    """Adds the wall time and this process's CPU time of the block to `into`."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    into[0] += time.perf_counter() - wall
    into[1] += time.process_time() - cpu


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
