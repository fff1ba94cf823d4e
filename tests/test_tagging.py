"""The tag repairs on small PDFs (fast tier): supplied copies keep whole tags, WeasyPrint's tags made whole.

Read back with our own checks (tests/pdf_tags.py: pikepdf and pypdf, none of papers' code); the packs
themselves are checked by three PDF/UA checkers in tests/test_pdf_accessibility.py (slow).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from conftest import DEMO, FIXTURES
from pdf_tags import check, walk

from papers.content import supplied
from papers.render.packs import tagging

TAGGED = DEMO / "committees/cfe-posc/2010-07-16/reports/childrens-trust-cypp/appendix-2-cypp-stages.pdf"
CASES = FIXTURES / "invalid"
UNTAGGED = CASES / "untagged-supplied-pdf/content/committees/scs-posc/2011-11-17/reports/kscb-update"


def written(tmp_path: Path, data: bytes, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_published_copy_keeps_the_tags_of_a_tagged_appendix(tmp_path):
    copy = written(tmp_path, supplied.cleaned(TAGGED, "Appendix 2: Key stages in developing the new CYPP"))
    report = check(copy)
    assert report.problems == []
    assert report.tagged_pieces == 41  # every piece of its text, as in the original
    with pikepdf.open(copy) as pdf:
        kinds = [str(element.S) for element in walk(pdf.Root.StructTreeRoot)]
        assert kinds[:3] == ["/Document", "/H1", "/Span"] and "/Table" in kinds
        assert not any("/T" in element or "/C" in element for element in walk(pdf.Root.StructTreeRoot))
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    assert supplied.cleaned(TAGGED, "x") == supplied.cleaned(TAGGED, "x")


@pytest.mark.parametrize(("name", "measured"), [("printed-to-pdf.pdf", (1, 1)), ("running-head-untagged.pdf", (1, 3))])
def test_an_appendix_whose_tags_leave_text_out_is_published_as_its_pages_alone(tmp_path, name, measured):
    assert supplied.tags_leave_out(UNTAGGED / name) == measured
    with pikepdf.open(io.BytesIO(supplied.cleaned(UNTAGGED / name))) as pdf:
        assert "/StructTreeRoot" not in pdf.Root


def test_an_unreadable_pdf_is_left_to_e231():
    locked = CASES / "unsafe-attachments/content/committees/scs-posc/2011-11-17/reports/kscb-update/locked.pdf"
    assert supplied.tags_leave_out(locked) is None


PAGE = """<html lang="en-GB"><head><title>Minutes</title><style>
@page {{ @top-center {{ content: "Committee - 1 May 2011"; }} @bottom-center {{ content: "Page " counter(page); }} }}
</style></head><body>{}</body></html>"""


def finished(tmp_path: Path, body: str) -> Path:
    import weasyprint

    rendered = weasyprint.HTML(string=PAGE.format(body)).write_pdf(pdf_variant="pdf/ua-1")
    return written(tmp_path, tagging.finish(rendered))


def test_margins_become_artifacts_and_heading_gaps_close(tmp_path):
    pdf = finished(tmp_path, "<h1>Minutes</h1><h3>1. Apologies</h3><h4>Detail</h4><h3>2. Minutes</h3><p>Agreed.</p>")
    report = check(pdf)
    assert report.problems == []
    assert report.artifact_text[1] == ["Committee - 1 May 2011", "Page 1"]
    assert "Page 1" not in report.tagged_text[1]
    with pikepdf.open(pdf) as opened:
        headings = [str(e.S) for e in walk(opened.Root.StructTreeRoot) if re.fullmatch(r"/H\d", str(e.S))]
        assert headings == ["/H1", "/H2", "/H3", "/H2"]
        assert opened.pdf_version == "1.7"


def test_header_cells_get_a_scope_and_empty_headers_go(tmp_path):
    table = (
        "<table><thead><tr><th>Year</th><th>Saving</th></tr></thead>"
        '<tbody><tr><th scope="row">2011/12</th><td>£11.379m</td></tr><tr><td>Total</td><td>£20m</td></tr></tbody>'
        "</table><table><tr><td>No</td><td>headers</td></tr></table>"
    )
    pdf = finished(tmp_path, "<h1>Savings</h1>" + table)
    assert check(pdf).problems == []
    with pikepdf.open(pdf) as opened:
        scopes = [str(e.A.Scope) for e in walk(opened.Root.StructTreeRoot) if e.S == "/TH"]
        assert scopes == ["/Column", "/Column", "/Row"]  # scope="row" is kept; the others head their columns
        cells = [e for e in walk(opened.Root.StructTreeRoot) if e.S == "/TD"]
        assert all(len(cell.A.get("/Headers", [1])) for cell in cells)


def test_the_same_pdf_is_finished_to_the_same_bytes(tmp_path):
    import weasyprint

    rendered = weasyprint.HTML(string=PAGE.format("<h1>A</h1><ul><li>One</li></ul>")).write_pdf(pdf_variant="pdf/ua-1")
    assert tagging.finish(rendered) == tagging.finish(rendered)
