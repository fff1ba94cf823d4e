"""The output folder: refused when unsafe, locked, built beside itself, swapped in when whole.

MkDocs wipes its output at the start of a build, so we never let it write to the
output folder: it builds into `.<name>.staging/site`, which replaces the output
only when complete; a failed build leaves the last good site exactly as it was.
What MkDocs builds from, the docs folder, is kept from one build to the next
(`.papers-cache/<name>.docs`), and so is the open data, which is published without
MkDocs (`.papers-cache/<name>.data`): a rebuild writes into them only the files that
changed and removes those no longer made (papers/render/output.py).

- A lock (`.papers-cache/<name>.lock` beside the output) keeps two builds out of one folder.
- The swap is two renames: the old site becomes `.<name>.old`, the new one takes its
  name. A build killed between the two leaves `.<name>.old` and no site; the next
  build (or `recover`) puts the old site back first, so the last good site survives.
  Once the new site is in place, `.<name>.old` is moved into `.papers-cache/<name>.replaced/`,
  and the next build removes it in the background while it checks the content (a large
  archive's tens of thousands of files take seconds to remove, which no build waits for).
- Files a council keeps in its published folder but that no build makes (`.htaccess`
  guarding a members' edition, `CNAME`, `robots.txt`: KEPT_FILES) are carried over
  into each new build.
- The public build replaces only a folder it built (or a new or empty one). The
  members' build, which holds exempt papers, replaces only a members' build: never a
  public build, a folder that looks like a published site, or anything inside, over
  or holding the public `site/` folder.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import os
import shutil
import stat
import subprocess
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from papers.model.audience import Audience
from papers.resources import WORKSPACE

PUBLIC_OUTPUT = WORKSPACE / "site"
BUILD_MARKER = ".committee-papers"  # at the root of every built site: which audience it was built for
# Files a council may keep in the published folder that no build makes; copied into each new build.
KEPT_FILES = (".htaccess", ".htpasswd", "CNAME", ".nojekyll", "robots.txt", ".well-known", "web.config")


class UnsafeOutput(Exception):
    """The output folder given cannot be (re)built safely; the message says why and what to do."""


@dataclass(frozen=True)
class OutputFolder:
    out: Path  # where the finished site goes
    audience: Audience
    # The replaced site, being removed while the build saves its state; waited for before the lock is released.
    removing: list[threading.Thread] = field(default_factory=list, compare=False)

    @property
    def staging(self) -> Path:
        return self.out.parent / f".{self.out.name}.staging"

    @property
    def docs(self) -> Path:
        """Kept between builds, beside the state, which records what is in it: emptied when the state is not used."""
        return self.out.parent / ".papers-cache" / f"{self.out.name}.docs"

    @property
    def data(self) -> Path:
        """The open data files, kept between builds as the docs folder is (MkDocs has no part in them)."""
        return self.out.parent / ".papers-cache" / f"{self.out.name}.data"

    @property
    def built(self) -> Path:
        return self.staging / "site"

    @property
    def old(self) -> Path:
        return self.out.parent / f".{self.out.name}.old"

    @property
    def replaced(self) -> Path:
        """Where a build puts the site it replaced, for the next build to remove (`swap_in`)."""
        return self.out.parent / ".papers-cache" / f"{self.out.name}.replaced"

    @property
    def lock(self) -> Path:
        return self.out.parent / ".papers-cache" / f"{self.out.name}.lock"

    @property
    def state(self) -> Path:
        """What an incremental build takes from the last (papers/site/state.py)."""
        return self.out.parent / ".papers-cache" / f"{self.out.name}.state"

    @property
    def pack_cache(self) -> Path:
        # Each audience has its own cache: members' packs hold exempt papers and never sit among the public ones.
        name = "packs" if self.audience.is_public else f"packs-{self.audience.name}"
        return self.out.parent / ".papers-cache" / name


@contextmanager
def claimed_output(out: Path, audience: Audience) -> Iterator[OutputFolder]:
    """The output folder, locked for this build and checked safe for the audience, with a fresh staging folder
    (its docs folder is as the last build left it: papers/site/incremental.py `kept_docs`).

    Whatever happens inside, the staging folder is removed and the lock released.
    """
    folder = OutputFolder(out.resolve(), audience)
    if folder.out.exists() and not folder.out.is_dir():
        raise UnsafeOutput(f"{folder.out} is a file, not a folder: give a folder for the site with --out")
    refuse_unsafe_output(folder.out, audience)  # before anything is created beside it
    folder.out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        recover(folder)
        refuse_unsafe_output(folder.out, audience)  # again, now that no other build can change it
        shutil.rmtree(folder.staging, ignore_errors=True)
        try:
            folder.staging.mkdir(parents=True)
            yield folder
        finally:
            shutil.rmtree(folder.staging, ignore_errors=True)
            for removal in folder.removing:
                removal.join()


@contextmanager
def _locked(folder: OutputFolder) -> Iterator[None]:
    folder.lock.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.lock, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UnsafeOutput(
                f"another build is writing to {folder.out} right now: wait for it to finish, then build again"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(folder: OutputFolder) -> bool:
    """Put the last good site back if a build was stopped between the two renames of its swap; remove the state a
    stopped build was writing (papers/site/state.py `saving`: killed, its temporary file was never removed).
    Under the lock: no other build is writing one."""
    for unfinished in folder.state.parent.glob(f"{glob.escape(folder.state.name)}.*.tmp"):
        unfinished.unlink(missing_ok=True)
    if folder.old.is_dir() and not folder.out.exists():
        folder.old.rename(folder.out)
        return True
    return False


def swap_in(folder: OutputFolder) -> None:
    """Mark the built site with its audience, carry over the council's own files, and swap it into place. The
    replaced site (tens of thousands of files in a large archive) is put aside with the build's cache, to be
    removed while the next build checks its content (`replaced_sites_removed`); where it cannot be moved there,
    it is removed in the background while the build saves its state, and `claimed_output` waits for it."""
    (folder.built / BUILD_MARKER).write_text(f"audience: {folder.audience.name}\n", encoding="utf-8")
    keep_council_files(folder.out, folder.built)
    swap_into_place(folder.built, folder.out)
    if not folder.old.exists():
        return
    try:
        if folder.replaced.is_symlink():  # not the folder a build made: nothing is put there, or removed from it
            raise NotADirectoryError(folder.replaced)
        folder.replaced.mkdir(parents=True, exist_ok=True)
        folder.old.rename(folder.replaced / uuid.uuid4().hex)
    except OSError:  # another file system, say
        removal = threading.Thread(target=shutil.rmtree, args=(folder.old,), kwargs={"ignore_errors": True})
        removal.start()
        folder.removing.append(removal)


@contextmanager
def replaced_sites_removed(folder: OutputFolder) -> Iterator[None]:
    """The sites earlier builds replaced (`swap_in`) removed in the background while the block runs; it ends when
    they are gone. Only those there when it starts: each has a name of its own, and none is used again, so this
    needs no lock. `rm` does it, in a process of its own: in a thread, the removal's Python loop would take
    turns with the build's on the interpreter's lock (the build's checking took half as long again)."""
    made = folder.replaced.is_dir() and not folder.replaced.is_symlink()
    earlier = sorted(str(path) for path in folder.replaced.iterdir()) if made else []
    if not earlier:
        yield
        return
    try:
        # Quiet: what it cannot remove (a folder made read-only, as a council's file copied in may be) is removed
        # below, not complained of over the build's progress.
        removal = subprocess.Popen(
            ["rm", "-rf", "--", *earlier],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:  # no `rm`: removed when the block ends
        removal = None
    try:
        yield
    finally:
        if removal is not None:
            removal.wait()
        for path in earlier:
            if os.path.lexists(path):
                _removed_whatever_its_modes(path)


def _removed_whatever_its_modes(path: str) -> None:
    """Remove a put-aside site, making its folders writable where that is what stops it; what still cannot be
    removed stays, for the next build to try again."""

    def made_writable(function: object, failed: str, _: object) -> None:
        # Folders only: the site's files are hard links to the published site's, whose modes they share.
        for folder in (os.path.dirname(failed), failed):
            if os.path.isdir(folder) and not os.path.islink(folder):
                with suppress(OSError):
                    os.chmod(folder, stat.S_IRWXU)
        with suppress(OSError):
            if os.path.isdir(failed) and not os.path.islink(failed):
                shutil.rmtree(failed, ignore_errors=True)
            else:
                os.unlink(failed)

    for _ in range(2):  # a folder that could not be read is read on the second pass
        if os.path.lexists(path):
            shutil.rmtree(path, onerror=made_writable)


def keep_council_files(old: Path, new: Path) -> None:
    for name in KEPT_FILES:
        source, target = old / name, new / name
        if target.exists() or target.is_symlink() or not source.exists() or source.is_symlink():
            continue  # what the build made wins; symbolic links are not followed out of the folder
        if source.is_dir():
            shutil.copytree(source, target, symlinks=True)
        else:
            shutil.copy2(source, target)


def refuse_unsafe_output(out: Path, audience: Audience) -> None:
    """The output folder is replaced whole, so it must be one we built for this audience (or new, or empty)."""
    built_for = _audience_of(out)
    occupied = out.is_dir() and any(out.iterdir())
    if audience.is_public:
        if occupied and built_for is None and not _looks_published(out):
            raise UnsafeOutput(
                f"{out} is not empty and is not a site built by committee-papers: building there "
                "would delete what it holds. Give a new or empty folder with --out."
            )
        return
    _refuse_public_places(out)
    if occupied and built_for != audience.name:
        what = "a public build" if built_for == "public" or _looks_published(out) else "not a members' build"
        raise UnsafeOutput(
            f"{out} is {what}: the members' build, which contains exempt papers, only replaces a members' "
            "build it made. Give a new or empty folder with --out."
        )


def _refuse_public_places(out: Path) -> None:
    public = Path(str(PUBLIC_OUTPUT.resolve()).casefold())
    folded = Path(str(out).casefold())  # case-insensitive file systems (macOS, Windows) too
    if folded == public or public in folded.parents or folded in public.parents:
        raise UnsafeOutput(
            f"the members' build cannot be written to {out}: that is, holds or is inside the "
            f"public site's folder {PUBLIC_OUTPUT}. Give another folder with --out, outside it."
        )
    for folder in out.parents:
        if _audience_of(folder) == "public" or _looks_published(folder):
            raise UnsafeOutput(
                f"{folder} holds a published site: the members' build, which contains exempt papers, "
                f"cannot be written to {out}. Give a folder outside every public site with --out."
            )


def _audience_of(folder: Path) -> str | None:
    marker = folder / BUILD_MARKER
    if not marker.is_file():
        return None
    text = marker.read_text(encoding="utf-8", errors="replace")
    return text.partition("audience:")[2].strip() or None


def _looks_published(folder: Path) -> bool:
    """A site built before the marker existed, or copied without dotfiles: a sitemap and a search index (ours,
    Pagefind's, or the theme's that earlier versions published)."""
    index = (folder / "pagefind" / "pagefind.js").is_file() or (folder / "search" / "search_index.json").is_file()
    return (folder / "sitemap.xml").is_file() and index


def swap_into_place(built: Path, out: Path) -> None:
    """Replace `out` with `built` in two renames; the old site survives at `.<name>.old` until the new one is
    whole, for the caller to remove (a build stopped between the renames puts it back: `recover`)."""
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    built.rename(out)


def describe_os_error(error: OSError) -> str:
    """A plain sentence for a failure to write the site (full disk, read-only folder, no permission)."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the folder is on a read-only file system",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    where = f" ({error.filename})" if error.filename else ""
    return f"cannot write the site: {reason}{where}"
