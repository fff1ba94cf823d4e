"""Images from content, checked before they are published: raster images with Pillow, SVG with expat.

A raster image (PNG, JPEG, GIF, WebP) must be what its name says and readable, and small enough
to decode: a few kilobytes can claim billions of pixels (a decompression bomb) and stall the
browser, WeasyPrint or the build. Only its header is read (`Image.open`) and its structure
checked (`verify()`); its pixels are never decoded here.

An SVG is a document that can run script when opened on its own, so one from content (the
site's logo) is parsed without expanding entities or fetching anything, and refused if it holds
active content or refers to anything outside itself: script, event handler attributes (`onload`),
`javascript:` addresses, `foreignObject` (HTML inside the picture), references to other files or
sites, and entity declarations (the "billion laughs").
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from PIL import Image, UnidentifiedImageError

# The largest image accepted, in pixels: an A4 page scanned at 600 dpi is 35 million, a 45-megapixel
# camera's photograph 45 million. Decoded, 50 million pixels take 200 MB.
MAX_PIXELS = 50_000_000

RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
_CLAIMED_PIXELS = re.compile(r"Image size \((\d+) pixels\)")


def inspect_raster(path: Path) -> str | None:
    """What is wrong with a PNG, JPEG, GIF or WebP image (a phrase following its name), or None."""
    expected = RASTER_FORMATS[path.suffix.lower()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is lower
        try:
            with Image.open(path, formats=[expected]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return _too_large(width, height)
                image.verify()
        except Image.DecompressionBombError as exc:
            claimed = _CLAIMED_PIXELS.search(str(exc))
            return (
                f"claims {int(claimed.group(1)):,} pixels"
                if claimed
                else "claims more pixels than can be decoded safely"
            ) + f": an image may have at most {MAX_PIXELS // 1_000_000} megapixels"
        except UnidentifiedImageError:
            actual = _actual_format(path)
            if actual is None:
                return f"is not an image: it cannot be read as {expected}, nor as any other kind of image"
            return f"is not a {expected} image, whatever its name says: it is a {actual} image"
        except Exception as exc:  # any failure of the decoder on a damaged file
            return f"cannot be read as a {expected} image: it is damaged ({_reason(exc)})"
    return None


def _too_large(width: int, height: int) -> str:
    return (
        f"is {width:,} × {height:,} pixels ({width * height / 1_000_000:,.0f} megapixels): an image may have at "
        f"most {MAX_PIXELS // 1_000_000} megapixels"
    )


def _actual_format(path: Path) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(path) as image:
                return str(image.format)
        except Exception:
            return None


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


# --- SVG ---------------------------------------------------------------------------------------------

SVG = "http://www.w3.org/2000/svg"
_XHTML = "http://www.w3.org/1999/xhtml"
# Elements that run script or hold another document, compared in lower case whatever their namespace,
# and what each does.
_ACTIVE_ELEMENTS = {
    "script": "which runs script",
    "handler": "which runs script",
    "listener": "which runs script",
    "foreignobject": "which can hold a web page, forms and script",
    "iframe": "which shows another document",
    "embed": "which shows another document",
    "object": "which shows another document",
}
# Pictures that may be written into an SVG itself (`data:` addresses): never another SVG, which could hold script.
_EMBEDDED_PICTURE = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]", re.I)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_CSS_ACTIVE = re.compile(r"@import|expression\s*\(|behavior\s*:|-moz-binding", re.I)
_SCRIPT_ADDRESS = re.compile(r"(?:java|vb|live)script:", re.I)
_IGNORED_IN_ADDRESSES = re.compile(r"[\s\x00-\x1f]+")
MAX_PROBLEMS = 10
MAX_SVG_BYTES = 4 * 1024 * 1024  # a logo is a few kilobytes, a detailed map a megabyte


@dataclass(frozen=True)
class SvgProblem:
    line: int
    column: int
    code: str  # E241 (not a readable SVG) or E242 (active content, outside references)
    message: str


class _Stop(Exception):
    def __init__(self, problem: SvgProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def inspect_svg(path: Path) -> list[SvgProblem]:
    """Every problem found in an SVG file (at most MAX_PROBLEMS), each at its line and column."""
    size = path.stat().st_size
    if size > MAX_SVG_BYTES:
        return [SvgProblem(1, 1, "E241", f"is {size / 1024 / 1024:.1f} MB: an SVG may be at most 4 MB")]
    return _SvgCheck().run(path.read_bytes())


class _SvgCheck:
    def __init__(self) -> None:
        self.problems: list[SvgProblem] = []
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.depth = 0
        self.style_text: list[str] | None = None  # the text of a <style> element being read

    def run(self, data: bytes) -> list[SvgProblem]:
        parser = self.parser
        # Entities are refused where they are declared, so none is ever expanded; nothing outside is fetched.
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.EntityDeclHandler = self.entity
        parser.UnparsedEntityDeclHandler = self.unparsed_entity
        parser.ExternalEntityRefHandler = self.external_entity
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        parser.ProcessingInstructionHandler = self.instruction
        try:
            parser.Parse(data, True)
        except _Stop as stop:
            self.problems.append(stop.problem)
        except expat.ExpatError as exc:
            self.problems.append(
                SvgProblem(
                    exc.lineno,
                    exc.offset + 1,
                    "E241",
                    f"is not a well-formed SVG (XML) file: {expat.ErrorString(exc.code)}",
                )
            )
        return self.problems[:MAX_PROBLEMS]

    def here(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def found(self, message: str, code: str = "E242") -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(SvgProblem(*self.here(), code, message))

    def entity(self, name: str, *_: object) -> None:
        raise _Stop(
            SvgProblem(
                *self.here(),
                "E242",
                f"declares the XML entity `{name}`: entities are not allowed in an SVG (they can expand to "
                "gigabytes, or read other files)",
            )
        )

    def unparsed_entity(self, name: str, *_: object) -> None:
        self.entity(name)

    def external_entity(self, context: object, base: object, system_id: object, public_id: object) -> int:
        raise _Stop(SvgProblem(*self.here(), "E242", f"refers to an outside entity `{system_id}`"))

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        self.depth += 1
        if self.depth == 1 and (local != "svg" or namespace != SVG):
            written = f"<{local}>" + (f" in the namespace {namespace}" if namespace else " without a namespace")
            raise _Stop(
                SvgProblem(
                    *self.here(),
                    "E241",
                    f'is not an SVG picture: it starts with {written}, not <svg xmlns="{SVG}">',
                )
            )
        if local.lower() in _ACTIVE_ELEMENTS:
            self.found(f"has a <{local}> element, {_ACTIVE_ELEMENTS[local.lower()]}")
        elif namespace == _XHTML:
            self.found(f"has an HTML <{local}> element inside the picture")
        for attribute, value in attributes.items():
            self.attribute(local, attribute.rpartition(" ")[2], value, attributes)
        if local == "style":
            self.style_text = []

    def attribute(self, element: str, name: str, value: str, attributes: dict[str, str]) -> None:
        address = _IGNORED_IN_ADDRESSES.sub("", value)
        if name.lower().startswith("on"):
            self.found(f"has an event handler attribute `{name}` on <{element}>, which runs script")
        elif _SCRIPT_ADDRESS.search(address):
            self.found(f"has a script address (`{address[:40]}`) in `{name}` on <{element}>")
        elif name in ("href", "src") and not _is_internal(address):
            self.found(f"refers to `{value[:80]}` outside the picture (in `{name}` on <{element}>)")
        elif name == "style":
            self.style(value)
        elif element in ("set", "animate") and name == "attributeName" and value.rpartition(":")[2] == "href":
            self.found(f"has an animation (<{element}>) that changes a link")

    def style(self, css: str) -> None:
        if _CSS_ACTIVE.search(css):
            self.found("has a style that imports a style sheet or runs script (`@import`, `expression()`)")
        for match in _CSS_URL.finditer(css):
            address = _IGNORED_IN_ADDRESSES.sub("", match.group(2))
            if _SCRIPT_ADDRESS.search(address):
                self.found(f"has a script address (`{address[:40]}`) in a style")
            elif not _is_internal(address):
                self.found(f"has a style that refers to `{address[:80]}` outside the picture")

    def characters(self, text: str) -> None:
        if self.style_text is not None:
            self.style_text.append(text)

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.style_text is not None and name.rpartition(" ")[2] == "style":
            css, self.style_text = "".join(self.style_text), None
            self.style(css)

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.found("attaches a style sheet from outside the picture (`<?xml-stylesheet?>`)")


def _is_internal(address: str) -> bool:
    """A reference within the picture (`#id`) or a picture written into it (`data:image/png;base64,...`)."""
    return address == "" or address.startswith("#") or _EMBEDDED_PICTURE.match(address) is not None
