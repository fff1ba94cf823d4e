"""The benchmarks' archive with report text drawn as in published reports (bench/synthetic.py, --text papers)
is content the build accepts, and its text is drawn from those reports' words, as often as there."""

from __future__ import annotations

import collections
import re
import sys

from conftest import PROJECT

from papers.pipeline import check

sys.path.insert(0, str(PROJECT / "bench"))
from synthetic import generate, papers_text


def test_an_archive_of_published_reports_words_is_checked_clean_and_drawn_as_often_as_there(tmp_path):
    text = papers_text()
    generate(tmp_path / "content", committees=1, years=1, meetings_per_year=3, reports_per_meeting=3, text=text)
    checked = check(tmp_path / "content")
    assert checked.site is not None and checked.passed(True), [str(d) for d in checked.diagnostics]

    bodies = [path.read_text(encoding="utf-8").split("\n---\n", 1)[1] for path in tmp_path.glob("**/reports/*.md")]
    drawn = collections.Counter(
        word.lower()
        for body in bodies
        for line in body.splitlines()
        if not line.startswith("|")  # the budget table: figures
        for word in re.findall(r"[A-Za-z]+(?:'s)?", line)
    )
    assert set(drawn) <= set(text.words)
    # As there, "the" is the commonest word (the uniform text has no "the"), 60 times as common as "council".
    assert drawn.most_common(1)[0][0] == "the"
    assert drawn["the"] > 20 * drawn["council"] > 0
