"""A rebuild renders only the pages whose inputs changed (papers/render/pagekeys.py): after each kind of change,
the pages rendered into the kept docs folder, with the last build's keys, are byte for byte the pages of a
clean render; and a change that only some pages show leaves the others' files as they were, not rendered.

Each change is one a clerk makes, chosen for what reaches a page other than through its own paper: an earlier
meeting's minutes (the later meeting's agenda links them, or says they are not yet published), a paper's
subject (its meeting's minutes list it), a member's or committee's name, the site's settings, an appendix
added to a paper, and a council's own page template."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DEMO

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render import pages, urls
from papers.render.digest import Digests
from papers.render.output import Kept, Outputs, stamps
from papers.render.packs.key import cache_key, pack_digests, site_digest
from papers.render.packs.plan import plan
from papers.render.pagekeys import READ_BY_TEMPLATES, PageKeys, page_keys
from papers.render.project import project
from papers.resources import TEMPLATES

MEETING = "committees/kct-board/2011-07-15"
EARLIER = "committees/kct-board/2011-03-04"  # its minutes are confirmed at MEETING (item A4)
CYPP = "committees/cfe-posc/2010-07-16/reports/childrens-trust-cypp.md"  # listed by its meeting's minutes (B1)


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]  # each page's file in the docs folder
    kept: Kept  # what the next render takes as the folder's last state
    keys: dict[str, str]
    rendered: set[str]  # the pages rendered (the others kept)


def render(content: Path, docs: Path, last: Rendered | None, monkeypatch: pytest.MonkeyPatch) -> Rendered:
    checked = check(content)
    assert checked.site is not None, checked.diagnostics.errors
    site = project(checked.site, PUBLIC)
    rendered: set[str] = set()
    original = pages.render_page

    def counted(env, site, page):
        rendered.add(page.url)
        return original(env, site, page)

    outputs = Outputs(docs, last.kept if last else None)
    keys = PageKeys(last.keys if last else {})
    with monkeypatch.context() as patched:
        patched.setattr(pages, "render_page", counted)
        pages.write_pages(site, outputs, share=False, keys=keys)
    outputs.remove_others()
    files = {name: (docs / name).read_bytes() for name in outputs.digests}
    return Rendered(files, stamps(outputs.digests, docs), keys.current, rendered)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_to_report(content: Path) -> None:
    report = content / MEETING / "reports/shadow-health-wellbeing-board.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nA correction.\n", encoding="utf-8")


def withdraw_earlier_minutes(content: Path) -> None:
    (content / EARLIER / "minutes.md").unlink()


def retitle_listed_paper(content: Path) -> None:
    edit(content / CYPP, "subject: Kent Children's Trust", "subject: The Kent Children's Trust")


def rename_member(content: Path) -> None:
    edit(content / "members/helen-moss.md", "name: Helen Moss", "name: Helen Moss-Hale")


def rename_committee(content: Path) -> None:
    edit(content / "committees/cfe-posc/committee.md", "short_name: CFE POSC", "short_name: CFE Committee")
    edit(content / "committees/cfe-posc/committee.md", "name: Children, Families", "name: Children, Young People")


def relabel_areas(content: Path) -> None:
    edit(content / "site.yml", "area_label: Division", "area_label: Electoral division")


def add_appendix(content: Path) -> None:
    folder = content / MEETING / "reports/strategic-review-survey"
    (folder / "appendix-2-notes.md").write_text("## Notes\n\nNotes of the survey.\n", encoding="utf-8")
    edit(
        content / MEETING / "reports/strategic-review-survey.md",
        "    label: Appendix 1\n",
        "    label: Appendix 1\n  - title: Notes\n    file: strategic-review-survey/appendix-2-notes.md\n"
        "    label: Appendix 2\n",
    )


def override_report_template(content: Path) -> None:
    """The council's copy of the project's report template, with a line of its own."""
    folder = content / "templates/pages"
    folder.mkdir(parents=True)
    own = (TEMPLATES / "pages/report.html.j2").read_text(encoding="utf-8")
    (folder / "report.html.j2").write_text(own + "<p>Printed by the council's own template.</p>\n", "utf-8")


# Each change, and whether every page is rendered again (the change may show on any) or only some (the pages
# whose context holds what changed: a member's name is in every meeting they attended, so in most of the demo).
CHANGES: list[tuple[Callable[[Path], None], bool]] = [
    (append_to_report, False),
    (withdraw_earlier_minutes, False),
    (retitle_listed_paper, False),
    (rename_member, False),
    (rename_committee, False),
    (relabel_areas, True),  # the site's settings: any page template may print them
    (add_appendix, False),
    (override_report_template, True),  # a council's template may print anything of the site
]


@pytest.mark.parametrize(("change", "everywhere"), CHANGES, ids=[change.__name__ for change, _ in CHANGES])
def test_a_rebuild_renders_only_changed_pages_and_equals_a_clean_render(
    change, everywhere, tmp_path, monkeypatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    docs = tmp_path / "docs"
    first = render(content, docs, None, monkeypatch)
    assert first.rendered and len(first.rendered) == len(first.files)

    change(content)
    again = render(content, docs, first, monkeypatch)
    clean = render(content, tmp_path / "clean", None, monkeypatch)

    assert again.files == clean.files, "the same pages, the same bytes"
    changed = {name for name in clean.files if first.files.get(name) != clean.files[name]}
    assert changed, "the change shows on some page"
    assert {urls.docs_file(url) for url in again.rendered} >= changed, "every page that changed was rendered"
    if everywhere:
        assert len(again.rendered) == len(clean.files)
    else:
        assert len(again.rendered) < len(clean.files), "the pages that do not show it are kept"
    if change is append_to_report:  # of the meetings' own pages, only its meeting's were rendered
        meetings = {url for url in again.rendered if re.match(r"committees/[^/]+/\d{4}-\d\d-\d\d/", url)}
        assert meetings and all(url.startswith(f"{MEETING}/") for url in meetings), sorted(meetings)


def test_a_page_file_changed_by_hand_is_rendered_again(tmp_path, monkeypatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    docs = tmp_path / "docs"
    first = render(content, docs, None, monkeypatch)
    touched = next(name for name in first.files if re.search(r"/minutes\.md$|minutes/index\.md$", name))
    (docs / touched).write_bytes(b"edited by hand\n")
    again = render(content, docs, first, monkeypatch)
    assert again.files == first.files
    assert len(again.rendered) == 1


def test_the_project_page_templates_read_of_the_site_only_what_the_key_digests() -> None:
    """A page's key digests of the `site` global only READ_BY_TEMPLATES (and `report_style`, its settings'): a
    template of the project reading more of it (its members, say) would be kept stale when that changed."""
    read: set[str] = set()
    for kind in ("pages", "shared"):
        for template in sorted((TEMPLATES / kind).rglob("*.j2")):
            for code in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", template.read_text(encoding="utf-8"), re.DOTALL):
                read.update(match or "(the site itself)" for match in re.findall(r"\bsite\b(?:\.(\w+))?", code))
    assert read, "the templates print the site's settings"
    assert read <= READ_BY_TEMPLATES | {"report_style"}, read


def test_pages_and_packs_sharing_their_digests_get_the_keys_each_gets_alone() -> None:
    """A build digests each object once for its page keys and pack keys (papers/pipeline.py)."""
    site = project(check(DEMO).site, PUBLIC)
    planned = list(plan(site))
    alone = page_keys(site, list(pages.plan_pages(site)), Digests())
    packs_alone = [cache_key(pack, site_digest(site, pack_digests()), pack_digests()) for pack in planned]
    digests = pack_digests()
    assert page_keys(site, list(pages.plan_pages(site)), digests) == alone
    shared = site_digest(site, digests)
    assert [cache_key(pack, shared, digests) for pack in planned] == packs_alone
