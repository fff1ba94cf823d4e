"""Hostile and clumsy content gives clean `path:line:col` diagnostics, quickly: never a traceback, a hang or a
crash later in the build.

The catalogue (tests/fixtures/invalid/) holds a small case for each of these checks; the inputs here are the
ones too big to commit (a 20 MB front matter, 10,000-deep nesting) or about how the check runs (time,
locale, recursion). Each time bound is far above what the check needs (well under a second), so a busy
machine does not make them flake, and far below a hang.
"""

from __future__ import annotations

import calendar
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINIMAL, PROJECT, run_check
from PIL import Image

from papers.commands.cli import main
from papers.content import images
from papers.content.fieldtypes import EARLIEST_DATE, LATEST_DATE
from papers.content.load import MAX_FILE_BYTES, MAX_FRONT_MATTER_BYTES, second_front_matter
from papers.content.yamlread import MAX_DEPTH, read_yaml
from papers.model.references import link_targets

BOUND = 10.0  # seconds


def timed_check(content: Path, capsys, *extra: str):
    start = time.perf_counter()
    result = run_check(content, *extra, capsys=capsys)
    elapsed = time.perf_counter() - start
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result, elapsed


MEMBER = Path("content/members/ann-ward.md")


# --- YAML: aliases, size, nesting ---------------------------------------------------------------------


def alias_bomb() -> str:
    """About a kilobyte that PyYAML would expand to 9**10 (3.5 billion) strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        this, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{this}: &{this} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_it_expands(minimal_copy, capsys):
    bomb = alias_bomb()
    assert len(bomb) < 1100
    MEMBER.write_text(f"---\nname: Ann Ward\n{bomb}---\n")
    result, elapsed = timed_check(Path("content"), capsys)
    assert elapsed < BOUND
    assert result.status == 1
    assert "content/members/ann-ward.md:3:4: error[E120]: `&a` is a YAML anchor" in result.stderr
    start = time.perf_counter()
    _, problems = read_yaml(bomb)
    assert time.perf_counter() - start < BOUND
    assert [problem.code for problem in problems] == ["E120"]


def test_a_20_mb_front_matter_is_refused_before_it_is_read(minimal_copy, capsys):
    MEMBER.write_text("---\nname: Ann Ward\n" + "roles: [member]\n" * 1_400_000 + "---\n")
    assert MEMBER.stat().st_size > 20_000_000
    result, elapsed = timed_check(Path("content"), capsys)
    assert elapsed < BOUND
    assert result.stderr.startswith(
        "content/members/ann-ward.md:1:1: error[E121]: the file is 21.4 MB: a content file may be at most 4.0 MB\n"
    )


def test_a_front_matter_over_its_limit_is_refused_in_a_file_under_the_file_limit(minimal_copy, capsys):
    fields = "".join(f"x{index}: {'y' * 60}\n" for index in range(MAX_FRONT_MATTER_BYTES // 60))
    MEMBER.write_text(f"---\nname: Ann Ward\n{fields}---\nA short biography.\n")
    assert MAX_FRONT_MATTER_BYTES < MEMBER.stat().st_size < MAX_FILE_BYTES
    (minimal_copy / "site.yml").write_text("name: Example County Council\n" + fields)
    result, elapsed = timed_check(Path("content"), capsys)
    assert elapsed < BOUND
    assert result.stderr.splitlines()[::2] == [
        "content/members/ann-ward.md:1:1: error[E121]: the front matter is 579 KB: settings and front matter "
        "may be at most 512 KB",
        "content/site.yml:1:1: error[E121]: site.yml is 579 KB: settings and front matter may be at most 512 KB",
        "Check failed: 2 errors, 0 warnings.",
    ]


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "b" + "}" * 10_000,
        "\n" + "".join("  " * depth + "- \n" for depth in range(1, 200)),
    ],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_nesting_10000_deep_is_refused(minimal_copy, capsys, nested):
    MEMBER.write_text(f"---\nname: Ann Ward\nroles: {nested}\n---\n")
    result, elapsed = timed_check(Path("content"), capsys)
    assert elapsed < BOUND
    assert "error[E122]: lists and fields are nested more than 50 levels deep" in result.stderr
    assert result.stderr.count("error[") == 1


@pytest.mark.parametrize("paragraph", ["[" * 10_000, "[a](" * 5_000, "![" * 5_000, "[a][" * 5_000])
def test_thousands_of_open_brackets_in_a_paragraph_are_refused(minimal_copy, capsys, paragraph):
    """Python-Markdown looks for the end of each open bracket to the end of the paragraph: minutes of work."""
    MEMBER.write_text(f"---\nname: Ann Ward\n---\nFirst paragraph.\n\n{paragraph}\n")
    result, elapsed = timed_check(Path("content"), capsys)
    assert elapsed < BOUND
    assert "content/members/ann-ward.md:6:" in result.stderr
    assert "error[E122]: brackets are opened more than 50 deep in one paragraph" in result.stderr


def test_nesting_up_to_the_limit_is_read():
    located, problems = read_yaml("a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n")
    assert problems == [] and located is not None
    _, problems = read_yaml("a: " + "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH + "\n")
    assert [problem.code for problem in problems] == ["E122"]


def test_a_recursion_error_never_escapes():
    """Even with a tiny stack (a thread, an embedding program), deep YAML is a diagnostic."""
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 60)
    try:
        located, problems = read_yaml("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    finally:
        sys.setrecursionlimit(limit)
    assert located is None
    assert [problem.code for problem in problems] == ["E122"]


# --- dates ---------------------------------------------------------------------------------------------


def test_a_meeting_in_the_year_1_is_an_error_not_a_hang(minimal_copy, capsys):
    meeting = minimal_copy / "committees" / "scs-posc" / "0001-01-04" / "meeting.md"
    meeting.parent.mkdir()
    meeting.write_text("---\ndate: 0001-01-04\nstatus: held\nitems:\n  - {number: '1', title: Apologies}\n---\n")
    result, elapsed = timed_check(Path("content"), capsys, "--today", "2011-11-01")
    assert elapsed < BOUND
    assert "0001-01-04/meeting.md:2:7: error[E123]: `date`: '0001-01-04' is outside" in result.stderr


def test_today_outside_the_publishable_dates_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--content", str(MINIMAL), "--today", "0001-01-04"])
    assert exit_.value.code == 2
    assert "is outside the dates that can be published" in capsys.readouterr().err


def test_every_publishable_date_fits_the_32_bit_timestamp_of_the_site_build():
    assert calendar.timegm(EARLIEST_DATE.timetuple()) == 0
    assert calendar.timegm(LATEST_DATE.timetuple()) + 86_399 < 2**32


def test_a_mistyped_held_meeting_cannot_vouch_for_itself(minimal_copy, capsys):
    meeting = minimal_copy / "committees" / "scs-posc" / "2031-11-17" / "meeting.md"
    meeting.parent.mkdir()
    meeting.write_text("---\ndate: 2031-11-17\nstatus: held\nagenda_published: 2031-11-08\n---\n")
    result, _ = timed_check(Path("content"), capsys, "--strict")
    assert "2031-11-17/meeting.md:2:7: warning[W306]: `date` 2031-11-17 is more than five years after" in (
        result.stderr
    )


# --- the terminal's encoding -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "environment",
    [{"LC_ALL": "C", "PYTHONUTF8": "0"}, {"LANG": "C", "PYTHONIOENCODING": "ascii"}],
    ids=["LC_ALL=C", "ascii"],
)
def test_messages_print_in_a_terminal_that_is_not_utf8(tmp_path, environment):
    """An en dash in the council's name, and a file name that is not UTF-8, printed as escapes."""
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(MINIMAL), str(content)], check=True)
    site = content / "site.yml"
    site.write_text(site.read_text().replace("Example County Council", "Example – County Council"))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PAPERS_NO_VENV": "1", **environment}

    def run() -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, str(PROJECT / "build.py"), "check", "--content", "content"]
        return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, timeout=120)

    passed = run()
    assert passed.returncode == 0, passed.stderr
    assert passed.stdout.startswith(b"Example \\u2013 County Council: 1 committee")
    os.close(os.open(bytes(content / "members") + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY))
    failed = run()
    assert failed.returncode == 1, failed.stderr
    assert b"content/members/caf\\udce9.txt:1:1: error[E126]:" in failed.stderr
    assert b"internal error" not in failed.stderr and b"Traceback" not in failed.stderr


# --- file names --------------------------------------------------------------------------------------


def test_names_with_a_question_mark_are_refused(minimal_copy, capsys):
    report = minimal_copy / "committees" / "scs-posc" / "2011-11-17" / "reports" / "kscb-update.md"
    report.write_text(
        report.read_text().replace("1.1 An update", "1.1 See [the plan](kscb-update/plan.pdf?). An update")
    )
    folder = report.parent / "kscb-update"
    folder.mkdir()
    (folder / "why?.txt").write_text("x")
    result, _ = timed_check(Path("content"), capsys)
    assert "kscb-update/why?.txt:1:1: error[E126]: the file name `why?.txt` holds `?`" in result.stderr


@pytest.mark.slow
def test_files_with_spaces_in_their_names_are_published_with_working_links(minimal_copy):
    """Spaces are accepted: inline and reference links and images reach the published files."""
    from conftest import run_build
    from sitecheck import broken_links

    folder = minimal_copy / "committees" / "scs-posc" / "2011-11-17" / "reports" / "kscb update files"
    folder.mkdir()
    Image.new("RGB", (8, 8), "navy").save(folder / "referral chart.png")
    (folder / "annual summary.txt").write_text("Summary\n")
    (folder.parent / "kscb-update").mkdir()
    (folder.parent / "kscb-update" / "minutes.txt").write_text("Minutes\n")
    report = folder.parent / "kscb-update.md"
    report.write_text(
        report.read_text()
        + "\n![Referrals](<kscb update files/referral chart.png>),"
        + " [the summary](<kscb update files/annual summary.txt>)"
        + " and [the minutes][minutes].\n\n[minutes]: kscb-update/minutes.txt\n"
    )
    status, _, stderr = run_build(minimal_copy, minimal_copy.parent / "site")
    assert status == 0, stderr
    site = minimal_copy.parent / "site"
    published = site / "files" / "committees" / "scs-posc" / "2011-11-17" / "reports" / "kscb update files"
    assert sorted(path.name for path in published.iterdir()) == ["annual summary.txt", "referral chart.png"]
    page = (site / "committees" / "scs-posc" / "2011-11-17" / "kscb-update" / "index.html").read_text()
    for link in [
        "kscb update files/referral chart.png",
        "kscb update files/annual summary.txt",
        "kscb-update/minutes.txt",
    ]:
        assert f'{link}"' in page
    assert broken_links(site) == []


# --- links in Markdown ---------------------------------------------------------------------------------


def test_link_targets_are_found_as_python_markdown_reads_them():
    text = (
        "[a](one.pdf) [b](<two words.pdf>) ![c](three.png 'Title') [d]( four.pdf \"T\" ) [e](five(1).pdf)\n"
        "[f](six words.pdf) [g][ref] [^1]\n\n"
        "[ref]: seven.pdf\n"
        "[other]: <eight.pdf> 'Title'\n"
        "[^1]: Ibid.\n"
    )
    assert [target for target, _ in link_targets(text)] == [
        "one.pdf",
        "two words.pdf",
        "three.png",
        "four.pdf",
        "five(1).pdf",
        "six words.pdf",
        "seven.pdf",
        "eight.pdf",
    ]
    for target, index in link_targets(text):
        assert text[index:].startswith(target)


@pytest.mark.parametrize(
    "text",
    ["](" * 500_000, "[a](" * 250_000, ("](" + "a" * 3000 + "\n") * 300, "[" * 100_000 + "](x" * 100_000],
    ids=["brackets", "open-links", "long-lines", "nested"],
)
def test_finding_links_takes_linear_time(text):
    start = time.perf_counter()
    link_targets(text)
    assert time.perf_counter() - start < BOUND


# --- a second front matter block -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, found",
    [
        ("---\nclassification: Exempt paragraph 3\n---\nText\n", (0, "classification: Exempt paragraph 3")),
        ("\n\n---\nsubject: A\nby:\n  - Someone\n---\n", (2, "subject: A")),
        ("Text\n\n---\nsubject: A\n---\n", None),  # not at the top: a rule and a heading written on purpose
        ("---\nNote: the figures are provisional\n---\n", None),  # a capital: prose
        ("---\n\nsubject: A\n---\n", None),  # a blank line: not one block
        ("---\nsubject: A\n", None),  # not closed: a rule and a line of text
        ("---\n---\n", None),
    ],
)
def test_a_second_front_matter_block_is_told_from_rules_and_headings(body, found):
    assert second_front_matter(body) == found


# --- images and SVG --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "suffix, kind", [(".png", "PNG"), (".jpg", "JPEG"), (".jpeg", "JPEG"), (".gif", "GIF"), (".webp", "WEBP")]
)
def test_real_images_pass(tmp_path, suffix, kind):
    path = tmp_path / f"picture{suffix}"
    Image.new("RGB", (16, 16), "navy").save(path, kind)
    assert images.inspect_raster(path) is None


def test_an_image_just_over_the_pixel_limit_is_refused_without_decoding_it(tmp_path):
    path = tmp_path / "scan.png"
    Image.new("1", (10_000, 5_001)).save(path)  # 50,010,000 pixels of white compress to a few kilobytes
    start = time.perf_counter()
    assert images.inspect_raster(path) == (
        "is 10,000 × 5,001 pixels (50 megapixels): an image may have at most 50 megapixels"
    )
    assert time.perf_counter() - start < BOUND


def svg(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    path = tmp_path / "picture.svg"
    path.write_text(text, encoding="utf-8")
    return [(problem.line, problem.column, problem.code, problem.message) for problem in images.inspect_svg(path)]


def test_plain_svg_passes(tmp_path):
    assert images.inspect_svg(PROJECT / "content" / "assets" / "logo.svg") == []
    assert (
        svg(
            tmp_path,
            '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill: url(\'#g\')"/>'
            '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/>'
            "<style>rect { fill: url(#g) }</style></svg>\n",
        )
        == []
    )


@pytest.mark.parametrize(
    "inside, message",
    [
        ('<set attributeName="href" to="https://example.com/"/>', "has an animation (<set>) that changes a link"),
        ('<image href="data:image/svg+xml;base64,PHN2Zz4="/>', "refers to `data:image/svg+xml;base64,PHN2Zz4=`"),
        ('<a href=" java\tscript:alert(1)"/>', "has a script address (`javascript:alert(1)`) in `href` on <a>"),
        ("<style>@import url(https://example.com/a.css);</style>", "has a style that imports a style sheet"),
        ('<use href="sprites.svg#icon"/>', "refers to `sprites.svg#icon` outside the picture"),
        ('<rect ONCLICK="x()"/>', "has an event handler attribute `ONCLICK` on <rect>"),
        ("<handler>x()</handler>", "has a <handler> element, which runs script"),
    ],
)
def test_active_content_in_svg_is_found(tmp_path, inside, message):
    problem, *_ = svg(tmp_path, f'<svg xmlns="http://www.w3.org/2000/svg">\n  {inside}\n</svg>\n')
    assert problem[0] == 2 and problem[2] == "E242"
    assert problem[3].startswith(message)


def test_an_svg_style_sheet_instruction_is_refused(tmp_path):
    assert svg(
        tmp_path, '<?xml-stylesheet href="https://example.com/a.css"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    )[0][2:] == ("E242", "attaches a style sheet from outside the picture (`<?xml-stylesheet?>`)")


def test_an_svg_entity_bomb_is_refused_where_it_is_declared(tmp_path):
    entities = (
        '<!ENTITY a "'
        + "x" * 1000
        + '">'
        + "".join(f'<!ENTITY {chr(98 + level)} "' + f"&{chr(97 + level)};" * 10 + '">' for level in range(9))
    )
    start = time.perf_counter()
    problems = svg(tmp_path, f"<!DOCTYPE svg [\n{entities}]>\n<svg xmlns='http://www.w3.org/2000/svg'>&j;</svg>")
    assert time.perf_counter() - start < BOUND
    assert [(problem[0], problem[2]) for problem in problems] == [(2, "E242")]
    assert problems[0][3].startswith("declares the XML entity `a`")


@pytest.mark.parametrize(
    "text, message",
    [
        ("<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "is not a well-formed SVG (XML) file: mismatched tag"),
        ("<html><body/></html>", "is not an SVG picture: it starts with <html> without a namespace"),
        ("<svg><rect/></svg>", "is not an SVG picture: it starts with <svg> without a namespace"),
        ("", "is not a well-formed SVG (XML) file: no element found"),
    ],
)
def test_a_file_that_is_not_svg_is_reported(tmp_path, text, message):
    (problem,) = svg(tmp_path, text)
    assert problem[2] == "E241" and problem[3].startswith(message)
