"""The public build leaks nothing, tested as an attacker would (issue 4, part 3).

tests/fixtures/leaks/content is a small council with a unique marker planted in every place private
material can be: every field and file of an exempt and of a confidential paper, exempt appendices of a
public paper, the minutes of private items, HTML comments (clerks' drafting notes), files nothing refers
to, a draft agenda and a supplementary item not yet published. Each marker is `LEAK-<place>-7f3a` (file
and report names carry it in lower case: matching is case-insensitive). We build the public site and
read every output byte with tests/leakscan.py: names, raw bytes, decompressed gzip, JSON, and each PDF's
text, streams, metadata, outline, annotations and attachments. No private marker may be found.

`CTRL-<place>-7f3a` markers sit in public places and must each be found, by the kind of scan that reads
the output they were placed for, so a scan that silently sees nothing fails too.

The members' build (`build --audience members`) must contain the exempt and confidential papers,
marked "NOT FOR PUBLICATION - ...", and still nothing of drafts, comments or stray files; it refuses to
replace a public build.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, PROJECT, run_build, run_check
from leakscan import Hit, Matcher, Readable, matches, pdftotext_pages, scan, unreadable_layers

LEAKS = FIXTURES / "leaks" / "content"
HELD = "committees/cabinet/2012-01-19"
PUBLISHED = "committees/cabinet/2012-02-16"
DRAFT = "committees/cabinet/2012-03-15"
SPECIAL = "committees/cabinet/2012-01-26"  # the slips of minutes taken in private session

# --- the markers --------------------------------------------------------------------------------

EXEMPT = "exempt item (B2, paragraph 3)"
CONFIDENTIAL = "confidential item (B3, s.100A(3))"
EXEMPT_APPENDIX = "exempt appendix (paragraph 1) of a public report"
PRIVATE_MINUTE = "minute of a private item"
COMMENT = "HTML comment"
UNREFERENCED = "file nothing refers to"
DRAFT_AGENDA = "draft agenda (no agenda_published)"
SUPPLEMENTARY = "supplementary item not yet published"
UNSAFE_LINK = "unsafe link target"
HIDDEN_PDF = "hidden content of a public supplied PDF"
CONTROL = "control (public)"

_R = f"{HELD}/reports"
_EX = f"{_R}/leak-exempt-report-slug-7f3a.md"
_CONF = f"{_R}/leak-conf-report-slug-7f3a.md"
_PUB = f"{_R}/ctrl-public-report-slug-7f3a.md"

PRIVATE: dict[str, tuple[str, str]] = {
    # The exempt item B2 and its report: every field, the body, an image, a Markdown and a PDF appendix.
    "LEAK-exempt-item-text-7f3a": (EXEMPT, f"{HELD}/meeting.md item B2 text"),
    "LEAK-exempt-item-lead-7f3a": (EXEMPT, f"{HELD}/meeting.md item B2 lead"),
    "LEAK-exempt-public-interest-7f3a": (EXEMPT, f"{HELD}/meeting.md item B2 public_interest"),
    "LEAK-exempt-urgency-reason-7f3a": (EXEMPT, f"{HELD}/meeting.md item B2 urgency_reason"),
    "LEAK-exempt-report-slug-7f3a": (EXEMPT, f"{_EX} (the report's name, and its folder)"),
    "LEAK-exempt-subject-7f3a": (EXEMPT, f"{_EX} subject"),
    "LEAK-exempt-by-7f3a": (EXEMPT, f"{_EX} by"),
    "LEAK-exempt-to-7f3a": (EXEMPT, f"{_EX} to"),
    "LEAK-exempt-reference-7f3a": (EXEMPT, f"{_EX} reference"),
    "LEAK-exempt-classification-7f3a": (EXEMPT, f"{_EX} classification"),
    "LEAK-exempt-purpose-7f3a": (EXEMPT, f"{_EX} purpose"),
    "LEAK-exempt-summary-7f3a": (EXEMPT, f"{_EX} summary"),
    "LEAK-exempt-recommendations-intro-7f3a": (EXEMPT, f"{_EX} recommendations_intro"),
    "LEAK-exempt-recommendation-one-7f3a": (EXEMPT, f"{_EX} recommendations[0]"),
    "LEAK-exempt-recommendation-two-7f3a": (EXEMPT, f"{_EX} recommendations[1]"),
    "LEAK-exempt-recommendations-heading-7f3a": (EXEMPT, f"{_EX} recommendations_heading"),
    "LEAK-exempt-summary-heading-7f3a": (EXEMPT, f"{_EX} summary_heading"),
    "LEAK-exempt-background-heading-7f3a": (EXEMPT, f"{_EX} background_heading"),
    "LEAK-exempt-contact-heading-7f3a": (EXEMPT, f"{_EX} contact_heading"),
    "LEAK-exempt-footer-7f3a": (EXEMPT, f"{_EX} footer (a running footer in the pack)"),
    "LEAK-exempt-contact-intro-7f3a": (EXEMPT, f"{_EX} contact_officers intro"),
    "LEAK-exempt-decision-reference-7f3a": (EXEMPT, f"{_EX} decision_reference"),
    "LEAK-exempt-wards-7f3a": (EXEMPT, f"{_EX} wards_affected"),
    "LEAK-exempt-contact-name-7f3a": (EXEMPT, f"{_EX} contact_officers name"),
    "LEAK-exempt-contact-title-7f3a": (EXEMPT, f"{_EX} contact_officers title"),
    "LEAK-exempt-contact-phone-7f3a": (EXEMPT, f"{_EX} contact_officers phone"),
    "LEAK-exempt-contact-email-7f3a": (EXEMPT, f"{_EX} contact_officers email"),
    "LEAK-exempt-contact-address-7f3a": (EXEMPT, f"{_EX} contact_officers address"),
    "LEAK-exempt-background-one-7f3a": (EXEMPT, f"{_EX} background_documents[0]"),
    "LEAK-exempt-background-two-7f3a": (EXEMPT, f"{_EX} background_documents[1]"),
    "LEAK-exempt-appendix-md-title-7f3a": (EXEMPT, f"{_EX} appendices[0] title"),
    "LEAK-exempt-appendix-md-label-7f3a": (EXEMPT, f"{_EX} appendices[0] label"),
    "LEAK-exempt-appendix-md-name-7f3a": (EXEMPT, f"{_EX} appendices[0] file name"),
    "LEAK-exempt-appendix-md-body-7f3a": (EXEMPT, "the exempt report's Markdown appendix, its text"),
    "LEAK-exempt-appendix-pdf-title-7f3a": (EXEMPT, f"{_EX} appendices[1] title"),
    "LEAK-exempt-appendix-pdf-label-7f3a": (EXEMPT, f"{_EX} appendices[1] label"),
    "LEAK-exempt-appendix-pdf-name-7f3a": (EXEMPT, f"{_EX} appendices[1] file name"),
    "LEAK-exempt-appendix-pdf-text-7f3a": (EXEMPT, "the exempt report's PDF appendix, its page text"),
    "LEAK-exempt-appendix-pdf-meta-7f3a": (EXEMPT, "the exempt report's PDF appendix, its document title"),
    "LEAK-exempt-heading-7f3a": (EXEMPT, f"{_EX} body, a heading"),
    "LEAK-exempt-report-body-7f3a": (EXEMPT, f"{_EX} body, paragraph 1.1"),
    "LEAK-exempt-table-cell-7f3a": (EXEMPT, f"{_EX} body, a table cell"),
    "LEAK-exempt-html-table-header-7f3a": (EXEMPT, f"{_EX} body, a table written in HTML, its header cell"),
    "LEAK-exempt-html-table-cell-7f3a": (EXEMPT, f"{_EX} body, a table written in HTML, a cell"),
    "LEAK-exempt-html-table-total-7f3a": (EXEMPT, f"{_EX} body, a table written in HTML, a bold underlined cell"),
    "LEAK-exempt-footnote-7f3a": (EXEMPT, f"{_EX} body, a footnote"),
    "LEAK-exempt-image-alt-7f3a": (EXEMPT, f"{_EX} body, an image's alt text"),
    "LEAK-exempt-image-name-7f3a": (EXEMPT, f"{_EX} body, the file name of the image it shows"),
    "LEAK-exempt-image-bytes-7f3a": (EXEMPT, "the exempt report's image, a PNG text chunk"),
    "LEAK-exempt-link-url-7f3a": (EXEMPT, f"{_EX} body, an external link's address"),
    # The confidential item B3 and its report.
    "LEAK-conf-item-text-7f3a": (CONFIDENTIAL, f"{HELD}/meeting.md item B3 text"),
    "LEAK-conf-item-lead-7f3a": (CONFIDENTIAL, f"{HELD}/meeting.md item B3 lead"),
    "LEAK-conf-report-slug-7f3a": (CONFIDENTIAL, f"{_CONF} (the report's name, and its folder)"),
    "LEAK-conf-subject-7f3a": (CONFIDENTIAL, f"{_CONF} subject"),
    "LEAK-conf-by-7f3a": (CONFIDENTIAL, f"{_CONF} by"),
    "LEAK-conf-summary-7f3a": (CONFIDENTIAL, f"{_CONF} summary"),
    "LEAK-conf-contact-name-7f3a": (CONFIDENTIAL, f"{_CONF} contact_officers name"),
    "LEAK-conf-background-7f3a": (CONFIDENTIAL, f"{_CONF} background_documents"),
    "LEAK-conf-appendix-title-7f3a": (CONFIDENTIAL, f"{_CONF} appendices[0] title"),
    "LEAK-conf-appendix-name-7f3a": (CONFIDENTIAL, f"{_CONF} appendices[0] file name"),
    "LEAK-conf-appendix-body-7f3a": (CONFIDENTIAL, "the confidential report's Markdown appendix, its text"),
    "LEAK-conf-report-body-7f3a": (CONFIDENTIAL, f"{_CONF} body"),
    # Exempt appendices (paragraph 1) of the public report A2: their titles are public, nothing else.
    "LEAK-exempt-appx-of-public-md-name-7f3a": (EXEMPT_APPENDIX, f"{_PUB} appendices[2] file name"),
    "LEAK-exempt-appx-of-public-md-body-7f3a": (EXEMPT_APPENDIX, "the exempt Markdown appendix, its text"),
    "LEAK-exempt-appx-of-public-image-name-7f3a": (
        EXEMPT_APPENDIX,
        "the exempt Markdown appendix, the image it shows (file name)",
    ),
    "LEAK-exempt-appx-of-public-image-bytes-7f3a": (EXEMPT_APPENDIX, "that image, a PNG text chunk"),
    "LEAK-exempt-appx-of-public-pdf-name-7f3a": (EXEMPT_APPENDIX, f"{_PUB} appendices[3] file name"),
    "LEAK-exempt-appx-of-public-pdf-text-7f3a": (EXEMPT_APPENDIX, "the exempt PDF appendix, its page text"),
    "LEAK-exempt-appx-of-public-pdf-meta-7f3a": (EXEMPT_APPENDIX, "the exempt PDF appendix, its document title"),
    # Minutes of the private items (their titles are public).
    "LEAK-exempt-minute-text-7f3a": (PRIVATE_MINUTE, f"{HELD}/minutes.md minute 4 (item B2) text"),
    "LEAK-exempt-minute-resolved-7f3a": (PRIVATE_MINUTE, f"{HELD}/minutes.md minute 4 (item B2) resolved"),
    "LEAK-exempt-minute-text-resolution-7f3a": (
        PRIVATE_MINUTE,
        f"{HELD}/minutes.md minute 4 (item B2) text, a lettered resolution written in it",
    ),
    "LEAK-conf-minute-text-7f3a": (PRIVATE_MINUTE, f"{HELD}/minutes.md minute 5 (item B3) text"),
    "LEAK-conf-minute-resolved-7f3a": (PRIVATE_MINUTE, f"{HELD}/minutes.md minute 5 (item B3) resolved"),
    "LEAK-conf-minute-resolution-number-7f3a": (PRIVATE_MINUTE, f"{HELD}/minutes.md minute 5 resolved[1] number"),
    "LEAK-conf-minute-resolution-opening-7f3a": (PRIVATE_MINUTE, f"{HELD}/minutes.md minute 5 resolved[1] opening"),
    "LEAK-conf-minute-resolution-part-7f3a": (PRIVATE_MINUTE, f"{HELD}/minutes.md minute 5 resolved[1] parts"),
    "LEAK-withdrawn-exempt-reason-7f3a": (
        EXEMPT,
        f"{HELD}/meeting.md item B4 (withdrawn, exempt by paragraph alone) withdrawn_reason",
    ),
    "LEAK-unlinked-private-minute-text-7f3a": (PRIVATE_MINUTE, f"{HELD}/minutes.md minute 6 (no item, exempt) text"),
    "LEAK-unlinked-private-minute-resolved-7f3a": (
        PRIVATE_MINUTE,
        f"{HELD}/minutes.md minute 6 (no item, exempt) resolved",
    ),
    # Slips after the exclusion of the press and public (minute 9): private by the private-session rule.
    "LEAK-reworded-minute-text-7f3a": (
        PRIVATE_MINUTE,
        f"{SPECIAL}/minutes.md minute 10 (item 4's under a reworded title, no item:) text",
    ),
    "LEAK-reworded-minute-resolved-7f3a": (
        PRIVATE_MINUTE,
        f"{SPECIAL}/minutes.md minute 10 (item 4's under a reworded title, no item:) resolved",
    ),
    "LEAK-mistyped-item-minute-text-7f3a": (
        PRIVATE_MINUTE,
        f"{SPECIAL}/minutes.md minute 11 (item 5's, mistyped item: 2, own exempt_paragraph) text",
    ),
    "LEAK-mistyped-item-minute-resolved-7f3a": (
        PRIVATE_MINUTE,
        f"{SPECIAL}/minutes.md minute 11 (item 5's, mistyped item: 2, own exempt_paragraph) resolved",
    ),
    # HTML comments in public Markdown: clerks' drafting notes, never output, not even as escaped text.
    "LEAK-comment-in-public-report-7f3a": (COMMENT, f"{_PUB} body"),
    "LEAK-comment-multiline-7f3a": (COMMENT, f"{_PUB} body, a comment over several lines"),
    "LEAK-comment-in-report-summary-7f3a": (COMMENT, f"{_PUB} summary"),
    "LEAK-comment-in-public-appendix-7f3a": (COMMENT, f"{_R}/ctrl-public-report-slug-7f3a/savings-schedule.md"),
    "LEAK-comment-in-item-text-7f3a": (COMMENT, f"{HELD}/meeting.md item A2 text"),
    "LEAK-comment-in-meeting-notes-7f3a": (COMMENT, f"{HELD}/meeting.md body"),
    "LEAK-comment-in-minutes-preamble-7f3a": (COMMENT, f"{HELD}/minutes.md body"),
    "LEAK-comment-in-minute-text-7f3a": (COMMENT, f"{HELD}/minutes.md minute 2 text"),
    "LEAK-comment-in-resolution-7f3a": (
        COMMENT,
        f"{HELD}/minutes.md minute 2 resolved (printed as is, not as Markdown)",
    ),
    "LEAK-comment-in-committee-terms-7f3a": (COMMENT, "committees/cabinet/committee.md body"),
    "LEAK-comment-in-member-bio-7f3a": (COMMENT, "members/ann-ward.md body"),
    # Files that nothing refers to.
    "LEAK-orphan-report-slug-7f3a": (UNREFERENCED, f"{_R}/leak-orphan-report-slug-7f3a.md, on no agenda item"),
    "LEAK-orphan-report-subject-7f3a": (UNREFERENCED, "that report's subject"),
    "LEAK-orphan-report-body-7f3a": (UNREFERENCED, "that report's body"),
    "LEAK-unreferenced-txt-name-7f3a": (UNREFERENCED, f"{_R}/notes-leak-unreferenced-txt-name-7f3a.txt"),
    "LEAK-unreferenced-txt-body-7f3a": (UNREFERENCED, "that text file's content"),
    "LEAK-unreferenced-image-name-7f3a": (UNREFERENCED, f"{_R}/leak-unreferenced-image-name-7f3a.png"),
    "LEAK-unreferenced-image-bytes-7f3a": (UNREFERENCED, "that image, a PNG text chunk"),
    "LEAK-hidden-name-7f3a": (UNREFERENCED, f"{_R}/.leak-hidden-name-7f3a.txt (a hidden file)"),
    "LEAK-hidden-body-7f3a": (UNREFERENCED, "that hidden file's content"),
    "LEAK-root-stray-name-7f3a": (UNREFERENCED, "leak-root-stray-name-7f3a.md at the top of content/"),
    "LEAK-root-stray-body-7f3a": (UNREFERENCED, "that file's content"),
    # A draft agenda: only the meeting's date, time, venue, title and committee are public.
    "LEAK-draft-section-title-7f3a": (DRAFT_AGENDA, f"{DRAFT}/meeting.md section A title"),
    "LEAK-draft-item-title-one-7f3a": (DRAFT_AGENDA, f"{DRAFT}/meeting.md item A1 title"),
    "LEAK-draft-item-text-7f3a": (DRAFT_AGENDA, f"{DRAFT}/meeting.md item A1 text"),
    "LEAK-draft-item-title-two-7f3a": (DRAFT_AGENDA, f"{DRAFT}/meeting.md item A2 title"),
    "LEAK-draft-item-lead-7f3a": (DRAFT_AGENDA, f"{DRAFT}/meeting.md item A2 lead"),
    "LEAK-draft-meeting-notes-7f3a": (DRAFT_AGENDA, f"{DRAFT}/meeting.md body"),
    "LEAK-draft-report-slug-7f3a": (DRAFT_AGENDA, f"{DRAFT}/reports/leak-draft-report-slug-7f3a.md (its name)"),
    "LEAK-draft-report-subject-7f3a": (DRAFT_AGENDA, "the draft report's subject"),
    "LEAK-draft-report-by-7f3a": (DRAFT_AGENDA, "the draft report's by"),
    "LEAK-draft-report-summary-7f3a": (DRAFT_AGENDA, "the draft report's summary"),
    "LEAK-draft-background-7f3a": (DRAFT_AGENDA, "the draft report's background_documents"),
    "LEAK-draft-report-body-7f3a": (DRAFT_AGENDA, "the draft report's body"),
    "LEAK-draft-appendix-md-title-7f3a": (DRAFT_AGENDA, "the draft report's Markdown appendix title"),
    "LEAK-draft-appendix-md-name-7f3a": (DRAFT_AGENDA, "the draft report's Markdown appendix file name"),
    "LEAK-draft-appendix-md-body-7f3a": (DRAFT_AGENDA, "the draft report's Markdown appendix text"),
    "LEAK-draft-appendix-pdf-title-7f3a": (DRAFT_AGENDA, "the draft report's PDF appendix title"),
    "LEAK-draft-appendix-pdf-name-7f3a": (DRAFT_AGENDA, "the draft report's PDF appendix file name"),
    "LEAK-draft-appendix-pdf-text-7f3a": (DRAFT_AGENDA, "the draft report's PDF appendix page text"),
    "LEAK-draft-appendix-pdf-meta-7f3a": (DRAFT_AGENDA, "the draft report's PDF appendix document title"),
    # A supplementary item on a published agenda, with no supplementary_published yet.
    "LEAK-supp-item-title-7f3a": (SUPPLEMENTARY, f"{PUBLISHED}/meeting.md item 4 title"),
    "LEAK-supp-item-lead-7f3a": (SUPPLEMENTARY, f"{PUBLISHED}/meeting.md item 4 lead"),
    "LEAK-supp-item-text-7f3a": (SUPPLEMENTARY, f"{PUBLISHED}/meeting.md item 4 text"),
    "LEAK-supp-report-slug-7f3a": (SUPPLEMENTARY, f"{PUBLISHED}/reports/leak-supp-report-slug-7f3a.md (its name)"),
    "LEAK-supp-report-subject-7f3a": (SUPPLEMENTARY, "the supplementary report's subject"),
    "LEAK-supp-report-by-7f3a": (SUPPLEMENTARY, "the supplementary report's by"),
    "LEAK-supp-report-summary-7f3a": (SUPPLEMENTARY, "the supplementary report's summary"),
    "LEAK-supp-report-body-7f3a": (SUPPLEMENTARY, "the supplementary report's body"),
    # Link targets that must be dropped (javascript:, file:, data:), in the public report's body.
    "LEAK-javascript-url-7f3a": (UNSAFE_LINK, f"{_PUB} body, a javascript: link"),
    "LEAK-javascript-mixed-case-url-7f3a": (UNSAFE_LINK, f"{_PUB} body, a JaVaScRiPt: link"),
    "LEAK-javascript-reference-url-7f3a": (UNSAFE_LINK, f"{_PUB} body, a javascript: reference-style link"),
    "LEAK-file-url-7f3a": (UNSAFE_LINK, f"{_PUB} body, a file: link"),
    "LEAK-data-url-7f3a": (UNSAFE_LINK, f"{_PUB} body, a data: image"),
    # What a reader of a public supplied PDF's pages does not see: the published copy is its pages alone.
    "LEAK-public-pdf-doc-title-7f3a": (HIDDEN_PDF, "the public PDF appendix's own document title (metadata)"),
    "LEAK-pdf-author-7f3a": (HIDDEN_PDF, "the public PDF appendix's Author (metadata)"),
    "LEAK-pdf-keywords-7f3a": (HIDDEN_PDF, "the public PDF appendix's Keywords (metadata)"),
    "LEAK-pdf-attachment-name-7f3a": (HIDDEN_PDF, "a file attached to the public PDF appendix, its name"),
    "LEAK-pdf-attachment-bytes-7f3a": (HIDDEN_PDF, "a file attached to the public PDF appendix, its bytes"),
    "LEAK-pdf-sticky-note-7f3a": (HIDDEN_PDF, "a sticky-note comment on the public PDF appendix's page"),
}

# Where each kind of output is read: (file glob, scan kind) as tests/leakscan.py names them.
HTML = ("*.html", "raw")
SEARCH = ("pagefind/*", "gzip/raw")  # every file of the Pagefind bundle, decompressed
PACK_TEXT = ("*/agenda-pack.pdf", "pdftext")
PACK_OUTLINE = ("*/agenda-pack.pdf", "pdf-outline")
PACK_INFO = ("*/agenda-pack.pdf", "pdf-info")
PACK_XMP = ("*/agenda-pack.pdf", "pdf-xmp")
PACK_LINKS = ("*/agenda-pack.pdf", "pdf-annot")
MINUTES_TEXT = ("*/printed-minutes.pdf", "pdftext")
FILE_NAME = ("files/*", "name")
FILE_BYTES = ("files/*", "raw")
FILE_PDF_TEXT = ("files/*.pdf", "pdftext")
FILE_PDF_INFO = ("files/*.pdf", "pdf-info")
PAGE_NAME = ("committees/*", "name")
SITEMAP = ("sitemap.xml", "raw")
SITEMAP_GZ = ("sitemap.xml.gz*", "gzip/raw")
# The open data (papers/render/opendata/): calendars, feeds, OParl JSON and CSV tables.
ICAL = ("data/calendars/*.ics", "ical")
FEED = ("data/feeds/*.atom", "decoded")
OPARL = ("oparl/v1.1/*.json", "json")
MEETINGS_CSV = ("data/meetings.csv", "raw")
DECISIONS_CSV = ("data/decisions.csv", "raw")

CONTROLS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "CTRL-public-item-title-7f3a": (
        f"{HELD}/meeting.md item A2 title",
        [HTML, SEARCH, PACK_TEXT, PACK_OUTLINE, FEED, OPARL],
    ),
    "CTRL-public-item-text-7f3a": (f"{HELD}/meeting.md item A2 text", [HTML, SEARCH]),
    "CTRL-public-report-slug-7f3a": (f"{_PUB} (its name: the page's URL)", [PAGE_NAME, SITEMAP, SITEMAP_GZ, OPARL]),
    "CTRL-public-report-body-7f3a": (f"{_PUB} body", [HTML, SEARCH, PACK_TEXT]),
    "CTRL-public-report-summary-7f3a": (f"{_PUB} summary", [HTML, PACK_TEXT]),
    "CTRL-public-appendix-md-7f3a": ("the public Markdown appendix, its text", [HTML, PACK_TEXT]),
    "CTRL-public-appendix-pdf-text-7f3a": ("the public PDF appendix, its page text", [PACK_TEXT, FILE_PDF_TEXT]),
    "CTRL-public-appendix-pdf-title-7f3a": (
        f"{_PUB} appendices[1] title (the published copy's document title)",
        [HTML, FILE_PDF_INFO],
    ),
    "CTRL-public-appendix-pdf-name-7f3a": ("the public PDF appendix, its file name", [FILE_NAME, HTML]),
    "CTRL-public-image-name-7f3a": ("the public report's image, its file name", [FILE_NAME, HTML]),
    "CTRL-public-image-bytes-7f3a": ("the public report's image, a PNG text chunk", [FILE_BYTES]),
    "CTRL-public-image-alt-7f3a": ("the public report's image, its alt text", [HTML]),
    "CTRL-public-link-url-7f3a": (f"{_PUB} body, an external link", [HTML, PACK_LINKS]),
    "CTRL-public-minute-text-7f3a": (f"{HELD}/minutes.md minute 2 text", [HTML, MINUTES_TEXT]),
    "CTRL-public-minute-text-resolution-7f3a": (
        f"{HELD}/minutes.md minute 2 text, a resolution written in it (minutes and decisions register)",
        [HTML, MINUTES_TEXT],
    ),
    "CTRL-public-html-table-cell-7f3a": (f"{_PUB} body, a table written in HTML", [HTML, SEARCH, PACK_TEXT]),
    "CTRL-public-minute-resolved-7f3a": (
        f"{HELD}/minutes.md minute 2 resolved",
        [HTML, SEARCH, MINUTES_TEXT, PACK_TEXT, FEED, OPARL, DECISIONS_CSV],
    ),
    "CTRL-minutes-preamble-7f3a": (f"{HELD}/minutes.md body", [HTML, MINUTES_TEXT]),
    "CTRL-meeting-notes-7f3a": (f"{HELD}/meeting.md body", [HTML]),
    "CTRL-exempt-item-title-7f3a": (
        f"{HELD}/meeting.md item B2 title (listed, marked exempt; in OParl `public: false`)",
        [HTML, PACK_TEXT, FEED, OPARL],
    ),
    "CTRL-exempt-appendix-title-7f3a": (f"{_PUB} appendices[2] title (listed, marked exempt)", [HTML, PACK_TEXT]),
    "CTRL-exempt-appendix-pdf-title-7f3a": (f"{_PUB} appendices[3] title (listed, marked exempt)", [HTML, PACK_TEXT]),
    "CTRL-exempt-minute-title-7f3a": (f"{HELD}/minutes.md minute 4 title", [HTML, MINUTES_TEXT]),
    "CTRL-unlinked-private-minute-title-7f3a": (f"{HELD}/minutes.md minute 6 title", [HTML, MINUTES_TEXT]),
    "CTRL-withdrawn-exempt-title-7f3a": (f"{HELD}/meeting.md item B4 title (withdrawn, listed)", [HTML, PACK_TEXT]),
    "CTRL-special-public-item-title-7f3a": (f"{SPECIAL}/meeting.md item 2 title", [HTML, SEARCH, PACK_TEXT]),
    "CTRL-special-public-minute-text-7f3a": (f"{SPECIAL}/minutes.md minute 8 text", [HTML, MINUTES_TEXT]),
    "CTRL-reworded-minute-title-7f3a": (f"{SPECIAL}/minutes.md minute 10 title", [HTML, MINUTES_TEXT]),
    "CTRL-mistyped-item-minute-title-7f3a": (f"{SPECIAL}/minutes.md minute 11 title", [HTML, MINUTES_TEXT]),
    "CTRL-readmitted-minute-text-7f3a": (
        f"{SPECIAL}/minutes.md minute 12 text (public: yes, after readmission)",
        [HTML, MINUTES_TEXT],
    ),
    "CTRL-draft-meeting-title-7f3a": (
        f"{DRAFT}/meeting.md title (a draft meeting is still listed)",
        [HTML, ICAL, OPARL, MEETINGS_CSV],
    ),
    "CTRL-draft-venue-7f3a": (f"{DRAFT}/meeting.md venue", [HTML, ICAL, OPARL, MEETINGS_CSV]),
    "CTRL-feb-item-title-7f3a": (f"{PUBLISHED}/meeting.md item 3 title", [HTML, PACK_TEXT, FEED, OPARL]),
    "CTRL-feb-report-slug-7f3a": (f"{PUBLISHED}/reports/ctrl-feb-report-slug-7f3a.md (its name)", [PAGE_NAME]),
    "CTRL-feb-report-body-7f3a": (f"{PUBLISHED}/reports/ctrl-feb-report-slug-7f3a.md body", [HTML, PACK_TEXT]),
    "CTRL-committee-name-7f3a": (
        "committees/cabinet/committee.md name (in every pack's metadata, calendar, feed and OParl)",
        [HTML, PACK_INFO, PACK_XMP, ICAL, FEED, OPARL, MEETINGS_CSV],
    ),
}

MARKERS: dict[str, tuple[str, str]] = {
    **PRIVATE,
    **{marker: (CONTROL, where) for marker, (where, _) in CONTROLS.items()},
}
PRIVATE_CATEGORIES = [
    EXEMPT,
    CONFIDENTIAL,
    EXEMPT_APPENDIX,
    PRIVATE_MINUTE,
    COMMENT,
    UNREFERENCED,
    DRAFT_AGENDA,
    SUPPLEMENTARY,
    UNSAFE_LINK,
    HIDDEN_PDF,
]
# Members get what has been dispatched plus the private papers: never drafts, notes, stray files or hidden content.
NOT_FOR_MEMBERS = [COMMENT, UNREFERENCED, DRAFT_AGENDA, SUPPLEMENTARY, UNSAFE_LINK, HIDDEN_PDF]
_MARKER_IN_SOURCE = re.compile(r"(?:leak|ctrl)-[a-z0-9-]*?-7f3a", re.I)


# --- building and scanning ----------------------------------------------------------------------


@dataclass
class Scanned:
    out: Path
    readables: list[Readable]
    hits: list[Hit]

    def where(self, marker: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.marker == marker]


def scanned(out: Path, markers) -> Scanned:
    readables = list(scan(out))
    return Scanned(out, readables, Matcher(markers).hits(readables))


def run_cli(*arguments: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    """`build.py` in a subprocess, as conftest.run_build runs it (MkDocs keeps global state)."""
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PAPERS_NO_VENV": "1", "PATH": "/usr/bin:/bin"},
    )


def describe(hits: list[Hit], table: dict[str, tuple[str, str]]) -> str:
    """One line per marker: what it is, where it was planted, and every output that holds it."""
    by_marker: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_marker[hit.marker].append(hit)
    lines = []
    for marker, found in sorted(by_marker.items()):
        category, planted = table.get(marker, ("?", "?"))
        places = sorted({f"{hit.path} [{hit.kind}{': ' + hit.detail if hit.detail else ''}]" for hit in found})
        shown = "; ".join(places[:8]) + (f"; ... ({len(places) - 8} more)" if len(places) > 8 else "")
        lines.append(f"- {marker} ({category}; planted in {planted}) found in: {shown}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def public_build(tmp_path_factory) -> Scanned:
    out = tmp_path_factory.mktemp("leaks-public") / "site"
    status, _, stderr = run_build(LEAKS, out)
    assert status == 0, stderr
    return scanned(out, MARKERS)


@pytest.fixture(scope="module")
def members_build(tmp_path_factory) -> Scanned:
    out = tmp_path_factory.mktemp("leaks-members") / "members-site"
    completed = run_cli("build", "--audience", "members", "--content", str(LEAKS), "--out", str(out))
    assert completed.returncode == 0, f"the members' build failed ({completed.returncode}):\n{completed.stderr}"
    return scanned(out, MARKERS)


# --- the fixture itself -------------------------------------------------------------------------


def test_leak_fixture_passes_check(capsys):
    result = run_check(LEAKS, capsys=capsys)
    assert result.status == 0, result.stderr
    assert "error[" not in result.stderr


def test_every_planted_marker_is_listed_and_every_listed_marker_is_planted():
    """The tables above and the fixture agree: a marker added to a file is checked, a listed one exists."""
    planted: dict[str, set[str]] = defaultdict(set)
    for readable in scan(LEAKS):
        for found in _MARKER_IN_SOURCE.findall(readable.text):
            planted[found.lower()].add(readable.path)
    listed = {marker.lower() for marker in MARKERS}
    assert sorted(set(planted) - listed) == [], "markers in the fixture that the tables do not list"
    assert sorted(listed - set(planted)) == [], "markers the tables list that the fixture does not hold"


def test_no_marker_contains_another():
    lowered = [marker.lower() for marker in MARKERS]
    assert [(a, b) for a in lowered for b in lowered if a != b and a in b] == []


# --- the public build ---------------------------------------------------------------------------


@pytest.mark.slow
def test_every_layer_of_every_public_output_was_read(public_build):
    assert unreadable_layers(public_build.readables) == []


@pytest.mark.slow
def test_public_build_finds_every_control_marker_where_it_was_placed(public_build):
    """The scan can see: each public marker is found, by the scan of each kind of output it was placed in."""
    missing = []
    for marker, (planted, expected) in CONTROLS.items():
        hits = public_build.where(marker)
        for path_glob, kind in expected:
            if not any(matches(hit, path_glob, kind) for hit in hits):
                seen = sorted({f"{hit.path} [{hit.kind}]" for hit in hits})[:6]
                missing.append(
                    f"- {marker} (planted in {planted}) not found by `{kind}` in {path_glob}; "
                    f"found only in: {seen or 'nothing'}"
                )
    assert not missing, "control markers the scan did not find:\n" + "\n".join(missing)


@pytest.mark.parametrize("category", PRIVATE_CATEGORIES)
@pytest.mark.slow
def test_public_build_holds_no_private_marker(public_build, category):
    leaks = [hit for hit in public_build.hits if PRIVATE.get(hit.marker, (CONTROL,))[0] == category]
    assert not leaks, f"{category}: private markers in the public build:\n" + describe(leaks, MARKERS)


@pytest.mark.slow
def test_every_open_data_file_was_read_by_its_own_layer(public_build):
    """Calendars are read unfolded, OParl files as JSON, feeds and tables as text: none is left to the raw scan."""
    layers = defaultdict(set)
    for readable in public_build.readables:
        layers[readable.path].add(readable.kind)
    wanted = {".ics": "ical", ".json": "json", ".atom": "decoded", ".csv": "decoded"}
    files = [
        path.relative_to(public_build.out).as_posix()
        for path in sorted(public_build.out.rglob("*"))
        if path.suffix in wanted and path.is_file() and path.relative_to(public_build.out).parts[0] in ("data", "oparl")
    ]
    assert any(name.endswith(".ics") for name in files) and any(name.startswith("oparl/") for name in files)
    unread = [name for name in files if wanted[Path(name).suffix] not in layers[name]]
    assert unread == []


@pytest.mark.slow
def test_public_build_records_its_audience(public_build):
    marker = public_build.out / ".committee-papers"
    assert marker.is_file(), "the public build should write .committee-papers at its root"
    assert "audience: public" in marker.read_text()


# --- routes a clerk's link could open -------------------------------------------------------------


def _overlay(tmp_path: Path, appended: dict[str, str]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(LEAKS, content)
    for relative, text in appended.items():
        path = content / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return content


def _build_refused_or_clean(
    public_build: Scanned, tmp_path: Path, content: Path, markers: list[str], linked: list[str]
) -> None:
    """The build either refuses the content (an error naming one of the `linked` files, nothing written) or
    publishes none of `markers` in any output where the unchanged fixture's build does not already have
    them (those are reported by the tests above: here only what the links add counts)."""
    out = tmp_path / "site"
    status, _, stderr = run_build(content, out)
    if status != 0:
        assert "error" in stderr.lower() and "internal error" not in stderr.lower(), stderr
        assert any(name in stderr for name in linked), f"refused, but not for the links:\n{stderr}"
        assert not out.exists()
        return
    already = {(hit.marker, hit.path, hit.kind) for hit in public_build.hits}
    leaks = [hit for hit in scanned(out, markers).hits if (hit.marker, hit.path, hit.kind) not in already]
    assert not leaks, "private material published through a link in a public paper:\n" + describe(leaks, MARKERS)


@pytest.mark.slow
def test_a_link_in_a_public_paper_does_not_publish_a_private_file(public_build, tmp_path):
    """A public report (or its public appendix) that links to its own exempt appendix or that appendix's image,
    to an exempt paper's image or to a draft agenda's appendix must not carry those files (or their names)
    into the public site."""
    content = _overlay(
        tmp_path,
        {
            f"{_R}/ctrl-public-report-slug-7f3a/savings-schedule.md": (
                "\nThe site: ![plan](leak-exempt-appx-of-public-image-name-7f3a.png); the valuation: "
                "[bids](leak-exempt-appx-of-public-pdf-name-7f3a.pdf).\n"
            ),
            f"{_PUB}": (
                "\n1.5 The valuation is in [Appendix 4](ctrl-public-report-slug-7f3a/leak-exempt-appx-of-public-pdf-name-7f3a.pdf);"  # noqa: E501
                " the depot: ![plan](leak-exempt-report-slug-7f3a/leak-exempt-image-name-7f3a.png);"
                " next month's figures: [draft](../../2012-03-15/reports/leak-draft-report-slug-7f3a/"
                "leak-draft-appendix-pdf-name-7f3a.pdf).\n"
            ),
        },
    )
    _build_refused_or_clean(
        public_build,
        tmp_path,
        content,
        [
            "LEAK-exempt-appx-of-public-image-name-7f3a",
            "LEAK-exempt-appx-of-public-image-bytes-7f3a",
            "LEAK-exempt-appx-of-public-pdf-name-7f3a",
            "LEAK-exempt-appx-of-public-pdf-text-7f3a",
            "LEAK-exempt-appx-of-public-pdf-meta-7f3a",
            "LEAK-exempt-image-name-7f3a",
            "LEAK-exempt-image-bytes-7f3a",
            "LEAK-exempt-report-slug-7f3a",
            "LEAK-draft-report-slug-7f3a",
            "LEAK-draft-appendix-pdf-name-7f3a",
            "LEAK-draft-appendix-pdf-text-7f3a",
            "LEAK-draft-appendix-pdf-meta-7f3a",
        ],
        linked=[
            "leak-exempt-appx-of-public-image-name-7f3a.png",
            "leak-exempt-appx-of-public-pdf-name-7f3a.pdf",
            "leak-exempt-image-name-7f3a.png",
            "leak-draft-appendix-pdf-name-7f3a.pdf",
        ],
    )


@pytest.mark.slow
def test_a_markdown_file_linked_from_a_public_paper_is_not_rendered_raw(public_build, tmp_path):
    """A linked .md file must not reach MkDocs' own Markdown, which keeps HTML comments (and raw HTML): it
    would be published as a page of its own beside the one we render safely. Nor may a link publish a
    confidential paper's Markdown appendix."""
    content = _overlay(
        tmp_path,
        {
            f"{_PUB}": (
                "\n1.5 The savings are also set out in [the schedule](ctrl-public-report-slug-7f3a/savings-schedule.md);"  # noqa: E501
                " the department's terms: [terms](leak-conf-report-slug-7f3a/leak-conf-appendix-name-7f3a.md).\n"
            )
        },
    )
    _build_refused_or_clean(
        public_build,
        tmp_path,
        content,
        [
            "LEAK-comment-in-public-appendix-7f3a",
            "LEAK-conf-report-slug-7f3a",
            "LEAK-conf-appendix-name-7f3a",
            "LEAK-conf-appendix-body-7f3a",
        ],
        linked=["savings-schedule.md", "leak-conf-appendix-name-7f3a.md"],
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "logo",
    [
        f"{_R}/leak-exempt-report-slug-7f3a/leak-exempt-image-name-7f3a.png",
        f"./{HELD}/../2012-01-19/reports/leak-exempt-report-slug-7f3a/leak-exempt-image-name-7f3a.png",
        f"{_R}/ctrl-public-report-slug-7f3a/leak-exempt-appx-of-public-image-name-7f3a.png",
    ],
    ids=["exempt-report-image", "same-by-a-roundabout-path", "exempt-appendix-image"],
)
def test_a_logo_that_a_withheld_paper_uses_is_refused(tmp_path, logo):
    """`logo:` is shown on every page: naming an exempt paper's image is refused (E239), however it is written."""
    content = _overlay(tmp_path, {"site.yml": f"logo: {logo}\n"})
    out = tmp_path / "site"
    status, _, stderr = run_build(content, out)
    assert status == 1 and "error[E239]" in stderr and "site.yml" in stderr, stderr
    assert not out.exists()


# --- the members' build -------------------------------------------------------------------------

MEMBERS_SEE = {
    "LEAK-exempt-report-body-7f3a": [HTML, PACK_TEXT],
    "LEAK-exempt-appendix-md-body-7f3a": [HTML, PACK_TEXT],
    "LEAK-exempt-appendix-pdf-text-7f3a": [PACK_TEXT],
    "LEAK-conf-report-body-7f3a": [HTML, PACK_TEXT],
    "LEAK-conf-appendix-body-7f3a": [HTML, PACK_TEXT],
    "LEAK-exempt-appx-of-public-md-body-7f3a": [HTML, PACK_TEXT],
    "LEAK-exempt-appx-of-public-pdf-text-7f3a": [PACK_TEXT],
}
PARAGRAPH_3 = "NOT FOR PUBLICATION - paragraph 3 of Part 1 of Schedule 12A"
PARAGRAPH_1 = "NOT FOR PUBLICATION - paragraph 1 of Part 1 of Schedule 12A"
CONFIDENTIAL_MARKING = (
    "NOT FOR PUBLICATION - confidential information (section 100A(3) of the Local Government Act 1972)"
)
# The marking each private paper's pages carry, by a marker of the paper's own content.
MARKING_OF = {
    "LEAK-exempt-report-body-7f3a": PARAGRAPH_3,
    "LEAK-exempt-appendix-md-body-7f3a": PARAGRAPH_3,
    "LEAK-exempt-appendix-pdf-text-7f3a": PARAGRAPH_3,
    "LEAK-conf-report-body-7f3a": CONFIDENTIAL_MARKING,
    "LEAK-conf-appendix-body-7f3a": CONFIDENTIAL_MARKING,
    "LEAK-exempt-appx-of-public-md-body-7f3a": PARAGRAPH_1,
    "LEAK-exempt-appx-of-public-pdf-text-7f3a": PARAGRAPH_1,
}
BLANK = "This page is intentionally left blank"
KICKER = re.compile(r"^\s*AGENDA ITEM ([A-Z]?\d+[a-z]?)\b", re.M)


def normalised(text: str) -> str:
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split())


@pytest.mark.slow
def test_members_build_holds_the_private_papers(members_build):
    missing = []
    for marker, expected in MEMBERS_SEE.items():
        hits = members_build.where(marker)
        for path_glob, kind in expected:
            if not any(matches(hit, path_glob, kind) for hit in hits):
                missing.append(f"- {marker} ({PRIVATE[marker][1]}) not found by `{kind}` in {path_glob}")
    assert not missing, "private papers missing from the members' build:\n" + "\n".join(missing)


@pytest.mark.parametrize("category", NOT_FOR_MEMBERS)
@pytest.mark.slow
def test_members_build_holds_no_draft_note_or_stray_file(members_build, category):
    leaks = [hit for hit in members_build.hits if PRIVATE.get(hit.marker, (CONTROL,))[0] == category]
    assert not leaks, f"{category}: found in the members' build:\n" + describe(leaks, MARKERS)


@pytest.mark.slow
def test_members_build_pages_of_private_papers_are_marked(members_build):
    problems = []
    for html_file in sorted(members_build.out.rglob("*.html")):
        raw = html_file.read_text(encoding="utf-8")
        markers = [marker for marker in MARKING_OF if marker.lower() in raw.lower()]
        if not markers:
            continue
        text = normalised(BeautifulSoup(raw, "html.parser").get_text(" "))
        for marker in markers:
            if MARKING_OF[marker] not in text:
                problems.append(
                    f'- {html_file.relative_to(members_build.out)} holds {marker} but not "{MARKING_OF[marker]}"'
                )
    assert not problems, "\n".join(problems)


def _pack_pages(members_build: Scanned) -> list[str]:
    pack = members_build.out / HELD / "agenda-pack.pdf"
    assert pack.is_file(), "the members' build has no agenda pack for the meeting with private items"
    return pdftotext_pages(pack.read_bytes(), "-layout")


@pytest.mark.slow
def test_members_agenda_pack_pages_with_private_content_are_marked(members_build):
    pages = _pack_pages(members_build)
    matcher = Matcher(MARKING_OF)
    problems = []
    for number, text in enumerate(pages, start=1):
        page = Readable("agenda-pack.pdf", "pdftext", f"page {number}", text)
        for marker in sorted(matcher.found_in(page)):
            if MARKING_OF[marker] not in normalised(text):
                problems.append(f'- page {number} holds {marker} but not "{MARKING_OF[marker]}"')
    assert not problems, "\n".join(problems)


def _paper_pages(pages: list[str], item: str) -> list[tuple[int, str]]:
    """The pages of an item's papers in a pack: from its first kicker to the next item's (blank pages left out)."""
    current, found = None, []
    for number, text in enumerate(pages, start=1):
        kicker = KICKER.search(text)
        if kicker:
            current = kicker.group(1)
        if current == item and BLANK not in text:
            found.append((number, text))
    return found


@pytest.mark.parametrize("item, marking", [("B2", PARAGRAPH_3), ("B3", CONFIDENTIAL_MARKING)])
@pytest.mark.slow
def test_members_agenda_pack_marks_every_page_of_a_private_paper(members_build, item, marking):
    pages = _paper_pages(_pack_pages(members_build), item)
    assert pages, f"no pages for item {item} in the members' agenda pack"
    first_number, first = pages[0]
    assert marking in normalised(first), f'page {first_number}, the first of item {item}, lacks "{marking}"'
    unmarked = [number for number, text in pages if "NOT FOR PUBLICATION" not in text]
    assert unmarked == [], f"pages of item {item} without NOT FOR PUBLICATION: {unmarked}"


@pytest.mark.slow
def test_members_build_has_no_open_data_and_never_claims_the_public_address(members_build):
    """The members' edition is published elsewhere, behind a login: no calendars, feeds, OParl, tables or
    schema.org data (they would give the public site's address for pages that hold exempt papers)."""
    made = sorted(path.relative_to(members_build.out).as_posix() for path in members_build.out.rglob("*"))
    assert [name for name in made if name.startswith(("data/", "oparl")) and name != "data/index.html"] == []
    public_address = "papers.leakshire.example"
    claims = sorted({r.path for r in members_build.readables if public_address in r.text.lower()})
    assert claims == []
    pages = [path for path in members_build.out.rglob("*.html") if "application/ld+json" in path.read_text()]
    assert pages == []


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    state = {}
    for path in sorted(folder.rglob("*")):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        state[path.relative_to(folder).as_posix()] = (digest, stat.st_mtime_ns)
    return state


@pytest.mark.slow
def test_members_build_refuses_to_replace_a_public_build(public_build, tmp_path):
    help_text = run_cli("build", "--help").stdout
    assert "--audience" in help_text, "build has no --audience option yet"
    public = tmp_path / "site"
    shutil.copytree(public_build.out, public, symlinks=True)
    assert "audience: public" in (public / ".committee-papers").read_text()
    before = _snapshot(public)
    siblings_before = sorted(p.name for p in tmp_path.iterdir())
    completed = run_cli("build", "--audience", "members", "--content", str(LEAKS), "--out", str(public))
    assert completed.returncode != 0, "the members' build wrote over a public build"
    assert "public" in completed.stderr.lower(), completed.stderr
    assert "internal error" not in completed.stderr.lower(), completed.stderr
    assert _snapshot(public) == before, "the public build's folder was changed"
    leftovers = sorted(set(p.name for p in tmp_path.iterdir()) - set(siblings_before) - {".papers-cache"})
    assert leftovers == [], "the refused build left files beside the public site"


# --- the demo -----------------------------------------------------------------------------------

DEMO_MEETING = "committees/kct-board/2011-03-04"
# The exempt item C2 of the demo (content/committees/kct-board/2011-03-04): its report and its minute.
DEMO_PRIVATE = {
    "EXEMPT-DEMO-CAMHS-TERMS": "reports/camhs-commissioning.md body (the canary)",
    "camhs-commissioning": "the exempt report's name",
    "Alex Morgan": "the exempt report's author and contact officer",
    "01622 694200": "the exempt report's contact telephone",
    "negotiated price per case": "the exempt report's body",
    "preferred commissioning option set out in paragraph 2.1": "the exempt report's recommendation",
    "The Board considered an exempt report on shared commissioning arrangements": "minute 28 (item C2) text",
    "that the preferred commissioning option be agreed": "minute 28 (item C2) resolved",
}
DEMO_CONTROLS = {
    "Early Intervention Grant": (
        "reports/financial-resources.md body",
        [HTML, SEARCH, (f"{DEMO_MEETING}/agenda-pack.pdf", "pdftext")],
    ),
    "Key stages in developing the new CYPP": (
        "cfe-posc 2010-07-16, a supplied PDF appendix's text",
        [("files/*.pdf", "pdftext"), PACK_TEXT],
    ),
    "Emotional health and tier 2/3 CAMHs": ("item C2 title (public: listed as exempt)", [HTML, PACK_TEXT]),
}


@pytest.fixture(scope="module")
def demo_scan(built_demo) -> Scanned:
    return scanned(built_demo, [*DEMO_PRIVATE, *DEMO_CONTROLS])


@pytest.mark.slow
def test_demo_every_layer_was_read(demo_scan):
    assert unreadable_layers(demo_scan.readables) == []


@pytest.mark.slow
def test_demo_public_build_finds_its_controls(demo_scan):
    missing = []
    for marker, (planted, expected) in DEMO_CONTROLS.items():
        hits = demo_scan.where(marker)
        for path_glob, kind in expected:
            if not any(matches(hit, path_glob, kind) for hit in hits):
                missing.append(f"- {marker!r} ({planted}) not found by `{kind}` in {path_glob}")
    assert not missing, "\n".join(missing)


@pytest.mark.slow
def test_demo_public_build_holds_nothing_of_the_exempt_paper(demo_scan):
    leaks = [hit for hit in demo_scan.hits if hit.marker in DEMO_PRIVATE]
    table = {marker: ("demo exempt item C2", where) for marker, where in DEMO_PRIVATE.items()}
    assert not leaks, "the demo's exempt paper in the public build:\n" + describe(leaks, table)


# --- the scanner itself -------------------------------------------------------------------------


def _kinds(root: Path, marker: str) -> set[str]:
    return {hit.kind for hit in Matcher([marker]).hits(scan(root))}


def test_scanner_reads_every_pdf_layer(tmp_path):
    from pypdf import PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(300, 300)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 9 Tf 10 150 Td (SCAN-page-text) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    page.compress_content_streams()
    writer.add_metadata({"/Title": "SCAN-info-title \u2713", "/Subject": "SCAN-info-subject"})
    writer.add_outline_item(title="SCAN-outline-top", page_number=0)
    parent = writer.add_outline_item(title="Parent", page_number=0)
    writer.add_outline_item(title="SCAN-outline-nested", page_number=0, parent=parent)
    writer.add_attachment("SCAN-attachment-name.txt", b"SCAN-attachment-bytes")
    writer.add_annotation(0, Link(rect=(0, 0, 50, 50), url="https://example.org/SCAN-annot-uri"))
    xmp = DecodedStreamObject()
    xmp.set_data(b"<x:xmpmeta><dc:title>SCAN-xmp-title</dc:title></x:xmpmeta>")
    xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    writer._root_object[NameObject("/SCANCustom")] = TextStringObject("SCAN-custom-string \u2713")
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "a.pdf").write_bytes(buffer.getvalue())
    assert "pdftext" in _kinds(tmp_path, "SCAN-page-text")
    assert "pdf-page-stream" in _kinds(tmp_path, "SCAN-page-text")
    assert "pdf-info" in _kinds(tmp_path, "SCAN-info-title")  # a UTF-16 text string, decoded
    assert "pdf-outline" in _kinds(tmp_path, "SCAN-outline-nested")
    assert "pdf-outline" in _kinds(tmp_path, "SCAN-outline-top")
    assert "pdf-attachment" in _kinds(tmp_path, "SCAN-attachment-name")
    assert "pdf-attachment" in _kinds(tmp_path, "SCAN-attachment-bytes")
    assert "pdf-annot" in _kinds(tmp_path, "SCAN-annot-uri")
    assert "pdf-xmp" in _kinds(tmp_path, "SCAN-xmp-title")
    assert "pdf-object" in _kinds(tmp_path, "SCAN-custom-string")
    assert unreadable_layers(scan(tmp_path)) == []


def test_scanner_reads_names_gzip_json_escapes_and_case(tmp_path):
    (tmp_path / "folder-SCAN-dir-name").mkdir()
    (tmp_path / "folder-SCAN-dir-name" / ".hidden-SCAN-file-name").write_bytes(b"")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>SCAN-in-gzip</loc>"))
    (tmp_path / "index.json").write_text('{"docs": [{"text": "SCAN\\u002djson"}]}')  # an escaped hyphen
    (tmp_path / "page.html").write_text("<p>SCAN&#45;entity and scan-upper-CASE and SCAN%2Dpercent</p>")
    assert _kinds(tmp_path, "SCAN-dir-name") == {"name"}
    assert "name" in _kinds(tmp_path, "SCAN-file-name")
    assert _kinds(tmp_path, "SCAN-in-gzip") >= {"gzip/raw"}
    assert "json" in _kinds(tmp_path, "SCAN-json")
    assert "decoded" in _kinds(tmp_path, "SCAN-entity")
    assert "decoded" in _kinds(tmp_path, "SCAN-percent")
    assert "raw" in _kinds(tmp_path, "SCAN-UPPER-case")


def test_scanner_unfolds_icalendar_lines(tmp_path):
    """RFC 5545 folds long lines: a marker split by a fold (or written with escapes) is still found."""
    (tmp_path / "a.ics").write_bytes(b"BEGIN:VEVENT\r\nDESCRIPTION:budget\\, SCAN-fol\r\n ded-marker\r\nEND:VEVENT\r\n")
    assert "raw" not in _kinds(tmp_path, "SCAN-folded-marker")
    assert "ical" in _kinds(tmp_path, "SCAN-folded-marker")
    assert "ical" in _kinds(tmp_path, "budget, SCAN")


def test_scanner_finds_a_marker_broken_across_lines_of_pdf_text():
    page = Readable("a.pdf", "pdftext", "page 1", "  LEAK-exempt-\n   report-body-7f3a   Page 3\n")
    assert Matcher(["LEAK-exempt-report-body-7f3a"]).found_in(page) == {"LEAK-exempt-report-body-7f3a"}
    ligature = Readable("a.pdf", "pdftext", "page 1", "LEAK-con\ufb01dential-7f3a")
    assert Matcher(["LEAK-confidential-7f3a"]).found_in(ligature) == {"LEAK-confidential-7f3a"}
