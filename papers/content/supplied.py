"""Supplied PDFs (appendices and linked files) cleaned of what a reader does not see.

A PDF carries more than its pages show: attached files, sticky-note comments,
scripts, document metadata (author, keywords, the title of an earlier draft) and
XMP packets. Councils have published exempt information that way. What we
publish, as a file or inside a pack, is a copy with all of that removed; what
the pages show is unchanged. Form fields, links and other marks drawn on the
page are kept, because readers see them.

A redaction mark that was drawn but never applied is worse: the text under the
black box is still in the file. We cannot remove it, so check refuses the file.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from papers.content.filememo import by_content

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader
    from pypdf.generic import DictionaryObject, PdfObject

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes on repairing damaged files would reach clerks as noise

# Annotations that hold files, media or notes rather than marks on the page.
_HIDDEN_ANNOTATIONS = frozenset(
    {"/Text", "/Popup", "/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D", "/Redact"}
)
# What a kept annotation (a link, a highlight, a form field) may carry that its mark does not show:
# the note text and its author, replies, and actions other than opening a web address.
_ANNOTATION_EXTRAS = ("/Contents", "/RC", "/T", "/Popup", "/IRT", "/AA", "/Subj")
_HIDDEN_FLAGS = 2 | 32  # Hidden, NoView
_PAGE_EXTRAS = ("/AA", "/Metadata", "/PieceInfo", "/Thumb")


class UnreadablePdf(Exception):
    """The file is not a PDF we can read (damaged, or encrypted)."""


@dataclass(frozen=True)
class Inspection:
    pages: int
    hidden: tuple[str, ...]  # what the published copy leaves out, in a clerk's words
    unapplied_redactions: int


# A page is laid into an A4 pack scaled to fit: one with no area (or an absurd one) cannot be.
MIN_PAGE_SIDE, MAX_PAGE_SIDE = 1.0, 14400.0  # points: PDF's own limits are 3 and 14,400


@by_content
def inspect(path: Path) -> Inspection:
    reader = _read(path)
    try:
        return _inspect(reader)
    except (AttributeError, TypeError, KeyError, ValueError, RecursionError) as exc:  # a damaged structure
        raise UnreadablePdf(f"its structure is damaged ({type(exc).__name__})") from None


def _inspect(reader: PdfReader) -> Inspection:
    hidden: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        if not (
            MIN_PAGE_SIDE <= float(box.width) <= MAX_PAGE_SIDE and MIN_PAGE_SIDE <= float(box.height) <= MAX_PAGE_SIDE
        ):
            raise UnreadablePdf(
                f"page {number} has no usable size ({float(box.width):g} x {float(box.height):g} points)"
            )
    root = cast("DictionaryObject", reader.trailer["/Root"])
    names = _dictionary(root.get("/Names"))
    files = _name_tree_count(names.get("/EmbeddedFiles"))
    if files:
        hidden.append(f"{files} attached file{'s' if files != 1 else ''}")
    annotations = [annotation for page in reader.pages for annotation in _annotations(page)]
    scripts = (
        names.get("/JavaScript") is not None
        or "/OpenAction" in root
        or any("/AA" in annotation or _action_type(annotation) not in (None, "/URI") for annotation in annotations)
    )
    if scripts:
        hidden.append("scripts or actions")
    notes = sum(
        1
        for annotation in annotations
        if _is_hidden(annotation)
        or (any(key in annotation for key in ("/Contents", "/RC")) and annotation.get("/Subtype") != "/Link")
    )
    if notes:
        hidden.append(
            f"{notes} note{'s' if notes != 1 else ''}, comment{'s' if notes != 1 else ''} or embedded "
            "media on its pages"
        )
    redactions = sum(1 for annotation in annotations if annotation.get("/Subtype") == "/Redact")
    return Inspection(len(reader.pages), tuple(hidden), redactions)


@by_content
def cleaned(path: Path, title: str | None = None) -> bytes:
    """The PDF's pages alone in a new file, without hidden annotations, with `title` as its only metadata.

    Copying page by page takes only what the pages refer to: attached files, scripts, the
    document's metadata and its outline stay behind.
    """
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    reader = _read(path)
    writer = PdfWriter()
    for page in reader.pages:
        for key in _PAGE_EXTRAS:
            page.pop(NameObject(key), None)
        _strip_xobjects(page.get("/Resources"), set())
        if "/Annots" in page:
            kept = [annotation for annotation in _annotations(page) if not _is_hidden(annotation)]
            for annotation in kept:
                for key in _ANNOTATION_EXTRAS:
                    annotation.pop(NameObject(key), None)
                if _action_type(annotation) not in (None, "/URI"):
                    annotation.pop(NameObject("/A"), None)
            page[NameObject("/Annots")] = ArrayObject(kept)
        writer.add_page(page)
    language = cast("DictionaryObject", reader.trailer["/Root"]).get("/Lang")
    if language is not None:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(language))
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return _with_tags(path, out.getvalue(), title)


@by_content
def tags_leave_out(path: Path) -> tuple[int, int] | None:
    """(pieces of text on its pages that its tags leave out, pieces of text in all), (1, 1) when it has no
    tags; None when it cannot be read (check refuses it: E231).

    A PDF whose tags hold all its text keeps them when published and in agenda packs; any other is
    laid into a pack as a picture of each page with a description (papers/render/packs/laying.py).
    """
    import pikepdf

    from papers.content import structure

    try:
        with pikepdf.open(path) as original:
            return structure.text_outside_tags(original)
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _with_tags(path: Path, pages_alone: bytes, title: str | None) -> bytes:
    """The pages alone with the original's tags copied onto them, when its tags hold all its text."""
    import pikepdf

    from papers.content import structure, tabletags

    measured = tags_leave_out(path)
    if measured is None or measured[0]:
        return pages_alone
    with pikepdf.open(path) as original, pikepdf.open(io.BytesIO(pages_alone)) as copy:
        annotations: dict[tuple[int, int], Any] = {}
        for page, copied_page in zip(original.pages, copy.pages, strict=True):
            kept = [a for a in page.obj.get("/Annots", ()) if isinstance(a, pikepdf.Dictionary) and not _hidden(a)]
            copied: Any = copied_page.obj.get("/Annots", pikepdf.Array())
            if len(kept) == len(copied):  # the same annotations, in the same order (cleaned() keeps them so)
                copied_page.obj.Annots = pikepdf.Array(copy.make_indirect(a) for a in copied)
                for annotation in copied_page.obj.Annots:
                    structure.describe(annotation)
                annotations.update(
                    (a.objgen, c) for a, c in zip(kept, copied_page.obj.Annots, strict=True) if a.is_indirect
                )
        pages = {page.obj.objgen: copy.pages[number].obj for number, page in enumerate(original.pages)}
        mapping = structure.Mapping(
            copy, pages.get, lambda _page, mcid: mcid, annotations.get, structure.role_map(original)
        )
        document = structure.new_tree(copy)
        document.K = pikepdf.Array(
            copied
            for element in structure.top_elements(original)
            if (copied := structure.copy_element(element, document, mapping)) is not None
        )
        tabletags.repair_tables(copy)
        structure.index(copy)
        if title:
            copy.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        out = io.BytesIO()
        copy.save(out, deterministic_id=True)
        return out.getvalue()


def _hidden(annotation: Any) -> bool:
    """_is_hidden, for an annotation read with pikepdf."""
    flags = annotation.get("/F", 0)
    hidden_flag = isinstance(flags, int) and bool(flags & _HIDDEN_FLAGS)
    return str(annotation.get("/Subtype")) in _HIDDEN_ANNOTATIONS or hidden_flag


def _read(path: Path) -> PdfReader:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    with open(path, "rb") as file:
        if not file.read(1024).lstrip().startswith(b"%PDF-"):
            raise UnreadablePdf("it is not a PDF file (it does not start with %PDF-)")
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise UnreadablePdf("it is encrypted (password-protected)")
        reader.pages[0]
        return reader
    except (PdfReadError, ValueError, KeyError, IndexError, OSError) as exc:
        raise UnreadablePdf(str(exc) or type(exc).__name__) from None


def _dictionary(value: PdfObject | None) -> dict[Any, Any]:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, dict) else {}


def _annotations(page: PageObject) -> list[dict[Any, Any]]:
    """The page's annotations that are dictionaries (damaged files hold nulls and numbers there too)."""
    array = page.get("/Annots")
    array = array.get_object() if array is not None else None
    if not isinstance(array, list):
        return []
    resolved = (item.get_object() if item is not None else None for item in array)
    return [annotation for annotation in resolved if isinstance(annotation, dict)]


def _is_hidden(annotation: dict[Any, Any]) -> bool:
    flags = annotation.get("/F", 0)
    return annotation.get("/Subtype") in _HIDDEN_ANNOTATIONS or (isinstance(flags, int) and bool(flags & _HIDDEN_FLAGS))


def _action_type(annotation: dict[Any, Any]) -> str | None:
    action = _dictionary(annotation.get("/A"))
    return action.get("/S") if action else None


def _strip_xobjects(resources: PdfObject | None, seen: set[int]) -> None:
    """Metadata and application data of the images and forms a page draws, and of the forms they draw."""
    from pypdf.generic import NameObject

    for xobject in _dictionary(_dictionary(resources).get("/XObject")).values():
        xobject = xobject.get_object()
        if not isinstance(xobject, dict) or id(xobject) in seen:
            continue
        seen.add(id(xobject))
        for key in ("/Metadata", "/PieceInfo"):
            xobject.pop(NameObject(key), None)
        _strip_xobjects(xobject.get("/Resources"), seen)


def _name_tree_count(tree: PdfObject | None, seen: set[int] | None = None) -> int:
    """Entries of a name tree; a tree that contains itself is counted once (a loop, not an infinite tree)."""
    seen = set() if seen is None else seen
    node = _dictionary(tree)
    if id(node) in seen:
        return 0
    seen.add(id(node))
    names, kids = node.get("/Names", []), node.get("/Kids", [])
    count = len(names) // 2 if isinstance(names, list) else 0
    return count + sum(_name_tree_count(kid, seen) for kid in (kids if isinstance(kids, list) else []))
