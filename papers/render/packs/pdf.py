"""Stage 5, render packs: PDF agenda packs, front sheets and printed minutes with WeasyPrint.

For each meeting we plan (in the main process) the papers in agenda order and
render the pack's HTML from templates/packs/; rendering to PDF happens in worker
processes, one pack per worker, and a pack whose HTML and inputs are unchanged
is taken from the cache instead.

Page ranges are exact in two passes: the first lays the pack out with the widest
possible range text ("Pages 8888 - 8888") and reads on which page each paper
starts and ends; the second writes the real ranges, which cannot make the front
sheet longer. Each paper starts on a right-hand page (`break-before: right`);
WeasyPrint's `:blank` pages carry "This page is intentionally left blank".
A supplied PDF appendix is given as many empty pages as it has, each with our
running head and page number; its pages are laid under them afterwards (pypdf).
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from papers import dates
from papers.content import supplied
from papers.model.audience import PUBLIC, Audience
from papers.model.site import SCHEDULE_12A, AgendaItem, Meeting, Report, Site
from papers.render import urls
from papers.render.markup import inline, render
from papers.render.packnames import AGENDA_PACK, FRONT_SHEET, PRINTED_MINUTES, SUPPLEMENTARY_PACK
from papers.render.pages import content_path, public_files
from papers.render.reportheader import contact_line, header_lines, opening_line
from papers.resources import PROJECT

PACK_TEMPLATES = PROJECT / "templates" / "packs"
RANGE_TOKEN = "\u2063range:{}\u2063"  # invisible separators: cannot occur in content by accident
WIDEST_RANGE = "Pages 8888 - 8888"
MEMBERS_EDITION = " (members' edition: not for publication)"
# A change to this code (or to how supplied PDFs are cleaned) renders every pack again.
_OWN_SOURCE = "".join(Path(module).read_text(encoding="utf-8") for module in (__file__, supplied.__file__))
_WIDE_TABLE = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|){6,}", re.M)  # a separator row of 7+ columns


@dataclass(frozen=True, eq=False)
class Paper:
    kind: str  # report, appendix, withheld, minutes, supplied
    anchor: str
    item: AgendaItem
    title: str
    bookmark: str
    bookmark_class: str = "bookmark-1"
    report: Report | None = None
    appendix: object | None = None
    text: str | None = None
    meeting: Meeting | None = None
    paragraph: int | None = None
    confidential: bool = False
    marking: str = ""  # "NOT FOR PUBLICATION - ..." on every page of a private paper (members' build)
    page_count: int = 1
    wide: bool = False
    supplied_file: str | None = None


@dataclass(frozen=True, eq=False)
class Entry:
    item: AgendaItem
    note: str | None
    pages: Markup | str  # a range token until the worker fills it in


@dataclass(frozen=True, eq=False)
class Section:
    heading: str | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class PackJob:
    """Everything a worker needs to make one PDF (and the front sheet taken from it): plain, picklable data."""

    folder: str  # the meeting's docs folder, e.g. committees/kct-board/2011-03-04
    name: str
    front_sheet_name: str | None
    html: str
    ranges: tuple[tuple[str, str, str], ...]  # (token key, first paper anchor, last paper anchor)
    supplied: tuple[tuple[str, str, int], ...]  # (anchor, absolute file path, page count)
    allowed_files: tuple[str, ...]  # absolute paths WeasyPrint may read (images in papers)
    created: str

    def cache_key(self) -> str:
        import weasyprint

        digest = hashlib.sha256()
        for part in (
            self.html,
            weasyprint.__version__,  # the HTML holds the stylesheet too
            _OWN_SOURCE,
            json.dumps([self.name, self.front_sheet_name]),
        ):
            digest.update(part.encode("utf-8") + b"\0")
        for path in sorted({*self.allowed_files, *(entry[1] for entry in self.supplied)}):
            digest.update(Path(path).read_bytes())
        return digest.hexdigest()


# --- planning (main process) ---------------------------------------------------------------------


def environment(site: Site, public: frozenset[str], audience: Audience = PUBLIC) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(PACK_TEMPLATES))]
    overrides = site.root / "templates" / "packs"
    if overrides.is_dir():
        loaders.insert(0, jinja2.FileSystemLoader(str(overrides)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        long_date=dates.long_date,
        plain_date=dates.plain_date,
        clock=dates.clock,
        inline=lambda text: Markup(inline(text)),
        css_string=_css_string,
    )
    env.globals.update(
        site=site,
        header_lines=header_lines,
        opening_line=opening_line,
        contact_line=contact_line,
        role_label=site.settings.role_labels.label,
        schedule_12a=SCHEDULE_12A,
        audience=audience,
        markdown=_pack_markdown(site, public),
    )
    return env


def _css_string(text: str) -> Markup:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return Markup(f'"{escaped}"')


def plan_packs(site: Site, audience: Audience = PUBLIC) -> list[PackJob]:
    public = frozenset(public_files(site, audience))
    env = environment(site, public, audience)
    jobs: list[PackJob] = []
    for meeting in site.meetings:
        listed = audience.listed_items(meeting)
        if not listed:
            continue  # no agenda yet (a draft), or nothing on it
        main_items = [item for item in listed if not item.supplementary]
        jobs.append(agenda_job(site, env, meeting, "agenda", main_items, public, audience))
        extra = [item for item in listed if item.supplementary]
        if extra:
            jobs.append(agenda_job(site, env, meeting, "supplementary", extra, public, audience))
        if meeting.minutes is not None:
            jobs.append(minutes_job(site, env, meeting, audience))
    return jobs


def agenda_job(
    site: Site,
    env: jinja2.Environment,
    meeting: Meeting,
    kind: str,
    items: list[AgendaItem],
    public: frozenset[str],
    audience: Audience = PUBLIC,
) -> PackJob:
    papers = list(papers_for(site, meeting, items, audience))
    ranges: list[tuple[str, str, str]] = []
    chosen = {id(item) for item in items}

    def entry(item: AgendaItem) -> Entry:
        own = [paper for paper in papers if paper.item is item]
        if item.withdrawn:
            return Entry(item, audience.withdrawn_reason(item) or "Withdrawn", "")
        if not own:
            note = "Supplementary: published separately" if item.supplementary and kind == "agenda" else None
            return Entry(item, note, "")
        key = f"{len(ranges)}"
        ranges.append((key, own[0].anchor, own[-1].anchor))
        return Entry(item, _private_note(item), Markup(RANGE_TOKEN.format(key)))

    sections, exempt_entries = [], []
    # The agenda lists every published item (supplementary ones as "published separately"); a supplementary
    # pack lists only its own items.
    shown = {id(item) for item in audience.listed_items(meeting)} if kind == "agenda" else chosen
    for section in meeting.sections:
        entries = []
        for item in section.items:
            if id(item) not in shown:
                continue
            (exempt_entries if item.is_private else entries).append(entry(item))
        if entries:
            heading = ". ".join(part for part in (section.label, section.title) if part) or None
            sections.append(Section(heading, tuple(entries)))
    published = meeting.supplementary_published if kind == "supplementary" else meeting.agenda_published
    committee_date = f"{meeting.committee.name} - {dates.plain_date(meeting.date)}"
    pack_title = "Supplementary agenda pack" if kind == "supplementary" else "Agenda pack"
    if any(paper.marking for paper in papers):
        pack_title += MEMBERS_EDITION
    pack = {
        "kind": kind,
        "title": f"{committee_date} - {pack_title}",
        "running_head": committee_date,
        "description": f"{pack_title} for the meeting of the {meeting.committee.name} on "
        f"{dates.long_date(meeting.date)}",
        "created": _timestamp(published or meeting.date),
        "published": published,
        "front_bookmark": "Supplementary agenda" if kind == "supplementary" else "Agenda",
        "number_front_sheet": site.settings.number_front_sheet,
        "membership": _membership(meeting),
        "seat_count": len(meeting.committee.seats_on(meeting.date)),
        "sections": sections,
        "exempt_entries": exempt_entries,
        "papers": papers,
    }
    html = env.get_template("agenda.html.j2").render(meeting=meeting, pack=pack)
    name = SUPPLEMENTARY_PACK if kind == "supplementary" else AGENDA_PACK
    return PackJob(
        _folder(meeting),
        name,
        FRONT_SHEET if kind == "agenda" else None,
        html,
        tuple(ranges),
        tuple(
            (paper.anchor, str(site.root / paper.supplied_file), paper.page_count)
            for paper in papers
            if paper.kind == "supplied"
        ),
        _images(site, papers, public),
        pack["created"],
    )


def minutes_job(site: Site, env: jinja2.Environment, meeting: Meeting, audience: Audience = PUBLIC) -> PackJob:
    committee_date = f"{meeting.committee.name} - {dates.plain_date(meeting.date)}"
    marking = minutes_marking(meeting, audience)
    title = f"{committee_date} - Minutes" + (MEMBERS_EDITION if marking else "")
    pack = {
        "title": title,
        "running_head": f"{committee_date} - Minutes",
        "marking": marking,
        "description": f"Minutes of the meeting of the {meeting.committee.name} on {dates.long_date(meeting.date)}",
        "created": _timestamp(meeting.date),
        "front_bookmark": "Minutes",
    }
    html = env.get_template("minutes.html.j2").render(meeting=meeting, pack=pack)
    return PackJob(_folder(meeting), PRINTED_MINUTES, None, html, (), (), (), pack["created"])


def papers_for(site: Site, meeting: Meeting, items: list[AgendaItem], audience: Audience = PUBLIC) -> Iterator[Paper]:
    """Every paper of these items, in agenda order; of a private paper the public gets a notice page only."""
    for item in items:
        if item.withdrawn:
            continue
        slug = "item-" + re.sub(r"[^a-z0-9]+", "-", item.number.lower()).strip("-")
        label = f"{item.number} {item.title}"
        if not audience.shows_papers(meeting, item):
            if item.reports:
                yield Paper(
                    "withheld",
                    f"{slug}-withheld",
                    item,
                    item.title,
                    label,
                    paragraph=item.exempt_paragraph,
                    confidential=item.confidential,
                )
            continue
        marking = audience.marking(item) or ""
        for earlier in item.minutes_of:
            if earlier.minutes is not None:
                yield Paper(
                    "minutes",
                    f"{slug}-minutes-{earlier.slug}",
                    item,
                    f"Minutes of the meeting held on {dates.plain_date(earlier.date)}",
                    label,
                    meeting=earlier,
                    marking=minutes_marking(earlier, audience),
                )
        for report in item.reports:
            yield Paper(
                "report",
                f"{slug}-{report.slug}",
                item,
                report.subject,
                label,
                report=report,
                marking=marking,
                wide=bool(_WIDE_TABLE.search(report.body or "")),
            )
            yield from appendix_papers(site, item, report, f"{slug}-{report.slug}", audience)


def appendix_papers(
    site: Site, item: AgendaItem, report: Report, prefix: str, audience: Audience = PUBLIC
) -> Iterator[Paper]:
    for index, appendix in enumerate(report.appendices, start=1):
        anchor, label = f"{prefix}-appendix-{index}", f"{appendix.label}: {appendix.title}"
        marking = audience.marking(item, appendix) or ""
        if not audience.shows_appendix(appendix):
            yield Paper(
                "withheld",
                anchor,
                item,
                label,
                label,
                "bookmark-2",
                report=report,
                appendix=appendix,
                paragraph=appendix.exempt_paragraph,
            )
        elif appendix.is_pdf:
            from pypdf import PdfReader

            count = len(PdfReader(site.root / appendix.file).pages)
            yield Paper(
                "supplied",
                anchor,
                item,
                label,
                label,
                "bookmark-2",
                report=report,
                appendix=appendix,
                page_count=count,
                supplied_file=appendix.file,
                marking=marking,
            )
        else:
            text = (site.root / appendix.file).read_text(encoding="utf-8")
            yield Paper(
                "appendix",
                anchor,
                item,
                label,
                label,
                "bookmark-2",
                report=report,
                appendix=appendix,
                text=text,
                wide=bool(_WIDE_TABLE.search(text)),
                marking=marking,
            )


def minutes_marking(meeting: Meeting, audience: Audience) -> str:
    """The marking of printed minutes that hold private minutes (members' build), else ""."""
    markings = sorted({audience.marking(minute) for minute in meeting.minutes.minutes} - {None})
    if len(markings) > 1:
        return "NOT FOR PUBLICATION - contains exempt or confidential information"
    return markings[0] if markings else ""


def _private_note(item: AgendaItem) -> str | None:
    if item.confidential:
        return "Confidential: not for publication (section 100A(3) of the Local Government Act 1972)"
    if item.is_exempt:
        return (
            f"Exempt: not for publication by virtue of paragraph {item.exempt_paragraph} of Part 1 of "
            "Schedule 12A to the Local Government Act 1972"
        )
    return None


def _membership(meeting: Meeting) -> list[tuple[str, list]]:
    """Members grouped by party, largest group first; representatives of other bodies last."""
    groups: dict[str, list] = {}
    others = []
    for seat in meeting.committee.seats_on(meeting.date):
        if seat.member is not None and seat.member.party is not None:
            groups.setdefault(seat.member.party.name, []).append(seat)
        else:
            others.append(seat)
    ordered = sorted(groups.items(), key=lambda group: (-len(group[1]), group[0]))
    return ordered + ([("Other members" if groups else "Members", others)] if others else [])


def _pack_markdown(site: Site, public: frozenset[str]):
    """Markdown for print: images come from content/ (only published files); links print as text."""

    def markdown(text: str | None, folder: str | None = None, id_prefix: str = "", top_level: int = 2) -> Markup:
        def resolve_in_folder(target: str, attribute: str) -> str | None:
            if folder is None or attribute != "src":
                return None
            path = content_path(folder, target)
            return (site.root / path).as_uri() if path in public else None

        return Markup(render(text, resolve_in_folder, id_prefix=id_prefix, top_level=top_level))

    return markdown


def _images(site: Site, papers: list[Paper], public: frozenset[str]) -> tuple[str, ...]:
    files = set()
    for paper in papers:
        if paper.report is not None and paper.kind == "report":
            files.update(paper.report.linked)
        if paper.kind == "appendix":
            files.update(paper.appendix.linked)
    return tuple(sorted(str(site.root / path) for path in files if path in public))


def _folder(meeting: Meeting) -> str:
    return urls.meeting(meeting).rstrip("/")


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+00:00"


# --- rendering (worker processes) -----------------------------------------------------------------


def render_job(job: PackJob) -> dict[str, bytes]:
    """The PDFs of one job, by file name."""
    import weasyprint

    fetcher = _restricted_fetcher(frozenset(job.allowed_files))

    def layout(html: str):
        return weasyprint.HTML(string=html, base_url=str(PACK_TEMPLATES), url_fetcher=fetcher).render()

    document = layout(widest_html(job))
    if job.ranges:
        spans = _anchor_spans(document)
        final = job.html
        for key, first, last in job.ranges:
            end = max(spans[last][1], spans.get(f"{last}-end", (0, 0))[1])
            final = final.replace(RANGE_TOKEN.format(key), _range_text(spans[first][0], end))
        front_pages = _front_sheet_length(document, job)
        document = layout(final)
        if _front_sheet_length(document, job) != front_pages:
            raise RuntimeError(f"{job.folder}/{job.name}: the front sheet changed length between passes")
    outputs = {job.name: _finish(document, job)}
    if job.front_sheet_name:
        front = document.copy(document.pages[: _front_sheet_length(document, job)])
        outputs[job.front_sheet_name] = front.write_pdf(pdf_variant="pdf/ua-1")
    return outputs


def widest_html(job: PackJob) -> str:
    """The pack's HTML with every page range at its widest, for the first layout pass."""
    html = job.html
    for key, _, _ in job.ranges:
        html = html.replace(RANGE_TOKEN.format(key), WIDEST_RANGE)
    return html


def _anchor_spans(document) -> dict[str, tuple[int, int]]:
    """First and last page (1-based) on which each anchor's element appears: a paper's section spans its pages."""
    spans: dict[str, tuple[int, int]] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            spans[anchor] = (spans.get(anchor, (number, number))[0], number)
    return spans


def _range_text(first: int, last: int) -> str:
    return f"Page {first}" if first == last else f"Pages {first} - {last}"


def _front_sheet_length(document, job: PackJob) -> int:
    """The front sheet's pages: up to its end marker (a blank page after it belongs to the papers)."""
    return _anchor_spans(document).get("front-sheet-end", (len(document.pages),))[0]


def _finish(document, job: PackJob) -> bytes:
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    if not job.supplied:
        return pdf
    return _lay_supplied_pages(pdf, _anchor_spans(document), job)


def _lay_supplied_pages(pdf: bytes, spans: dict[str, tuple[int, int]], job: PackJob) -> bytes:
    """Put each supplied PDF's pages under the empty pages reserved for them, scaled into the margins."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for anchor, path, count in job.supplied:
        source = PdfReader(io.BytesIO(supplied.cleaned(Path(path))))  # its pages alone: no comments or attachments
        start = spans[anchor][0] - 1
        for offset in range(count):
            _lay_under(writer.pages[start + offset], source.pages[offset], Transformation)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _lay_under(target, source, transformation) -> None:
    margin = 62.0  # 22 mm: inside the running head and the page number
    width, height = float(target.mediabox.width), float(target.mediabox.height)
    source_width, source_height = float(source.mediabox.width), float(source.mediabox.height)
    scale = min((width - 2 * margin) / source_width, (height - 2 * margin) / source_height, 1.0)
    x = (width - source_width * scale) / 2 - float(source.mediabox.left) * scale
    y = (height - source_height * scale) / 2 - float(source.mediabox.bottom) * scale
    target.merge_transformed_page(source, transformation().scale(scale).translate(x, y), over=False)


def _restricted_fetcher(allowed: frozenset[str]):
    """WeasyPrint may read only the pack's own images: nothing else on disk, nothing on the network."""
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher

    class PackFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme != "file" or unquote(parsed.path) not in allowed:
                raise ValueError(f"not one of the pack's inputs: {url}")
            return super().fetch(url, headers)

    return PackFetcher(allowed_protocols=["file"])


# --- the stage ------------------------------------------------------------------------------------


@dataclass
class PackRun:
    written: list[str] = field(default_factory=list)
    rendered: int = 0
    cached: int = 0


def build_packs(
    site: Site, docs: Path, cache: Path, workers: int | None = None, audience: Audience = PUBLIC
) -> PackRun:
    """Render (or take from the cache) every pack into the docs folder."""
    run = PackRun()
    cache.mkdir(parents=True, exist_ok=True)
    keyed = [(job.cache_key(), job) for job in plan_packs(site, audience)]
    todo = {key: job for key, job in keyed if not _cached(cache, key, job)}
    run.cached = len(keyed) - len(todo)
    if todo:
        _render_all(todo, cache, workers or max(1, min(len(todo), os.cpu_count() or 1)))
        run.rendered = len(todo)
    for key, job in keyed:
        for name in _outputs(job):
            target = docs / job.folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((cache / f"{key}.{name}").read_bytes())
            run.written.append(f"{job.folder}/{name}")
    return run


def _render_all(todo: dict[str, PackJob], cache: Path, workers: int) -> None:
    if workers == 1:
        for key, job in todo.items():
            _store(cache, key, render_job(job))
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = {pool.submit(render_job, job): key for key, job in todo.items()}
        for future in concurrent.futures.as_completed(futures):
            _store(cache, futures[future], future.result())


def _store(cache: Path, key: str, outputs: dict[str, bytes]) -> None:
    for name, data in outputs.items():
        temporary = cache / f"{key}.{name}.tmp"
        temporary.write_bytes(data)
        temporary.replace(cache / f"{key}.{name}")


def _outputs(job: PackJob) -> list[str]:
    return [job.name] + ([job.front_sheet_name] if job.front_sheet_name else [])


def _cached(cache: Path, key: str, job: PackJob) -> bool:
    return all((cache / f"{key}.{name}").is_file() for name in _outputs(job))
