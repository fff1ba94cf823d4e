"""Benchmark: the search index of a large archive as one Pagefind bundle, and as one bundle per municipal year.

    .venv/bin/python bench/shards.py            # 10 committees x 6 years x 10 meetings: about 4,900 pages indexed
    .venv/bin/python bench/shards.py --quick    # 18 meetings: a minute or two, to check that it runs

Builds a synthetic archive as `build.py build` does (bench/sitebuild.py, placeholder packs), then
indexes the built site again, side by side in one run:
(a) as one bundle, as the build does;
(b) as one bundle per municipal year (May to April: the meeting folders and the year's decisions
    page) and one for the pages of no year (committees, councillors), each from the same built
    site with Pagefind's --glob.
For each: the indexing time (wall and CPU), the indexer's peak RSS (each run its own process, under GNU time), the
bundle's size on disk, and what a first query fetches in Chromium: for (b) a page that loads the
latest year's bundle and merges the others into it with Pagefind's mergeIndex, as a sharded search
page would; and the latest year's bundle alone, what a search with the year filter would need.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from indexing import IndexRun, pagefind, query_bytes
from synthetic import generate

HERE = Path(__file__).resolve().parent
QUICK = {"committees": 2, "years": 3, "meetings_per_year": 3, "reports_per_meeting": 2, "report_sections": 3}
QUERIES = ["council", "budget service"]
COMMON = "common"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--committees", type=int, default=10)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--meetings-per-year", type=int, default=10)
    parser.add_argument("--reports-per-meeting", type=int, default=6)
    parser.add_argument("--report-sections", type=int, default=6, help="sections of 4 paragraphs per report")
    parser.add_argument("--quick", action="store_true", help="a small archive, to check that the benchmark runs")
    args = parser.parse_args()
    shape = QUICK if args.quick else {key: getattr(args, key) for key in QUICK}
    with tempfile.TemporaryDirectory(prefix="bench-shards-") as scratch:
        root = Path(scratch)
        counts = generate(root / "content", **shape)
        site = root / "out" / "site"
        built = build(root / "content", site)
        print(
            f"archive: {counts['meetings']} meetings, {counts['reports']} reports; built in {built['seconds']:.0f} s: "
            f"{built['pages']} pages"
        )
        compare(site)
    return 0


def build(content: Path, out: Path) -> dict:
    completed = subprocess.run(
        [sys.executable, str(HERE / "sitebuild.py"), str(content), str(out)], capture_output=True, text=True
    )
    if completed.returncode != 0:
        raise SystemExit(f"the build failed:\n{completed.stderr}")
    return json.loads(completed.stdout.splitlines()[-1])


def compare(site: Path) -> None:
    whole = pagefind(site, site / "pagefind-all")
    print(describe("one bundle", [whole]))
    years = municipal_years(site)
    shards = {f"pagefind-{year}": pagefind(site, site / f"pagefind-{year}", year_glob(year)) for year in years}
    shards[f"pagefind-{COMMON}"] = pagefind(site, site / f"pagefind-{COMMON}", COMMON_GLOB)
    print(describe(f"per year: {len(years)} years + {COMMON}", list(shards.values())))
    for name, run in shards.items():
        print(f"  {describe(name, [run])}")
    if sum(run.pages for run in shards.values()) != whole.pages:
        raise SystemExit("the year bundles do not hold the same pages as the one bundle: the globs need updating")
    # The latest year first: the bundle a search page would load first; the others merged into it.
    order = [f"pagefind-{years[-1]}", f"pagefind-{COMMON}", *(f"pagefind-{year}" for year in reversed(years[:-1]))]
    one = query_bytes(site, ["pagefind-all"], QUERIES)
    merged = query_bytes(site, order, QUERIES)
    latest = query_bytes(site, order[:1], QUERIES)
    for query in QUERIES:
        print(
            f'first query "{query}": one bundle {kb(one[query][0])} ({one[query][1]} results); '
            f"{len(order)} bundles merged {kb(merged[query][0])} ({merged[query][1]} results); "
            f"latest year's bundle alone {kb(latest[query][0])} ({latest[query][1]} results)"
        )


def describe(label: str, runs: list[IndexRun]) -> str:
    """Runs one after another: times and bytes add up; the peak is the largest single run's."""
    return (
        f"{label}: index {sum(run.seconds for run in runs):.1f} s (CPU {sum(run.cpu for run in runs):.1f} s), "
        f"peak RSS {max(run.peak_mb for run in runs):.0f} MB, {sum(run.pages for run in runs)} pages, "
        f"{sum(run.bundle_bytes for run in runs) / 1e6:.1f} MB on disk"
    )


def kb(size: int) -> str:
    return f"{size / 1e3:.0f} KB"


def municipal_years(site: Path) -> list[int]:
    """The years (May to April, named by the year they begin) of the meetings in the built site."""
    dates = {folder.name for folder in site.glob("committees/*/*-*-*") if folder.is_dir()}
    return sorted({int(date[:4]) - (int(date[5:7]) < 5) for date in dates})


def year_glob(year: int) -> str:
    """The pages of municipal year `year`: meeting folders (named by date) May to April, and its decisions."""
    months = f"{year}-0[5-9],{year}-1[0-2],{year + 1}-0[1-4]"
    return f"{{committees/*/{{{months}}}-*/**/*.html,decisions/{year}-{(year + 1) % 100:02d}/**/*.html}}"


# The pages of no year: home, the index pages, committees and councillors (the bench's query page is not indexed).
COMMON_GLOB = "{*.html,*/index.html,members/**/*.html,committees/*/index.html}"


if __name__ == "__main__":
    raise SystemExit(main())
