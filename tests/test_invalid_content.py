"""The invalid-content catalogue: each bad input beside the exact diagnostics it must produce.

Each case in fixtures/invalid/<case>/ lays its `content/` files over the minimal sample
council; `expected.txt` holds the exact lines `build.py check` prints to stderr. A case may
hold `args.txt` with further `check` options (`--strict` for a case whose only problems are
warnings): every case must make the check fail.

`pytest --update-expected` (or PAPERS_UPDATE_EXPECTED=1) writes the actual output into each
expected.txt instead of comparing (see conftest.py); review the changes with `git diff`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, overlay, run_check

CASES = sorted(path for path in (FIXTURES / "invalid").iterdir() if path.is_dir())
OPTIONS = {"--strict"}  # what args.txt may hold


def case_options(case: Path) -> list[str]:
    args = case / "args.txt"
    return args.read_text(encoding="utf-8").split() if args.is_file() else []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_content_reports_exact_diagnostics(case: Path, tmp_path, monkeypatch, capsys, expect_text):
    content = overlay(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run_check(Path("content"), *case_options(case), capsys=capsys)
    assert "Traceback" not in result.stderr, result.stderr
    assert (result.status, result.stdout) == (1, ""), f"the check did not fail:\n{result.stdout}{result.stderr}"
    expect_text(case / "expected.txt", result.stderr)
    assert content.is_dir()


def test_every_case_has_content_and_expectations():
    assert len(CASES) >= 44
    for case in CASES:
        assert (case / "content").is_dir(), f"{case.name} has no content/ folder"
        assert (case / "expected.txt").is_file(), f"{case.name} has no expected.txt"
        assert set(case_options(case)) <= OPTIONS, f"{case.name}/args.txt: only {sorted(OPTIONS)}"
