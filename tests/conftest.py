"""Shared fixtures: content trees built from the small sample council in fixtures/."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from papers.commands.cli import main

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal" / "content"
DEMO = PROJECT / "content"


@dataclass
class CheckRun:
    status: int
    stdout: str
    stderr: str


def run_check(content: Path, *extra: str, capsys) -> CheckRun:
    capsys.readouterr()
    status = main(["check", "--content", str(content), *extra])
    captured = capsys.readouterr()
    return CheckRun(status, captured.out, captured.err)


def overlay(case: Path, target: Path) -> Path:
    """The minimal sample council with a case's files laid over it, in `target/content`."""
    content = target / "content"
    shutil.copytree(MINIMAL, content)
    shutil.copytree(case / "content", content, dirs_exist_ok=True)
    return content


def run_build(content: Path, out: Path, *options: str) -> tuple[int, str, str]:
    """Run `build.py build` in a subprocess (MkDocs keeps global state between builds)."""
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--content", str(content), "--out", str(out), *options],
        capture_output=True,
        text=True,
        cwd=content.parent,
        env={"PAPERS_NO_VENV": "1", "PATH": "/usr/bin:/bin"},
    )
    return completed.returncode, completed.stdout, completed.stderr


@pytest.fixture
def minimal_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the minimal council; the working directory is its parent."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    monkeypatch.chdir(tmp_path)
    return content


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory) -> Path:
    """The demo content built once for the whole session (site and packs); tests must not change it."""
    out = tmp_path_factory.mktemp("demo") / "site"
    status, _, stderr = run_build(DEMO, out)
    assert status == 0, stderr
    assert stderr == ""
    return out
