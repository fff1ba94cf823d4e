"""Tagged PDFs (PDF/UA-1), checked by tools nobody on the project wrote, and by our own checks (tests/pdf_tags.py).

Every pack, front sheet and printed minutes of the demo's public and members' builds, and of a council whose
supplied appendices are untagged (laid in as figures), is checked by:
- `pdfua` (pikepdf; the machine-checkable subset of PDF/UA-1 and WCAG): no finding at all;
- `outloud` (PyMuPDF; PDF/UA-1 conformance rules plus semantic checks): no error or warning, except three
  semantic heuristics judged false positives here (JUDGED);
- `page` (Rust, from the page-validation package; the veraPDF-style PDF/UA-1 profile): no failed rule;
- our own pikepdf and pypdf checks: every MCID belongs to exactly one element, no text outside tagged content and
  artifacts, header cells with /Scope, no empty /Headers, no heading gap, every LI with its LBody, and running
  heads, page numbers and blank-page notices painted as artifacts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import page as page_checker
import pikepdf
import pytest
from conftest import DEMO, FIXTURES, MINIMAL, run_build
from pdf_tags import check, kids, walk
from pypdf import PdfReader

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
# outloud's semantic heuristics that misjudge these PDFs (each read and judged by hand):
JUDGED = {
    # Email addresses printed as text, not links: packs print every link as text, as on paper (plan.py).
    "LNK-010",
    # "Header cells look shredded": a table headed by a row of column headers and a column of row headers (the
    # demo appendix: 2 + 6 header cells for 6 data cells), each data cell naming both in /Headers.
    "TBL-010",
    # "Paints content out of tag-tree order": WeasyPrint paints list bullets after the items' text; the tree
    # reads each Lbl before its LBody, which is the order that matters to a reader.
    "ORD-001",
    # "Running header or footer tagged as content on 3 or more pages": the line at the top of each paper saying
    # which agenda item it belongs to, which is the paper's content, printed once per paper; an item that takes
    # four sets of minutes (tests/fixtures/scrutiny) prints it at the top of four papers. The running heads and
    # page numbers themselves are checked to be artifacts below, by our own reading of the tags.
    "PAG-001",
}
SUPPLIED_PACK = "committees/cfe-posc/2010-07-16/agenda-pack.pdf"
UNTAGGED_CASE = FIXTURES / "invalid" / "untagged-supplied-pdf" / "content"


@pytest.fixture(scope="module")
def members_demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("members") / "members-site"
    status, _, stderr = run_build(DEMO, out, "--audience", "members")
    assert status == 0, stderr
    return out


LINKED = (
    '<html lang="en-GB"><head><title>{0}</title></head><body><h1>{0}</h1>'
    '<p>Read the <a href="https://example.org/plan">full plan</a> online.</p><ul><li>One</li><li>Two</li></ul>'
    "</body></html>"
)


@pytest.fixture(scope="module")
def untagged_council(tmp_path_factory) -> Path:
    """The minimal council with supplied appendices whose tags are missing or incomplete (W315), and two with a
    link: one tagged (its Link element and annotation grafted), one untagged (a figure, and a Link of its own)."""
    import weasyprint

    content = tmp_path_factory.mktemp("untagged") / "content"
    shutil.copytree(MINIMAL, content)
    shutil.copytree(UNTAGGED_CASE, content, dirs_exist_ok=True)
    report = content / "committees/scs-posc/2011-11-17/reports/kscb-update.md"
    weasyprint.HTML(string=LINKED.format("Links, tagged")).write_pdf(
        report.parent / "kscb-update/linked-tagged.pdf", pdf_variant="pdf/ua-1"
    )
    weasyprint.HTML(string=LINKED.format("Links, untagged")).write_pdf(report.parent / "kscb-update/linked.pdf")
    written = report.read_text(encoding="utf-8")
    report.write_text(
        written.replace(
            "background_documents: none",
            "  - {title: Links tagged, file: kscb-update/linked-tagged.pdf}\n"
            "  - {title: Links untagged, file: kscb-update/linked.pdf}\nbackground_documents: none",
        ),
        encoding="utf-8",
    )
    status, _, stderr = run_build(content, content.parent / "site")
    assert status == 0, stderr
    assert stderr.count("warning[W315]") == 3, stderr
    return content.parent / "site"


@pytest.fixture(scope="module")
def scrutiny_council(tmp_path_factory) -> Path:
    """A cover page, papers numbered from 1 after a padded front sheet, sets of minutes nested under an item,
    an empty exempt section (tests/fixtures/scrutiny, issue 13)."""
    out = tmp_path_factory.mktemp("scrutiny") / "site"
    status, _, stderr = run_build(FIXTURES / "scrutiny" / "content", out)
    assert status == 0, stderr
    return out


@pytest.fixture(scope="module", params=["public", "members", "untagged", "scrutiny"])
def build(request) -> Path:
    fixture = {
        "public": "built_demo",
        "members": "members_demo",
        "untagged": "untagged_council",
        "scrutiny": "scrutiny_council",
    }[request.param]
    return request.getfixturevalue(fixture)


def packs(site: Path) -> list[Path]:
    """Every PDF we make (not the supplied files published as they were given)."""
    found = sorted(path for path in (site / "committees").rglob("*.pdf"))
    assert found, f"no PDFs in {site}"
    return found


def test_pdfua_finds_nothing(build):
    for pdf in packs(build):
        completed = subprocess.run(
            [BIN / "pdfua", "check", "--format", "json", str(pdf)], capture_output=True, text=True
        )
        report = json.loads(completed.stdout)
        assert report["findings"] == [], pdf
        # Its empty-heading rule fails on any /K array (getattr on a pikepdf Array raises ValueError): our own
        # checks cover empty headings (empty elements are left out of the tree).
        assert {skipped["rule_id"] for skipped in report.get("skipped", [])} <= {"UA-14-001"}, pdf


def test_outloud_finds_no_error_or_warning(build):
    pdfs = packs(build)
    completed = subprocess.run(
        [BIN / "outloud", "--json", "-", "--fail-on", "never", *map(str, pdfs)], capture_output=True, text=True
    )
    results = json.loads(completed.stdout)["results"]
    assert len(results) == len(pdfs), completed.stderr
    for result in results:
        assert result["error"] is None, result["path"]
        found = [
            f"{finding['rule']} p.{finding.get('page')}: {finding['message']}"
            for finding in result["findings"]
            if finding["severity"] in ("error", "warning") and finding["rule"] not in JUDGED
        ]
        assert found == [], result["path"]
        assert result["stats"]["tagged"], result["path"]


def test_page_finds_no_failed_rule(build):
    for pdf in packs(build):
        report = page_checker.validate_pdf(pdf, profile="ua1")
        assert [f"{failure.rule_id}: {failure.message}" for failure in report.failures] == [], pdf


def test_every_marked_piece_belongs_to_one_element_and_no_text_is_untagged(build):
    for pdf in packs(build):
        report = check(pdf)
        assert report.problems == [], pdf
        assert report.tagged_pieces > 0, pdf


def test_running_heads_page_numbers_and_blank_notices_are_artifacts(build):
    for pdf in packs(build):
        report = check(pdf)
        blanks = 0
        for number, artifacts in report.artifact_text.items():
            tagged = report.tagged_text[number]
            if f"Page {number}" in artifacts:
                assert f"Page {number}" not in tagged, (pdf, number)
            if "This page is intentionally left blank" in artifacts:
                blanks += 1
            assert "This page is intentionally left blank" not in tagged, (pdf, number)
        if "agenda-pack" in pdf.name and len(report.artifact_text) > 4:
            # Every page from the first numbered one carries its number as an artifact, counting on by one (from
            # the front sheet, or from 1 at the first paper with `page_numbering: papers`): all but the front
            # sheet's pages.
            printed = {
                n: int(found[1])
                for n, artifacts in report.artifact_text.items()
                if (found := re.search(r"\bPage (\d+)$", artifacts[-1] if artifacts else ""))
            }
            first, last = min(printed), max(report.artifact_text)
            assert sorted(printed) == list(range(first, last + 1)), pdf
            assert {printed[n] - n for n in printed} == {printed[first] - first}, pdf
            assert first <= 5, pdf  # a cover, a front sheet of two pages and the page that pads it
    pack = check(packs(build)[0])
    assert pack.artifact_text


def test_every_pdf_is_pdf_1_7_with_its_own_title(build):
    for pdf in packs(build):
        with pikepdf.open(pdf) as opened:
            assert opened.pdf_version == "1.7", pdf
        assert pdf.read_bytes().startswith(b"%PDF-1.7"), pdf
        title = PdfReader(pdf).metadata.title
        if pdf.name == "agenda-frontsheet.pdf":
            assert title.endswith("Agenda front sheet") or "Agenda front sheet (" in title, title
        elif pdf.name == "agenda-pack.pdf":
            assert "Agenda pack" in title, title


def test_supplied_appendix_text_is_read_in_its_table(built_demo):
    """The demo's tagged appendix: its words are tagged content, inside a Table with row and column headers."""
    pdf = built_demo / SUPPLIED_PACK
    report = check(pdf)
    assert report.problems == []
    pages = [number for number, texts in report.tagged_text.items() if "What happens" in texts]
    assert len(pages) == 1
    supplied_page = pages[0]
    assert "Stage 1 — Needs" in report.tagged_text[supplied_page]
    assert len(report.tagged_text[supplied_page]) >= 41  # every piece of the appendix, none left to no tag
    with pikepdf.open(pdf) as opened:
        page_key = opened.pages[supplied_page - 1].obj.objgen
        tables = [
            element
            for element in walk(opened.Root.StructTreeRoot)
            if element.get("/S") == "/Table" and element.get("/Pg") is not None and element.Pg.objgen == page_key
        ]
        assert len(tables) == 1
        scopes = sorted(str(cell.A.Scope) for cell in walk(tables[0]) if cell.get("/S") == "/TH")
        assert scopes == ["/Column"] * 2 + ["/Row"] * 6
        section = tables[0].P
        assert section.get("/S") == "/Sect"  # grafted into the paper's own section


def test_untagged_supplied_pages_are_figures_with_their_heading(untagged_council):
    pdf = untagged_council / "committees/scs-posc/2011-11-17/agenda-pack.pdf"
    with pikepdf.open(pdf) as opened:
        figures = [element for element in walk(opened.Root.StructTreeRoot) if element.get("/S") == "/Figure"]
        alts = sorted(str(figure.Alt) for figure in figures)
        assert len(alts) == 3
        assert alts[0].startswith("Appendix 1: Referrals by district, page 1 of 1: a page of a supplied document")
        assert alts[1].startswith("Appendix 2: Board membership, page 1 of 1")
        assert alts[2].startswith("Appendix 4: Links untagged, page 1 of 1")
        assert all(len(kids(figure)) == 1 and isinstance(kids(figure)[0], int) for figure in figures)
        # Both supplied links are in the tree: the tagged one inside its own text, the other beside its figure.
        links = [element for element in walk(opened.Root.StructTreeRoot) if element.get("/S") == "/Link"]
        assert len(links) == 2
        for link in links:
            references = [kid for kid in kids(link) if isinstance(kid, pikepdf.Dictionary)]
            assert [str(kid.Obj.A.URI) for kid in references] == ["https://example.org/plan"]
            assert str(references[0].Obj.Contents) == "https://example.org/plan"
        assert sorted(any(isinstance(kid, int) for kid in kids(link)) for link in links) == [False, True]
    # What is printed is the supplied text, as it was supplied.
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"District\s+Referrals", text) and "Ashford" in text and "KSCB - November 2011" in text


def test_members_build_keeps_exempt_marking_as_an_artifact_in_the_running_head(members_demo):
    """The members' edition marks private papers in the running head: painted, and never tagged twice."""
    marked = 0
    for pdf in packs(members_demo):
        report = check(pdf)
        assert report.problems == []
        marked += sum("NOT FOR PUBLICATION" in " ".join(texts) for texts in report.artifact_text.values())
    assert marked, "the members' build should mark its private papers"


def test_the_same_content_makes_the_same_bytes(tmp_path):
    """Post-processing is deterministic: the pack with the supplied appendix, rendered twice."""
    from papers.model.audience import PUBLIC
    from papers.pipeline import check as check_content
    from papers.render.packs.pdf import render_job
    from papers.render.packs.plan import plan_packs
    from papers.render.project import project

    site = check_content(DEMO).site
    assert site is not None
    job = next(job for job in plan_packs(project(site, PUBLIC)) if job.supplied)
    assert render_job(job) == render_job(job)
