"""Merging an inventory into a project: no duplicates on re-run, nothing typed is lost."""

from __future__ import annotations

import textwrap

from srm_desktop.domain.edits import CellChange, set_cells, update_service
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.inventory_merge import (
    PREFIX,
    MergeResult,
    evidence_in,
    merge_inventory,
    split_notes,
)
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.validation import Severity, validate
from srm_desktop.formats.iac.inventory import build_inventory, found_services
from srm_desktop.formats.iac.mapping import load_type_map
from srm_desktop.formats.iac.reader import parse_iac
from srm_desktop.formats.project_file import dumps_project, loads_project

AWS = get_provider("aws")

V1 = """
Resources:
  Api: {Type: AWS::Lambda::Function, Properties: {PackageType: Image}}
  ApiPerm: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Api}}
  Table: {Type: AWS::DynamoDB::Table}
  Queue: {Type: AWS::SQS::Queue}
"""
V2 = """
Resources:
  Api: {Type: AWS::Lambda::Function, Properties: {PackageType: Image}}
  Worker: {Type: AWS::Lambda::Function, Properties: {PackageType: Image}}
  Table: {Type: AWS::DynamoDB::Table}
"""


def merge(project: Project, text: str, source: str = "app.yaml") -> MergeResult:
    doc = parse_iac(textwrap.dedent(text).encode(), source)
    inv = build_inventory([doc], load_type_map("aws"), AWS.catalog)
    return merge_inventory(project, AWS, found_services(inv), [source])


def by_service(project: Project) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in project.services:
        out.setdefault(e.service, []).append(e.variant or "")
    return out


def test_first_import_adds_one_entry_per_service_and_variant_with_evidence() -> None:
    result = merge(new_project("W", AWS), V1)
    project = result.project
    assert by_service(project) == {
        "lambda": ["image"], "dynamodb": ["aws-owned-key"], "sqs": ["sse-sqs"]
    }  # fmt: skip
    assert [c.kind for c in result.changes] == ["added"] * 3
    lam = project.service("lambda")
    assert lam.name == "AWS Lambda — Container image"
    assert {e.address for e in evidence_in(lam.notes)} == {"Api", "ApiPerm"}
    assert "PackageType: Image" in lam.notes
    assert all(line.startswith(PREFIX) for line in lam.notes.splitlines())
    assert not [f for f in validate(project, AWS) if f.severity is Severity.ERROR]
    assert loads_project(dumps_project(project)) == project  # notes survive the file


def test_rerun_on_the_same_template_changes_nothing() -> None:
    first = merge(new_project("W", AWS), V1).project
    again = merge(first, V1)
    assert again.project == first
    assert {c.kind for c in again.changes} == {"unchanged"}
    assert not again.changed


def test_updated_template_reports_added_and_removed_instead_of_duplicating() -> None:
    first = merge(new_project("W", AWS), V1).project
    result = merge(first, V2)
    project = result.project
    assert by_service(project) == {"lambda": ["image"], "dynamodb": ["aws-owned-key"]}
    changes = {c.service: c for c in result.changes}
    assert changes["lambda"].kind == "updated"
    assert [e.address for e in changes["lambda"].added] == ["Worker"]
    assert [e.address for e in changes["lambda"].removed] == ["ApiPerm"]
    assert changes["dynamodb"].kind == "unchanged"
    assert changes["sqs"].kind == "removed"  # nobody touched it: it goes with its code


def test_nothing_the_architect_typed_is_lost() -> None:
    project = merge(new_project("W", AWS), V1).project
    project = update_service(
        project,
        AWS,
        "lambda",
        name="Public API",
        environment="prod",
        notes="Owned by team Blue.\n\n" + project.service("lambda").notes,
    )
    project = update_service(project, AWS, "sqs", notes="Dead letters go here.")
    # an architect-only note and no evidence: the queue entry was "adopted" by nobody
    project = set_cells(
        project, [CellChange("dynamodb", "customer-data", "customer", "R")], rationale="why"
    )
    result = merge(project, V2)
    after = result.project
    lam = after.service("lambda")
    assert (lam.name, lam.environment) == ("Public API", "prod")
    assert split_notes(lam.notes)[0] == "Owned by team Blue."
    assert {e.address for e in evidence_in(lam.notes)} == {"Api", "Worker"}
    assert ("dynamodb", "customer-data", "customer") in after.overrides
    assert after.service("sqs").notes == "Dead letters go here."


def test_a_vanished_service_the_architect_edited_is_kept_and_flagged() -> None:
    project = merge(new_project("W", AWS), V1).project
    project = update_service(project, AWS, "sqs", environment="prod")
    result = merge(project, V2)
    assert "sqs" in result.project.service_index
    gone = next(c for c in result.changes if c.service == "sqs")
    assert gone.kind == "gone"
    assert [e.address for e in gone.removed] == ["Queue"]
    assert "not found on the last import" in result.project.service("sqs").notes
    assert not evidence_in(result.project.service("sqs").notes)


def test_a_typed_entry_with_the_same_service_and_variant_is_adopted() -> None:
    project = new_project("W", AWS, ["lambda:image", "ec2"])
    result = merge(project, V1)
    assert by_service(result.project)["lambda"] == ["image"]
    assert result.project.service("lambda").name == "AWS Lambda"  # the typed name stays
    assert next(c for c in result.changes if c.service == "lambda").kind == "updated"
    assert "ec2" in result.project.service_index  # typed, not from code: never touched


def test_a_variant_the_architect_changed_is_kept() -> None:
    project = merge(new_project("W", AWS), V1).project
    project = update_service(project, AWS, "lambda", variant="zip")
    result = merge(project, V1)
    assert by_service(result.project)["lambda"] == ["zip"]
    change = next(c for c in result.changes if c.service == "lambda")
    assert "the code says image" in change.note


def test_evidence_from_another_file_is_left_alone() -> None:
    project = merge(new_project("W", AWS), V1, "app.yaml").project
    project = merge(project, "Resources: {Q: {Type: AWS::SQS::Queue}}", "queues.yaml").project
    sqs = project.service("sqs")
    assert {(e.source, e.address) for e in evidence_in(sqs.notes)} == {
        ("app.yaml", "Queue"),
        ("queues.yaml", "Q"),
    }
    project = merge(project, V2, "app.yaml").project
    sqs = project.service("sqs")  # still used by queues.yaml
    assert {(e.source, e.address) for e in evidence_in(sqs.notes)} == {("queues.yaml", "Q")}


def test_two_variants_of_one_service_are_two_entries() -> None:
    text = """
    Resources:
      A: {Type: AWS::S3::Bucket}
      B:
        Type: AWS::S3::Bucket
        Properties:
          BucketEncryption:
            ServerSideEncryptionConfiguration:
              - ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: !Ref K}
      K: {Type: AWS::KMS::Key}
    """
    project = merge(new_project("W", AWS), text).project
    assert by_service(project)["s3"] == ["sse-s3", "sse-kms-cmk"]
    assert len({e.name for e in project.services}) == len(project.services)


def test_huge_evidence_is_cut_to_fit_a_cell() -> None:
    body = "\n".join(f"  Q{i:05d}: {{Type: AWS::SQS::Queue}}" for i in range(2000))
    project = merge(new_project("W", AWS), "Resources:\n" + body).project
    notes = project.service("sqs").notes
    assert len(notes) <= 32_767
    assert "more resources" in notes.splitlines()[-1]


CMK_TABLE = """
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification: {SSEEnabled: true, KMSMasterKeyId: !Ref Key}
  Key: {Type: AWS::KMS::Key}
"""


def _typed_dynamodb() -> Project:
    """An architect's hand-made inventory: "Orders table", AWS owned key, with an override."""
    project = new_project("W", AWS, ["dynamodb:aws-owned-key"], ["Platform", "Security"])
    project = update_service(project, AWS, "dynamodb", name="Orders table")
    return set_cells(
        project,
        [CellChange("dynamodb", "backup", "security", "C")],
        rationale="Security signs off restore tests",
    )


def test_a_typed_entry_of_another_variant_is_offered_a_variant_change_not_duplicated() -> None:
    project = _typed_dynamodb()
    result = merge(project, CMK_TABLE)
    assert by_service(result.project)["dynamodb"] == ["customer-managed-key"]  # no duplicate
    entry = result.project.service("dynamodb")
    assert entry.name == "Orders table"
    override = result.project.overrides[("dynamodb", "backup", "security")]
    assert override.rationale == "Security signs off restore tests"
    assert result.project.cell("dynamodb", "backup", "security") == "C"
    change = next(c for c in result.changes if c.service == "dynamodb")
    assert (change.kind, change.from_variant, change.variant) == (
        "variant",
        "aws-owned-key",
        "customer-managed-key",
    )
    assert result.variant_offers == (change,)
    # The key management row re-derives for the customer's key (the customer holds it now).
    assert (
        result.project.row("dynamodb", "key-management").rule
        != project.row("dynamodb", "key-management").rule
    )
    assert merge(result.project, CMK_TABLE).changes[0].kind == "unchanged"  # settled


def test_a_declined_variant_change_keeps_the_typed_variant_and_adopts_the_evidence() -> None:
    project = _typed_dynamodb()
    doc = parse_iac(textwrap.dedent(CMK_TABLE).encode(), "app.yaml")
    found = found_services(build_inventory([doc], load_type_map("aws"), AWS.catalog))
    result = merge_inventory(project, AWS, found, ["app.yaml"], keep_variants={"dynamodb"})
    assert by_service(result.project)["dynamodb"] == ["aws-owned-key"]
    change = next(c for c in result.changes if c.service == "dynamodb")
    assert change.kind == "updated"
    assert change.offered == "customer-managed-key"
    assert "kept the variant aws-owned-key; the code says customer-managed-key" in change.note
    assert evidence_in(result.project.service("dynamodb").notes)


def test_an_exact_match_is_never_taken_by_a_variant_change() -> None:
    """Two typed S3 entries, the code has both variants: each is adopted as it is."""
    project = new_project("W", AWS, ["s3:sse-kms-cmk", "s3:sse-s3"])
    text = """
    Resources:
      A: {Type: AWS::S3::Bucket}
      B:
        Type: AWS::S3::Bucket
        Properties:
          BucketEncryption:
            ServerSideEncryptionConfiguration:
              - ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: !Ref K}
      K: {Type: AWS::KMS::Key}
    """
    result = merge(project, text)
    assert sorted(by_service(result.project)["s3"]) == ["sse-kms-cmk", "sse-s3"]
    assert not result.variant_offers
