"""Coverage-guided fuzzing of the IaC readers with atheris, when it is installed (issue 12).

The pattern of ``test_fuzz_workbook_atheris.py``: a child process per target, seeded with a real
template or plan, bounded in inputs and seconds, each input under a per-input timeout. Any
exception other than :class:`SrmError` is a crash: libFuzzer saves the input as ``crash-*``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("atheris")

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("SRM_FUZZ_RUNS", "2000"))
SECONDS = int(os.environ.get("SRM_FUZZ_SECONDS", "20"))

TARGET = textwrap.dedent(
    """
    import sys
    import atheris

    with atheris.instrument_imports(include=["srm_desktop"]):
        from srm_desktop.domain.errors import SrmError
        from srm_desktop.domain.factory import new_project
        from srm_desktop.domain.inventory_merge import merge_inventory
        from srm_desktop.domain.provider import get_provider
        from srm_desktop.formats.iac.inventory import build_inventory, found_services
        from srm_desktop.formats.iac.mapping import load_type_map
        from srm_desktop.formats.iac.reader import parse_iac

    NAME = sys.argv.pop(1)
    PROVIDER = get_provider("aws")
    TYPES = load_type_map("aws")
    PROJECT = new_project("Fuzz", PROVIDER, ["s3"], ["Platform"])

    def one_input(data: bytes) -> None:
        try:
            doc = parse_iac(data, NAME)
        except SrmError as exc:
            assert "\\n" not in str(exc), str(exc)
            return
        found = found_services(build_inventory([doc], TYPES, PROVIDER.catalog))
        first = merge_inventory(PROJECT, PROVIDER, found, [NAME])
        again = merge_inventory(first.project, PROVIDER, found, [NAME])
        assert again.project == first.project

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
    """
)

SEEDS = {
    "template.yaml": b"Transform: AWS::Serverless-2016-10-31\nResources:\n"
    b"  Fn: {Type: AWS::Serverless::Function, Properties: {PackageType: Image,"
    b" Events: {Tick: {Type: Schedule}}}}\n  Bucket: {Type: AWS::S3::Bucket}\n",
    "template.json": b'{"Resources": {"Key": {"Type": "AWS::KMS::Key"}, "Table": {"Type":'
    b' "AWS::DynamoDB::Table", "Properties": {"SSESpecification": {"KMSMasterKeyId":'
    b' {"Ref": "Key"}}}}}}',
    "plan.json": b'{"format_version": "1.2", "planned_values": {"root_module": {"resources":'
    b' [{"address": "aws_s3_bucket.b[\\"k\\"]", "mode": "managed", "type": "aws_s3_bucket",'
    b' "values": {"bucket": "b"}}], "child_modules": [{"resources": []}]}}}',
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_atheris_iac_reader(tmp_path: Path, name: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed").write_bytes(SEEDS[name])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            TARGET,
            name,
            f"-runs={RUNS}",
            f"-max_total_time={SECONDS}",
            "-timeout=10",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=SECONDS + 120,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    assert "Done" in log or "DONE" in log
