"""First-run setup, using only the standard library: make .venv and install.

`python3 build.py ...` on a fresh machine creates `.venv/`, installs the
project with its test dependencies, and re-runs itself inside the venv.
A stamp records the hash of pyproject.toml so a changed dependency list
is installed again on the next run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
VENV = PROJECT / ".venv"
STAMP = VENV / ".papers-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def wanted_stamp() -> str:
    return hashlib.sha256((PROJECT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    """Re-exec inside an up-to-date .venv unless we are already running in one."""
    if os.environ.get("PAPERS_NO_VENV") == "1":
        return
    in_project_venv = Path(sys.prefix).resolve() == VENV.resolve()
    up_to_date = STAMP.is_file() and STAMP.read_text().strip() == wanted_stamp()
    if in_project_venv and up_to_date:
        return
    if not up_to_date:
        install()
    os.execv(str(venv_python()), [str(venv_python()), *sys.argv])


def install() -> None:
    print("First run: installing dependencies into .venv/ (once) ...", file=sys.stderr, flush=True)
    if not venv_python().exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{PROJECT}[test]"], check=True)
    STAMP.write_text(wanted_stamp() + "\n")
