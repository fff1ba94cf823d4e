"""Benchmark: build the website for a synthetic archive of a large council.

    .venv/bin/python bench/site.py                       # about 500 meetings, 3,000 reports
    .venv/bin/python bench/site.py --meetings-per-year 40  # 2,000 meetings, 12,000 reports

Prints the time of each stage (ours, then MkDocs), the full build time, pages per
second, peak memory and the size of the search index (PDF packs are left out: bench/packs.py
measures them). Figures vary with the
machine: compare the shares and ratios printed side by side in one run.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import generate

from papers.pipeline import build_date, check, stage_preview
from papers.site.mkdocs import run_mkdocs
from papers.site.output import swap_into_place


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--committees", type=int, default=10)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--meetings-per-year", type=int, default=10)
    parser.add_argument("--reports-per-meeting", type=int, default=6)
    parser.add_argument("--report-sections", type=int, default=6, help="sections of 4 paragraphs per report")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        counts = generate(
            root / "content",
            args.committees,
            args.years,
            args.meetings_per_year,
            args.reports_per_meeting,
            args.report_sections,
        )
        generated = time.perf_counter() - started
        content_bytes = sum(path.stat().st_size for path in (root / "content").rglob("*") if path.is_file())
        print(
            f"archive: {args.committees} committees x {args.years} years x {args.meetings_per_year} meetings = "
            f"{counts['meetings']} meetings, {counts['reports']} reports, {content_bytes / 1e6:.1f} MB of "
            f"Markdown (generated in {generated:.1f} s)"
        )
        timings = run_build(root)
        return report(timings, root)


def run_build(root: Path) -> dict:
    timings: dict = {}
    clock = time.perf_counter()
    checked = check(root / "content")
    if checked.site is None:
        for diagnostic in checked.diagnostics.sorted()[:20]:
            print(diagnostic.format())
        raise SystemExit("the synthetic content does not pass check")
    timings["load, validate, resolve"] = time.perf_counter() - clock
    clock = time.perf_counter()
    staging = root / ".site.staging"
    config = stage_preview(checked.site, staging, packs=False)  # PDF packs: see bench/packs.py
    pages = sum(1 for _ in (staging / "docs").rglob("*.md"))
    timings["render pages"] = time.perf_counter() - clock
    clock = time.perf_counter()
    run_mkdocs(config, build_date(checked.site))
    timings["MkDocs build"] = time.perf_counter() - clock
    clock = time.perf_counter()
    swap_into_place(staging / "site", root / "site")
    timings["swap into place"] = time.perf_counter() - clock
    timings["pages"] = pages
    return timings


def report(timings: dict, root: Path) -> int:
    pages = timings.pop("pages")
    total = sum(timings.values())
    ours = total - timings["MkDocs build"]
    print(f"{'stage':<26}{'seconds':>9}{'share':>8}")
    for stage_name, seconds in timings.items():
        print(f"{stage_name:<26}{seconds:>9.2f}{seconds / total:>8.0%}")
    print(f"{'full build':<26}{total:>9.2f}")
    print(
        f"pages: {pages}, {pages / total:.0f} pages/s overall "
        f"(our stages {pages / ours:.0f} pages/s, MkDocs {pages / timings['MkDocs build']:.0f} pages/s)"
    )
    print(f"MkDocs / our stages: {timings['MkDocs build'] / ours:.1f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")
    index = root / "site" / "search" / "search_index.json"
    site_bytes = sum(path.stat().st_size for path in (root / "site").rglob("*") if path.is_file())
    print(f"search index: {index.stat().st_size / 1e6:.1f} MB; whole site: {site_bytes / 1e6:.0f} MB")
    home = (root / "site" / "index.html").stat().st_size
    print(f"home page: {home / 1e3:.0f} kB (the navigation does not grow with the archive)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
