from __future__ import annotations

import pytest

from srm_desktop.domain.provider import Provider


@pytest.mark.parametrize(
    ("typed", "key", "variant"),
    [
        ("ec2", "ec2", None),
        ("EC2", "ec2", None),
        ("Amazon RDS", "rds", "standard"),
        ("ecs:fargate", "ecs", "fargate"),
        ("eks fargate", "eks", "fargate"),  # an alias that belongs to a variant
        ("lambda", "lambda", "zip"),  # the default variant
        ("lambda:image", "lambda", "image"),
        ("s3:sse-kms", "s3", "sse-kms-cmk"),  # a variant alias
        ("cognito", "cognito-idp", None),
        ("apigateway", "apigateway", "rest-public"),  # a new entry gets the public REST API
        ("HTTP API", "apigateway", "http"),  # the API type's name finds its variant
        ("WebSocket API", "apigateway", "websocket"),
        ("private API", "apigateway", "rest-private"),
    ],
)
def test_resolve_accepts_keys_names_and_aliases(
    aws: Provider, typed: str, key: str, variant: str | None
) -> None:
    service, got_variant = aws.catalog.resolve(typed)
    assert service.key == key
    if variant is not None or not service.variants:
        assert got_variant == variant


def test_resolve_explains_what_is_wrong(aws: Provider) -> None:
    with pytest.raises(LookupError, match="no service 'nosuch' in the aws catalog"):
        aws.catalog.resolve("nosuch")
    with pytest.raises(LookupError, match=r"has no variant 'warp' \(variants: ec2, fargate"):
        aws.catalog.resolve("ecs:warp")


def test_search_finds_by_prefix_and_alias(aws: Provider) -> None:
    assert aws.catalog.search("lamb")[0].key == "lambda"
    assert "s3" in [s.key for s in aws.catalog.search("object storage")]
    assert aws.catalog.search("") == list(aws.catalog.services)
    assert aws.catalog.search("zzzz") == []


def test_every_service_has_a_name_and_description(aws: Provider) -> None:
    for service in aws.catalog.services:
        assert service.name.startswith(("Amazon", "AWS", "Elastic", "EC2")), service.key
        assert service.description, service.key
