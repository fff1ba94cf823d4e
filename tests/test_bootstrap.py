"""First-run setup: the system packages a command needs are installed as root, or named exactly."""

from __future__ import annotations

import pytest

from papers import bootstrap


def fake_packages(monkeypatch, present: set[str]) -> None:
    table = {
        name: ((lambda name=name: name in present), commands)
        for name, (_, commands) in bootstrap.SYSTEM_PACKAGES.items()
    }
    monkeypatch.setattr(bootstrap, "SYSTEM_PACKAGES", table)


def test_each_command_needs_what_it_uses(monkeypatch):
    fake_packages(monkeypatch, set())
    assert bootstrap.missing_system_packages("check") == []
    assert "libpango-1.0-0" in bootstrap.missing_system_packages("build")
    assert "chromium" not in bootstrap.missing_system_packages("build")
    assert {"chromium", "poppler-utils", "libpango-1.0-0", "default-jre-headless", "time"} <= set(
        bootstrap.missing_system_packages("test")
    )


def test_without_root_it_stops_with_the_exact_command(monkeypatch):
    fake_packages(monkeypatch, {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"})
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1000)
    with pytest.raises(SystemExit) as stopped:
        bootstrap.ensure_system_packages("test")
    assert str(stopped.value).endswith(
        "sudo apt-get update && sudo apt-get install -y -q --no-install-recommends poppler-utils chromium "
        "default-jre-headless time"
    )


def test_as_root_it_installs_with_apt_and_says_so(monkeypatch, capsys):
    present: set[str] = set()
    fake_packages(monkeypatch, present)
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 0)
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: f"/usr/bin/{name}")
    ran = []

    def run(command, **_):
        ran.append(command)
        if command[:2] == ["apt-get", "install"]:
            present.update(command[5:])

    monkeypatch.setattr(bootstrap.subprocess, "run", run)
    bootstrap.ensure_system_packages("build")
    assert ran[0] == ["apt-get", "update", "-q"]
    assert ran[1][:5] == ["apt-get", "install", "-y", "-q", "--no-install-recommends"]
    assert "Installing system packages that `build.py build` needs: libpango-1.0-0" in capsys.readouterr().err


def test_the_machine_running_the_tests_has_everything_the_tests_need():
    """Not a skip: if this fails, `python3 build.py test` did not set the machine up."""
    assert bootstrap.missing_system_packages("test") == []
