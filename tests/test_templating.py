"""The templating layer: a council's override, however written, cannot reach withheld text or run code.

Overrides in content/templates/{pages,packs}/ are content, not code: they get the projected site only
(papers/render/project.py) and run in Jinja's sandbox (papers/render/templating.py).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, MINIMAL, run_build, run_check
from jinja2.exceptions import SecurityError
from leakscan import hits_in
from test_leaks import PRIVATE

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render.project import project
from papers.render.templating import TemplateProblem, environment, render

LEAKS = FIXTURES / "leaks" / "content"

# Loops over everything a template can reach and prints every field, for pages and packs alike.
HOSTILE = """HOSTILE-OVERRIDE-RAN {{ site }}
{% for meeting in site.meetings %}{{ meeting }} {{ meeting.notes }}
{% for section in meeting.sections %}{% for item in section.items %}
{{ item }} {{ item.text }} {{ item.lead }} {{ item.public_interest }} {{ item.urgency_reason }}
{{ item.withdrawn_reason }}
{% for report in item.reports %}{{ report }} {{ report.body }}
{% for appendix in report.appendices %}{{ appendix }} {{ appendix.text }}{% endfor %}{% endfor %}
{% for earlier in item.minutes_of %}{{ earlier }}{% endfor %}{% endfor %}{% endfor %}
{% for report in meeting.reports %}{{ report }}{% endfor %}
{% if meeting.minutes %}{{ meeting.minutes }}{% for minute in meeting.minutes.minutes %}{{ minute.text }}
{{ minute.resolutions }}{% for resolution in minute.resolutions %}{{ resolution.summary }}{% endfor %}
{% endfor %}{% endif %}{% endfor %}
{% for report in site.reports %}{{ report.body }}{% endfor %}
"""

ESCAPES = [
    "{{ site.root.joinpath('site.yml').read_text() }}",
    "{{ site.meetings[0].source.read_text() }}",
    "{{ site.meetings[0].source.parent }}",
    "{{ urls.home.__globals__ }}",
    "{{ site.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ header_lines.__globals__ }}",
]


@pytest.fixture(scope="module")
def public_site():
    site = check(LEAKS).site
    assert site is not None
    return project(site, PUBLIC)


@pytest.mark.parametrize("kind", ["pages", "packs"])
@pytest.mark.parametrize("attempt", ESCAPES)
def test_the_sandbox_refuses_to_reach_files_or_python(public_site, kind, attempt):
    env = environment(public_site, kind)
    with pytest.raises(SecurityError):
        env.from_string(attempt).render()


@pytest.mark.parametrize("kind", ["pages", "packs"])
def test_page_and_pack_templates_report_template_line_and_content_file(public_site, tmp_path, kind):
    folder = tmp_path / "templates" / kind
    folder.mkdir(parents=True)
    (folder / "broken.html.j2").write_text("<p>ok</p>\n<p>{{ site.nickname }}</p>\n")
    env = environment(dataclasses.replace(public_site, root=tmp_path), kind)
    with pytest.raises(TemplateProblem) as problem:
        render(env, "broken.html.j2", Path("content/committees/x/meeting.md"), {})
    assert str(problem.value).startswith(f"{folder / 'broken.html.j2'}:2: ")
    assert "has no attribute 'nickname'" in str(problem.value)
    assert str(problem.value).endswith("(while rendering content/committees/x/meeting.md)")


def with_overrides(tmp_path: Path, overrides: dict[str, str], council: Path = LEAKS) -> Path:
    content = tmp_path / "content"
    shutil.copytree(council, content)
    for name, text in overrides.items():
        target = content / "templates" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return content


def test_a_template_override_is_not_an_unused_file(tmp_path, capsys):
    overrides = {"pages/home.html.j2": "<p>{{ site.settings.name }}</p>\n", "packs/agenda.html.j2": "<p>x</p>\n"}
    content = with_overrides(tmp_path, overrides, MINIMAL)
    result = run_check(content, "--strict", capsys=capsys)
    assert result.status == 0, result.stderr
    assert "W301" not in result.stderr


@pytest.mark.slow
def test_a_hostile_override_cannot_publish_withheld_text(tmp_path):
    pack = (FIXTURES.parent.parent / "templates" / "packs" / "agenda.html.j2").read_text()
    content = with_overrides(
        tmp_path,
        {
            # In raw HTML blocks, so that MkDocs does not read the Markdown of the bodies it prints as links.
            "pages/home.html.j2": "<pre>" + HOSTILE + "</pre>\n",
            "pages/committees.html.j2": "<pre>" + HOSTILE + "</pre>\n",
            "packs/agenda.html.j2": pack.replace("<body>", "<body>\n<pre>" + HOSTILE + "</pre>"),
        },
    )
    out = tmp_path / "site"
    status, _, stderr = run_build(content, out)
    assert status == 0, stderr
    home = (out / "index.html").read_text()
    assert "HOSTILE-OVERRIDE-RAN" in home
    assert "CTRL-public-item-text-7f3a" in home  # the loops did reach the published papers
    leaked = [hit for hit in hits_in(out, PRIVATE) if "-url-7f3a" not in hit.marker.lower()]
    assert leaked == [], "\n".join(f"{hit.marker} in {hit.where}" for hit in leaked[:20])


def test_css_strings_escape_every_character_that_could_end_them():
    from papers.render.templating import css_string

    assert css_string('A "B" C\\D <style>') == '"A \\22 B\\22  C\\5c D \\3c style>"'
    assert css_string("one\r\ntwo\x0cthree\x00\x85") == '"one  two three\\0 \\85 "'
