"""The reference for bench/site.py: the same archive built by a plain `mkdocs build`, with Material's search.

    .venv/bin/python bench/reference.py CONTENT SCRATCH   # prints one line of JSON: seconds, CPU, lunr index

Stages the pages as a build does (papers.pipeline.stage_preview, with bench/sitebuild.py's
placeholder packs, so the reference copies the same files), then writes a config that INHERITs the
staged one and turns Material's own search plugin back on (the project's mkdocs.yml has
`plugins: []`), and times `python -m mkdocs build` on it in its own process: wall, CPU and peak RSS
of that process alone. Only the MkDocs build is timed: checking and rendering the pages are ours.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexing import measured
from sitebuild import PlaceholderPacks

from papers.model.audience import PUBLIC
from papers.pipeline import build_date, check, stage_preview
from papers.render.output import Outputs
from papers.render.packs import build_packs
from papers.render.project import project

LUNR_INDEX = "search/search_index.json"  # what Material's search plugin writes, and its page fetches


def main() -> int:
    content, scratch = Path(sys.argv[1]), Path(sys.argv[2]).resolve()
    checked = check(content)
    if checked.site is None:
        print("the content has errors: run bench/sitebuild.py on it to see them", file=sys.stderr)
        return 1
    staging = scratch / "staging"
    staged = stage_preview(checked.site, staging, packs=False)
    # The same PDFs as a build publishes, as placeholders: the reference copies them as ours does.
    build_packs(
        project(checked.site, PUBLIC), Outputs(staging / "docs"), scratch / "pack-cache", executor=PlaceholderPacks()
    )
    site = scratch / "site"
    config = staging / "reference.yml"
    # Lists are replaced, not merged, by INHERIT: this `plugins` is the only one. "search" is Material's.
    config.write_text(f"INHERIT: {staged.name}\nplugins:\n  - search\nsite_dir: {json.dumps(str(site))}\n")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(build_date(checked.site))}
    child = measured([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config)], env)
    if child.returncode != 0 or not (site / LUNR_INDEX).is_file():
        print(f"the reference build failed:\n{child.stdout}", file=sys.stderr)
        return 1
    figures = {
        "seconds": child.seconds,
        "cpu": child.cpu,
        "peak_mb": child.peak_mb,
        "site": str(site),
        "lunr_bytes": (site / LUNR_INDEX).stat().st_size,
        "pages": sum(1 for _ in site.rglob("*.html")),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
