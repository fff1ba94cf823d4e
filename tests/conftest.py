"""Shared fixtures: content trees built from the small sample council in fixtures/.

Also the `slow` tier (pyproject.toml registers the marker): `pytest -m "not slow"` leaves out
the tests that build sites or packs, drive a browser or fuzz. A test that uses `built_demo`
is marked slow here even when its file forgets to.

And `--update-expected` (or PAPERS_UPDATE_EXPECTED=1): the invalid-content catalogue writes
each case's actual output into its expected.txt instead of comparing, and the run ends with
the list of files it changed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from papers.commands.cli import main

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal" / "content"
DEMO = PROJECT / "content"

UPDATED_EXPECTATIONS = pytest.StashKey[list[Path]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        default=False,
        help="write the actual output into tests/fixtures/invalid/*/expected.txt instead of comparing "
        "(also PAPERS_UPDATE_EXPECTED=1)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[UPDATED_EXPECTATIONS] = []


def updating_expectations(config: pytest.Config) -> bool:
    return bool(config.getoption("--update-expected")) or os.environ.get("PAPERS_UPDATE_EXPECTED", "") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "built_demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not updating_expectations(config):
        return
    updated = config.stash.get(UPDATED_EXPECTATIONS, [])
    terminalreporter.section("expected output updated")
    if not updated:
        terminalreporter.write_line("no expected.txt changed")
    for path in updated:
        terminalreporter.write_line(f"wrote {path.relative_to(PROJECT)}")


@pytest.fixture
def expect_text(request: pytest.FixtureRequest):
    """`expect_text(path, actual)`: assert that `path` holds exactly `actual`, or with --update-expected
    write `actual` into it (when different) and list it at the end of the run."""
    updating = updating_expectations(request.config)

    def compare(path: Path, actual: str) -> None:
        if updating:
            if not path.is_file() or path.read_text(encoding="utf-8") != actual:
                path.write_text(actual, encoding="utf-8")
                request.config.stash[UPDATED_EXPECTATIONS].append(path)
            return
        assert path.is_file(), f"{path} is missing: run pytest --update-expected to write it"
        assert actual == path.read_text(encoding="utf-8")

    return compare


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


def built_silently(content: Path, out: Path) -> Path:
    """Build `content` into `out`, asserting success with nothing printed to stderr (happy paths are silent)."""
    status, _, stderr = run_build(content, out)
    assert status == 0, stderr
    assert stderr == ""
    return out


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
    return built_silently(DEMO, tmp_path_factory.mktemp("demo") / "site")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright (tests/browsing.py), for one test module."""
    from browsing import launched_chromium

    yield from launched_chromium()


# --- Accessibility: the demo with a table too wide for any screen (tests/test_html_validity.py,
# tests/test_axe_widths.py, tests/test_keyboard.py) ------------------------------------------------

WIDE_TABLE = FIXTURES / "a11y" / "wide-table.md"
SURVEY_APPENDIX = "committees/kct-board/2011-07-15/reports/strategic-review-survey/appendix-1-responses.md"


def a11y_content(target: Path) -> Path:
    """A copy of the demo whose survey appendix ends with tests/fixtures/a11y/wide-table.md: twelve columns
    of long words, wider than the text column at any width with any fonts, so that the scrolling-region
    checks always have a table that scrolls (the demo's own tables overflow at 1280 px only with some fonts)."""
    content = target / "content"
    shutil.copytree(DEMO, content)
    appendix = content / SURVEY_APPENDIX
    appendix.write_text(appendix.read_text(encoding="utf-8") + WIDE_TABLE.read_text(encoding="utf-8"), encoding="utf-8")
    return content


@pytest.fixture(scope="session")
def a11y_content_copy(tmp_path_factory) -> Path:
    return a11y_content(tmp_path_factory.mktemp("a11y"))


@pytest.fixture(scope="session")
def a11y_public(a11y_content_copy) -> Path:
    """The public build of the demo with the wide table, for the whole session."""
    return built_silently(a11y_content_copy, a11y_content_copy.parent / "public")


@pytest.fixture(scope="session")
def a11y_members(a11y_content_copy) -> Path:
    """Its members' edition (exempt papers included and marked), for the whole session."""
    out = a11y_content_copy.parent / "members"
    status, _, stderr = run_build(a11y_content_copy, out, "--audience", "members")
    assert status == 0, stderr
    assert stderr == ""
    return out
