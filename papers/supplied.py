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
from dataclasses import dataclass
from pathlib import Path

# Annotations a reader of the printed page does not see, or that hold files or media.
_HIDDEN_ANNOTATIONS = frozenset({"/Text", "/Popup", "/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia",
                                 "/3D", "/Redact"})
_PAGE_EXTRAS = ("/AA", "/Metadata", "/PieceInfo", "/Thumb")


class UnreadablePdf(Exception):
    """The file is not a PDF we can read (damaged, or encrypted)."""


@dataclass(frozen=True)
class Inspection:
    pages: int
    hidden: tuple[str, ...]  # what the published copy leaves out, in a clerk's words
    unapplied_redactions: int


def inspect(path: Path) -> Inspection:
    reader = _read(path)
    hidden: list[str] = []
    names = reader.trailer["/Root"].get("/Names", {})
    files = _name_tree_count(names.get("/EmbeddedFiles")) if names else 0
    if files:
        hidden.append(f"{files} attached file{'s' if files != 1 else ''}")
    if names and names.get("/JavaScript") is not None or "/OpenAction" in reader.trailer["/Root"]:
        hidden.append("scripts or actions")
    subtypes = [annotation.get("/Subtype") for page in reader.pages
                for annotation in (_resolved(page.get("/Annots")) or [])]
    comments = sum(1 for subtype in subtypes if subtype in _HIDDEN_ANNOTATIONS - {"/Redact"})
    if comments:
        hidden.append(f"{comments} note{'s' if comments != 1 else ''} or embedded media on its pages")
    return Inspection(len(reader.pages), tuple(hidden), sum(1 for subtype in subtypes if subtype == "/Redact"))


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
        annotations = _resolved(page.get("/Annots"))
        if annotations is not None:
            kept = [reference for reference, annotation in zip(page["/Annots"].get_object(), annotations)
                    if annotation.get("/Subtype") not in _HIDDEN_ANNOTATIONS]
            page[NameObject("/Annots")] = ArrayObject(kept)
        writer.add_page(page)
    language = reader.trailer["/Root"].get("/Lang")
    if language is not None:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(language))
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _read(path: Path):
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notes would reach the clerk as noise
    with open(path, "rb") as file:
        if not file.read(1024).lstrip().startswith(b"%PDF-"):
            raise UnreadablePdf("it is not a PDF file (it does not start with %PDF-)")
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise UnreadablePdf("it is encrypted (password-protected)")
        reader.pages[0]  # noqa: B018 - parse the page tree now, not later in the build
        return reader
    except (PdfReadError, ValueError, KeyError, IndexError, OSError) as exc:
        raise UnreadablePdf(str(exc) or type(exc).__name__) from None


def _resolved(array):
    if array is None:
        return None
    return [item.get_object() for item in array.get_object()]


def _name_tree_count(tree) -> int:
    if tree is None:
        return 0
    tree = tree.get_object()
    count = len(tree.get("/Names", [])) // 2
    return count + sum(_name_tree_count(kid) for kid in tree.get("/Kids", []))
