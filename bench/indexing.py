"""Measuring Pagefind on a built site: one indexing run, and what a first query fetches in Chromium.

Used by bench/shards.py (one bundle, or one per municipal year) and bench/site.py. The indexer is
run as the build runs it (papers/site/search.py: `--force-language`, only the pages that carry
`data-pagefind-body`), but into a folder of our choosing and over the pages a glob selects.
Each run is its own process, measured by GNU time (/usr/bin/time): its CPU time and peak RSS are
its own and no one else's.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TIME = Path("/usr/bin/time")


@dataclass(frozen=True)
class IndexRun:
    seconds: float
    cpu: float
    peak_mb: float
    pages: int
    bundle_bytes: int


def pagefind(site: Path, output: Path, glob: str | None = None, language: str = "en") -> IndexRun:
    """Index `site` (the pages `glob` selects, or all) into `output`: time, CPU, peak RSS, pages, bytes."""
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site), "--output-path", str(output)]
    command += ["--force-language", language, *(["--glob", glob] if glob else [])]
    child = measured(command)
    if child.returncode != 0:
        raise SystemExit(f"Pagefind failed on {site}:\n{child.stdout}")
    found = re.search(r"Indexed ([0-9]+) pages", child.stdout)
    return IndexRun(child.seconds, child.cpu, child.peak_mb, int(found.group(1)) if found else 0, folder_bytes(output))


@dataclass(frozen=True)
class Child:
    seconds: float
    cpu: float
    peak_mb: float
    returncode: int
    stdout: str


def measured(command: list[str], env: dict[str, str] | None = None) -> Child:
    """Run `command` under GNU time: its wall time, CPU time and peak RSS, and its output.

    Not os.wait4 from here: Linux keeps in a child's ru_maxrss the peak of the process it was forked
    from, before exec, so a small indexer run from a large Python process reports the Python's
    peak. GNU time is a small process: what it reports is the command's own."""
    if not TIME.is_file():
        raise SystemExit(f"{TIME} is needed to measure peak memory (Debian: apt-get install time)")
    with tempfile.TemporaryDirectory(prefix="bench-time-") as scratch:
        figures = Path(scratch) / "time.txt"
        wrapped = [str(TIME), "--format", "%e %U %S %M", "--output", str(figures), *command]
        completed = subprocess.run(wrapped, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        wall, user, system, peak_kb = figures.read_text().split()[-4:]  # after "Command exited with..." if it failed
    return Child(float(wall), float(user) + float(system), int(peak_kb) / 1024, completed.returncode, completed.stdout)


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# A search page of the benchmark's own, written into the built site: it loads the first bundle in
# ?bundles=, merges the others into it (Pagefind's mergeIndex, as a search page of a sharded site
# would), runs ?q= and fetches the first ten results' data, as the site's search page shows them.
QUERY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench query</title></head><body><p id="status"></p>
<script type="module">
const params = new URLSearchParams(location.search);
const [first, ...others] = params.get("bundles").split(",");
const engine = await import(`/${first}/pagefind.js`);
await engine.options({ baseUrl: "/" });
for (const other of others) await engine.mergeIndex(`/${other}/`);
const search = await engine.search(params.get("q"));
await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
document.getElementById("status").textContent = `${search.results.length} results`;
</script></body></html>
"""
QUERY_PAGE_NAME = "bench-query.html"


def query_bytes(site: Path, bundles: list[str], queries: list[str]) -> dict[str, tuple[int, int]]:
    """For each query, in a fresh browser context: (bytes fetched from the bundles, number of results)."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from browsing import launched_chromium, served

    (site / QUERY_PAGE_NAME).write_text(QUERY_PAGE, encoding="utf-8")
    server, browser = served(site), launched_chromium()
    base, chromium = next(server), next(browser)
    try:
        return {query: _one_query(chromium, base, bundles, query) for query in queries}
    finally:
        _close(browser, server)
        (site / QUERY_PAGE_NAME).unlink()


def _one_query(chromium: Any, base: str, bundles: list[str], query: str) -> tuple[int, int]:
    page = chromium.new_page()  # a new context each time: nothing cached from the query before
    sizes: list[int] = []
    prefixes = tuple(f"{base}{bundle}/" for bundle in bundles)
    page.on("response", lambda answer: sizes.append(len(answer.body())) if answer.url.startswith(prefixes) else None)
    page.goto(f"{base}{QUERY_PAGE_NAME}?bundles={','.join(bundles)}&q={query.replace(' ', '+')}")
    page.wait_for_function("() => /results/.test(document.getElementById('status').textContent)", timeout=120_000)
    page.wait_for_load_state("networkidle")
    results = int(page.text_content("#status").split()[0])
    page.close()
    return sum(sizes), results


def _close(*generators: Generator[Any, None, None]) -> None:
    for generator in generators:
        generator.close()
