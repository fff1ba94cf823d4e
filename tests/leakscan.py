"""Read a built site the way an attacker would: every byte, every name, every PDF layer.

`scan(root)` yields a `Readable` for each thing that can be read out of the output folder:

- `name`: every file's and folder's path relative to the root (hidden ones included);
- `raw`: every file's bytes, decoded latin-1 (so any ASCII marker is found whatever the encoding),
  and UTF-16 text when a file starts with a UTF-16 byte-order mark;
- `decoded`: HTML/XML/SVG/JS/CSS/JSON text with character references and %-escapes undone;
- `gzip`: the decompressed content of `.gz` files (MkDocs writes `sitemap.xml.gz`), scanned as
  files in their own right;
- `json`: every key and string value of a JSON file (so `\\uXXXX` escapes are undone);
- `ical`: an iCalendar file's text with its folded lines joined and `\\,` `\\;` `\\n` escapes undone
  (RFC 5545 folds lines at 75 bytes, so a marker can be split across two lines of the raw file);
- for every PDF:
  - `pdftext`: `pdftotext` output page by page, in `-layout`, default and `-raw` reading orders
    (WeasyPrint subsets fonts and writes glyph ids, so the text is only readable this way);
  - `pdf-extract`: pypdf's own text extraction, page by page;
  - `pdf-page-stream`: each page's decompressed content stream;
  - `pdf-info`: the document information dictionary (UTF-16 text strings decoded);
  - `pdf-xmp`: the XMP metadata stream;
  - `pdf-outline`: every bookmark title, recursively;
  - `pdf-annot`: every annotation (link URIs, contents, names);
  - `pdf-attachment`: embedded files, names and bytes;
  - `pdf-object`: every indirect object's decompressed stream data;
  - `pdf-string`: every text string in every object (names trees, destinations, form fields ...);
  - `pdf-raw-stream`: every `stream ... endstream` in the file inflated with zlib, independently of
    pypdf (object streams, damaged cross-reference tables);
  - `pdf-error`: a layer that could not be read (a test should treat it as a failure: an unreadable
    layer is an unscanned one).

Matching is case-insensitive (CSS `text-transform` upper-cases some PDF text) and, for text taken
out of PDFs, also ignores white space, so a marker broken across lines (a hyphen is a line-break
opportunity) or letter-spaced is still found. Ligatures are unfolded (NFKC).
"""

from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import unquote

TEXT_SUFFIXES = {
    *(".html", ".htm", ".xml", ".svg", ".js", ".css", ".json", ".txt", ".md", ".yml", ".yaml", ""),
    *(".atom", ".csv", ".ics"),  # feeds, tables and calendars (papers/render/opendata/)
}
PDF_KINDS_PREFIX = ("pdf",)  # every PDF layer is also matched with white space removed


@dataclass(frozen=True)
class Readable:
    path: str  # relative to the scanned root, posix; for gzip members `x.gz!` + what was inside
    kind: str
    detail: str  # page number, layer name ...
    text: str


@dataclass(frozen=True)
class Hit:
    marker: str
    path: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.marker} in {self.path} ({self.kind}{': ' + self.detail if self.detail else ''})"


# --- reading ------------------------------------------------------------------------------------


def scan(root: Path) -> Iterator[Readable]:
    root = Path(root)
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        yield Readable(relative, "name", "", relative)
        if path.is_symlink():
            yield Readable(relative, "name", "symlink target", str(path.readlink()))
            continue
        if path.is_file():
            yield from read_bytes(relative, path.read_bytes())


def read_bytes(relative: str, data: bytes) -> Iterator[Readable]:
    """Everything readable in one file's bytes (recursing into gzip)."""
    yield Readable(relative, "raw", "", data.decode("latin-1"))
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        yield Readable(relative, "raw", "utf-16", data.decode("utf-16", errors="replace"))
    suffix = Path(relative).suffix.lower()
    if suffix == ".gz" or data[:2] == b"\x1f\x8b":
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            yield Readable(relative, "gzip-error", "", str(exc))
        else:
            inner_name = relative[:-3] if relative.endswith(".gz") else relative + "!"
            for readable in read_bytes(inner_name, inner):
                yield Readable(f"{relative}!{readable.path}", f"gzip/{readable.kind}", readable.detail, readable.text)
        return
    text = None
    if suffix in TEXT_SUFFIXES or suffix in {".map", ".webmanifest"}:
        text = data.decode("utf-8", errors="replace")
        yield Readable(relative, "decoded", "entities and %-escapes", unquote(html.unescape(text)))
    if suffix == ".json" and text is not None:
        try:
            document = json.loads(text)
        except ValueError as exc:
            yield Readable(relative, "json-error", "", str(exc))
        else:
            yield Readable(relative, "json", "keys and strings", "\n".join(_json_strings(document)))
    if suffix == ".ics" and text is not None:
        yield Readable(relative, "ical", "unfolded and unescaped", unfold_ical(text))
    if data.startswith(b"%PDF") or suffix == ".pdf":
        yield from read_pdf(relative, data)


def unfold_ical(text: str) -> str:
    """iCalendar text as its properties' values read: folded lines joined, backslash escapes undone."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    return re.sub(r"\\([\\;,nN])", lambda found: "\n" if found.group(1) in "nN" else found.group(1), unfolded)


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _json_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_strings(inner)
    elif value is not None:
        yield str(value)


def pdftotext_pages(data: bytes, *options: str) -> list[str]:
    """`pdftotext` of a PDF given as bytes, one string per page."""
    completed = subprocess.run(["pdftotext", *options, "-", "-"], input=data, capture_output=True, check=True)
    pages = completed.stdout.decode("utf-8", errors="replace").split("\f")
    return pages[:-1] if pages and pages[-1].strip() == "" else pages


def read_pdf(relative: str, data: bytes) -> Iterator[Readable]:
    for mode, options in (("layout", ("-layout",)), ("reading order", ()), ("raw order", ("-raw",))):
        try:
            pages = pdftotext_pages(data, *options)
        except (subprocess.CalledProcessError, OSError) as exc:
            yield Readable(relative, "pdf-error", f"pdftotext {mode}", str(exc))
            continue
        for number, text in enumerate(pages, start=1):
            yield Readable(relative, "pdftext", f"page {number}, {mode}", text)
    yield from _pypdf_layers(relative, data)
    for index, stream in enumerate(_raw_streams(data)):
        yield Readable(relative, "pdf-raw-stream", f"stream {index}", stream.decode("latin-1"))


def _pypdf_layers(relative: str, data: bytes) -> Iterator[Readable]:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        yield Readable(relative, "pdf-error", "pypdf open", repr(exc))
        return
    layers = [
        ("pdf-info", lambda: _info(reader)),
        ("pdf-xmp", lambda: _xmp(reader)),
        ("pdf-outline", lambda: _outline(reader.outline)),
        ("pdf-attachment", lambda: _attachments(reader)),
        ("pdf-annot", lambda: _annotations(reader)),
        ("pdf-page-stream", lambda: _page_streams(reader)),
        ("pdf-extract", lambda: _extracted(reader)),
        ("pdf-object", lambda: _objects(reader)),
    ]
    for kind, read in layers:
        try:
            for detail, text in read():
                yield Readable(relative, kind, detail, text)
        except Exception as exc:
            yield Readable(relative, "pdf-error", kind, repr(exc))


def _text(value) -> str:
    """A PDF object as text: text strings decoded (pypdf undoes UTF-16BE with BOM), byte strings latin-1."""
    from pypdf.generic import ByteStringObject

    if isinstance(value, ByteStringObject):
        raw = bytes(value)
        if raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
            return raw.decode("utf-16", errors="replace")
        return raw.decode("latin-1")
    return str(value)


def _info(reader) -> Iterator[tuple[str, str]]:
    trailer_info = reader.trailer.get("/Info")
    if trailer_info is None:
        return
    info = trailer_info.get_object()
    for key, value in info.items():
        yield str(key), _text(value.get_object())


def _xmp(reader) -> Iterator[tuple[str, str]]:
    root = reader.trailer["/Root"].get_object()
    metadata = root.get("/Metadata")
    if metadata is not None:
        yield "catalog /Metadata", metadata.get_object().get_data().decode("utf-8", errors="replace")
    for number, page in enumerate(reader.pages, start=1):
        if "/Metadata" in page:
            yield f"page {number} /Metadata", page["/Metadata"].get_object().get_data().decode("latin-1")


def _outline(entries, depth: int = 0) -> Iterator[tuple[str, str]]:
    for entry in entries:
        if isinstance(entry, list):
            yield from _outline(entry, depth + 1)
        else:
            yield f"level {depth + 1}", str(entry.title)


def _attachments(reader) -> Iterator[tuple[str, str]]:
    for name, contents in reader.attachments.items():
        yield "name", str(name)
        for data in contents:
            yield f"bytes of {name}", data.decode("latin-1")


def _annotations(reader) -> Iterator[tuple[str, str]]:
    for number, page in enumerate(reader.pages, start=1):
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        for annotation in annotations.get_object():
            annotation = annotation.get_object()
            parts = list(_strings_in(annotation, set()))
            for key in ("/A", "/AA", "/FS", "/RC", "/Popup"):  # actions and file specs are often indirect
                if key in annotation:
                    parts += _strings_in(annotation[key].get_object(), set())
            yield f"page {number}", "\n".join(parts)


def _page_streams(reader) -> Iterator[tuple[str, str]]:
    for number, page in enumerate(reader.pages, start=1):
        contents = page.get_contents()
        if contents is not None:
            yield f"page {number}", contents.get_data().decode("latin-1")


def _extracted(reader) -> Iterator[tuple[str, str]]:
    for number, page in enumerate(reader.pages, start=1):
        yield f"page {number}", page.extract_text() or ""


def _objects(reader) -> Iterator[tuple[str, str]]:
    """Every indirect object: its decompressed stream data and every string it holds."""
    from pypdf.generic import StreamObject

    size = int(reader.trailer.get("/Size", 0))
    for number in range(1, size):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if obj is None:
            continue
        strings = list(_strings_in(obj, set()))
        if strings:
            yield f"object {number} strings", "\n".join(strings)
        if isinstance(obj, StreamObject):
            try:
                yield f"object {number} stream", obj.get_data().decode("latin-1")
            except Exception as exc:
                yield f"object {number} stream (undecoded: {exc!r})", bytes(obj._data).decode("latin-1")


def _strings_in(value, seen: set[int]) -> Iterator[str]:
    """Text strings and names held directly in a PDF object (not following indirect references)."""
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        TextStringObject,
    )

    if isinstance(value, IndirectObject):
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, (TextStringObject, ByteStringObject)):
        yield _text(value)
    elif isinstance(value, NameObject):
        yield str(value)
    elif isinstance(value, DictionaryObject):
        for key, inner in value.items():
            yield str(key)
            yield from _strings_in(inner, seen)
    elif isinstance(value, ArrayObject):
        for inner in value:
            yield from _strings_in(inner, seen)


_STREAM = re.compile(rb"stream\r?\n")


def _raw_streams(data: bytes) -> Iterator[bytes]:
    """Every stream in the file's bytes, inflated when it is deflated (found without a PDF parser)."""
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        chunk = data[start:end]
        try:
            yield zlib.decompressobj().decompress(chunk)
        except zlib.error:
            yield chunk


# --- matching -----------------------------------------------------------------------------------


class Matcher:
    """Finds any of a set of marker strings in readables, case-insensitively."""

    def __init__(self, markers: Iterable[str]) -> None:
        self.markers = {marker.lower(): marker for marker in markers}
        ordered = sorted(self.markers, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(marker) for marker in ordered)) if ordered else None

    def found_in(self, readable: Readable) -> set[str]:
        if self.pattern is None:
            return set()
        text = readable.text
        if readable.kind.startswith(PDF_KINDS_PREFIX):
            text = unicodedata.normalize("NFKC", text)
        lowered = text.lower()
        found = {self.markers[match.group(0)] for match in self.pattern.finditer(lowered)}
        if readable.kind.startswith(PDF_KINDS_PREFIX):
            squashed = re.sub(r"[\s\u00ad]+", "", lowered)
            found |= {self.markers[match.group(0)] for match in self.pattern.finditer(squashed)}
        return found

    def hits(self, readables: Iterable[Readable]) -> list[Hit]:
        found = []
        for readable in readables:
            for marker in sorted(self.found_in(readable)):
                found.append(Hit(marker, readable.path, readable.kind, readable.detail))
        return found


def hits_in(root: Path, markers: Iterable[str]) -> list[Hit]:
    return Matcher(markers).hits(scan(root))


def unreadable_layers(readables: Iterable[Readable]) -> list[str]:
    """Layers the scan could not read (each one is a place a leak could hide)."""
    return [
        f"{readable.path} ({readable.kind}: {readable.detail}): {readable.text[:200]}"
        for readable in readables
        if readable.kind.endswith("error")
    ]


def matches(hit: Hit, path_glob: str, kind: str) -> bool:
    """Whether a hit is in a file matching `path_glob` and was read by a scan of `kind`."""
    return fnmatch(hit.path, path_glob) and (hit.kind == kind or hit.kind.startswith(kind + "/"))
