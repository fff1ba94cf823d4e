"""Incremental publishing: a rebuild reads only the content files that changed, MkDocs builds only the site
files that changed, and the result is byte for byte what a clean build of the same content makes.

Each rebuild is compared with a clean build into a sibling folder (which shares the pack cache, as do all the
tests here, so packs are rendered once). Builds run as `build.py build` in a subprocess, as a clerk runs them.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import DEMO, MINIMAL, run_build
from leakscan import hits_in

pytestmark = pytest.mark.slow


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


class Figures(NamedTuple):
    """What a build says it did."""

    read: int  # content files read
    files: int  # content files
    made: int  # site files built
    total: int  # site files
    indexed: bool  # the search index made again (not taken from the last build)


def built(content: Path, out: Path, *options: str) -> Figures:
    status, stdout, stderr = run_build(content, out, *options)
    assert status == 0, stderr
    figures = re.search(
        r"Read (\d+) of (\d+) content files?; built (\d+) of (\d+) site files? .*; "
        r"search index (made again|unchanged)\.",
        stdout,
    )
    assert figures, stdout
    *counts, index = figures.groups()
    return Figures(*(int(number) for number in counts), indexed=index == "made again")


def inodes(folder: Path) -> dict[str, int]:
    """Each file's inode: the same after a rebuild if the file was carried over, not made again."""
    return {path.relative_to(folder).as_posix(): os.stat(path).st_ino for path in folder.rglob("*") if path.is_file()}


def assert_same_as_clean(content: Path, out: Path, *options: str) -> None:
    clean = out.with_name(f"{out.name}-clean")
    shutil.rmtree(clean, ignore_errors=True)
    built(content, clean, *options)
    incremental, fresh = tree(out), tree(clean)
    assert sorted(incremental) == sorted(fresh), "the same files (nothing stale, nothing missing)"
    differing = [name for name in fresh if incremental[name] != fresh[name]]
    assert differing == [], "the same bytes"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """One folder for every test's output: one pack cache beside them all."""
    return tmp_path_factory.mktemp("outputs")


@pytest.fixture
def council(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    return content


@pytest.fixture
def out(outputs, request) -> Path:
    return outputs / request.node.name


def test_a_rebuild_with_nothing_changed_reads_and_builds_nothing_and_changes_nothing(council, out):
    first = built(council, out)
    assert (first.read, first.made, first.indexed) == (first.files, first.total, True), "all, the first time"
    before, index = tree(out), inodes(out / "pagefind")
    again = built(council, out)
    assert (again.read, again.made, again.indexed) == (0, 0, False), "nothing changed: nothing read, made again"
    assert tree(out) == before
    assert inodes(out / "pagefind") == index, "the search index's files carried over as they were"


def test_one_edit_reads_one_file_builds_only_what_shows_it_and_matches_a_clean_build(council, out):
    built(council, out)
    report = council / "committees/scs-posc/2011-11-17/reports/kscb-update.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nA sentence the clerk added.\n", encoding="utf-8")
    figures = built(council, out)
    assert figures.read == 1
    assert 0 < figures.made < figures.total / 2, "the report's page, its meeting's pack and open data: not all"
    assert figures.indexed, "an indexed page changed: the search index is made again"
    page = out / "committees/scs-posc/2011-11-17/kscb-update/index.html"
    assert "A sentence the clerk added." in page.read_text(encoding="utf-8")
    assert_same_as_clean(council, out)


def test_a_published_file_changed_by_hand_is_built_again(council, out):
    built(council, out)
    page = out / "members/index.html"
    page.write_text("changed by hand", encoding="utf-8")
    (out / "committees/index.html").unlink()
    (out / "pagefind/pagefind-entry.json").write_text("{}", encoding="utf-8")
    figures = built(council, out)
    assert (figures.made, figures.indexed) == (2, True), "the two pages, and the search index changed by hand"
    assert_same_as_clean(council, out)


def docs_of(out: Path) -> Path:
    """The docs folder a build of `out` keeps for the next one (papers/site/output.py)."""
    return out.parent / ".papers-cache" / f"{out.name}.docs"


def data_of(out: Path) -> Path:
    """The open data folder a build of `out` keeps for the next one."""
    return out.parent / ".papers-cache" / f"{out.name}.data"


def written(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a file written again is a new file (a freed inode may be
    given to it), written now."""
    return {
        path.relative_to(folder).as_posix(): (os.stat(path).st_ino, os.stat(path).st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_a_rebuild_writes_only_changed_files_into_the_kept_docs_folder_and_publishes_nothing_stray(council, out):
    """Files no build wrote (a failed build's, or put there by hand) are removed before MkDocs sees them."""
    built(council, out)
    built(council, out)  # dates the docs files carried over (papers/site/incremental.py): as every rebuild leaves them
    docs, data = docs_of(out), data_of(out)
    before, data_before = written(docs), written(data)
    assert "oparl/v1.1/system.json" in data_before and not (docs / "oparl").exists(), "open data kept apart"
    (docs / "committees/stray").mkdir(parents=True)
    (docs / "committees/stray/index.md").write_text("# STRAY-PAGE-TEXT\n", encoding="utf-8")
    (docs / "data/stray.json").write_text('"STRAY-FILE-TEXT"', encoding="utf-8")
    (data / "oparl/v1.1/stray.json").write_text('"STRAY-DATA-TEXT"', encoding="utf-8")
    report = council / "committees/scs-posc/2011-11-17/reports/kscb-update.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nA sentence the clerk added.\n", encoding="utf-8")
    figures = built(council, out)
    assert 0 < figures.made < figures.total / 2
    after, data_after = written(docs), written(data)
    assert sorted(after) == sorted(before), "the stray files are gone from the docs folder"
    assert sorted(data_after) == sorted(data_before), "and from the open data folder"
    rewritten = sorted(name for name in after if after[name] != before[name])
    assert "committees/scs-posc/2011-11-17/kscb-update/index.md" in rewritten
    assert 0 < len(rewritten) < len(before) / 2, "only what changed is written again"
    data_rewritten = sorted(name for name in data_after if data_after[name] != data_before[name])
    assert len(data_rewritten) < len(data_before) / 2, "only open data that changed is written again"
    assert not hits_in(out, ["STRAY-PAGE-TEXT", "STRAY-FILE-TEXT", "STRAY-DATA-TEXT"])
    assert_same_as_clean(council, out)


def test_a_damaged_state_means_a_full_build(council, out):
    built(council, out)
    (out.parent / ".papers-cache" / f"{out.name}.state").write_bytes(b"not a state")
    (docs_of(out) / "stray.md").write_text("# STRAY-PAGE-TEXT\n", encoding="utf-8")
    figures = built(council, out)
    assert not (docs_of(out) / "stray.md").exists(), "without a state the docs folder is emptied first"
    assert (figures.read, figures.made, figures.indexed) == (figures.files, figures.total, True)
    assert_same_as_clean(council, out)


def test_a_series_of_edits_renames_and_deletions_matches_a_clean_build_each_time(tmp_path, out):
    """The demo (appendices, supplied PDFs, images, minutes across meetings): after each change, the
    incremental build equals a clean build of the same content, byte for byte."""
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    built(content, out)
    meeting = content / "committees/kct-board/2011-07-15"

    def edit_report() -> None:
        report = meeting / "reports/shadow-health-wellbeing-board.md"
        report.write_text(report.read_text(encoding="utf-8") + "\nA correction.\n", encoding="utf-8")

    def rename_report() -> None:
        (meeting / "reports/shadow-health-wellbeing-board.md").rename(meeting / "reports/health-board.md")
        agenda = meeting / "meeting.md"
        text = agenda.read_text(encoding="utf-8")
        agenda.write_text(text.replace("reports: shadow-health-wellbeing-board", "reports: health-board"), "utf-8")

    def delete_meeting() -> None:
        shutil.rmtree(content / "committees/corporate-parenting-panel/2010-11-10")

    def add_member() -> None:
        (content / "members/new-member.md").write_text("---\nname: Nia New\nparty: conservative\n---\n", "utf-8")

    def rename_site() -> None:
        settings = content / "site.yml"
        settings.write_text(re.sub(r"(?m)^name: .*$", "name: A Renamed Council", settings.read_text("utf-8")), "utf-8")

    def note_a_cancelled_meeting() -> None:  # on its own page, which has no papers and is not indexed
        agenda = content / "committees/corporate-parenting-panel/2010-11-10/meeting.md"
        agenda.write_text(agenda.read_text(encoding="utf-8").replace("no business", "no business at all"), "utf-8")

    # Each change, the content files it changes (the only ones read again), and whether it changes a page the
    # search index holds (the index is made again only then).
    for change, changed, indexed in (
        (edit_report, 1, True),
        (note_a_cancelled_meeting, 1, False),
        (rename_report, 2, True),
        (delete_meeting, 0, True),  # its committee's page listed it
        (add_member, 1, True),
        (rename_site, 1, True),  # in every page
    ):
        index, files = inodes(out / "pagefind"), inodes(out)
        change()
        figures = built(content, out)
        assert figures.read == changed, change.__name__
        assert_same_as_clean(content, out)
        if change is rename_site:  # (the old site's files exist until the new one is whole: no inode is reused)
            pages = [name for name in inodes(out).items() if name[0].endswith(".html")]
            assert pages and all(files.get(name) != inode for name, inode in pages), "the name is on every page"
        else:
            assert figures.made < figures.total, change.__name__
        assert figures.indexed == indexed, change.__name__
        assert (inodes(out / "pagefind") != index) == indexed, change.__name__
    assert not (out / "committees/corporate-parenting-panel/2010-11-10").exists(), "the deleted meeting is gone"
    assert not (out / "committees/kct-board/2011-07-15/shadow-health-wellbeing-board").exists(), "renamed away"


def test_a_public_paper_made_exempt_leaves_no_trace_in_the_public_rebuild(tmp_path, out):
    """Side by side with the members' edition: what the public site showed of a paper while it was public is
    gone once it is exempt (nothing carried over), and back when it is public again; each edition equals its
    clean build after each step."""
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    meeting = content / "committees/kct-board/2011-07-15/meeting.md"
    report = content / "committees/kct-board/2011-07-15/reports/strategic-review-survey.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nThe lowest tender was INCREMENTAL-SECRET.\n", "utf-8")
    members = out.with_name(f"{out.name}-members")
    public = meeting.read_text(encoding="utf-8")
    item = "        reports: strategic-review-survey\n"
    exempt = public.replace(
        item,
        item
        + "        exempt: yes\n        exempt_paragraph: 3\n        public_interest: The tenders are not yet let.\n",
    )
    assert exempt != public
    for step, agenda in (("public", public), ("exempt", exempt), ("public again", public)):
        meeting.write_text(agenda, encoding="utf-8")
        built(content, out)
        built(content, members, "--audience", "members")
        assert bool(hits_in(out, ["INCREMENTAL-SECRET"])) == step.startswith("public"), step
        assert bool(hits_in(docs_of(out), ["INCREMENTAL-SECRET"])) == step.startswith("public"), "nor kept there"
        assert not hits_in(data_of(out), ["INCREMENTAL-SECRET"]), "open data gives an exempt paper's title only"
        assert hits_in(members, ["INCREMENTAL-SECRET"]), "the members' edition prints it"
        assert_same_as_clean(content, out)
        assert_same_as_clean(content, members, "--audience", "members")


def test_a_build_stopped_while_the_search_index_is_made_leaves_the_last_site_and_state(council, out, monkeypatch):
    """The state is written while Pagefind runs, but only a build that swaps its site in puts it in place: when
    the indexer fails, the site and the state are the last build's, no part-written state is left, and the next
    build matches a clean one."""
    import pagefind_bin

    from papers.pipeline import build
    from papers.site.mkdocs import SiteBuildError

    built(council, out)
    cache = out.parent / ".papers-cache"
    state = cache / f"{out.name}.state"
    site, last_state = tree(out), state.read_bytes()
    report = council / "committees/scs-posc/2011-11-17/reports/kscb-update.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nA sentence the clerk added.\n", encoding="utf-8")
    indexer = out.parent / f"{out.name}-failing-indexer"
    indexer.write_text("#!/bin/sh\nsleep 1\necho 'the indexer failed' >&2\nexit 3\n", encoding="utf-8")
    indexer.chmod(0o755)
    with monkeypatch.context() as patched:
        patched.setattr(pagefind_bin, "get_executable", lambda: indexer)
        with pytest.raises(SiteBuildError, match="the indexer failed"):
            build(council, out)
    assert tree(out) == site, "the published site is the last build's"
    assert state.read_bytes() == last_state, "and so is the state"
    assert not [path.name for path in cache.iterdir() if path.name.endswith(".tmp")], "no part-written state"
    figures = built(council, out)
    assert figures.read == 1, "the last state was used"
    assert_same_as_clean(council, out)
