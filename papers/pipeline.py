"""The pipeline: one readable function per command, running the stages in order.

Each stage collects every problem it finds; we stop between stages when
there are errors, so later stages only ever see valid input.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics
from .load import load_content
from .model import Site
from .resolve import resolve_site
from .validate import validate_tree


@dataclass(frozen=True)
class CheckResult:
    site: Site | None
    diagnostics: Diagnostics


def check(content: Path) -> CheckResult:
    """load -> validate -> resolve; the Site is None when there are errors."""
    diagnostics = Diagnostics()
    tree = load_content(content, diagnostics)
    validated = validate_tree(tree, diagnostics)
    site = resolve_site(tree, validated, diagnostics)
    if diagnostics.errors:
        return CheckResult(None, diagnostics)
    return CheckResult(site, diagnostics)
