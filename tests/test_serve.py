"""`build.py serve`: the preview follows edits to content/, and bad content never takes it down."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import MINIMAL, PROJECT

pytestmark = pytest.mark.slow

MEETING = "committees/scs-posc/2011-11-17/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _found(url: str) -> bool:
    try:
        fetch(url)
    except urllib.error.HTTPError as error:
        return error.code != 404
    return True


def wait_for(condition, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError("timed out")


def test_preview_follows_edits_and_survives_bad_content(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    meeting_file = content / MEETING / "meeting.md"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--content", str(content), "--port", str(port)],
        cwd=tmp_path,
        env={"PAPERS_NO_VENV": "1", "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/{MEETING}"
    try:
        first = wait_for(lambda: fetch(url))
        assert "Darent Room" not in first
        # The preview is indexed for search as a build is: the search page has an index to fetch.
        assert "pagefind" in fetch(f"http://127.0.0.1:{port}/pagefind/pagefind.js")
        original = meeting_file.read_text()
        meeting_file.write_text(original.replace("\ntime:", "\nvenue: Darent Room, Sessions House\ntime:", 1))
        wait_for(lambda: "Darent Room" in fetch(url))

        # A page whose content file is gone leaves the preview too (MkDocs rebuilds only what changed).
        member = f"http://127.0.0.1:{port}/members/nia-new/"
        (content / "members/nia-new.md").write_text("---\nname: Nia New\nparty: conservative\n---\n")
        wait_for(lambda: "Nia New" in fetch(member))
        (content / "members/nia-new.md").unlink()
        wait_for(lambda: not _found(member))

        meeting_file.write_text(original.replace("\ntime:", "\ntime: [\n", 1))  # broken YAML
        time.sleep(2.5)
        assert "Darent Room" in fetch(url), "the last good preview should stay up"
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=10)
    assert f"{MEETING}meeting.md" in stderr and "error[E10" in stderr, stderr
    assert "The preview still shows the last version without errors." in stderr
    assert "Traceback" not in stderr
    assert "Previewing" in stdout
