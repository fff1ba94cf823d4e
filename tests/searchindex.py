"""Reading the Pagefind bundle back as a browser's search would: every page record, decompressed.

Pagefind writes each indexed page as a gzip-compressed `pagefind/fragment/*.pf_fragment`: the bytes
`pagefind_dcd` then JSON (the page's URL, text, title and other metadata, filters). We read them with
the standard library, not with Pagefind.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"


def records(site: Path) -> dict[str, dict[str, Any]]:
    """Each indexed page's record, by its URL relative to the site root ("committees/x/2011-03-04/")."""
    found = {}
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(MAGIC), fragment
        record = json.loads(data[len(MAGIC) :])
        found[record["url"].lstrip("/")] = record
    return found
