"""`build --executor`: packs rendered through a Dask cluster are the local build's, byte for byte; every way of
getting the option wrong, or the cluster unreachable, is one clear message and never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, PROJECT, run_build

from papers.commands import executors
from papers.commands.cli import main
from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render.packs import WorkerMismatch, render_pack, renderer, worker_processes
from papers.render.packs.plan import PackJob, plan_packs
from papers.render.project import project


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build_in_process(tmp_path: Path, executor: str, capsys) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["build", "--content", str(MINIMAL), "--out", str(tmp_path / "site"), "--executor", executor])
    captured = capsys.readouterr()
    assert captured.out == ""
    return status, captured.err


@pytest.mark.parametrize("given", ["dask://", "dask://scheduler", "tcp://127.0.0.1:8786", "dask:/host:1", "pool"])
def test_an_executor_that_is_not_local_or_dask_is_refused_in_one_line(given, capsys):
    with pytest.raises(SystemExit) as refused:
        main(["build", "--executor", given])
    assert refused.value.code == 2
    error = capsys.readouterr().err.splitlines()[-1]
    assert error == (
        f"build.py build: error: argument --executor: {given!r} is neither 'local' nor a Dask scheduler "
        "'dask://HOST:PORT'"
    )


@pytest.mark.parametrize(
    "given", ["local", "dask://127.0.0.1:8786", "dask://scheduler.example.org:8786/", "dask://[::1]:1"]
)
def test_local_and_dask_addresses_are_accepted(given):
    assert executors.executor_option(given) == given.rstrip("/")


def test_without_dask_installed_the_build_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails as if not installed
    status, stderr = build_in_process(tmp_path, "dask://127.0.0.1:8786", capsys)
    assert status == 1
    assert stderr.splitlines() == [
        "error: --executor dask://127.0.0.1:8786: Dask is not installed; install it with: "
        "pip install 'committee-papers[dask]'",
        f"Build failed. {tmp_path / 'site'} was not changed.",
    ]
    assert not (tmp_path / "site").exists()


def test_an_unreachable_scheduler_is_one_clear_error_before_anything_is_built(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(executors, "CONNECT_SECONDS", 1)
    port = unused_port()
    status, stderr = build_in_process(tmp_path, f"dask://127.0.0.1:{port}", capsys)
    assert status == 1
    first, last = stderr.splitlines()[0], stderr.splitlines()[-1]
    assert first.startswith(
        f"error: --executor dask://127.0.0.1:{port}: cannot reach the Dask scheduler at tcp://127.0.0.1:{port} ("
    )
    assert last == f"Build failed. {tmp_path / 'site'} was not changed."
    assert "Traceback" not in stderr
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def job() -> PackJob:
    site = check(MINIMAL).site
    assert site is not None
    return plan_packs(project(site, PUBLIC))[0]


def test_a_worker_refuses_a_pack_whose_files_it_cannot_read_as_the_build_did(job, tmp_path):
    missing = tmp_path / "logo.png"
    with pytest.raises(WorkerMismatch, match=r"cannot read .*logo\.png .*same path as the build"):
        render_pack(job, ((str(missing), "0" * 64),), renderer())
    missing.write_bytes(b"\x89PNG another copy")
    with pytest.raises(WorkerMismatch, match=r"copy of .*logo\.png differs from the build's"):
        render_pack(job, ((str(missing), "0" * 64),), renderer())


def test_a_worker_with_other_code_than_the_build_refuses_to_render(job):
    with pytest.raises(WorkerMismatch, match="another version of committee-papers or WeasyPrint"):
        render_pack(job, (), "0" * 64)


def test_the_build_knows_what_renders_its_packs_without_importing_weasyprint():
    """The renderer's fingerprint names WeasyPrint's installed version: a rebuild that renders no pack in its own
    process (workers do) never pays for importing it."""
    code = "from papers.render.packs import renderer; import sys; renderer(); print('weasyprint' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, check=True)
    assert found.stdout.strip() == "False"


def pdfs(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*.pdf"))}


@pytest.mark.slow
def test_packs_rendered_on_a_dask_cluster_are_the_local_builds_byte_for_byte(tmp_path):
    from distributed import LocalCluster

    status, stdout, stderr = run_build(MINIMAL, tmp_path / "local" / "site")
    assert (status, stderr) == (0, "")
    local = pdfs(tmp_path / "local" / "site")
    assert local, "the minimal council has packs"

    # A cluster in this process (its worker a thread here), reached by the build over TCP as any cluster would be.
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        out = tmp_path / "on-dask" / "site"  # beside no other build: its pack cache starts empty
        status, stdout, stderr = run_build(MINIMAL, out, "--executor", f"dask://{address}")
        assert (status, stderr) == (0, ""), stderr
        rendered = cluster.scheduler.task_prefixes["render_pack"].state_counts["memory"]
    assert f"({rendered} rendered, 0 from the cache)" in stdout, "every pack was rendered on the cluster"
    assert rendered > 0
    assert pdfs(out) == local
    # The cache beside the output folder holds them: a build into that folder takes every pack from it.
    status, stdout, stderr = run_build(MINIMAL, out)
    assert (status, stderr) == (0, "") and f"(0 rendered, {rendered} from the cache)" in stdout


def _weasyprint_frozen() -> bool:
    """In a worker: whether WeasyPrint's module is out of the garbage collector's walks (frozen objects are not
    among gc.get_objects())."""
    import gc

    import weasyprint

    return not any(found is vars(weasyprint) for found in gc.get_objects())


def test_a_local_worker_has_the_renderer_loaded_and_frozen_before_its_first_pack():
    """A pack's layout makes objects by the hundred thousand; each full collection while it grows would walk
    WeasyPrint's modules again. The build's workers load them and freeze them first (bench/packs.py prints the
    ratios with and without)."""
    with worker_processes(1) as pool:
        assert pool.submit(_weasyprint_frozen).result()
