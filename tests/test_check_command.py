"""`build.py check`: summary and exit status on good content, warnings and --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import DEMO, FIXTURES, PROJECT, overlay, run_check


def test_demo_content_passes_silently_with_a_summary(capsys):
    result = run_check(DEMO, "--strict", capsys=capsys)
    assert result.status == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "Kent County Council: 3 committees, 6 meetings, 28 agenda items, 5 reports, 4 sets of minutes, 10 members.",
        "Check passed: 0 errors, 0 warnings.",
    ]


def test_second_council_passes(capsys):
    result = run_check(FIXTURES / "lincs" / "content", "--strict", capsys=capsys)
    assert result.status == 0, result.stderr
    assert result.stderr == ""


def test_warnings_pass_unless_strict(minimal_copy, capsys):
    (minimal_copy / "stray-notes.txt").write_text("draft notes")
    relaxed = run_check(Path("content"), capsys=capsys)
    assert relaxed.status == 0
    assert relaxed.stderr == (
        "content/stray-notes.txt:1:1: warning[W301]: `stray-notes.txt` is not referred to by "
        "any content file, so it will not be published\n"
        "  hint: refer to it (as an appendix, or the logo) or delete it\n"
    )
    strict = run_check(Path("content"), "--strict", capsys=capsys)
    assert strict.status == 1
    assert strict.stderr.endswith("Check failed: 0 errors, 1 warning.\n")


def test_missing_content_folder_is_an_error_not_a_traceback(tmp_path, capsys):
    result = run_check(tmp_path / "nowhere", capsys=capsys)
    assert result.status == 1
    assert "no such content folder" in result.stderr


def test_missing_site_settings(minimal_copy, capsys):
    (minimal_copy / "site.yml").unlink()
    result = run_check(Path("content"), capsys=capsys)
    assert result.status == 1
    assert "content/site.yml:1:1: error[E107]: no site.yml" in result.stderr


def test_errors_in_several_files_are_all_reported_at_once(minimal_copy, capsys):
    (minimal_copy / "members" / "ann-ward.md").write_text("---\nname: Ann Ward\nparty: tory\n---\n")
    (minimal_copy / "committees" / "scs-posc" / "committee.md").write_text(
        "---\nname: SCS\nkind: comittee\nmembership: [ann-ward, ben-cole, cy-young]\n---\n"
    )
    result = run_check(Path("content"), capsys=capsys)
    codes = [line.split(": ")[1] for line in result.stderr.splitlines() if ": error[" in line]
    assert codes == ["error[E115]", "error[E204]"]
    assert result.stderr.endswith("Check failed: 2 errors, 0 warnings.\n")


def test_symlinks_are_refused(minimal_copy, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("outside")
    (minimal_copy / "linked.txt").symlink_to(secret)
    result = run_check(Path("content"), capsys=capsys)
    assert result.status == 1
    assert "content/linked.txt:1:1: error[E106]: symbolic links are not allowed" in result.stderr


def test_entry_point_runs_as_a_program():
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "check"],
        capture_output=True,
        text=True,
        env={"PAPERS_NO_VENV": "1", "PATH": "/usr/bin:/bin"},
        cwd=PROJECT,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.endswith("Check passed: 0 errors, 0 warnings.\n")


def test_bad_content_exits_one_from_the_command_line(tmp_path):
    overlay(FIXTURES / "invalid" / "bad-time", tmp_path)
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "check", "--content", "content"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PAPERS_NO_VENV": "1", "PATH": "/usr/bin:/bin"},
    )
    assert completed.returncode == 1
    assert completed.stderr.startswith("content/committees/scs-posc/2011-11-17/meeting.md:3:7: error[E114]: ")
    assert "Traceback" not in completed.stderr
