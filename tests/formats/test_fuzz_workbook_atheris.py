"""Coverage-guided fuzzing with atheris (libFuzzer for Python), when it is installed.

atheris ends the process when a run finishes, so each target runs in a child process, seeded
with a real file, for a bounded number of inputs and seconds, each input under a per-input
timeout. Any exception other than :class:`SrmError` is a crash: libFuzzer prints it, saves the
input as ``crash-*`` in the corpus folder, and the child exits non-zero.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from srm_desktop.formats.project_file import dumps_project

from .workbook_helpers import export, project

pytest.importorskip("atheris")

ROOT = Path(__file__).resolve().parents[2]
# Bounded for the everyday suite; a long hunt: SRM_FUZZ_RUNS=100000 SRM_FUZZ_SECONDS=600.
RUNS = int(os.environ.get("SRM_FUZZ_RUNS", "2000"))
SECONDS = int(os.environ.get("SRM_FUZZ_SECONDS", "20"))

TARGET = textwrap.dedent(
    """
    import sys, tempfile
    from pathlib import Path
    import atheris

    with atheris.instrument_imports(include=["srm_desktop"]):
        from srm_desktop.domain.errors import SrmError
        from srm_desktop.formats.project_file import loads_project
        from srm_desktop.formats.workbook import read_change_set
        from srm_desktop.domain.factory import new_project
        from srm_desktop.domain.provider import get_provider

    KIND = sys.argv.pop(1)
    PROVIDER = get_provider("aws")
    PROJECT = new_project("Review demo", PROVIDER, ["ec2", "lambda", "s3"], ["Platform", "Ops"])
    SCRATCH = Path(tempfile.mkdtemp()) / "in.xlsx"

    def one_input(data: bytes) -> None:
        try:
            if KIND == "workbook":
                SCRATCH.write_bytes(data)
                read_change_set(PROJECT, PROVIDER, SCRATCH)
            else:
                loads_project(data, "fuzz.srm")
        except SrmError:
            pass

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
    """
)


def _fuzz(kind: str, seed: bytes, folder: Path) -> str:
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "seed").write_bytes(seed)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            TARGET,
            kind,
            f"-runs={RUNS}",
            f"-max_total_time={SECONDS}",
            "-timeout=10",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={folder}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=SECONDS + 120,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    return log


def test_atheris_workbook_importer(tmp_path: Path) -> None:
    proj, provider = project()
    seed = export(tmp_path, proj, provider, "seed.xlsx").read_bytes()
    log = _fuzz("workbook", seed, tmp_path)
    assert "Done" in log or "DONE" in log


def test_atheris_project_loader(tmp_path: Path) -> None:
    proj, _ = project()
    log = _fuzz("project", dumps_project(proj), tmp_path)
    assert "Done" in log or "DONE" in log
