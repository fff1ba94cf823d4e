"""Progress of a build: bars on a terminal, nothing but the final line of figures in a log, never in the site."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, PROJECT, run_build
from rich.console import Console

from papers.commands.progress import TerminalProgress
from papers.pipeline import CHECKING, PACKS, PAGES

FINAL_LINE = re.compile(
    r"Built \d+ pages and \d+ packs \((?P<rendered>\d+) rendered, (?P<cached>\d+) from the cache\) "
    r"into \S+ in \d+\.\d s \(0 errors, 0 warnings\)\."
)
BAR = "\u2501"  # the heavy horizontal line rich draws bars with


def drive(progress: TerminalProgress) -> None:
    with progress:
        progress.stage(CHECKING)
        progress.stage(PAGES)
        for done in range(1, 18):
            progress.count(PAGES, done, 17)
        progress.stage(PACKS)
        progress.count(PACKS, 1, 4)


def test_a_terminal_shows_each_stage_with_its_bar_and_count():
    screen = io.StringIO()
    drive(TerminalProgress(Console(file=screen, force_terminal=True, width=100)))
    shown = screen.getvalue()
    assert CHECKING in shown and PAGES in shown and PACKS in shown
    assert "17/17" in shown and "1/4" in shown
    assert BAR in shown


def test_a_log_gets_nothing():
    log = io.StringIO()
    drive(TerminalProgress(Console(file=log, force_terminal=False, width=100)))
    assert log.getvalue() == ""


def run_on_a_terminal(content: Path, out: Path) -> tuple[int, str]:
    """`build.py build` with its standard output on a pseudo-terminal, as in an interactive shell."""
    leader, follower = pty.openpty()
    build = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "build", "--content", str(content), "--out", str(out)],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        cwd=content.parent,
        env={"PAPERS_NO_VENV": "1", "PATH": "/usr/bin:/bin", "TERM": "xterm"},
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the build closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return build.wait(), shown.decode("utf-8", errors="replace")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.slow
def test_progress_goes_to_a_terminal_only_and_never_into_the_site(tmp_path):
    logged = tmp_path / "logged"
    status, stdout, stderr = run_build(MINIMAL, logged)
    assert (status, stderr) == (0, "")
    # A log gets three lines: the figures, what was read and built again, and where to open the site.
    final, incremental, opening = stdout.splitlines()
    found = FINAL_LINE.fullmatch(final)
    assert found and int(found["rendered"]) > 0 and found["cached"] == "0", final
    assert re.fullmatch(
        r"Read (\d+) of \1 content files; built (\d+) of \2 site files \(0 unchanged .*\); search index made again\.",
        incremental,
    )
    assert opening.startswith("Open ")
    assert BAR not in stdout and "\x1b" not in stdout and PAGES not in stdout

    # Beside it (sharing its pack cache), on a terminal: the stages with their bars, then the same line.
    status, shown = run_on_a_terminal(MINIMAL, tmp_path / "shown")
    assert status == 0, shown
    assert all(stage in shown for stage in (CHECKING, PAGES, PACKS)) and BAR in shown
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)  # without the terminal's colours and cursor moves
    lines = [line.strip() for line in plain.replace("\r", "\n").splitlines()]
    figures = [FINAL_LINE.fullmatch(line) for line in lines if line.startswith("Built ")]
    assert len(figures) == 1 and figures[0] is not None and figures[0]["rendered"] == "0", lines[-3:]
    assert tree(tmp_path / "shown") == tree(logged), "what the terminal showed changed the site"
