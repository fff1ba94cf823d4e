"""The one templating layer for web pages and PDF packs.

One environment factory for both, the same filters and globals, the council's
overrides for both (`content/templates/pages/`, `content/templates/packs/`), and
one way of reporting a template that fails: `template:LINE` plus the content file
being rendered.

Templates are rendered in Jinja's sandbox: a council's override is content, not
code. It can print what its context holds (only what the audience may see: see
papers/render/project.py) but cannot call into Python: no module, no file path
(`Path.read_text` would reach the content folder's withheld files), no attribute
starting with an underscore.
"""

from __future__ import annotations

import traceback
import types
from collections.abc import Callable, Mapping
from pathlib import Path, PurePath
from typing import Any, Literal

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from papers import dates
from papers.model import notices
from papers.model.site import Committee, Site
from papers.render import urls
from papers.render.markup import inline
from papers.render.reportheader import contact_line, header_lines, opening_line, report_layout
from papers.resources import TEMPLATES

Kind = Literal["pages", "packs"]

# URL functions templates may call (a namespace of functions, never the module: a module would hand
# the sandbox everything it imports).
URLS = types.SimpleNamespace(
    home=urls.home,
    committees=urls.committees,
    committee=urls.committee,
    meeting=urls.meeting,
    report=urls.report,
    appendix=urls.appendix,
    minutes=urls.minutes,
    minute=urls.minute,
    agenda_item=urls.agenda_item,
    members=urls.members,
    member=urls.member,
    calendar=urls.calendar,
    decisions=urls.decisions,
    search=urls.search,
    search_bundle=urls.search_bundle,
    attachment=urls.attachment,
    data=urls.data,
    meetings_calendar=urls.meetings_calendar,
    committee_calendar=urls.committee_calendar,
    member_calendar=urls.member_calendar,
    whats_new_feed=urls.whats_new_feed,
    committee_feed=urls.committee_feed,
    meetings_table=urls.meetings_table,
    decisions_table=urls.decisions_table,
    oparl_system=urls.oparl_system,
    sitemap=urls.sitemap,
)


class TemplateProblem(Exception):
    """A template failed while rendering: reported against template line and content file."""

    def __init__(self, template: str, line: int | None, source: Path, message: str) -> None:
        super().__init__(f"{template}:{line or 1}: {message} (while rendering {source})")
        self.template, self.line, self.source, self.message = template, line, source, message


class _Sandbox(SandboxedEnvironment):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._decided: dict[tuple[type, str, type], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Decided once for each type of object, attribute name and type of value (a large archive's pages read
        attributes millions of times): Jinja's rule and ours look at no more than these (isinstance tests of
        the object and the value, and the name)."""
        key = (type(obj), attr, type(value))
        decided = self._decided.get(key)
        if decided is None:
            decided = self._decide(obj, attr, value)
            self._decided[key] = decided
        return decided

    def _decide(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, PurePath | types.ModuleType) or isinstance(value, PurePath | types.ModuleType):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


def template_folders(site_root: Path, kind: Kind) -> list[Path]:
    """Where templates of this kind are looked up: the council's overrides first, then the project's; then the
    templates both kinds share (`shared/`: the report layout and resolutions, printed alike on page and pack)."""
    folders = [
        site_root / "templates" / kind,
        TEMPLATES / kind,
        site_root / "templates" / "shared",
        TEMPLATES / "shared",
    ]
    return [folder for folder in folders if folder.is_dir()]


def environment(site: Site, kind: Kind) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)) for folder in template_folders(site.root, kind)])
    env = _Sandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=kind == "pages",
    )
    env.filters.update(
        long_date=dates.long_date,
        plain_date=dates.plain_date,
        clock=dates.clock,
        municipal_year=dates.municipal_year,
        inline=lambda text: Markup(inline(text)),
        css_string=css_string,
    )
    env.globals.update(
        site=site,
        urls=URLS,
        header_lines=header_lines,
        opening_line=opening_line,
        contact_line=contact_line,
        report_layout=report_layout,
        role_label=_role_label(site),
        withheld_notice=notices.withheld_notice,
        schedule_12a=notices.schedule_12a_paragraph,
    )
    return env


def render(env: jinja2.Environment, name: str, source: Path, context: Mapping[str, Any]) -> str:
    """Render one template; any failure becomes a TemplateProblem naming the template line and `source`."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise _problem(exc, name, source) from None


def css_string(text: str) -> Markup:
    """Text as a CSS string literal (running heads in print CSS): quotes, backslashes, `<` and every control
    character escaped, so no character of a name can end the string or the stylesheet."""
    return Markup('"' + "".join(_css_character(character) for character in text) + '"')


def _css_character(character: str) -> str:
    if character in "\n\r\t\f\v":
        return " "  # a running head is one line
    if character in '"\\<' or ord(character) < 0x20 or 0x7F <= ord(character) <= 0x9F:
        return f"\\{ord(character):x} "
    return character


def _problem(exc: jinja2.TemplateError, name: str, source: Path) -> TemplateProblem:
    line: int | None = getattr(exc, "lineno", None)
    where = getattr(exc, "filename", None) or name
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            line, where = frame.lineno, frame.filename
            break
    return TemplateProblem(where, line, source, str(exc))


MarkdownRenderer = Callable[..., Markup]


def _role_label(site: Site) -> Callable[..., str]:
    """A role as printed: the committee's own label where it gives one (a panel's "Chair"), else the site's."""

    def role_label(role: str, committee: Committee | None = None) -> str:
        labels = committee.role_labels if committee is not None else site.settings.role_labels
        return labels.label(role)

    return role_label
