"""The rule book holds its promises: every rule explained, cited and re-checkable.

An architect signs the matrix in front of security and audit; these tests fail on a rule that
cannot be re-checked (no URL and quote, or no reasoning), on a quote longer than 25 words, on a
source nobody cites, and on the classes of error the rule audit found.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.domain.rules import (
    MAX_QUOTE_WORDS,
    Owner,
    Sharing,
    quote_words,
    rulebook_from_data,
)


def _owner(provider: Provider, entry: str, area: str) -> Owner:
    service, variant = provider.catalog.resolve(entry)
    rule = provider.rules.resolve(area, service.category_for(variant), service.key, variant)
    assert rule is not None
    return rule.owner


def test_the_catalog_covers_at_least_a_hundred_services(aws: Provider) -> None:
    assert len(aws.catalog.services) >= 100
    for key in (
        "apprunner",
        "bedrock",
        "config",
        "organizations",
        "securityhub",
        "cloudhsm",
        "outposts",
        "storagegateway",
        "snowball",
        "transit-gateway",
        "directconnect",
        "docdb",
        "neptune",
        "dax",
        "dms",
        "airflow",
        "workspaces",
        "network-firewall",
    ):
        assert aws.catalog.get(key) is not None, key


def test_every_rule_explains_itself_and_can_be_rechecked(aws: Provider) -> None:
    assert aws.rules.version
    for rule in aws.rules.rules:
        for text in (rule.provider_does, rule.customer_does):
            assert 0 < len(text.strip()) <= 400, rule.id
        citation = rule.citation
        if citation.derived:
            assert citation.reasoning.strip(), rule.id
            assert citation.consulted, rule.id
            assert all(u.startswith("https://") for u in citation.consulted), rule.id
        else:
            assert citation.url.startswith("https://"), rule.id
            assert 0 < quote_words(citation.quote) <= MAX_QUOTE_WORDS, rule.id
            assert date.fromisoformat(citation.read) <= date.today(), rule.id
        assert (rule.owner is Owner.SHARED) == (rule.sharing is not None), rule.id


def test_derived_rules_are_the_exception(aws: Provider) -> None:
    derived = sum(rule.citation.derived for rule in aws.rules.rules)
    assert derived / len(aws.rules.rules) < 0.2


def test_every_source_is_cited(aws: Provider) -> None:
    cited = {r.citation.url.split("#")[0] for r in aws.rules.rules if not r.citation.derived}
    unused = [key for key, s in aws.rules.sources.items() if s.url not in cited]
    assert unused == []


def _minimal(rule: dict[str, object]) -> dict[str, object]:
    return {
        "provider": "aws",
        "sources": {"page": {"document": "A page", "url": "https://docs.aws.amazon.com/x.html"}},
        "raci": {k: {"provider": "", "customer": ""} for k in "PCSN"},
        "rules": [rule],
    }


RULE = {
    "id": "aws.default.abstracted.physical",
    "category": "abstracted",
    "area": "physical",
    "owner": "P",
    "aws": "AWS secures the data centres.",
    "customer": "Nothing to operate.",
    "source": "page",
    "quote": "AWS is responsible for protecting the infrastructure.",
    "read": "2026-11-30",
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"quote": " ".join(["word"] * 26)}, "quote has 26 words"),
        ({"quote": ""}, "needs a verbatim quote"),
        ({"read": "last year"}, "the date it was read"),
        ({"source": "nowhere"}, "not listed under"),
        ({"source": "derived", "reasoning": "because", "consulted": []}, "pages consulted"),
        ({"customer": ""}, "what the customer does"),
        ({"owner": "S"}, "which kind of sharing"),
        ({"sharing": "split"}, "which kind of sharing"),
    ],
)
def test_a_rule_that_cannot_be_rechecked_is_refused(change: dict[str, str], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        rulebook_from_data(_minimal({**RULE, **change}))


def test_a_broken_rule_names_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from srm_desktop.domain import provider as provider_module
    from srm_desktop.domain.resources import read_toml as real

    def broken(*parts: str) -> dict[str, object]:
        data = real(*parts)
        if parts[-1] == "rules.toml":
            data = {**data, "rules": [{**data["rules"][0], "quote": "x " * 30}]}
        return data

    provider_module.get_provider.cache_clear()
    monkeypatch.setenv("SRM_CACHE_DIR", str(tmp_path))  # an empty cache: the TOML files are read
    monkeypatch.setattr(provider_module, "read_toml", broken)
    try:
        with pytest.raises(InputError, match=r"resources/aws/rules.toml: rules\[0\].*30 words"):
            provider_module.get_provider("aws")
    finally:
        provider_module.get_provider.cache_clear()


# -- the classes of error the rule audit found ----------------------------------------------


@pytest.mark.parametrize(
    "entry",
    [
        "ecs:fargate",
        "ecs:ec2",
        "eks:fargate",
        "eks:auto-mode",
        "batch:fargate",
        "lambda:zip",
        "lambda:image",
    ],
)
def test_workload_images_are_the_customers_everywhere(aws: Provider, entry: str) -> None:
    assert _owner(aws, entry, "workload-image") is Owner.CUSTOMER


@pytest.mark.parametrize(
    "entry",
    [
        "lambda",
        "apigateway",
        "apigateway:rest-private",
        "apigateway:http",
        "apigateway:websocket",
        "s3",
        "sqs",
        "sns",
        "kms",
        "secretsmanager",
        "appsync",
    ],
)
def test_exposure_of_abstracted_services_is_never_the_providers_alone(
    aws: Provider, entry: str
) -> None:
    assert _owner(aws, entry, "network-config") is not Owner.PROVIDER


@pytest.mark.parametrize("entry", ["rds", "aurora", "elasticache", "es", "kafka", "mq", "lambda"])
def test_version_lifecycle_is_never_the_providers_alone(aws: Provider, entry: str) -> None:
    assert _owner(aws, entry, "version-lifecycle") in (Owner.SHARED, Owner.CUSTOMER)


@pytest.mark.parametrize(
    ("entry", "area"),
    [("ebs", "guest-os"), ("vpc", "guest-os"), ("vpc", "platform"), ("s3", "workload-image")],
)
def test_what_does_not_exist_is_not_applicable(aws: Provider, entry: str, area: str) -> None:
    assert _owner(aws, entry, area) is Owner.NOT_APPLICABLE


@pytest.mark.parametrize(
    "entry",
    [
        "outposts",
        "ec2:outposts",
        "eks:hybrid-nodes",
        "ecs:anywhere",
        "storagegateway:on-premises-vm",
        "snowball",
    ],
)
def test_physical_security_moves_only_where_the_hardware_is_on_your_site(
    aws: Provider, entry: str
) -> None:
    assert _owner(aws, entry, "physical") in (Owner.CUSTOMER, Owner.SHARED)
    assert _owner(aws, "ec2", "physical") is Owner.PROVIDER


@pytest.mark.parametrize("entry", ["kms:external", "kms:external-key-store", "kms:cloudhsm"])
def test_key_custody_moves_with_the_key_origin(aws: Provider, entry: str) -> None:
    assert _owner(aws, entry, "key-management") is Owner.CUSTOMER
    assert _owner(aws, "kms", "key-management") is Owner.SHARED


def test_both_kinds_of_sharing_are_used(aws: Provider) -> None:
    kinds = {rule.sharing for rule in aws.rules.rules if rule.sharing is not None}
    assert kinds == {Sharing.CONFIGURE, Sharing.SPLIT}


def test_fargate_alone_is_ambiguous_and_names_the_three(aws: Provider) -> None:
    with pytest.raises(LookupError, match="batch:fargate, ecs:fargate, eks:fargate"):
        aws.catalog.resolve("fargate")
    assert aws.catalog.resolve("eks fargate")[1] == "fargate"
    assert aws.catalog.resolve("ecs fargate") == (aws.catalog.get("ecs"), "fargate")


def test_the_rule_book_loads_once_per_process() -> None:
    assert get_provider("aws") is get_provider("aws")


def test_an_api_gateway_entry_without_a_variant_keeps_the_service_rules(aws: Provider) -> None:
    """Projects written before the API Gateway variants name none: they keep their rules."""
    for area in ("network-config", "firewall", "traffic-protection"):
        category = aws.catalog.resolve("apigateway")[0].category
        rule = aws.rules.resolve(area, category, "apigateway", None)
        assert rule is not None
        assert rule.id == f"aws.apigateway.{area}"


@pytest.mark.parametrize("variant", ["http", "websocket"])
def test_api_types_without_aws_waf_leave_filtering_to_the_customer(
    aws: Provider, variant: str
) -> None:
    assert _owner(aws, f"apigateway:{variant}", "firewall") is Owner.CUSTOMER
    assert _owner(aws, "apigateway:rest-public", "firewall") is Owner.SHARED
