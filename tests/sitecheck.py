"""Test helpers that read a built site: parse pages, resolve every internal link and anchor."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

EXTERNAL = ("http://", "https://", "mailto:", "tel:", "data:", "javascript:", "webcal://")


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url: str) -> BeautifulSoup:
    return parse(site / url / "index.html" if not url.endswith(".html") else site / url)


def target_file(site: Path, html_file: Path, link: str) -> Path | None:
    path = unquote(urlsplit(link).path)
    if not path:
        return html_file
    base = html_file.parent
    target = (site / path.lstrip("/")) if path.startswith("/") else (base / path)
    target = Path(*target.parts)
    if target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """Every internal href/src in every HTML page that names a missing file or anchor."""
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}
    for html_file in sorted(site.rglob("*.html")):
        soup = parse(html_file)
        for element in soup.find_all(["a", "link", "script", "img"]):
            for attribute in ("href", "src"):
                link = element.get(attribute)
                if not link or link.startswith(EXTERNAL):
                    continue
                target = target_file(site, html_file, link)
                if target is None or not target.resolve().is_file():
                    problems.append(f"{html_file.relative_to(site)}: {link} (no such file)")
                    continue
                fragment = urlsplit(link).fragment
                if fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = {tag.get("id") for tag in parse(target).find_all(id=True)}
                    if fragment not in ids[target]:
                        problems.append(f"{html_file.relative_to(site)}: {link} (no anchor #{fragment})")
    return problems


def every_byte(site: Path):
    """(relative path, bytes) of every output file, gzip files (by name or magic bytes) also decompressed,
    names included."""
    for path in sorted(site.rglob("*")):
        relative = str(path.relative_to(site))
        yield relative, relative.encode()
        if path.is_file():
            data = path.read_bytes()
            yield relative, data
            if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":  # sitemap.xml.gz, the Pagefind bundle
                yield relative, gzip.decompress(data)
