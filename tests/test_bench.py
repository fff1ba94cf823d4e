"""The benchmarks still run (they are not tests of speed: no figure is asserted, only that they work)."""

from __future__ import annotations

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


def test_site_benchmark_runs_on_a_tiny_archive():
    output = run(
        "site.py", "--committees", "1", "--years", "1", "--meetings-per-year", "2", "--reports-per-meeting", "1"
    )
    assert "full build" in output and "pages:" in output


def test_packs_benchmark_runs_on_tiny_packs():
    output = run("packs.py", "--meetings", "2", "--reports", "1", "--big-reports", "2")
    assert "WeasyPrint alone" in output and "no-change rebuild" in output and "big pack" in output
