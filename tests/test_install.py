"""A non-editable install (a wheel) carries the templates and base config and builds a site anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import DEMO, PROJECT

pytestmark = pytest.mark.slow


def test_a_wheel_install_builds_the_demo_outside_the_checkout(tmp_path):
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(PROJECT),
        ],
        check=True,
        capture_output=True,
    )
    assert (target / "papers" / "_data" / "templates" / "pages" / "meeting.html.j2").is_file()
    assert (target / "papers" / "_data" / "mkdocs.yml").is_file()
    assert not (target / "papers" / "_data" / "templates").is_symlink()
    council = tmp_path / "council"
    shutil.copytree(DEMO, council / "content")
    environment = {**os.environ, "PYTHONPATH": str(target), "PAPERS_NO_VENV": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "papers.commands.cli", "build"],
        cwd=council,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    probe = subprocess.run(
        [sys.executable, "-c", "import papers.resources as r; print(r.TEMPLATES)"],
        cwd=council,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == str(target / "papers" / "_data" / "templates")  # not the checkout's
    assert (council / "site" / "index.html").is_file()
    assert (council / "site" / "committees" / "kct-board" / "2011-03-04" / "agenda-pack.pdf").is_file()
