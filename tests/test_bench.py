"""The benchmarks still run (they are not tests of speed: no figure is asserted, only that they work)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import PROJECT

pytestmark = pytest.mark.slow


def run(script: str, *arguments: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "bench" / script), *arguments], capture_output=True, text=True, timeout=900
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_site_benchmark_quick_prints_the_figures_compared_from_turn_to_turn():
    output = run("site.py", "--quick")
    for line in [
        r"full build: [0-9.]+ s \(CPU [0-9.]+ s\)",
        r"no-change rebuild: [0-9.]+ s \(CPU [0-9.]+ s\)",
        r"one-edit rebuild: [0-9.]+ s \(CPU [0-9.]+ s\)",
        # measured in Chromium: the Pagefind chunks a first query fetches, and what a page load fetches (none)
        r'first search query: [0-9]+ KB \("council"; "budget service": [0-9]+ KB; index fetched on page load: 0 KB\)',
        r"largest HTML page: [0-9.]+ KB \(\S+\.html\)",
        r"pages: [0-9]+, .*",
        r"indexing peak memory: [0-9]+ MB \(Pagefind run again alone .*\)",
        # the same staged pages built by plain MkDocs with Material's own search, in its own process
        r"reference \(plain mkdocs build, Material search\): [0-9.]+ s \(CPU [0-9.]+ s, .*\); "
        r"ours ÷ reference = [0-9.]+x.*",
        r"reference search index: lunr [0-9]+ KB .*",
    ]:
        assert re.search(f"^{line}$", output, re.M), f"no line {line!r} in:\n{output}"


def test_shards_benchmark_quick_compares_one_search_bundle_with_one_per_year():
    output = run("shards.py", "--quick")
    for line in [
        r"archive: [0-9]+ meetings, .*",
        r"one bundle: index [0-9.]+ s \(CPU [0-9.]+ s\), peak RSS [0-9]+ MB, [0-9]+ pages, [0-9.]+ MB on disk",
        r"per year: [0-9]+ years \+ common: index .*",
        r"  pagefind-common: index .*",
        # measured in Chromium: the year bundles loaded by a page that merges them with Pagefind's mergeIndex
        r'first query "council": one bundle [0-9]+ KB .*; [0-9]+ bundles merged [0-9]+ KB .*',
        r'first query "budget service": one bundle [0-9]+ KB .*',
    ]:
        assert re.search(f"^{line}$", output, re.M), f"no line {line!r} in:\n{output}"


def test_packs_benchmark_runs_on_tiny_packs():
    output = run("packs.py", "--meetings", "2", "--reports", "1", "--big-reports", "2")
    for line in [
        r"WeasyPrint alone \(pdf/ua-1\): .*",
        r"ours, same packs: .*\(CPU [0-9.]+ s; ours / WeasyPrint alone = [0-9.]+x the CPU time, [0-9.]+x the time; "
        r"in a worker as the build starts it\)",
        r"ours / WeasyPrint alone in the same kind of process \(what ours does beyond WeasyPrint's work\): "
        r"[0-9.]+x the CPU time in the build's workers, [0-9.]+x in plain processes",
        r"packs stage: [0-9]+ packs, 1 worker .* 2 workers .*\(speed-up [0-9.]+x, the median of 3 pairs in turn: "
        r"[0-9.]+x, [0-9.]+x, [0-9.]+x; packs per worker process: .*; "
        r"the workers' CPU [0-9.]+ s = [0-9.]+ cores busy\)",
        r"no-change rebuild: .*",
        r"big pack: [0-9]+ pages .*worker peak memory [0-9]+ MB.*",
    ]:
        assert re.search(f"^{line}$", output, re.M), f"no line {line!r} in:\n{output}"
