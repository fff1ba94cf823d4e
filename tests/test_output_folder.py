"""The output folder: never the wrong folder, never two builds at once, never without a last good site."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEMO, MINIMAL, PROJECT

from papers.commands.cli import main
from papers.model.audience import MEMBERS, PUBLIC
from papers.model.meetings import PAGE_NAMES_IN_A_MEETING
from papers.render import urls
from papers.site import output
from papers.site.output import BUILD_MARKER, OutputFolder, UnsafeOutput, claimed_output, refuse_unsafe_output


def built_site(folder: Path, audience: str | None) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("old site")
    if audience:
        (folder / BUILD_MARKER).write_text(f"audience: {audience}\n")
    return folder


def published_without_marker(folder: Path) -> Path:
    built_site(folder, None)
    (folder / "sitemap.xml").write_text("<urlset/>")
    (folder / "pagefind").mkdir()
    (folder / "pagefind" / "pagefind.js").write_text("// search")
    return folder


def published_by_an_earlier_version(folder: Path) -> Path:
    """Published before search moved to Pagefind: the theme's search index."""
    built_site(folder, None)
    (folder / "sitemap.xml").write_text("<urlset/>")
    (folder / "search").mkdir()
    (folder / "search" / "search_index.json").write_text("{}")
    return folder


@pytest.mark.parametrize(
    "make, audience, refused",
    [
        (lambda p: p, PUBLIC, False),  # new
        (lambda p: (p.mkdir(), p)[1], PUBLIC, False),  # empty
        (lambda p: built_site(p, "public"), PUBLIC, False),
        (lambda p: published_without_marker(p), PUBLIC, False),  # built before the marker existed
        (lambda p: built_site(p, None), PUBLIC, True),  # somebody's files
        (lambda p: p, MEMBERS, False),
        (lambda p: built_site(p, "members"), MEMBERS, False),
        (lambda p: built_site(p, "public"), MEMBERS, True),
        (lambda p: published_without_marker(p), MEMBERS, True),  # a public site whose marker was lost
        (lambda p: published_by_an_earlier_version(p), MEMBERS, True),  # the same, published with the theme's search
        (lambda p: built_site(p, None), MEMBERS, True),
    ],
)
def test_which_folders_a_build_may_replace(tmp_path, make, audience, refused):
    out = make(tmp_path / "out")
    if refused:
        with pytest.raises(UnsafeOutput):
            refuse_unsafe_output(out, audience)
    else:
        refuse_unsafe_output(out, audience)


def test_the_members_build_never_goes_inside_a_published_site_without_marker(tmp_path):
    public = published_without_marker(tmp_path / "www")
    with pytest.raises(UnsafeOutput, match="holds a published site"):
        refuse_unsafe_output(public / "members", MEMBERS)


def test_out_naming_a_file_is_refused_and_the_file_kept(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    with pytest.raises(UnsafeOutput, match="is a file"), claimed_output(target, PUBLIC):
        pass
    assert target.read_text() == "mine"


def test_two_builds_cannot_write_one_folder_at_once(tmp_path):
    with claimed_output(tmp_path / "site", PUBLIC) as first:
        assert first.staging.is_dir()
        with pytest.raises(UnsafeOutput, match="another build is writing"), claimed_output(tmp_path / "site", PUBLIC):
            pass
    with claimed_output(tmp_path / "site", PUBLIC):  # released
        pass
    assert not first.staging.exists()


def test_a_swap_stopped_between_its_renames_is_recovered_at_the_next_start(tmp_path):
    folder = OutputFolder((tmp_path / "site").resolve(), PUBLIC)
    built_site(folder.old, "public")  # what a kill after the first rename leaves: no site, the old one aside
    with claimed_output(folder.out, PUBLIC):
        assert (folder.out / "index.html").read_text() == "old site"


def test_the_replaced_site_is_put_aside_and_removed_while_the_next_build_works(tmp_path):
    """The swap puts the replaced site aside with the cache, under a name of its own (no build waits for tens of
    thousands of files to go); the next build removes what was put aside when it started, and nothing else."""
    out = built_site(tmp_path / "site", "public")
    with claimed_output(out, PUBLIC) as folder:
        (folder.built / "index.html").parent.mkdir(parents=True)
        (folder.built / "index.html").write_text("new site")
        output.swap_in(folder)
        assert (out / "index.html").read_text() == "new site"
    assert not folder.old.exists() and not folder.staging.exists() and not folder.removing
    (aside,) = folder.replaced.iterdir()
    assert (aside / "index.html").read_text() == "old site", "the replaced site, whole, until the next build"
    with output.replaced_sites_removed(folder):
        later = folder.replaced / "put-aside-by-a-build-that-ended-meanwhile"
        later.mkdir()
    assert list(folder.replaced.iterdir()) == [later], "what was there when the build started is gone"


def test_a_replaced_site_rm_leaves_is_removed_by_the_build_and_rm_says_nothing(tmp_path, monkeypatch, capfd):
    """`rm` fails on a folder made read-only (a council's file copied in, for a user who is not root): what it
    leaves is removed by the build itself, folders made writable first, and its complaints are not printed over
    the build's progress. Here an `rm` that removes nothing and complains stands in for it."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "rm").write_text("#!/bin/sh\necho 'rm: cannot remove: Permission denied' >&2\nexit 1\n")
    (fake / "rm").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    folder = OutputFolder((tmp_path / "site").resolve(), PUBLIC)
    aside = folder.replaced / "0123456789abcdef0123456789abcdef"
    locked = aside / ".well-known"
    locked.mkdir(parents=True)
    (locked / "security.txt").write_text("Contact: mailto:web@council.example\n")
    locked.chmod(0o555)
    published = tmp_path / "site-file.html"  # a file of the put-aside site is a hard link to the published one's
    published.write_text("page")
    published.chmod(0o444)
    os.link(published, aside / "index.html")
    with output.replaced_sites_removed(folder):
        pass
    assert not aside.exists(), "removed, read-only folder and all"
    assert capfd.readouterr().err == ""
    assert published.read_text() == "page" and (published.stat().st_mode & 0o777) == 0o444, (
        "the published file untouched"
    )


def test_the_state_a_killed_build_was_writing_is_removed_by_the_next(tmp_path):
    """A build killed (not stopped: no `finally` runs) leaves its unfinished state file beside the last state; the
    next build, holding the lock, removes it, and keeps the last state."""
    out = built_site(tmp_path / "site", "public")
    folder = OutputFolder(out.resolve(), PUBLIC)
    folder.state.parent.mkdir(parents=True, exist_ok=True)
    folder.state.write_bytes(b"the last state")
    unfinished = folder.state.with_name(f"{folder.state.name}.0123456789abcdef0123456789abcdef.tmp")
    unfinished.write_bytes(b"half a state")
    other = folder.state.with_name("another-site.state.0123456789abcdef0123456789abcdef.tmp")
    other.write_bytes(b"another folder's build, writing now")
    with claimed_output(out, PUBLIC):
        assert not unfinished.exists()
    assert folder.state.read_bytes() == b"the last state" and other.exists()


def test_a_link_in_place_of_the_folder_for_replaced_sites_is_neither_followed_nor_emptied(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "precious").mkdir(parents=True)
    out = built_site(tmp_path / "site", "public")
    folder = OutputFolder(out.resolve(), PUBLIC)
    folder.replaced.parent.mkdir(parents=True, exist_ok=True)
    folder.replaced.symlink_to(elsewhere, target_is_directory=True)
    with output.replaced_sites_removed(folder):
        pass
    with claimed_output(out, PUBLIC) as claimed:
        (claimed.built / "index.html").parent.mkdir(parents=True)
        (claimed.built / "index.html").write_text("new site")
        output.swap_in(claimed)
    assert [path.name for path in elsewhere.iterdir()] == ["precious"], "nothing put there, nothing removed"
    assert not claimed.old.exists()


def test_a_replaced_site_that_cannot_be_put_aside_is_removed_before_the_build_lets_go(tmp_path):
    out = built_site(tmp_path / "site", "public")
    with claimed_output(out, PUBLIC) as folder:
        (folder.built / "index.html").parent.mkdir(parents=True)
        (folder.built / "index.html").write_text("new site")
        folder.replaced.parent.mkdir(parents=True, exist_ok=True)
        folder.replaced.write_text("not a folder")  # as a cache on another file system would refuse the move
        output.swap_in(folder)
        assert (out / "index.html").read_text() == "new site"
    assert not folder.old.exists() and not folder.staging.exists()
    assert folder.removing and not any(removal.is_alive() for removal in folder.removing)


def test_files_the_council_keeps_in_the_output_survive_a_rebuild(tmp_path):
    old = built_site(tmp_path / "site", "public")
    (old / ".htaccess").write_text("Require valid-user\n")
    (old / "CNAME").write_text("papers.example.gov.uk\n")
    (old / ".well-known").mkdir()
    (old / ".well-known" / "security.txt").write_text("Contact: x\n")
    (old / "robots.txt").symlink_to("/etc/hostname")  # never followed out of the folder
    new = tmp_path / "new"
    new.mkdir()
    (new / "CNAME").write_text("made by the build\n")
    output.keep_council_files(old, new)
    assert (new / ".htaccess").read_text() == "Require valid-user\n"
    assert (new / "CNAME").read_text() == "made by the build\n"
    assert (new / ".well-known" / "security.txt").is_file()
    assert not (new / "robots.txt").exists()


@pytest.mark.parametrize(
    "code, words", [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only"), (errno.EACCES, "permission")]
)
def test_a_failed_write_is_said_plainly_and_leaves_nothing_behind(tmp_path, monkeypatch, capsys, code, words):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    out = built_site(tmp_path / "site", "public")

    def fail(self, relative, source):
        raise OSError(code, os.strerror(code), str(self.root / relative))

    monkeypatch.setattr("papers.render.output.Outputs.claim", fail)
    status = main(["build", "--content", str(content), "--out", str(out)])
    stderr = capsys.readouterr().err
    assert status == 1
    assert "error: cannot write the site: " in stderr and words in stderr
    assert "internal error" not in stderr
    assert (out / "index.html").read_text() == "old site"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".papers-cache", "content", "site"]


def test_report_names_that_would_take_a_page_address_match_the_urls():
    from papers.model.site import Committee, Meeting

    assert {"minutes"} == PAGE_NAMES_IN_A_MEETING
    meeting = Meeting.__new__(Meeting)
    committee = Committee.__new__(Committee)
    object.__setattr__(committee, "slug", "c")
    object.__setattr__(meeting, "committee", committee)
    object.__setattr__(meeting, "slug", "m")
    assert urls.minutes(meeting) == "committees/c/m/minutes/"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().decode(errors="replace")
    except OSError:  # it ended in the meantime
        return ""


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_pack_workers_end_when_the_build_is_killed(tmp_path):
    """`kill -9` of the build (what the OOM killer does) leaves no orphaned PDF worker behind."""
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    build = subprocess.Popen(
        [
            sys.executable,
            str(PROJECT / "build.py"),
            "build",
            "--content",
            str(content),
            "--out",
            str(tmp_path / "site"),
        ],
        env={**os.environ, "PAPERS_NO_VENV": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and build.poll() is None:
        workers = {child for child in _children(build.pid) if "spawn_main" in _command_line(child)}
        time.sleep(0.05)
    assert workers, "the build started no pack workers"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(worker) for worker in workers):
        time.sleep(0.1)
    assert not [worker for worker in workers if _alive(worker)], "pack workers outlived the killed build"


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_last_good_site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    out = tmp_path / "site"
    command = [sys.executable, str(PROJECT / "build.py"), "build", "--content", str(content), "--out", str(out)]
    environment = {**os.environ, "PAPERS_NO_VENV": "1"}
    subprocess.run(command, env=environment, check=True, capture_output=True)
    started = time.monotonic()
    subprocess.run(command, env=environment, check=True, capture_output=True)
    duration = time.monotonic() - started
    for fraction in (0.2, 0.5, 0.8, 0.9, 0.95, 0.99):
        build = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        build.send_signal(signal.SIGKILL)
        build.wait()
        output.recover(OutputFolder(out.resolve(), PUBLIC))  # what the next build does first
        assert (out / "index.html").is_file(), f"no site after a kill at {fraction:.0%} of a build"
    subprocess.run(command, env=environment, check=True, capture_output=True)
    cache = out.parent / ".papers-cache"
    assert not list(cache.glob("*.tmp")), "the killed builds' unfinished states are gone"


PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2]])
print(child.pid, flush=True)
time.sleep(60)
"""
BUSY_WORKER = """
import os, sys, time
from papers.render.packs import die_with_parent
{setup}
print("ready", flush=True)
time.sleep(60)  # a worker in the middle of a long pack
"""


@pytest.mark.slow
@pytest.mark.parametrize("protected", [True, False])
def test_a_busy_worker_dies_with_its_parent_only_when_protected(protected):
    setup = "die_with_parent(os.getppid())" if protected else "pass"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, BUSY_WORKER.format(setup=setup), "x"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert parent.stdout.readline().strip() == "ready"  # the worker has imported and protected itself
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.05)
    try:
        assert _alive(worker) is not protected
    finally:
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)
