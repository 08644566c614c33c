"""The shipped examples are what a new user opens first: they must load and validate cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_desktop.domain.provider import Provider
from srm_desktop.domain.validation import validate
from srm_desktop.formats.project_file import dumps_project, load_project

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.srm"))


def test_there_are_the_three_reference_workloads() -> None:
    assert {p.stem for p in EXAMPLES} >= {"three-tier-web", "serverless-api", "container-platform"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_validates_without_findings(path: Path, aws: Provider) -> None:
    project = load_project(path)
    assert [f.describe(project) for f in validate(project, aws)] == []
    assert project.overrides, "examples show overrides with rationales"
    assert all(o.rationale and o.author for o in project.overrides.values())
    # saved by the current writer: opening and saving changes nothing
    assert dumps_project(project) == path.read_bytes()


def test_serverless_example_splits_the_customer_into_teams() -> None:
    project = load_project(next(p for p in EXAMPLES if p.stem == "serverless-api"))
    assert [p.name for p in project.parties] == [
        "AWS", "Platform", "Security", "Application", "Data owner",
    ]  # fmt: skip
    # SSE-KMS with a customer managed key: S3 encrypts, the key is shared and Security holds A.
    assert project.cell("invoices", "server-encryption", "aws") == "R/A"
    assert project.cell("invoices", "key-management", "aws") == "R"
    assert project.cell("invoices", "key-management", "security") == "A"
    # A Lambda container image: the image is the customer's, its OS layer shared (AWS base image).
    assert project.cell("pdf", "workload-image", "aws") == ""
    assert project.cell("pdf", "guest-os", "aws") == "R"


def test_three_tier_example_has_the_reference_services() -> None:
    project = load_project(next(p for p in EXAMPLES if p.stem == "three-tier-web"))
    assert {"ec2", "elasticloadbalancing", "rds", "s3", "cloudfront"} <= {
        s.service for s in project.services
    }
    assert project.cell("web", "guest-os", "northwind-ms") == "R"
