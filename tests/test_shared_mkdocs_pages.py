"""MkDocs' pages built by two processes (papers/site/shared_pages_hook.py) are the same bytes as built by
MkDocs alone, each page is built once, and what the helper logs reaches this process's log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml
from conftest import FIXTURES, PROJECT

from papers.render.shared import SHARED_FROM
from papers.site.mkdocs import PAGES_HOOK, SHARED_PAGES_HOOK

HERE = FIXTURES / "mkdocs_shared"
PAGES = SHARED_FROM + 6


def _docs(root: Path) -> Path:
    docs = root / "docs"
    (docs / "papers").mkdir(parents=True)
    (docs / "index.md").write_text("---\ntitle: Home\n---\n<p>Home</p>\n", encoding="utf-8")
    for number in range(PAGES):
        (docs / "papers" / f"p-{number:03}.md").write_text(
            f"---\ntitle: Paper {number}\n---\n<h1>Paper {number}</h1>\n<p>Text of paper {number}.</p>\n",
            encoding="utf-8",
        )
    (docs / "data.json").write_text("[]\n", encoding="utf-8")
    return docs


def _build(
    root: Path, hooks: list[str], warn_in_helper: bool = False, plugins: tuple[str, ...] = ()
) -> tuple[dict[str, bytes], list[list[str]], list[list[str]]]:
    """The site's files, what the `mkdocs` log was told, and each page built: [process, pid, page]."""
    docs = _docs(root)
    config = {
        "site_name": "Shared pages",
        "docs_dir": str(docs),
        "site_dir": str(root / "site"),
        "theme": {"name": "material"},
        "nav": [{"Home": "index.md"}],
        "hooks": [*hooks, str(HERE / "record_hook.py")],
        "plugins": list(plugins),
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    record = root / "pages.txt"
    completed = subprocess.run(
        [sys.executable, str(HERE / "build_site.py"), str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={
            **os.environ,
            "RECORD_PAGES_TO": str(record),
            "WARN_IN_HELPER": "1" if warn_in_helper else "",
            "SOURCE_DATE_EPOCH": "0",
        },
        check=True,
    )
    site = root / "site"
    files = {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}
    built = [line.split() for line in record.read_text(encoding="utf-8").splitlines()]
    return files, json.loads(completed.stdout.splitlines()[-1]), built


def test_pages_built_by_two_processes_are_mkdocs_own_bytes_each_built_once(tmp_path):
    alone, _, built_alone = _build(tmp_path / "alone", [PAGES_HOOK])
    shared, _, built_shared = _build(tmp_path / "shared", [PAGES_HOOK, SHARED_PAGES_HOOK])
    assert len(alone) > PAGES
    assert shared == alone
    pages = Counter(page for _, _, page in built_shared)
    assert pages == Counter(page for _, _, page in built_alone) and set(pages.values()) == {1}
    assert {process for process, _, _ in built_alone} == {"main"}
    assert Counter(process for process, _, _ in built_shared) == {"main": 36, "helper": 35}  # every other page
    assert len({pid for _, pid, _ in built_shared}) == 2


def test_warnings_logged_by_the_helper_reach_this_process_once_each(tmp_path):
    _, told, built = _build(tmp_path, [PAGES_HOOK, SHARED_PAGES_HOOK], warn_in_helper=True)
    helpers = [page for process, _, page in built if process == "helper"]
    assert len(helpers) == 35
    ours = [entry for entry in told if entry[1].startswith("a warning while building")]  # not MkDocs' own
    assert sorted(ours) == sorted(["WARNING", f"a warning while building {page}"] for page in helpers)


def test_with_a_plugin_told_of_each_page_mkdocs_builds_every_page_itself(tmp_path):
    # Material's search keeps each page it is told of, to write its index: the helper's pages would be missing.
    alone, _, _ = _build(tmp_path / "alone", [PAGES_HOOK], plugins=("search",))
    shared, _, built = _build(tmp_path / "shared", [PAGES_HOOK, SHARED_PAGES_HOOK], plugins=("search",))
    assert b"Text of paper 69" in alone["search/search_index.json"]
    assert shared == alone
    assert {process for process, _, _ in built} == {"main"}
