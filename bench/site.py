"""Benchmark: build the website for a synthetic archive of a large council, then rebuild it.

    .venv/bin/python bench/site.py                         # 500 meetings, 3,000 reports
    .venv/bin/python bench/site.py --meetings-per-year 40  # 2,000 meetings, 12,000 reports
    .venv/bin/python bench/site.py --quick                 # 12 meetings: under a minute, to compare turn by turn
    .venv/bin/python bench/site.py --text papers           # words as often as in real reports (typical queries)

Four builds of one archive as `build.py build` makes them (bench/sitebuild.py, each in its own
process, with every PDF pack a placeholder taken as cached: bench/packs.py measures packs):
a full build into a new folder, a rebuild with nothing changed, a rebuild after one report is
edited, and a full build into a second new folder beside the first with the packs in the cache they
share (no build state: the site and search alone). Prints the time (wall and CPU, the CPU with that of
the child processes: the page helper and the Pagefind indexer) of each and
of the full build's stages, pages per second, peak memory, the indexer's peak memory (measured by
bench/indexing.py), what a first search costs, and the largest HTML page. The reports' text is by
default drawn from 51 words alike, each on nearly every page about 30 times: the worst case for the
index chunk a search for a common word fetches. With `--text papers` it is drawn from the words of
four published council reports, each as often as there (bench/papers_words.txt): a typical archive's.

Beside them, the reference (bench/reference.py): the same staged pages built by a plain
`mkdocs build` with Material's own search plugin (a lunr index), timed in its own process, with
the size of its index and what a page load fetches of it in Chromium. Figures vary with the
machine: compare the shares and ratios printed side by side in one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from indexing import pagefind
from synthetic import TEXTS, generate

HERE = Path(__file__).resolve().parent
# papers.pipeline.SITE: MkDocs, our sitemap, Pagefind, and the open data written while Pagefind runs
SITE_STAGE = "Site: MkDocs, search, open data"
QUICK = {"committees": 2, "years": 2, "meetings_per_year": 3, "reports_per_meeting": 2, "report_sections": 3}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--committees", type=int, default=10)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--meetings-per-year", type=int, default=10)
    parser.add_argument("--reports-per-meeting", type=int, default=6)
    parser.add_argument("--report-sections", type=int, default=6, help="sections of 4 paragraphs per report")
    parser.add_argument("--quick", action="store_true", help="a small archive (%(prog)s's figures in under a minute)")
    parser.add_argument(
        "--text",
        choices=TEXTS,
        default="uniform",
        help="report text: 51 words alike, each on every page (uniform: the worst case for a search query), or "
        "words as often as in published council reports (papers: a typical archive's)",
    )
    args = parser.parse_args()
    shape = QUICK if args.quick else {key: getattr(args, key) for key in QUICK}
    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        counts = generate(root / "content", **shape, text=TEXTS[args.text]())
        generated = time.perf_counter() - started
        content_bytes = sum(path.stat().st_size for path in (root / "content").rglob("*") if path.is_file())
        print(
            f"archive: {shape['committees']} committees x {shape['years']} years x {shape['meetings_per_year']} "
            f"meetings = {counts['meetings']} meetings, {counts['reports']} reports, {content_bytes / 1e6:.1f} MB "
            f"of Markdown, {args.text} text (generated in {generated:.1f} s)"
        )
        site = root / "out" / "site"
        full = timed_build(root / "content", site)
        unchanged = timed_build(root / "content", site)
        edit_one_report(root / "content")
        edited = timed_build(root / "content", site)
        # A full build into a new folder beside it: no build state, the packs from the shared cache (the
        # issue's target: site and search with packs cached; what a code upgrade or a new folder costs).
        cached = timed_build(root / "content", root / "out" / "again")
        reference = run_json("reference.py", root / "content", root / "reference")
        report(full, unchanged, edited, cached, site)
        compare_reference(full, reference)
    return 0


def timed_build(content: Path, out: Path) -> dict:
    return run_json("sitebuild.py", content, out)


def run_json(script: str, *arguments: Path) -> dict:
    """Run a bench script in its own process; the last line it prints is its figures, in JSON."""
    completed = subprocess.run(
        [sys.executable, str(HERE / script), *map(str, arguments)], capture_output=True, text=True
    )
    if completed.returncode != 0:
        raise SystemExit(f"{script} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.splitlines()[-1])


def edit_one_report(content: Path) -> None:
    """One sentence added to one report of the latest meeting: what a clerk's correction looks like."""
    report = sorted(content.glob("committees/*/*/reports/report-1.md"))[-1]
    report.write_text(report.read_text(encoding="utf-8") + "\nA sentence added by the benchmark.\n", encoding="utf-8")


def report(full: dict, unchanged: dict, edited: dict, cached: dict, site: Path) -> None:
    print(f"{'stage (CPU s)':<36}{'full':>9}{'no-change':>11}{'one-edit':>10}{'packs cached':>14}{'full share':>12}")
    for name, (seconds, cpu) in full["stages"].items():
        others = [figures["stages"].get(name, (0.0, 0.0))[1] for figures in (unchanged, edited, cached)]
        print(
            f"{name:<36}{cpu:>9.2f}{others[0]:>11.2f}{others[1]:>10.2f}{others[2]:>14.2f}"
            f"{seconds / full['seconds']:>12.0%}"
        )
    labels = ("full build", "no-change rebuild", "one-edit rebuild", "full build, packs cached")
    for label, figures in zip(labels, (full, unchanged, edited, cached), strict=True):
        print(f"{label}: {figures['seconds']:.1f} s (CPU {figures['cpu']:.1f} s)")
    pages = full["pages"]
    print(
        f"pages: {pages}, {pages / full['seconds']:.0f} pages/s, {1000 * full['cpu'] / pages:.1f} ms CPU per page; "
        f"packs: {full['packs']} (placeholders, cached in the rebuilds: {unchanged['packs_cached']})"
    )
    print(f"peak memory: {max(full['peak_mb'], unchanged['peak_mb'], edited['peak_mb']):.0f} MB")
    # The build's own Pagefind run gives its CPU time (bench/sitebuild.py) but not its peak memory: the same
    # command is run again on the built site, alone, into a scratch folder.
    alone = pagefind(site, site.parent / "pagefind-alone")
    print(
        f"indexing peak memory: {alone.peak_mb:.0f} MB (Pagefind run again alone on the built site: "
        f"{alone.seconds:.1f} s, CPU {alone.cpu:.1f} s, {alone.pages} pages; CPU of the full build's "
        f"child processes, the page helper's with it: {full['children_cpu']:.1f} s)"
    )
    print(first_search(site))
    pages_html = sorted((path.stat().st_size, path.relative_to(site).as_posix()) for path in site.rglob("*.html"))
    size, largest = pages_html[-1]
    print(f"largest HTML page: {size / 1e3:.1f} KB ({largest})")
    site_bytes = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    home = (site / "index.html").stat().st_size
    print(f"home page: {home / 1e3:.0f} KB; whole site: {site_bytes / 1e6:.0f} MB")


def compare_reference(full: dict, reference: dict) -> None:
    ratio = full["seconds"] / reference["seconds"]
    stage = full["stages"].get(SITE_STAGE)
    alone = f" (our site stage alone: {stage[0] / reference['seconds']:.2f}x)" if stage else ""
    print(
        f"reference (plain mkdocs build, Material search): {reference['seconds']:.1f} s "
        f"(CPU {reference['cpu']:.1f} s, peak memory {reference['peak_mb']:.0f} MB); "
        f"ours ÷ reference = {ratio:.2f}x{alone}"
    )
    on_load = _browsed(Path(reference["site"]), "", "/search/search_index.json")
    print(
        f"reference search index: lunr {reference['lunr_bytes'] / 1e3:.0f} KB (search/search_index.json), "
        f"fetched on page load: {on_load / 1e3:.0f} KB"
    )


def _browsed(site: Path, url: str, part: str) -> int:
    """Bytes of the files whose address holds `part` that Chromium fetches for `url` of `site`."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from browsing import launched_chromium, served

    server, browser = served(site), launched_chromium()
    base, chromium = next(server), next(browser)
    try:
        return _index_bytes(chromium, base, url, part, site)
    finally:
        browser.close()
        server.close()


def first_search(site: Path) -> str:
    """What a visitor's first search fetches, measured in Chromium on 127.0.0.1: bytes of the index fetched by
    loading a page (none expected) and by a first query, one common word and then two, each with its bytes by
    kind of file (`kinds`). Before Pagefind the theme's lunr index was one file, fetched whole when any page
    loaded."""
    lunr = site / "search" / "search_index.json"
    if lunr.is_file():
        return f"first search query: n/a (lunr index, fetched on load: {lunr.stat().st_size / 1e3:.0f} KB)"
    if not (site / "pagefind" / "pagefind.js").is_file():
        return "first search query: n/a (no search index found)"
    sys.path.insert(0, str(HERE.parent / "tests"))
    from browsing import launched_chromium, served

    server, browser = served(site), launched_chromium()
    base, chromium = next(server), next(browser)
    try:
        on_load = _index_bytes(chromium, base, "", site_root=site)
        one = _fetched(chromium, base, "search/?q=council", site_root=site)
        two = _fetched(chromium, base, "search/?q=budget+service", site_root=site)
    finally:
        browser.close()
        server.close()
    return (
        f'first search query: {sum(size for _, size in one) / 1e3:.0f} KB ("council"; "budget service": '
        f"{sum(size for _, size in two) / 1e3:.0f} KB; index fetched on page load: {on_load / 1e3:.0f} KB)\n"
        f'  "council" by kind: {kinds(one)}\n  "budget service" by kind: {kinds(two)}'
    )


def kinds(fetched: list[tuple[str, int]]) -> str:
    """Bytes fetched by kind of Pagefind file: its script, worker and WebAssembly ("code"), the entry file and
    metadata, and the index, filter and fragment chunks (with how many of each)."""
    totals: dict[str, list[int]] = {}
    for name, size in fetched:
        if name.endswith((".js", ".pagefind")):
            kind = "code"
        elif "/" in name:
            kind = name.split("/")[0]  # index, filter, fragment
        else:
            kind = "entry+meta"
        totals.setdefault(kind, [0, 0])
        totals[kind][0] += size
        totals[kind][1] += 1
    return ", ".join(f"{kind} {size / 1e3:.1f} KB ({count})" for kind, (size, count) in sorted(totals.items()))


def _served_file(site_root: Path, base: str, address: str) -> Path:
    relative = unquote(urlsplit(address).path).removeprefix(urlsplit(base).path)
    return site_root / relative


def _index_bytes(chromium, base: str, url: str, part: str = "/pagefind/", site_root: Path = Path()) -> int:
    """Bytes of pagefind/ files (or others: `part`) a fresh visitor's browser fetches for `url` (with its
    results shown)."""
    return sum(size for _, size in _fetched(chromium, base, url, part, site_root))


def _fetched(
    chromium, base: str, url: str, part: str = "/pagefind/", site_root: Path = Path()
) -> list[tuple[str, int]]:
    """The files whose address holds `part` that a fresh visitor's browser fetches for `url` (with its results
    shown), each as its path after `part` and its size, as many times as it is fetched."""
    page = chromium.new_page()
    fetched: list[str] = []
    # The files' sizes on disk: the test server sends them as they are (no compression), and reading a body
    # of hundreds of megabytes (a large archive's lunr index) back from the browser fails.
    page.on("response", lambda response: fetched.append(response.url) if part in response.url else None)
    page.goto(base + url)
    if url.startswith("search/"):
        page.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    page.wait_for_load_state("networkidle")
    page.close()
    return [
        (urlsplit(address).path.split(part, 1)[1], _served_file(site_root, base, address).stat().st_size)
        for address in fetched
    ]


if __name__ == "__main__":
    raise SystemExit(main())
