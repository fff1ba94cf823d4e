"""The PDFs made for each meeting: decided here so pages can link to them without importing WeasyPrint."""

from __future__ import annotations

from papers.model.audience import PUBLIC, Audience
from papers.model.site import Meeting

AGENDA_PACK, SUPPLEMENTARY_PACK = "agenda-pack.pdf", "supplementary-pack.pdf"
FRONT_SHEET, PRINTED_MINUTES = "agenda-frontsheet.pdf", "printed-minutes.pdf"


def packs_of(meeting: Meeting, audience: Audience = PUBLIC) -> tuple[tuple[str, str], ...]:
    """(file name, label) of each PDF made for a meeting, in the meeting's folder of the site."""
    items = audience.listed_items(meeting)
    if not items:
        return ()
    made = [(AGENDA_PACK, "Agenda pack"), (FRONT_SHEET, "Agenda front sheet")]
    if any(item.supplementary for item in items):
        made.append((SUPPLEMENTARY_PACK, "Supplementary agenda pack"))
    if meeting.minutes is not None:
        made.append((PRINTED_MINUTES, "Printed minutes"))
    return tuple(made)
