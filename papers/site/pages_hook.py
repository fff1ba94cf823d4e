"""A MkDocs hook: each page's body is printed as we wrote it, not converted again as Markdown.

Every docs file's body is HTML that papers/render/pages.py has already made (clerks' Markdown converted,
text escaped). MkDocs would run Python-Markdown over it once more: that pass parses all the HTML to find
its blocks (a third of MkDocs' time) and changes only the blank lines between blocks, and it could read
something at the top level as Markdown. The page's title and metadata are read from the front matter as
before; the table of contents is empty either way (the HTML's headings are not Markdown's). Loaded by file
path by MkDocs (papers/site/mkdocs.py); without it the site differs only in whitespace between blocks.
"""

from __future__ import annotations

from typing import Any

_bodies: dict[str, str] = {}


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    _bodies[page.file.src_uri] = markdown
    return ""


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return _bodies.pop(page.file.src_uri).strip()
