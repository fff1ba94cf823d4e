"""Command line: `python build.py check|test [...]`.

A content mistake is reported as diagnostics and exit status 1, never as a
traceback; `--debug` shows the traceback of an unexpected failure.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from .diagnostics import plural
from .pipeline import check

PROJECT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="Committee papers: check and publish.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected failures")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate content/ and report every problem")
    check_parser.add_argument("--content", type=Path, default=PROJECT / "content", help="content folder")
    check_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_parser = commands.add_parser("build", help="check content/ and build the website into site/")
    build_parser.add_argument("--content", type=Path, default=PROJECT / "content", help="content folder")
    build_parser.add_argument("--out", type=Path, default=PROJECT / "site", help="output folder")
    build_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    serve_parser = commands.add_parser("serve", help="preview the site, rebuilt whenever content/ changes")
    serve_parser.add_argument("--content", type=Path, default=PROJECT / "content", help="content folder")
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve_parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    commands.add_parser("test", help="run the whole test suite (other arguments go to pytest)")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "test":
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    if args.command != "test" and not args.content.is_dir():
        print(f"{args.content}: error: no such content folder", file=sys.stderr)
        return 1
    try:
        if args.command == "check":
            return run_check(args.content, args.strict)
        if args.command == "build":
            return run_build(args.content, args.out, args.strict)
        if args.command == "serve":
            return run_serve(args.content, args.host, args.port)
        return run_tests(extra)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal failure, not a content mistake
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc}\n(run again with --debug for the traceback, "
              "and please report it)", file=sys.stderr)
        return 2


def run_check(content: Path, strict: bool) -> int:
    result = check(content)
    diagnostics = result.diagnostics
    for diagnostic in diagnostics.sorted():
        print(diagnostic.format(), file=sys.stderr)
    failed = bool(diagnostics.errors) or (strict and bool(diagnostics.warnings))
    if failed:
        print(f"Check failed: {diagnostics.summary()}.", file=sys.stderr)
        return 1
    site = result.site
    assert site is not None
    counts = [plural(len(site.committees), "committee"), plural(len(site.meetings), "meeting"),
              plural(sum(len(m.agenda_items) for m in site.meetings), "agenda item"),
              plural(len(site.reports), "report"), plural(len(site.minutes), "set") + " of minutes",
              plural(len(site.members), "member")]
    print(f"{site.settings.name}: {', '.join(counts)}.")
    print(f"Check passed: {diagnostics.summary()}.")
    return 0


def run_build(content: Path, out: Path, strict: bool) -> int:
    from .pages import TemplateProblem
    from .pipeline import build
    from .sitebuild import SiteBuildError

    if strict:
        checked = check(content)
        if checked.diagnostics.warnings:
            return run_check(content, strict)
    try:
        result = build(content, out)
    except (TemplateProblem, SiteBuildError) as exc:
        print(f"error: {exc}\nBuild failed. {out} was not changed.", file=sys.stderr)
        return 1
    for diagnostic in result.diagnostics.sorted():
        print(diagnostic.format(), file=sys.stderr)
    if result.diagnostics.errors:
        print(f"Build failed: {result.diagnostics.summary()}. {out} was not changed.", file=sys.stderr)
        return 1
    print(f"Built {result.pages} pages into {out} ({result.diagnostics.summary()}).")
    print(f"Open {out / 'index.html'} in a browser, or serve the folder: python3 -m http.server -d {out}")
    return 0


def run_serve(content: Path, host: str, port: int) -> int:
    from .serve import serve

    return serve(content, host, port)


def run_tests(pytest_args: list[str]) -> int:
    command = [sys.executable, "-m", "pytest", *pytest_args]
    return subprocess.call(command, cwd=PROJECT)
