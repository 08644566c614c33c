"""The ownership table of the reference, checked against the rule data.

`../shared/reference/responsibility-model.md` is the source: if a rule file edit changes one of
these answers, the reference (and its citation) must change with it.
"""

from __future__ import annotations

import pytest

from srm_desktop.domain.catalog import Category
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner

P, C, S = Owner.PROVIDER, Owner.CUSTOMER, Owner.SHARED

# area -> (infrastructure, container, abstracted), straight from "Default ownership by category"
REFERENCE_TABLE = {
    "physical": (P, P, P),
    "network-infra": (P, P, P),
    "virtualization": (P, P, P),
    "host-os": (P, P, P),
    "guest-os": (C, P, P),
    "platform": (C, P, P),
    "network-config": (C, S, P),
    "firewall": (C, C, P),
    "iam": (C, C, C),
    "app-security": (C, C, C),
    "client-encryption": (C, C, C),
    "server-encryption": (C, S, P),
    "traffic-protection": (C, S, P),
    "customer-data": (C, C, C),
    "logging": (S, S, S),
    "backup": (C, S, S),
}


def owner(aws: Provider, service: str, area: str, variant: str | None = None) -> Owner:
    entry = aws.catalog.get(service)
    assert entry is not None, f"{service} missing from the catalog"
    rule = aws.rules.resolve(area, entry.category_for(variant), service, variant)
    assert rule is not None
    return rule.owner


@pytest.mark.parametrize("area", sorted(REFERENCE_TABLE))
def test_category_defaults_match_the_reference(aws: Provider, area: str) -> None:
    got = tuple(aws.rules.resolve(area, cat).owner for cat in Category)  # type: ignore[union-attr]
    assert got == REFERENCE_TABLE[area]


@pytest.mark.parametrize(
    ("service", "variant", "area", "expected"),
    [
        ("ec2", None, "guest-os", C),  # EC2 leaves the guest OS to the customer
        ("rds", None, "guest-os", P),  # RDS does not
        ("rds", "custom", "guest-os", C),  # RDS Custom gives OS access back
        ("lambda", "zip", "guest-os", P),
        ("lambda", "image", "guest-os", C),  # the image's OS layer is the customer's
        ("ecs", "ec2", "guest-os", C),  # container instances are the customer's
        ("ecs", "fargate", "guest-os", P),
        ("eks", "self-managed-nodes", "guest-os", C),
        ("eks", "managed-node-groups", "guest-os", S),
        ("eks", "fargate", "guest-os", P),
        ("s3", "sse-s3", "server-encryption", P),
        ("s3", "sse-kms-cmk", "server-encryption", S),  # SSE-KMS makes it shared
        ("s3", "sse-c", "server-encryption", C),
        ("dynamodb", "customer-managed-key", "server-encryption", S),
        ("rds", None, "backup", S),  # AWS provides the tools, the customer configures them
        ("s3", None, "customer-data", C),
        ("lambda", None, "iam", C),
    ],
)
def test_service_and_variant_rules(
    aws: Provider, service: str, variant: str | None, area: str, expected: Owner
) -> None:
    assert owner(aws, service, area, variant) == expected


def test_every_rule_cites_a_document_or_says_derived(aws: Provider) -> None:
    for rule in aws.rules.rules:
        citation = rule.citation
        if citation.derived:
            assert len(citation.reasoning) > 20, rule.id
            assert str(citation).startswith("[derived]")
        else:
            assert citation.document, rule.id
            assert citation.section, rule.id
            assert citation.url.startswith("https://"), rule.id


def test_reference_categories_of_well_known_services(aws: Provider) -> None:
    infrastructure = ["ec2", "ebs", "vpc", "autoscaling", "lightsail"]
    container = ["rds", "aurora", "elasticmapreduce", "elasticbeanstalk", "eks", "ecs", "ecr"]
    abstracted = ["s3", "glacier", "dynamodb", "sqs", "ses", "lambda", "sns", "apigateway"]
    for keys, category in (
        (infrastructure, Category.INFRASTRUCTURE),
        (container, Category.CONTAINER),
        (abstracted, Category.ABSTRACTED),
    ):
        for key in keys:
            service = aws.catalog.get(key)
            assert service is not None, key
            assert service.category is category, key


def test_catalog_is_large_enough_and_variants_move_responsibilities(aws: Provider) -> None:
    assert len(aws.catalog.services) >= 35
    with_variants = {s.key for s in aws.catalog.services if s.variants}
    assert {"ecs", "eks", "lambda", "s3", "dynamodb", "rds", "elasticmapreduce"} <= with_variants
    emr = aws.catalog.get("elasticmapreduce")
    assert emr is not None
    assert emr.category_for("serverless") is Category.ABSTRACTED
