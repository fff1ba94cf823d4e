"""A MkDocs hook for `build`: MkDocs' pages are built by two processes, as ours are rendered.

Putting each page into the theme (mkdocs-material's templates, with the nav) is most of MkDocs' time, and
one page's output depends on nothing another page's building does. When MkDocs has read every page (the
`env` event, just before it writes anything), this hook builds them with MkDocs' own page builder, every
other one in a forked child (papers/render/shared.py: used with two cores or more and enough pages; if the
child fails in any way this process builds its share, so an error surfaces as it would without it). MkDocs
runs dirty (papers/site/mkdocs.py), so its own loop then finds each of these pages up to date and leaves it.

Warnings and errors logged while a page is built are kept from the log's handlers and logged again afterwards,
in page order, from this process: a warning met in the child reaches the build's check of MkDocs' warnings.

Not loaded by `serve`, whose refreshes build a few pages each.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from papers.render import shared

PAGE_EVENTS = ("page_context", "post_page")  # what MkDocs tells plugins while it builds a page
_nav: list[Any] = []


def on_nav(nav: Any, **_: Any) -> Any:
    _nav[:] = [nav]
    return nav


def on_env(env: Any, config: Any, files: Any, **_: Any) -> Any:
    from mkdocs.commands.build import _build_page  # MkDocs' own page builder: the same output, by definition

    documentation = files.documentation_pages()
    pages = [file for file in documentation if file.is_modified()]  # what MkDocs' dirty loop builds
    if not (len(pages) >= shared.SHARED_FROM and shared.can_share()) or _plugins_watch_pages(config):
        return env
    nav = _nav[0]

    def build(file: Any) -> list[tuple[int, str]]:
        with _held_warnings() as held:
            _build_page(file.page, config, documentation, nav, env, True, excluded=file.inclusion.is_excluded())
        return held

    _log_again(shared.do_all(pages, build, share=True))
    return env


def _plugins_watch_pages(config: Any) -> bool:
    """Whether a plugin (not a hook: a plain function) is told of each page as it is built. A plugin may keep
    what it is told (Material's own search does, to write its index at the end) and would miss the helper's
    pages: with one configured, MkDocs builds every page itself."""
    from mkdocs.plugins import BasePlugin

    return any(
        isinstance(getattr(handler, "__self__", None), BasePlugin)
        for event in PAGE_EVENTS
        for handler in config.plugins.events[event]
    )


@contextmanager
def _held_warnings() -> Iterator[list[tuple[int, str]]]:
    """While a page is built, what the `mkdocs` log is told (warnings and errors) goes to a list instead of its
    handlers: logged again after the pages, or at once if the page fails."""
    logger = logging.getLogger("mkdocs")
    held: list[tuple[int, str]] = []
    saved, propagated = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [_Holding(held)], False
    try:
        yield held
    except BaseException:
        logger.handlers, logger.propagate = saved, propagated
        _log_again([held])
        raise
    logger.handlers, logger.propagate = saved, propagated


def _log_again(held: Iterable[list[tuple[int, str]]]) -> None:
    logger = logging.getLogger("mkdocs")
    for records in held:
        for level, message in records:
            logger.log(level, message)


class _Holding(logging.Handler):
    def __init__(self, held: list[tuple[int, str]]) -> None:
        super().__init__(logging.WARNING)
        self.held = held

    def emit(self, record: logging.LogRecord) -> None:
        self.held.append((record.levelno, record.getMessage()))
