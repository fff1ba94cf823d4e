"""JSON schemas for OParl 1.1 objects and object lists, built here from the specification.

The OParl 1.1 specification (the OParl/spec repository: its chapter on the schema and its
`schema/` folder) gives, for each object type, its properties with their types and which are
required. We write that down as a table and build a JSON Schema (draft 2020-12) from it, with
no extra properties allowed, so an object that invents a property, gives one the wrong type or
leaves out a required one fails. Formats are checked by patterns (jsonschema checks `format`
only when optional packages are installed, and silently passes otherwise).

Specification points encoded here:
- every object has `id` (its URL) and `type` (`https://schema.oparl.org/1.1/<Type>`); from 1.1 on
  `created` and `modified` are required of every object (changes in OParl 1.1);
- `deleted` is a boolean on the main objects;
- System requires `oparlVersion` and `body` (the URL of the list of bodies); Body requires
  `name`, `organization`, `person`, `meeting`, `paper` (list URLs) and `legislativeTerm`;
  AgendaItem requires `order`; File requires `accessUrl`;
- objects are given either by URL or embedded (Location in Meeting, File in Meeting and Paper,
  AgendaItem in Meeting, Membership in Person, Consultation in Paper);
- a list page has `data`, `pagination` (`totalElements`, `elementsPerPage`, `currentPage`,
  `totalPages`) and `links` (`first`, `prev`, `self`, `next`, `last`, `web`); `next` on every
  page but the last.
"""

from __future__ import annotations

from typing import Any

VERSION = "https://schema.oparl.org/1.1/"

URL = {"type": "string", "pattern": r"^https?://[^\s]+$"}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATE_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"}
TEXT = {"type": "string", "minLength": 1}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer", "minimum": 0}


def urls() -> dict[str, Any]:
    return {"type": "array", "items": URL}


def texts() -> dict[str, Any]:
    return {"type": "array", "items": TEXT}


def ref(kind: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{kind}"}


def refs(kind: str) -> dict[str, Any]:
    return {"type": "array", "items": ref(kind)}


COMMON = {"license": URL, "keyword": texts(), "web": URL, "created": DATE_TIME, "modified": DATE_TIME}
MAIN = {"System", "Body", "Organization", "Person", "Meeting", "Paper", "File"}  # those that carry `deleted`

# Each type: (its own properties, the properties it requires besides id, type, created and modified).
TYPES: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "System": (
        {
            "oparlVersion": {"const": VERSION},
            "otherOparlVersions": urls(),
            "body": URL,
            "name": TEXT,
            "contactEmail": TEXT,
            "contactName": TEXT,
            "website": URL,
            "vendor": URL,
            "product": URL,
        },
        ("oparlVersion", "body"),
    ),
    "Body": (
        {
            "system": URL,
            "shortName": TEXT,
            "name": TEXT,
            "website": URL,
            "licenseValidSince": DATE_TIME,
            "oparlSince": DATE_TIME,
            "ags": TEXT,
            "rgs": TEXT,
            "equivalent": urls(),
            "contactEmail": TEXT,
            "contactName": TEXT,
            "organization": URL,
            "person": URL,
            "meeting": URL,
            "paper": URL,
            "legislativeTerm": refs("LegislativeTerm"),
            "agendaItem": URL,
            "consultation": URL,
            "file": URL,
            "locationList": URL,
            "legislativeTermList": URL,
            "membership": URL,
            "classification": TEXT,
            "location": ref("Location"),
        },
        ("name", "organization", "person", "meeting", "paper", "legislativeTerm"),
    ),
    "LegislativeTerm": ({"body": URL, "name": TEXT, "startDate": DATE, "endDate": DATE}, ()),
    "Organization": (
        {
            "body": URL,
            "name": TEXT,
            "membership": urls(),
            "meeting": URL,
            "consultation": URL,
            "shortName": TEXT,
            "post": texts(),
            "subOrganizationOf": URL,
            "organizationType": TEXT,
            "classification": TEXT,
            "startDate": DATE,
            "endDate": DATE,
            "website": URL,
            "location": ref("Location"),
            "externalBody": URL,
        },
        (),
    ),
    "Person": (
        {
            "body": URL,
            "name": TEXT,
            "familyName": TEXT,
            "givenName": TEXT,
            "formOfAddress": TEXT,
            "affix": TEXT,
            "title": texts(),
            "gender": TEXT,
            "phone": texts(),
            "email": texts(),
            "location": URL,
            "locationObject": ref("Location"),
            "status": texts(),
            "membership": refs("Membership"),
            "life": TEXT,
            "lifeSource": TEXT,
        },
        (),
    ),
    "Membership": (
        {
            "person": URL,
            "organization": URL,
            "role": TEXT,
            "votingRight": BOOLEAN,
            "startDate": DATE,
            "endDate": DATE,
            "onBehalfOf": URL,
        },
        (),
    ),
    "Meeting": (
        {
            "name": TEXT,
            "meetingState": TEXT,
            "cancelled": BOOLEAN,
            "start": DATE_TIME,
            "end": DATE_TIME,
            "location": ref("Location"),
            "organization": urls(),
            "participant": urls(),
            "invitation": ref("File"),
            "resultsProtocol": ref("File"),
            "verbatimProtocol": ref("File"),
            "auxiliaryFile": refs("File"),
            "agendaItem": refs("AgendaItem"),
        },
        (),
    ),
    "AgendaItem": (
        {
            "meeting": URL,
            "number": TEXT,
            "order": INTEGER,
            "name": TEXT,
            "public": BOOLEAN,
            "consultation": URL,
            "result": TEXT,
            "resolutionText": TEXT,
            "resolutionFile": ref("File"),
            "auxiliaryFile": refs("File"),
            "start": DATE_TIME,
            "end": DATE_TIME,
        },
        ("order",),
    ),
    "Paper": (
        {
            "body": URL,
            "name": TEXT,
            "reference": TEXT,
            "date": DATE,
            "paperType": TEXT,
            "relatedPaper": urls(),
            "superordinatedPaper": urls(),
            "subordinatedPaper": urls(),
            "mainFile": ref("File"),
            "auxiliaryFile": refs("File"),
            "location": refs("Location"),
            "originatorPerson": urls(),
            "underDirectionOf": urls(),
            "originatorOrganization": urls(),
            "consultation": refs("Consultation"),
        },
        (),
    ),
    "Consultation": (
        {
            "paper": URL,
            "agendaItem": URL,
            "meeting": URL,
            "organization": urls(),
            "authoritative": BOOLEAN,
            "role": TEXT,
        },
        (),
    ),
    "File": (
        {
            "name": TEXT,
            "fileName": TEXT,
            "mimeType": {"type": "string", "pattern": r"^[a-z]+/[a-z0-9.+-]+$"},
            "date": DATE,
            "size": INTEGER,
            "sha1Checksum": TEXT,
            "sha512Checksum": TEXT,
            "text": TEXT,
            "accessUrl": URL,
            "downloadUrl": URL,
            "externalServiceUrl": URL,
            "masterFile": URL,
            "derivativeFile": urls(),
            "fileLicense": URL,
            "meeting": urls(),
            "agendaItem": urls(),
            "paper": urls(),
        },
        ("accessUrl",),
    ),
    "Location": (
        {
            "description": TEXT,
            "geojson": {"type": "object"},
            "streetAddress": TEXT,
            "room": TEXT,
            "postalCode": TEXT,
            "subLocality": TEXT,
            "locality": TEXT,
            "bodies": urls(),
            "organizations": urls(),
            "persons": urls(),
            "meetings": urls(),
            "papers": urls(),
        },
        (),
    ),
}


def definition(kind: str) -> dict[str, Any]:
    own, required = TYPES[kind]
    properties = {"id": URL, "type": {"const": VERSION + kind}, **COMMON, **own}
    if kind in MAIN:
        properties["deleted"] = BOOLEAN
    return {
        "type": "object",
        "properties": properties,
        "required": ["id", "type", "created", "modified", *required],
        "additionalProperties": False,
    }


def object_schema(kind: str) -> dict[str, Any]:
    """The schema of one object of `kind`, with every type's definition for the objects it embeds."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {name: definition(name) for name in TYPES},
        "$ref": f"#/$defs/{kind}",
    }


def list_schema(kind: str, last_page: bool) -> dict[str, Any]:
    """A page of an external object list of `kind` objects."""
    links = {name: URL for name in ("first", "prev", "self", "next", "last", "web")}
    pagination = {name: INTEGER for name in ("totalElements", "elementsPerPage", "currentPage", "totalPages")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {name: definition(name) for name in TYPES},
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": {"$ref": f"#/$defs/{kind}"}},
            "pagination": {"type": "object", "properties": pagination, "additionalProperties": False},
            "links": {
                "type": "object",
                "properties": links,
                "required": [] if last_page else ["next"],
                "additionalProperties": False,
            },
        },
        "required": ["data", "pagination", "links"],
        "additionalProperties": False,
    }
