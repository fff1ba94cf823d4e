"""A MkDocs hook for `build`: the docs folder's files that are not pages are hard-linked into the site, not copied.

MkDocs copies every such file (attachments, images, packs; in `serve`, open data too: a build publishes open
data without MkDocs, papers/site/incremental.py `link_data`) from the docs folder into the site it builds:
thousands of files read and written again. A hard link gives the same bytes at no cost; MkDocs then
meets the same file at the destination and leaves it (it lets plugins write into the site that way), or, in a
dirty build, finds it up to date. The docs folder is kept for the next build (papers/site/output.py), which
never writes a file there in place: a changed file replaces the old one (papers/render/output.py), so the
published site's file is never changed through the docs folder, and a rebuild carries it over as it is
(papers/site/incremental.py). Only files written into the docs folder alone are linked: a pack there is
itself a link into the pack cache, and is copied as before, so the published site never shares a file with
the cache (papers/site/incremental.py dates carried docs files, which would date the cache's). Files already
in the site (carried over from the last build) and the theme's own files are left to MkDocs.

Not loaded by `serve`: its docs folder lives on and its files are rewritten in place between refreshes.
"""

from __future__ import annotations

import os
from typing import Any


def on_env(env: Any, config: Any, files: Any, **_: Any) -> Any:
    docs = os.path.join(os.path.abspath(config["docs_dir"]), "")
    made: set[str] = set()
    for file in files:
        source = file.abs_src_path
        if file.is_documentation_page() or not source or not source.startswith(docs):
            continue
        if os.lstat(source).st_nlink != 1:
            continue
        folder = os.path.dirname(file.abs_dest_path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(source, file.abs_dest_path)
        except FileExistsError:  # carried over from the last build
            pass
        except OSError:  # a file system without hard links: MkDocs copies it
            return env
    return env
