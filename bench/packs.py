"""Benchmark: PDF agenda packs for a synthetic council.

    .venv/bin/python bench/packs.py                 # 4 meetings of 12 reports, and one pack of about 500 pages
    .venv/bin/python bench/packs.py --reports 20 --big-reports 100

Prints, measured side by side in one run:
- WeasyPrint alone laying out and writing the same HTML once, in pages per second;
- our packs (two layout passes for exact page ranges, front sheet, supplied PDFs) on one
  worker and on every core: pages per second, the ratio to WeasyPrint alone (our overhead)
  and the parallel speed-up;
- a rebuild with nothing changed (every pack from the cache);
- peak memory of the worker that renders the big pack, and its page count.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import generate

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render import urls
from papers.render.output import Outputs
from papers.render.packs import build_packs, pdf
from papers.render.packs.plan import plan_packs
from papers.render.project import project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=4)
    parser.add_argument("--reports", type=int, default=12, help="reports per meeting")
    parser.add_argument("--big-reports", type=int, default=80, help="reports in the big pack (about 6 pages each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-packs-") as scratch:
        root = Path(scratch)
        generate(
            root / "many", committees=1, years=1, meetings_per_year=args.meetings, reports_per_meeting=args.reports
        )
        site = project(check(root / "many").site, PUBLIC)
        jobs = [job for job in plan_packs(site) if job.name == urls.AGENDA_PACK]
        print(f"{len(jobs)} agenda packs of {args.reports} reports; {os.cpu_count()} cores")

        alone, pages = weasyprint_alone(jobs)
        print(f"WeasyPrint alone, one pass:  {pages} pages in {alone:6.1f} s = {pages / alone:5.1f} pages/s")
        one = timed_build(site, root / "one", workers=1)
        print(
            f"ours, 1 worker:              {pages} pages in {one:6.1f} s = {pages / one:5.1f} pages/s "
            f"(WeasyPrint alone / ours = {one / alone:.2f}x the time)"
        )
        cores = os.cpu_count() or 1
        every = timed_build(site, root / "all", workers=cores)
        print(
            f"ours, {cores} workers:             {pages} pages in {every:6.1f} s = {pages / every:5.1f} pages/s "
            f"(parallel speed-up {one / every:.2f}x)"
        )
        again = timed_build(site, root / "all", workers=cores)
        print(f"no-change rebuild:           {again:6.2f} s (every pack from the cache)")

        generate(root / "big", committees=1, years=1, meetings_per_year=2, reports_per_meeting=args.big_reports)
        big_site = project(check(root / "big").site, PUBLIC)
        big = [job for job in plan_packs(big_site) if job.name == urls.AGENDA_PACK][-1]
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            seconds, count, peak = pool.apply(render_measured, (big,))
        print(
            f"big pack: {count} pages in {seconds:.1f} s ({count / seconds:.1f} pages/s), "
            f"worker peak memory {peak:.0f} MB ({peak / count:.2f} MB per page)"
        )
    return 0


def weasyprint_alone(jobs) -> tuple[float, int]:
    import weasyprint

    started, pages = time.perf_counter(), 0
    for job in jobs:
        document = weasyprint.HTML(string=pdf.widest_html(job), base_url=str(pdf.PACK_TEMPLATES)).render()
        document.write_pdf()
        pages += len(document.pages)
    return time.perf_counter() - started, pages


def timed_build(site, folder: Path, workers: int) -> float:
    started = time.perf_counter()
    build_packs(site, Outputs(folder / "docs"), folder / "cache", workers=workers)
    return time.perf_counter() - started


def render_measured(job) -> tuple[float, int, float]:
    import io

    from pypdf import PdfReader

    started = time.perf_counter()
    outputs = pdf.render_job(job)
    seconds = time.perf_counter() - started
    count = len(PdfReader(io.BytesIO(outputs[job.name])).pages)
    return seconds, count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    raise SystemExit(main())
