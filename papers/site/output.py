"""The output folder: refused when unsafe, built beside itself in a staging folder, swapped in when whole.

MkDocs wipes its output at the start of a build, so we never let it write to the
output folder: it builds into `.<name>.staging/site`, which replaces the output
only when complete; a failed build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from papers.model.audience import Audience
from papers.resources import WORKSPACE

PUBLIC_OUTPUT = WORKSPACE / "site"
BUILD_MARKER = ".committee-papers"  # at the root of every built site: which audience it was built for


class UnsafeOutput(Exception):
    """The output folder given cannot be (re)built safely; the message says why and what to do."""


@dataclass(frozen=True)
class OutputFolder:
    out: Path  # where the finished site goes
    audience: Audience

    @property
    def staging(self) -> Path:
        return self.out.parent / f".{self.out.name}.staging"

    @property
    def docs(self) -> Path:
        return self.staging / "docs"

    @property
    def built(self) -> Path:
        return self.staging / "site"

    @property
    def pack_cache(self) -> Path:
        # Each audience has its own cache: members' packs hold exempt papers and never sit among the public ones.
        name = "packs" if self.audience.is_public else f"packs-{self.audience.name}"
        return self.out.parent / ".papers-cache" / name


def claim_output(out: Path, audience: Audience) -> OutputFolder:
    """The output folder, checked safe for this audience, with a fresh staging folder beside it."""
    folder = OutputFolder(out.resolve(), audience)
    refuse_unsafe_output(folder.out, audience)
    shutil.rmtree(folder.staging, ignore_errors=True)
    folder.docs.mkdir(parents=True)
    return folder


def swap_in(folder: OutputFolder) -> None:
    """Mark the built site with its audience and swap it into place; the staging folder goes."""
    (folder.built / BUILD_MARKER).write_text(f"audience: {folder.audience.name}\n", encoding="utf-8")
    swap_into_place(folder.built, folder.out)
    shutil.rmtree(folder.staging, ignore_errors=True)


def refuse_unsafe_output(out: Path, audience: Audience) -> None:
    """The output folder is replaced whole, so it must be a site we built (or new, or empty); and a members'
    build, which holds exempt papers, never goes into, over or inside the public site."""
    if out.is_dir() and any(out.iterdir()) and not _built_here(out):
        raise UnsafeOutput(
            f"{out} is not empty and is not a site built by committee-papers: building there "
            "would delete what it holds. Give a new or empty folder with --out."
        )
    if audience.is_public:
        return
    public = Path(str(PUBLIC_OUTPUT.resolve()).casefold())
    folded = Path(str(out).casefold())  # case-insensitive file systems (macOS, Windows) too
    if folded == public or public in folded.parents or folded in public.parents:
        raise UnsafeOutput(
            f"the members' build cannot be written to {out}: that is, holds or is inside the "
            f"public site's folder {PUBLIC_OUTPUT}. Give another folder with --out, outside it."
        )
    for folder in (out, *out.parents):
        if _audience_of(folder) == "public":
            raise UnsafeOutput(
                f"{folder} holds a public build: the members' build, which contains exempt papers, "
                f"cannot be written to {out}. Give a folder outside every public site with --out."
            )


def _audience_of(folder: Path) -> str | None:
    marker = folder / BUILD_MARKER
    if not marker.is_file():
        return None
    text = marker.read_text(encoding="utf-8", errors="replace")
    return text.partition("audience:")[2].strip() or None


def _built_here(folder: Path) -> bool:
    """Built by us: our marker, or (sites built before the marker existed) MkDocs' sitemap and search index."""
    return _audience_of(folder) is not None or (
        (folder / "sitemap.xml").is_file() and (folder / "search" / "search_index.json").is_file()
    )


def swap_into_place(built: Path, out: Path) -> None:
    """Replace `out` with `built` in two renames; the old site survives until the new one is whole."""
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    built.rename(out)
    shutil.rmtree(old, ignore_errors=True)
