"""The Add Service picker's loose matching (issue 13, F6/F13): what people type aloud."""

from __future__ import annotations

import pytest

from srm_desktop.domain.catalog_search import (
    ABBREVIATIONS,
    CatalogIndex,
    index_for,
    search,
    within_typos,
    words_of,
)
from srm_desktop.domain.provider import Provider


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("api gw", "apigateway"),  # the walkthrough's query: an abbreviation
        ("API Gateway", "apigateway"),
        ("apigateway", "apigateway"),  # typed as one run
        ("apigate", "apigateway"),  # the start of that run
        ("api", "apigateway"),  # its name beats AppSync's alias "GraphQL API"
        ("gateway", "apigateway"),
        ("ddb", "dynamodb"),
        ("dynamo", "dynamodb"),
        ("dynamo db", "dynamodb"),
        ("dynamdb", "dynamodb"),  # a letter missing
        ("lamda", "lambda"),  # the typo
        ("lambdaa", "lambda"),
        ("lamb", "lambda"),
        ("cloudfrnt", "cloudfront"),
        ("cloud front", "cloudfront"),
        ("cdn", "cloudfront"),  # an alias
        ("s3", "s3"),  # a key: exact beats Glacier's "S3 Glacier"
        ("bucket", "s3"),
        ("object storage", "s3"),
        ("ec2", "ec2"),  # not EC2 Auto Scaling
        ("k8s", "eks"),
        ("cognito", "cognito-idp"),
        ("load balancer", "elasticloadbalancing"),
        ("lb", "elasticloadbalancing"),
        ("postgres", "rds"),
        ("queue", "sqs"),
        ("secret manager", "secretsmanager"),
        ("step functions", "states"),
        ("event bridge", "events"),
        ("serverless", "lambda"),  # a category word: serverless services, catalog order
        ("ecs on fargate", "ecs"),  # "on" says nothing
    ],
)
def test_first_hit(aws: Provider, typed: str, first: str) -> None:
    hits = search(aws.catalog, typed)
    assert hits, f"nothing found for {typed!r}"
    assert hits[0].service.key == first, [h.service.key for h in hits[:5]]


@pytest.mark.parametrize("typed", ["xyzzy", "lambda edge", "qq", "api zzz"])
def test_no_match_is_an_empty_list(aws: Provider, typed: str) -> None:
    assert search(aws.catalog, typed) == []


def test_every_word_must_match(aws: Provider) -> None:
    """ "api gw" is not every service with "api" in it: WAF matches both words (its
    description protects API Gateway), AppSync only one."""
    keys = [h.service.key for h in search(aws.catalog, "api gw")]
    assert "appsync" in [h.service.key for h in search(aws.catalog, "api")]
    assert "appsync" not in keys


def test_a_category_word_finds_the_category(aws: Provider) -> None:
    hits = search(aws.catalog, "serverless")
    abstracted = [s for s in aws.catalog.services if s.category.value == "abstracted"]
    assert len(hits) >= len(abstracted)
    assert {s.key for s in abstracted} <= {h.service.key for h in hits}


def test_a_variant_word_names_the_variant(aws: Provider) -> None:
    (ecs, *_rest) = search(aws.catalog, "ecs fargate")
    assert (ecs.service.key, ecs.variant) == ("ecs", "fargate")
    (lam, *_rest) = search(aws.catalog, "lambda container image")
    assert (lam.service.key, lam.variant) == ("lambda", "image")
    assert search(aws.catalog, "lambda")[0].variant is None  # the service's own name


def test_typos_say_what_was_meant(aws: Provider) -> None:
    hit = search(aws.catalog, "lamda")[0]
    assert hit.typos == (("lamda", "lambda"),)
    assert search(aws.catalog, "lambda")[0].typos == ()


def test_short_words_are_not_typo_matched(aws: Provider) -> None:
    """sns, sqs and ses are one letter apart: a three-letter word matches only itself."""
    assert [h.service.key for h in search(aws.catalog, "sqs")] == ["sqs"]
    assert "ses" not in [h.service.key for h in search(aws.catalog, "sns")]


def test_empty_query_lists_the_catalog_in_order(aws: Provider) -> None:
    assert [h.service for h in search(aws.catalog, "  ")] == list(aws.catalog.services)


def test_every_abbreviation_expands_to_a_word_of_the_catalog(aws: Provider) -> None:
    """An abbreviation whose long form no service uses would be dead weight."""
    vocabulary: set[str] = set()
    for s in aws.catalog.services:
        texts = [s.key, s.name, *s.aliases, s.description]
        texts += [t for v in s.variants for t in (v.key, v.name, *v.aliases)]
        vocabulary |= {w for t in texts for w in words_of(t)}
    dead = {a: long for a, long in ABBREVIATIONS.items() if not set(long) & vocabulary}
    assert not dead


def test_the_index_is_built_once_per_catalog(aws: Provider) -> None:
    assert index_for(aws.catalog) is index_for(aws.catalog)
    assert isinstance(index_for(aws.catalog), CatalogIndex)


@pytest.mark.parametrize(
    ("typed", "word", "limit", "near"),
    [
        ("lamda", "lambda", 1, True),  # deletion
        ("lambad", "lambda", 1, True),  # two neighbours swapped
        ("lembda", "lambda", 1, True),  # replacement
        ("lmd", "lambda", 1, False),
        ("cloudfrnt", "cloudfront", 2, True),
        ("cloudfrnt", "cloudtrail", 2, False),
    ],
)
def test_within_typos(typed: str, word: str, limit: int, near: bool) -> None:
    assert within_typos(typed, word, limit) is near
