"""The build's MkDocs hook that hard-links the docs folder's other files into the site (papers/site/links_hook.py)."""

from __future__ import annotations

import os

from mkdocs.structure.files import File, Files

from papers.site import links_hook


def test_docs_files_are_linked_and_files_shared_with_the_cache_or_carried_are_left(tmp_path):
    docs, site, cache, theme = (tmp_path / name for name in ("docs", "site", "cache", "theme"))
    for folder in (docs / "data", site, cache, theme):
        folder.mkdir(parents=True)
    (docs / "data" / "meetings.json").write_text("[]", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (cache / "pack.pdf").write_bytes(b"%PDF-1.7\n")
    os.link(cache / "pack.pdf", docs / "pack.pdf")
    (docs / "carried.ics").write_text("BEGIN:VCALENDAR\n", encoding="utf-8")
    (site / "carried.ics").write_text("carried from the last build\n", encoding="utf-8")
    (theme / "style.css").write_text("body {}\n", encoding="utf-8")
    files = Files(
        [File(name, str(docs), str(site), use_directory_urls=True) for name in ("data/meetings.json", "index.md")]
        + [File(name, str(docs), str(site), use_directory_urls=True) for name in ("pack.pdf", "carried.ics")]
        + [File("style.css", str(theme), str(site), use_directory_urls=True)]
    )

    assert links_hook.on_env("env", {"docs_dir": str(docs)}, files) == "env"

    assert os.path.samefile(docs / "data" / "meetings.json", site / "data" / "meetings.json")
    assert not (site / "pack.pdf").exists()  # shares its file with the cache: MkDocs copies it
    assert (site / "carried.ics").read_text(encoding="utf-8") == "carried from the last build\n"
    assert not (site / "style.css").exists()  # the theme's: MkDocs copies it
    assert not (site / "index").exists()  # a page: MkDocs builds it
