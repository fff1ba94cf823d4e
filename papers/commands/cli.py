"""Command line: `python build.py check|test [...]`.

A content mistake is reported as diagnostics and exit status 1, never as a
traceback; `--debug` shows the traceback of an unexpected failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

from papers.commands.executors import LOCAL, executor_option
from papers.content.fieldtypes import parse_date
from papers.dates import weekday_date
from papers.diagnostics import plural
from papers.model.due import (
    AGENDA,
    DRAFT_MINUTES,
    GENERAL_EXCEPTION_NOTICE,
    KEY_DECISION_NOTICE,
    STATUS_NOT_UPDATED,
    Due,
    due,
)
from papers.model.site import Site
from papers.pipeline import check
from papers.resources import PROJECT, WORKSPACE


def main(argv: list[str] | None = None) -> int:
    _printable_output()
    parser = argparse.ArgumentParser(prog="build.py", description="Committee papers: check and publish.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected failures")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate content/ and report every problem")
    check_parser.add_argument("--content", type=Path, default=WORKSPACE / "content", help="content folder")
    check_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_parser.add_argument(
        "--today",
        type=_day_argument,
        metavar="YYYY-MM-DD",
        help="then list what is due as of that day: agendas to publish, key decision "
        "notices, draft minutes awaiting approval",
    )
    build_parser = commands.add_parser("build", help="check content/ and build the website into site/")
    build_parser.add_argument("--content", type=Path, default=WORKSPACE / "content", help="content folder")
    build_parser.add_argument("--out", type=Path, default=WORKSPACE / "site", help="output folder")
    build_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_parser.add_argument(
        "--audience",
        choices=("public", "members"),
        default="public",
        help="public (default): exempt papers withheld; members: exempt papers included "
        "and marked, for secure distribution (never into the public site/ folder)",
    )
    build_parser.add_argument(
        "--executor",
        type=executor_option,
        default=LOCAL,
        metavar="local|dask://HOST:PORT",
        help="where PDF packs are rendered: local (default) worker processes, or the workers of a Dask "
        "cluster through its scheduler (needs pip install 'committee-papers[dask]')",
    )
    serve_parser = commands.add_parser("serve", help="preview the site, rebuilt whenever content/ changes")
    serve_parser.add_argument("--content", type=Path, default=WORKSPACE / "content", help="content folder")
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve_parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    commands.add_parser("test", help="run the whole test suite (other arguments go to pytest)")
    commands.add_parser("lint", help="run ruff (lint and format) and mypy, as CI does before the tests")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "test":
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    if args.command not in ("test", "lint") and not args.content.is_dir():
        print(f"{args.content}: error: no such content folder", file=sys.stderr)
        return 1
    try:
        if args.command == "check":
            return run_check(args.content, args.strict, args.today)
        if args.command == "build":
            return run_build(args.content, args.out, args.strict, args.audience, args.executor)
        if args.command == "serve":
            return run_serve(args.content, args.host, args.port)
        if args.command == "lint":
            return run_lint()
        return run_tests(extra)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal failure, not a content mistake
        if args.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}\n(run again with --debug for the traceback, "
            "and please report it)",
            file=sys.stderr,
        )
        return 2


def _printable_output() -> None:
    """Messages quote the clerks' text (an en dash in the council's name): where the terminal's encoding
    cannot show a character (LANG=C without UTF-8, PYTHONIOENCODING=ascii), print it as an escape, never fail."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def run_check(content: Path, strict: bool, today: dt.date | None = None) -> int:
    result = check(content)
    diagnostics = result.diagnostics
    for diagnostic in diagnostics.sorted():
        print(diagnostic.format(), file=sys.stderr)
    failed = bool(diagnostics.errors) or (strict and bool(diagnostics.warnings))
    site = result.site
    if failed:
        print(f"Check failed: {diagnostics.summary()}.", file=sys.stderr)
    else:
        assert site is not None
        counts = [
            plural(len(site.committees), "committee"),
            plural(len(site.meetings), "meeting"),
            plural(sum(len(m.agenda_items) for m in site.meetings), "agenda item"),
            plural(len(site.reports), "report"),
            plural(len(site.minutes), "set") + " of minutes",
            plural(len(site.members), "member"),
        ]
        print(f"{site.settings.name}: {', '.join(counts)}.")
        print(f"Check passed: {diagnostics.summary()}.")
    if today is not None:
        print_due(result.partial_site, today, passed=not failed, partial=result.site is None)
    return 1 if failed else 0


def print_due(site: Site | None, today: dt.date, passed: bool, partial: bool) -> None:
    """The `--today` list. Content with errors still gets one, from the files that are valid (a key decision
    without notice is both an error and something due)."""
    if site is None:
        print(
            f"What is due as of {weekday_date(today)} cannot be listed until the errors above are fixed.",
            file=sys.stderr,
        )
        return
    lines = due_lines(site, today, " (files with errors left out)" if partial else "")
    print("\n".join(lines if not passed else ["", *lines]))


def _day_argument(text: str) -> dt.date:
    """`--today`: a real date written YYYY-MM-DD (argparse turns the error into a usage message)."""
    try:
        return parse_date(text)
    except ValueError as exc:  # PydanticCustomError is a ValueError
        raise argparse.ArgumentTypeError(str(exc)) from None


def due_lines(site: Site, today: dt.date, note: str = "") -> list[str]:
    """The `--today` section: a heading and one line per thing due, or "Nothing due"."""
    records = due(site, today)
    if not records:
        return [f"Nothing due as of {weekday_date(today)}{note}."]
    return [f"Due as of {weekday_date(today)}{note}:", *(f"  - {_due_line(record)}" for record in records)]


def _due_line(record: Due) -> str:
    meeting, day = record.meeting, weekday_date(record.day)
    where = f"{meeting.committee.name}, {weekday_date(meeting.date)}"
    if record.kind == AGENDA:
        if record.overdue:
            return (
                f"{where}: the agenda is overdue: it had to be published by {day} (five clear working days); "
                "only urgent items may now be taken, each with `urgent: yes` and `urgency_reason:`"
            )
        return f"{where}: publish the agenda by {day} (five clear working days)"
    if record.kind in (KEY_DECISION_NOTICE, GENERAL_EXCEPTION_NOTICE):
        assert record.report is not None  # notices are always about a report
        decision = f"key decision `{record.report.slug}` ({record.report.subject})"
        if record.kind == KEY_DECISION_NOTICE:
            if record.overdue:
                return (
                    f"{where}: notice of the {decision} was due by {day} (28 clear days); it can now be taken "
                    "only under the general exception or special urgency"
                )
            return f"{where}: publish notice of the {decision} by {day} (28 clear days)"
        if record.overdue:
            return (
                f"{where}: the general exception notice of the {decision} was due by {day} (five clear "
                "working days); it can now be taken only under special urgency"
            )
        return f"{where}: publish the general exception notice of the {decision} by {day} (five clear working days)"
    if record.kind == STATUS_NOT_UPDATED:
        return (
            f"{where}: the meeting's day has passed but it is still `scheduled`: set `status: held` and write "
            "the minutes, or `cancelled` or `postponed`"
        )
    return f"{where}: {_minutes_text(record)}"


def _minutes_text(record: Due) -> str:
    draft = record.kind == DRAFT_MINUTES
    what = "draft minutes awaiting approval" if draft else "minutes not yet written"
    following = record.approve_at
    if following is None:
        return f"{what} (the committee has no later meeting in the content yet)"
    at = f"the committee's next meeting, {weekday_date(following.date)}"
    if not record.overdue:
        return f"{what} at {at}" if draft else f"{what}, for approval at {at}"
    if draft:
        return (
            f"{what}: {at}, has passed; if it approved them, set `status: approved` and `approved_at: {following.slug}`"
        )
    return f"{what}: they were due for approval at {at}"


def run_build(content: Path, out: Path, strict: bool, audience_name: str = "public", executor_name: str = LOCAL) -> int:
    from papers.commands.executors import ExecutorUnavailable, executor_for
    from papers.commands.progress import TerminalProgress
    from papers.model.audience import AUDIENCES
    from papers.pipeline import build
    from papers.render.output import OutputCollision
    from papers.render.packs import WorkerMismatch
    from papers.render.templating import TemplateProblem
    from papers.site.mkdocs import SiteBuildError
    from papers.site.output import UnsafeOutput, describe_os_error

    started = time.perf_counter()
    try:
        with executor_for(executor_name) as executor, TerminalProgress() as progress:
            result = build(content, out, AUDIENCES[audience_name], strict=strict, executor=executor, progress=progress)
    except (
        TemplateProblem,
        SiteBuildError,
        UnsafeOutput,
        OutputCollision,
        ExecutorUnavailable,
        WorkerMismatch,
    ) as exc:
        print(f"error: {exc}\nBuild failed. {out} was not changed.", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, a read-only folder: the staging folder is already removed
        print(f"error: {describe_os_error(exc)}\nBuild failed. {out} was not changed.", file=sys.stderr)
        return 1
    for diagnostic in result.diagnostics.sorted():
        print(diagnostic.format(), file=sys.stderr)
    if not result.built:
        print(f"Build failed: {result.diagnostics.summary()}. {out} was not changed.", file=sys.stderr)
        return 1
    edition = " (members' edition: contains exempt papers, not for publication)" if audience_name == "members" else ""
    pages, packs = plural(result.pages, "page"), plural(result.packs_rendered + result.packs_cached, "pack")
    print(
        f"Built {pages} and {packs} ({result.packs_rendered} rendered, {result.packs_cached} "
        f"from the cache) into {out}{edition} in {time.perf_counter() - started:.1f} s "
        f"({result.diagnostics.summary()})."
    )
    print(
        f"Read {result.content_read} of {plural(result.content_files, 'content file')}; built "
        f"{result.site_files - result.site_carried} of {plural(result.site_files, 'site file')} "
        f"({result.site_carried} unchanged since the last build); search index "
        f"{'unchanged' if result.search_carried else 'made again'}."
    )
    print(f"Open {out / 'index.html'} in a browser, or serve the folder: python3 -m http.server -d {out}")
    return 0


def run_serve(content: Path, host: str, port: int) -> int:
    from papers.commands.serve import serve

    return serve(content, host, port)


LINTED = ("papers", "tests", "bench", "build.py")


def run_lint() -> int:
    """ruff check, ruff format --check and mypy: each runs, and any failure fails the lint."""
    commands = (
        [sys.executable, "-m", "ruff", "check", *LINTED],
        [sys.executable, "-m", "ruff", "format", "--check", *LINTED],
        [sys.executable, "-m", "mypy"],
    )
    failed = [" ".join(command[2:4]) for command in commands if subprocess.call(command, cwd=PROJECT) != 0]
    if failed:
        print(f"Lint failed: {', '.join(failed)}.", file=sys.stderr)
        return 1
    print("Lint passed: ruff check, ruff format --check, mypy.")
    return 0


def run_tests(pytest_args: list[str]) -> int:
    command = [sys.executable, "-m", "pytest", *pytest_args]
    return subprocess.call(command, cwd=PROJECT)


if __name__ == "__main__":
    sys.exit(main())
