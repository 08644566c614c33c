"""`srm inventory` and `srm new --from`, through the ``srm`` entry point."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from srm_desktop.domain.inventory_merge import evidence_in
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.validation import validate
from srm_desktop.formats.project_file import load_project

from .cli_helpers import run_merged as run

SAM = "cfn/serverless-patterns__cloudfront-apigw-rest-api-lambda-dynamodb-sam.yaml"
CHECKOV = "terraform/checkov__runner_plan_tfplan.json"

TEMPLATE = """\
Resources:
  Fn: {Type: AWS::Lambda::Function, Properties: {PackageType: Image}}
  Bucket: {Type: AWS::S3::Bucket}
  Graph: {Type: AWS::GameLift::Fleet}
"""


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "app.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, template: Path) -> Path:
    path = tmp_path / "web.srm"
    code, _ = run("new", str(path), "--name", "Web", "--service", "ec2")
    assert code == 0
    return path


def test_new_from_code_creates_a_validated_auto_filled_project(
    tmp_path: Path, template: Path
) -> None:
    out = tmp_path / "web.srm"
    code, text = run("new", str(out), "--name", "Web", "--from", str(template))
    assert code == 0
    loaded = load_project(out)
    assert {(e.service, e.variant) for e in loaded.services} == {
        ("lambda", "image"),
        ("s3", "sse-s3"),
    }
    assert validate(loaded, get_provider("aws")) == []
    assert loaded.rows  # auto-filled
    assert "created" in text
    assert "0 errors" in text
    assert {e.source for e in evidence_in(loaded.service("lambda").notes)} == {"app.yaml"}


def test_inventory_prints_services_variants_reasons_and_unknown_types(
    project: Path, template: Path
) -> None:
    before = project.read_bytes()
    code, text = run("inventory", str(project), "--from", str(template), "--dry-run")
    assert code == 0
    assert "AWS Lambda [lambda:image]" in text
    assert "variant image: PackageType: Image (Fn)" in text
    assert "Amazon S3 [s3:sse-s3]" in text
    assert "unknown types" in text
    assert "AWS::GameLift::Fleet  Graph" in text
    assert "+ added 'AWS Lambda — Container image'" in text
    assert "dry run: nothing written" in text
    assert project.read_bytes() == before


def test_inventory_writes_in_place_and_a_rerun_adds_nothing(project: Path, template: Path) -> None:
    assert run("inventory", str(project), "--from", str(template))[0] == 0
    first = load_project(project)
    assert len(first.services) == 3  # ec2 (typed) + lambda + s3
    code, text = run("inventory", str(project), "--from", str(template))
    assert code == 0
    assert "already up to date" in text
    assert load_project(project) == first


def test_inventory_to_another_file(tmp_path: Path, project: Path, template: Path) -> None:
    target = tmp_path / "out.srm"
    before = project.read_bytes()
    assert run("inventory", str(project), "--from", str(template), "-o", str(target))[0] == 0
    assert project.read_bytes() == before
    assert len(load_project(target).services) == 3


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("compose.yaml", "services:\n  web: {image: nginx}\n"),
        ("package.json", '{"name": "x"}'),
        ("broken.yaml", "Resources:\n  R: [\n"),
        ("evil.yaml", "Resources: !!python/object/apply:os.system [echo]\n"),
        ("main.tf", 'resource "aws_s3_bucket" "b" {}\n'),
    ],
)
def test_bad_files_exit_2_naming_the_file_and_write_nothing(
    tmp_path: Path, project: Path, template: Path, name: str, content: str
) -> None:
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    before = project.read_bytes()
    target = tmp_path / "out.srm"
    code, message = run(
        "inventory", str(project), "--from", str(template), "--from", str(bad), "-o", str(target)
    )
    assert code == 2
    assert str(bad) in message
    assert "\n" not in message.strip()
    assert project.read_bytes() == before
    assert not target.exists()


def test_missing_file_exit_2(tmp_path: Path, project: Path) -> None:
    code, message = run("inventory", str(project), "--from", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "nope.yaml: no such file" in message


def test_new_from_a_bad_file_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "notes.yaml"
    bad.write_text("- shopping\n- list\n", encoding="utf-8")
    out = tmp_path / "web.srm"
    code, message = run("new", str(out), "--name", "Web", "--from", str(bad))
    assert code == 2
    assert "notes.yaml" in message
    assert "not infrastructure code" in message
    assert not out.exists()


def test_new_from_real_templates_and_plan(tmp_path: Path, iac_fixtures: Path) -> None:
    out = tmp_path / "web.srm"
    code, text = run(
        "new",
        str(out),
        "--name",
        "Web",
        "--from",
        str(iac_fixtures / SAM),
        "--from",
        str(iac_fixtures / CHECKOV),
    )
    assert code == 0, text
    loaded = load_project(out)
    keys = {(e.service, e.variant) for e in loaded.services}
    assert ("lambda", "zip") in keys
    assert ("s3", "sse-kms-cmk") in keys
    assert ("secretsmanager", "lambda-rotation") in keys
    assert ("rds", "standard") in keys
    assert ("neptune", None) in keys  # mapped since the catalog has Neptune
    assert validate(loaded, get_provider("aws")) == []


def test_reimport_after_the_template_changed(tmp_path: Path, iac_fixtures: Path) -> None:
    template = tmp_path / "template.yaml"  # a scratch copy in tmp, edited below
    shutil.copyfile(iac_fixtures / SAM, template)
    out = tmp_path / "web.srm"
    assert run("new", str(out), "--name", "Web", "--from", str(template))[0] == 0
    edited = template.read_text(encoding="utf-8").replace(
        "  DynamoDBTable:\n    Type: AWS::Serverless::SimpleTable",
        "  OrdersTable:\n    Type: AWS::Serverless::SimpleTable",
    )
    assert edited != template.read_text(encoding="utf-8")
    template.write_text(edited, encoding="utf-8")
    code, text = run("inventory", str(out), "--from", str(template))
    assert code == 0
    assert "+ template.yaml  AWS::Serverless::SimpleTable  OrdersTable" in text
    assert "- template.yaml  AWS::Serverless::SimpleTable  DynamoDBTable" in text
    assert [e.service for e in load_project(out).services].count("dynamodb") == 1


# -- issue 12: hostile infrastructure code (D11, D12, D15) -------------------------------------

INJECTION = (
    '{"Resources": {"Bucket\\nIaC: fake.yaml | AWS::RDS::DBInstance | Injected": '
    '{"Type": "AWS::S3::Bucket"}}}'
)


@pytest.mark.parametrize("logical_id", ["Bucket\\u0001", "Bucket\\ud800", "Bucket\\u001b[31m"])
def test_control_characters_in_a_logical_id_are_one_line_exit_2(
    tmp_path: Path, project: Path, logical_id: str
) -> None:
    ctrl = tmp_path / "ctrl.json"
    ctrl.write_text(f'{{"Resources": {{"{logical_id}": {{"Type": "AWS::S3::Bucket"}}}}}}')
    before = project.read_bytes()
    code, text = run("inventory", str(project), "--from", str(ctrl), "--dry-run")
    assert code == 2
    assert text.count("\n") == 1, text
    assert text.startswith(f"srm: {ctrl.as_posix()}: Resources.Bucket"), text
    assert "internal error" not in text
    assert "\x1b" not in text
    assert project.read_bytes() == before


def test_an_injection_template_imported_three_times_changes_nothing(
    tmp_path: Path, project: Path
) -> None:
    inj = tmp_path / "inj.json"
    inj.write_text(INJECTION)
    before = project.read_bytes()
    for _ in range(3):
        code, text = run("inventory", str(project), "--from", str(inj))
        assert code == 2
        assert "Resources.Bucket\\u000aIaC: fake.yaml" in text
        assert "U+000A" in text
    assert project.read_bytes() == before


def test_a_file_named_with_the_separator_reimports_idempotently(
    tmp_path: Path, project: Path
) -> None:
    named = tmp_path / "x | AWS::RDS::DBInstance | Injected.yaml"
    named.write_text(TEMPLATE, encoding="utf-8")
    code, _ = run("inventory", str(project), "--from", str(named))
    assert code == 0
    first = project.read_bytes()
    for _ in range(2):
        code, text = run("inventory", str(project), "--from", str(named))
        assert code == 0
        assert "already up to date" in text
        assert project.read_bytes() == first
    loaded = load_project(project)
    evidence = set().union(*(evidence_in(e.notes) for e in loaded.services))
    assert {e.source for e in evidence} == {named.name}
    assert "AWS::RDS::DBInstance" not in {e.type for e in evidence}


def test_a_control_character_in_a_file_name_is_refused(tmp_path: Path, project: Path) -> None:
    odd = tmp_path / "stack\nIaC: x.yaml.yaml"
    odd.write_text(TEMPLATE, encoding="utf-8")
    code, text = run("inventory", str(project), "--from", str(odd), "--dry-run")
    assert code == 2
    assert text.count("\n") == 1, text
    assert "rename the file" in text


def test_foreach_loops_are_reported_and_the_rest_imported(tmp_path: Path, project: Path) -> None:
    loops = tmp_path / "cfn-foreach.yaml"
    loops.write_text(
        "Transform: AWS::LanguageExtensions\n"
        "Resources:\n"
        "  Fn::ForEach::Topics:\n"
        "    - Name\n"
        "    - [A, B]\n"
        "    - Topic${Name}: {Type: AWS::SNS::Topic}\n"
        "  Bucket: {Type: AWS::S3::Bucket}\n",
        encoding="utf-8",
    )
    code, text = run("inventory", str(project), "--from", str(loops), "--dry-run")
    assert code == 0, text
    assert "Fn::ForEach loops are not expanded: 2 resources not read" in text
    assert "AWS::S3::Bucket  Bucket" in text


CMK_TABLE = """Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification: {SSEEnabled: true, KMSMasterKeyId: !Ref Key}
  Key: {Type: AWS::KMS::Key}
"""


def test_inventory_changes_a_typed_entrys_variant_instead_of_duplicating_it(
    tmp_path: Path,
) -> None:
    srm = tmp_path / "orders.srm"
    assert run("new", str(srm), "--name", "Orders", "--service", "dynamodb:aws-owned-key")[0] == 0
    code_file = tmp_path / "template.yaml"
    code_file.write_text(CMK_TABLE, encoding="utf-8")
    kept = tmp_path / "kept.srm"
    code, text = run(
        "inventory", str(srm), "--from", str(code_file), "-o", str(kept), "--keep-variants"
    )
    assert code == 0
    assert "~ updated 'Amazon DynamoDB' [dynamodb:aws-owned-key]" in text
    assert "kept the variant aws-owned-key; the code says customer-managed-key" in text
    assert [e.variant for e in load_project(kept).services if e.service == "dynamodb"] == [
        "aws-owned-key"
    ]
    code, text = run("inventory", str(srm), "--from", str(code_file))
    assert code == 0
    assert (
        "~ variant 'Amazon DynamoDB' "
        "[dynamodb:aws-owned-key -> dynamodb:customer-managed-key]: +1 -0 resources" in text
    )
    services = load_project(srm).services
    assert [e.variant for e in services if e.service == "dynamodb"] == ["customer-managed-key"]
