"""The invalid-content catalogue: each bad input beside the exact diagnostics it must produce.

Each case in fixtures/invalid/<case>/ lays its `content/` files over the minimal sample
council; `expected.txt` holds the exact lines `build.py check` prints to stderr.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, overlay, run_check

CASES = sorted(path for path in (FIXTURES / "invalid").iterdir() if path.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_content_reports_exact_diagnostics(case: Path, tmp_path, monkeypatch, capsys):
    content = overlay(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run_check(Path("content"), capsys=capsys)
    expected = (case / "expected.txt").read_text()
    assert result.stderr == expected
    assert result.status == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert content.is_dir()


def test_every_case_has_expectations():
    assert len(CASES) >= 9
    for case in CASES:
        assert (case / "expected.txt").is_file(), f"{case.name} has no expected.txt"
