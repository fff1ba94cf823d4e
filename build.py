#!/usr/bin/env python3
"""Committee papers: `python3 build.py check` validates content/; `python3 build.py test` runs the tests.

The first run creates .venv/ and installs the dependencies (see papers/bootstrap.py).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from papers.bootstrap import ensure_environment

ensure_environment()

from papers.commands.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
