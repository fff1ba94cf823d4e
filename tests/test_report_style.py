"""The report header is per-site configuration: Kent's block and Lincolnshire's opening line."""

from __future__ import annotations

from conftest import DEMO, FIXTURES

from papers.pipeline import check
from papers.render.reportheader import contact_line, header_lines, opening_line


def first_report(content, slug):
    site = check(content).site
    report = next(r for r in site.reports if r.slug == slug)
    return site, report


def test_kent_header_block():
    site, report = first_report(DEMO, "financial-resources")
    lines = [(line.label, line.values) for line in header_lines(report, site.report_style)]
    assert lines == [
        ("By:", ("Marisa White, Head of Strategic Planning and Review",)),
        ("To:", ("Kent Children's Trust Board",)),
        ("Date of Meeting:", ("4 March 2011",)),
        ("Subject:", ("Overview of Financial Resources for Children's Services in Kent",)),
        ("Classification:", ("Unrestricted",)),
    ]
    assert opening_line(report, site.report_style) is None
    assert site.report_style.summary_heading == "Summary of Paper"


def test_lincolnshire_opening_and_header():
    site, report = first_report(FIXTURES / "lincs" / "content", "core-offer")
    style = site.report_style
    assert (
        opening_line(report, style) == "Open Report on behalf of Debbie Barnes, Assistant Director Children's Services"
    )
    assert [(line.label, line.values) for line in header_lines(report, style)] == [
        ("Report to:", ("Children and Young People Scrutiny Committee",)),
        ("Date:", ("25 February 2011",)),
        ("Subject:", ("Proposals for Children's Services Core Offer 2011/2014",)),
    ]
    assert style.recommendations_heading == "Actions Required"
    assert style.no_background_documents.startswith("No background papers within Section 100D")
    assert contact_line(report.contact_officers[0], style) is None or "Debbie Barnes" in contact_line(
        report.contact_officers[0], style
    )
    assert site.settings.role_labels.label("co-opted") == "Church Representative"
