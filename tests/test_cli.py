"""The `srm` contract: commands, outputs, exit codes 0/1/2, one-line errors, nothing written."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from srm_desktop.cli import main

from .cli_helpers import new_project, run


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    return new_project(tmp_path, "ec2", "rds", "s3", "lambda")


def test_the_issue_walkthrough(demo_file: Path, tmp_path: Path) -> None:
    code, _ = run("validate", str(demo_file))
    assert code == 0
    csv_path = tmp_path / "demo.csv"
    assert run("export", str(demo_file), "-o", str(csv_path))[0] == 0
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    owner = {
        (r["service_id"], r["area_id"], r["party"]): r["raci"]
        for r in rows
        if r["area_id"] in ("guest-os", "server-encryption", "customer-data")
    }
    assert owner[("ec2", "guest-os", "Customer")] == "R/A"  # EC2: the customer's guest OS
    assert owner[("rds", "guest-os", "AWS")] == "R/A"  # RDS: AWS's
    assert owner[("s3", "server-encryption", "AWS")] == "R/A"  # SSE-S3: the platform's
    assert owner[("lambda", "guest-os", "AWS")] == "R/A"
    assert all(owner[(s, "customer-data", "Customer")] == "R/A" for s in ("ec2", "rds", "s3"))


def test_new_reports_what_it_made(tmp_path: Path) -> None:
    code, out = run(
        "new", str(tmp_path / "t.srm"), "--name", "T", "--service", "ecs:fargate",
        "--service", "ecs:ec2", "--team", "Platform", "--team", "Security",
    )  # fmt: skip
    assert code == 0
    # Platform and Security but no Application or Data owner team: their A's fall to Platform,
    # and the new project says so (F11) instead of choosing silently.
    assert "2 services × 23 areas × 3 parties = 138 cells; 0 errors, 2 warnings" in out
    doc = json.loads((tmp_path / "t.srm").read_text())
    assert [s["id"] for s in doc["services"]] == ["ecs", "ecs-2"]
    assert [s["name"] for s in doc["services"]] == ["Amazon ECS", "Amazon ECS 2"]


def test_new_refuses_to_overwrite_without_force(demo_file: Path, capsys) -> None:
    before = demo_file.read_bytes()
    assert run("new", str(demo_file), "--name", "Other")[0] == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert demo_file.read_bytes() == before
    assert run("new", str(demo_file), "--name", "Other", "--force")[0] == 0


def test_unknown_service_is_bad_input_and_writes_nothing(tmp_path: Path, capsys) -> None:
    target = tmp_path / "x.srm"
    assert run("new", str(target), "--name", "X", "--service", "ecs:warp")[0] == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "has no variant 'warp'" in err
    assert not target.exists()


def test_catalog_lists_key_name_category_variants() -> None:
    code, out = run("catalog")
    assert code == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert len(lines) >= 35
    ecs = next(line for line in lines if line[0] == "ecs")
    assert ecs[1:3] == ["Amazon ECS", "container"]
    assert {"ec2", "fargate"} <= set(ecs[3].split(","))


def test_validate_prints_findings_and_exits_1_on_errors(demo_file: Path, capsys) -> None:
    doc = json.loads(demo_file.read_text())
    row = next(r for r in doc["matrix"] if r[:2] == ["ec2", "iam"])
    row[3] = "A"  # AWS accountable too: two A's
    demo_file.write_text(json.dumps(doc))
    code, out = run("validate", str(demo_file))
    assert code == 1
    assert "error: Amazon EC2 › Identity & access management: 2 parties are Accountable" in out
    assert "1 errors" in capsys.readouterr().err


def test_autofill_repairs_in_place_or_to_out(demo_file: Path, tmp_path: Path) -> None:
    doc = json.loads(demo_file.read_text())
    row = next(r for r in doc["matrix"] if r[:2] == ["ec2", "iam"])
    row[3] = "A"
    demo_file.write_text(json.dumps(doc))
    before = demo_file.read_bytes()
    out_path = tmp_path / "fixed.srm"
    code, out = run("autofill", str(demo_file), "-o", str(out_path))
    assert code == 0
    assert "1 cells changed, 0 manual overrides kept" in out
    assert demo_file.read_bytes() == before
    assert run("validate", str(out_path))[0] == 0
    assert run("autofill", str(demo_file))[0] == 0
    assert run("validate", str(demo_file))[0] == 0


def test_export_to_stdout_and_unknown_formats(demo_file: Path, capsys) -> None:
    code, out = run("export", str(demo_file), "-o", "-")
    assert code == 0
    assert out.startswith("service_id,service,category")
    assert run("export", str(demo_file), "-o", "x.pdf")[0] == 2
    assert "cannot export to .pdf" in capsys.readouterr().err


BAD_FILES = {
    "empty": (b"", "file is empty"),
    "truncated": (b'{"format": "srm-desktop/project", "sch', "Unterminated string"),
    "bom": (b"\xef\xbb\xbf{}", "byte-order mark"),
    "nan": (b'{"x": NaN}', "NaN is not valid JSON"),
    "duplicate": (b'{"format": 1, "format": 2}', "key 'format' appears twice"),
    "deep": (b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
    "wrong-type": (
        b'{"format": "srm-desktop/project", "schema_version": 1, "id": "x", "name": 5}',
        "$.name: Input should be a valid string",
    ),
    "future": (b'{"format": "srm-desktop/project", "schema_version": 7}', "newer SRM Desktop"),
    "no-version": (b'{"format": "srm-desktop/project"}', "missing 'schema_version'"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["validate", "autofill", "export"])
def test_bad_files_exit_2_with_one_line_and_write_nothing(
    tmp_path: Path, capsys, kind: str, command: str
) -> None:
    data, message = BAD_FILES[kind]
    path = tmp_path / f"{kind}.srm"
    path.write_bytes(data)
    extra = ["-o", str(tmp_path / "out.csv")] if command == "export" else []
    code, _ = run(command, str(path), *extra)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"srm: {path}")
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_dangling_reference_is_named(demo_file: Path, capsys) -> None:
    doc = json.loads(demo_file.read_text())
    doc["matrix"][5][0] = "ghost"
    demo_file.write_text(json.dumps(doc))
    assert run("validate", str(demo_file))[0] == 2
    assert '$.matrix[5][0]: unknown service "ghost"' in capsys.readouterr().err


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["new", "x.srm"])  # --name is required
    assert exc.value.code == 2
    assert "--name" in capsys.readouterr().err


def test_installed_console_script_never_prints_a_traceback(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("srm")
    if not script.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    bad = tmp_path / "bad.srm"
    bad.write_bytes(b"{")
    result = subprocess.run(
        [str(script), "validate", str(bad)],
        capture_output=True,
        text=True,
        env={**os.environ, "SRM_DEBUG": ""},
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"srm: {bad}: line 1, column 2:")
    assert "Traceback" not in result.stderr
