"""`build --executor`: where agenda packs are rendered.

- `local` (the default): worker processes on this machine (papers/render/packs).
- `dask://HOST:PORT`: the workers of a Dask distributed cluster, through the scheduler at
  HOST:PORT (`pip install 'committee-papers[dask]'`). Every worker needs this package
  installed at the same version and the content folder at the same path as the build (a
  pack's images and supplied PDFs are read there, and checked to be the build's own);
  the PDFs come back to the build, which keeps them in its pack cache beside the output
  folder, so any later build into that folder, on any machine, reuses them. The papers
  travel to the workers unencrypted unless the cluster is set up with TLS: use a cluster
  you trust, above all for the members' edition.

Every failure to get an executor is an `ExecutorUnavailable` with a one-line message.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

LOCAL = "local"
DASK = re.compile(r"dask://(?P<host>\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(?P<port>[0-9]{1,5})/?")
CONNECT_SECONDS = 10


class ExecutorUnavailable(Exception):
    """The executor asked for cannot be used; the message says why and what to do."""


def executor_option(text: str) -> str:
    """`--executor`: `local` or `dask://HOST:PORT` (argparse turns the error into a usage message)."""
    if text == LOCAL or DASK.fullmatch(text):
        return text.rstrip("/")
    raise argparse.ArgumentTypeError(f"{text!r} is neither 'local' nor a Dask scheduler 'dask://HOST:PORT'")


@contextmanager
def executor_for(option: str) -> Iterator[Executor | None]:
    """The executor `option` names, ready to use and closed afterwards; None for the local default (the packs
    stage starts its own worker processes, and only when a pack needs rendering)."""
    found = DASK.fullmatch(option)
    if found is None:
        yield None
        return
    address = f"tcp://{found['host']}:{found['port']}"
    try:
        import distributed
    except ImportError:
        raise ExecutorUnavailable(
            f"--executor {option}: Dask is not installed; install it with: pip install 'committee-papers[dask]'"
        ) from None
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ExecutorUnavailable(
            f"--executor {option}: cannot reach the Dask scheduler at {address} ({_first_line(exc)})"
        ) from None
    try:
        with client.get_executor(pure=False) as executor:
            yield executor
    finally:
        client.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
