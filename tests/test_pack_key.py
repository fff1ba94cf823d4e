"""A pack's cache key, digested from what its HTML is made from without rendering the HTML (papers/render/packs/key.py):
the same for the same content in any process, changed by whatever the pack prints."""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL, PROJECT

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render.digest import Digests
from papers.render.output import Outputs
from papers.render.packs import build_packs
from papers.render.packs.key import cache_key, pack_digests, site_digest
from papers.render.packs.plan import PlannedPack, plan
from papers.render.project import project

MEETING = "committees/scs-posc/2011-11-17"
EARLIER = "committees/scs-posc/2011-09-22"


def keys(content: Path) -> dict[str, str]:
    """Each pack's key, by its path in the site."""
    site = project(check(content).site, PUBLIC)
    digests = pack_digests()
    shared = site_digest(site, digests)
    return {f"{pack.stub.folder}/{pack.stub.name}": cache_key(pack, shared, digests) for pack in plan(site)}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copied = tmp_path / "content"
    shutil.copytree(MINIMAL, copied)
    return copied


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    assert before.keys() == after.keys()
    return {name for name in before if before[name] != after[name]}


def test_an_unchanged_site_keeps_its_keys_in_another_process(content):
    here = keys(content)
    assert f"{MEETING}/agenda-pack.pdf" in here and len(set(here.values())) == len(here)
    assert keys(content) == here
    script = (
        "import json, sys; sys.path.insert(0, 'tests'); from pathlib import Path; "
        f"from test_pack_key import keys; print(json.dumps(keys(Path({str(content)!r}))))"
    )
    for seed in ("1", "2"):  # another process, other string hashes: the same keys
        completed = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd=PROJECT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        assert json.loads(completed.stdout) == here


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        # a report's text: its meeting's agenda pack only
        (f"{MEETING}/reports/kscb-update.md", "An update from", "A late update from", {f"{MEETING}/agenda-pack.pdf"}),
        # a member's name, printed in the membership on every agenda's front sheet
        ("members/ben-cole.md", "Ben Cole", "Benjamin Cole", "agenda"),
        # a setting printed on the front sheet
        ("site.yml", "name: Example County Council", "name: Example Shire Council", "agenda"),
        # the earlier meeting's minutes, printed in the pack of the meeting that confirms them
        (
            f"{EARLIER}/minutes.md",
            "There were no apologies.",
            "No apologies were received.",
            {f"{MEETING}/agenda-pack.pdf", f"{EARLIER}/printed-minutes.pdf"},
        ),
    ],
    ids=["report text", "member name", "setting", "earlier minutes"],
)
def test_what_a_pack_prints_changes_its_key(content, path, old, new, expected):
    before = keys(content)
    edit(content / path, old, new)
    after = keys(content)
    if expected == "agenda":
        expected = {name for name in before if name.endswith(("agenda-pack.pdf", "supplementary-pack.pdf"))}
        assert expected
        assert expected <= changed(before, after)
    else:
        assert changed(before, after) == expected


def test_a_template_changes_every_key(content):
    before = keys(content)
    override = content / "templates" / "packs" / "print.css"
    override.parent.mkdir(parents=True)
    override.write_text((PROJECT / "templates" / "packs" / "print.css").read_text(encoding="utf-8"))
    with_override = keys(content)
    assert changed(before, with_override) == set(before)  # an override may print anything of the site
    override.write_text(override.read_text(encoding="utf-8").replace("A4", "A5", 1))
    assert changed(with_override, keys(content)) == set(before)
    # and with an override, any meeting's content may be printed in any pack: every key follows it
    overridden = keys(content)
    edit(content / MEETING / "reports" / "kscb-update.md", "An update from", "A late update from")
    assert changed(overridden, keys(content)) == set(before)


def test_unknown_values_are_refused_never_guessed():
    with pytest.raises(TypeError, match="no digest for a object"):
        Digests().of((1, object()))
    assert Digests().of({"a": frozenset({"x", "y", "z"})}) == Digests().of({"a": frozenset({"z", "y", "x"})})


class Placeholders(concurrent.futures.Executor):
    """Renders every pack at once as a placeholder (no WeasyPrint): for counting what the build asks for."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        self.submitted += 1
        job = args[0]
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        future.set_result({name: b"%PDF-1.7\n" for name in (job.name, job.front_sheet_name) if name})
        return future


def test_cached_packs_are_not_rendered_to_html(content, tmp_path, monkeypatch):
    rendered: list[str] = []
    original = PlannedPack.job

    def counted(self: PlannedPack) -> Any:
        rendered.append(self.stub.name)
        return original(self)

    monkeypatch.setattr(PlannedPack, "job", counted)
    site = project(check(content).site, PUBLIC)
    first = Placeholders()
    build_packs(site, Outputs(tmp_path / "docs1"), tmp_path / "cache", executor=first)
    assert first.submitted == len(rendered) > 0
    rendered.clear()
    again = Placeholders()
    run = build_packs(site, Outputs(tmp_path / "docs2"), tmp_path / "cache", executor=again)
    assert again.submitted == 0 and rendered == [] and run.cached == first.submitted


def test_a_pack_whose_key_changed_but_not_its_html_is_not_rendered_again(content, tmp_path):
    """A new member on no committee changes every key (the site's members are digested whole) but no pack's
    HTML: the packs are filed under their new keys without being rendered."""
    site = project(check(content).site, PUBLIC)
    first = Placeholders()
    build_packs(site, Outputs(tmp_path / "docs1"), tmp_path / "cache", executor=first)
    before = keys(content)
    (content / "members" / "nia-new.md").write_text("---\nname: Nia New\nparty: conservative\n---\n", "utf-8")
    assert changed(before, keys(content)) == set(before)
    again = Placeholders()
    run = build_packs(
        project(check(content).site, PUBLIC), Outputs(tmp_path / "docs2"), tmp_path / "cache", executor=again
    )
    assert again.submitted == 0 and run.rendered == 0 and run.cached == first.submitted
    assert tree_bytes(tmp_path / "docs2") == tree_bytes(tmp_path / "docs1")


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
