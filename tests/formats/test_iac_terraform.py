"""Terraform JSON: the shared plans and state, nested modules, and the variant rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.iac.inventory import Inventory, build_inventory
from srm_desktop.formats.iac.mapping import load_type_map
from srm_desktop.formats.iac.reader import parse_iac, read_iac


def build(data: dict[str, Any], name: str = "plan.json") -> Inventory:
    doc = parse_iac(json.dumps(data).encode(), name)
    return build_inventory([doc], load_type_map("aws"), get_provider("aws").catalog)


def res(address: str, values: dict[str, Any], mode: str = "managed") -> dict[str, Any]:
    rtype, name = address.split(".")[-2:]
    return {"address": address, "mode": mode, "type": rtype, "name": name, "values": values}


def plan(*resources: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": list(resources)}},
        **extra,
    }


TF_EXPECTED: dict[str, tuple[str, int, set[tuple[str, str | None]], set[str]]] = {
    "checkov__runner_plan_tfplan.json": (
        "terraform-plan",
        55,
        {
            ("ec2", "standard"), ("lambda", "zip"), ("eks", "managed-node-groups"), ("ecr", None),
            ("elasticloadbalancing", None), ("rds", "standard"), ("es", "provisioned"),
            ("s3", "sse-s3"), ("s3", "sse-kms-cmk"), ("ebs", None), ("vpc", None),
            ("iam", None), ("kms", "aws-kms"), ("neptune", None),
        },
        set(),
    ),
    "infracost__terraform_v0.14_state.json": (
        "terraform-state",
        14,
        {("ec2", "standard"), ("rds", "standard"), ("vpc", None), ("iam", None)},
        set(),
    ),
    "terraform-compliance__non_created_module_resource_parameter_plan.json": (
        "terraform-plan",
        23,
        {
            ("route53", None), ("apigateway", "rest-public"), ("iam", None),
            ("acm", "amazon-issued"), ("wafv2", None), ("ssm", None),
        },
        set(),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(TF_EXPECTED))
def test_every_shared_terraform_file_parses_to_its_services(name: str, iac_fixtures: Path) -> None:
    kind, count, expected, unknown = TF_EXPECTED[name]
    doc = read_iac(iac_fixtures / "terraform" / name)
    assert doc.kind == kind
    assert len(doc.resources) == count  # managed resources, every module level, no data sources
    inv = build_inventory([doc], load_type_map("aws"), get_provider("aws").catalog)
    assert inv.keys == expected
    assert {u.type for u in inv.unknown} == unknown
    placed = sum(len(f.evidence) for f in inv.findings)
    dropped = sum(len(u.addresses) for u in (*inv.unknown, *inv.ignored))
    assert placed + dropped == count


def test_shared_fixtures_folder_holds_no_terraform_file_the_tests_forgot(
    iac_fixtures: Path,
) -> None:
    assert {p.name for p in (iac_fixtures / "terraform").iterdir()} == set(TF_EXPECTED)


def test_checkov_plan_details(iac_fixtures: Path) -> None:
    doc = read_iac(iac_fixtures / "terraform" / "checkov__runner_plan_tfplan.json")
    inv = build_inventory([doc], load_type_map("aws"), get_provider("aws").catalog)
    cmk = inv.find("s3", "sse-kms-cmk")
    assert cmk is not None
    assert [e.address for e in cmk.evidence] == ["aws_s3_bucket.logs"]
    assert "known after apply" in cmk.reasons[0][0]  # the key is created by the same plan
    assert [u.type for u in inv.ignored] == ["null_resource"]
    rds = inv.find("rds", "standard")
    assert rds is not None
    assert "engine = mysql" in rds.reasons[0][0]


def test_state_reads_three_levels_of_child_modules(iac_fixtures: Path) -> None:
    doc = read_iac(iac_fixtures / "terraform" / "infracost__terraform_v0.14_state.json")
    addresses = {r.address for r in doc.resources}
    assert "module.db.module.db_1.module.db_instance.aws_db_instance.this[0]" in addresses
    assert not any(".data." in a or a.startswith("data.") for a in addresses)


def test_plan_with_modules_and_data_sources() -> None:
    data = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [res("data.aws_caller_identity.me", {}, mode="data")],
                "child_modules": [
                    {
                        "address": "module.app",
                        "resources": [
                            res("module.app.aws_ecs_service.web", {"launch_type": "FARGATE"})
                        ],
                        "child_modules": [
                            {
                                "address": "module.app.module.db",
                                "resources": [
                                    res(
                                        "module.app.module.db.aws_db_instance.main",
                                        {"engine": "custom-sqlserver-ee"},
                                    )
                                ],
                            }
                        ],
                    }
                ],
            }
        },
    }
    assert build(data).keys == {("ecs", "fargate"), ("rds", "custom")}


@pytest.mark.parametrize(
    ("values", "variant"),
    [
        ({"launch_type": "EC2"}, "ec2"),
        ({"capacity_provider_strategy": [{"capacity_provider": "FARGATE_SPOT"}]}, "fargate"),
        ({"capacity_provider_strategy": [{"capacity_provider": "asg-provider"}]}, "ec2"),
    ],
)
def test_terraform_ecs_service(values: dict[str, Any], variant: str) -> None:
    assert build(plan(res("aws_ecs_service.s", values))).keys == {("ecs", variant)}


def test_terraform_lambda_image_and_eks_node_types() -> None:
    inv = build(
        plan(
            res("aws_lambda_function.f", {"package_type": "Image", "image_uri": "r:1"}),
            res("aws_eks_cluster.c", {"name": "c"}),
            res("aws_eks_node_group.n", {"cluster_name": "c"}),
            res("aws_eks_fargate_profile.p", {"cluster_name": "c"}),
        )
    )
    assert inv.keys == {("lambda", "image"), ("eks", "managed-node-groups"), ("eks", "fargate")}


@pytest.mark.parametrize(
    ("sse", "variant"),
    [
        (
            [{"enabled": True, "kms_key_arn": "arn:aws:kms:eu-west-1:1:key/abc"}],
            "customer-managed-key",
        ),
        ([{"enabled": True, "kms_key_arn": ""}], "aws-managed-key"),
        ([], "aws-owned-key"),
    ],
)
def test_terraform_dynamodb_encryption(sse: list[dict[str, Any]], variant: str) -> None:
    inv = build(plan(res("aws_dynamodb_table.t", {"server_side_encryption": sse})))
    assert inv.keys == {("dynamodb", variant)}


TF_REST = "aws_api_gateway_rest_api"


@pytest.mark.parametrize(
    ("rtype", "values", "variant"),
    [
        (TF_REST, {"endpoint_configuration": [{"types": ["PRIVATE"]}]}, "rest-private"),
        (TF_REST, {"endpoint_configuration": [{"types": ["EDGE"]}]}, "rest-public"),
        (TF_REST, {"endpoint_configuration": []}, "rest-public"),
        ("aws_apigatewayv2_api", {"protocol_type": "HTTP"}, "http"),
        ("aws_apigatewayv2_api", {"protocol_type": "WEBSOCKET"}, "websocket"),
    ],
)  # fmt: skip
def test_terraform_api_gateway_type_and_endpoint(
    rtype: str, values: dict[str, Any], variant: str
) -> None:
    stage = "aws_apigatewayv2_stage" if "v2" in rtype else "aws_api_gateway_stage"
    inv = build(
        plan(res(f"{rtype}.api", {"name": "a", **values}), res(f"{stage}.prod", {})),
        name="plan.json",
    )
    assert inv.keys == {("apigateway", variant)}


def test_separate_s3_encryption_resource_decides_its_bucket_through_configuration() -> None:
    data = plan(
        res("aws_s3_bucket.b", {"bucket": "data"}),
        res("aws_kms_key.k", {}),
        res(
            "aws_s3_bucket_server_side_encryption_configuration.b",
            {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]},
        ),
        resource_changes=[
            {
                "address": "aws_s3_bucket_server_side_encryption_configuration.b",
                "change": {
                    "after_unknown": {
                        "bucket": True,
                        "rule": [
                            {
                                "apply_server_side_encryption_by_default": [
                                    {"kms_master_key_id": True}
                                ]
                            }
                        ],
                    }
                },
            }
        ],
        configuration={
            "root_module": {
                "resources": [
                    {
                        "address": "aws_s3_bucket_server_side_encryption_configuration.b",
                        "mode": "managed",
                        "expressions": {
                            "bucket": {"references": ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]}
                        },
                    }
                ]
            }
        },
    )
    inv = build(data)
    assert inv.keys == {("s3", "sse-kms-cmk"), ("kms", "aws-kms")}
    cmk = inv.find("s3", "sse-kms-cmk")
    assert cmk is not None
    assert {e.address for e in cmk.evidence} == {
        "aws_s3_bucket.b",
        "aws_s3_bucket_server_side_encryption_configuration.b",
    }


def test_state_links_resources_by_their_ids() -> None:
    data = {
        "format_version": "1.0",
        "values": {
            "root_module": {
                "resources": [
                    res("aws_s3_bucket.b", {"id": "my-data", "bucket": "my-data"}),
                    res(
                        "aws_s3_bucket_server_side_encryption_configuration.b",
                        {
                            "bucket": "my-data",
                            "rule": [
                                {
                                    "apply_server_side_encryption_by_default": [
                                        {
                                            "sse_algorithm": "aws:kms",
                                            "kms_master_key_id": "arn:aws:kms:x:1:key/k",
                                        }
                                    ]
                                }
                            ],
                        },
                    ),
                ]
            }
        },
    }
    assert build(data, "state.json").keys == {("s3", "sse-kms-cmk")}


def test_non_aws_resources_are_unknown_and_helpers_ignored() -> None:
    inv = build(
        plan(res("google_storage_bucket.b", {}), res("random_id.x", {}), res("aws_sqs_queue.q", {}))
    )
    assert inv.keys == {("sqs", "sse-sqs")}
    assert [u.type for u in inv.unknown] == ["google_storage_bucket"]
    assert [u.type for u in inv.ignored] == ["random_id"]


@pytest.mark.parametrize(
    "text",
    [
        '{"format_version": "1.0", "values": {"root_module": {"child_modules": 3}}}',
        '{"format_version": "1.0", "planned_values": []}',
        '{"format_version": "1.0", "planned_values": {"root_module": '
        '{"resources": [{"mode": "managed"}]}}}',
        '{"format_version": "1.0", "values": {}, "values": {}}',
        '{"format_version": "1.0", "values": {"root_module": {}}',
    ],
)
def test_broken_terraform_json_is_one_clear_error(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_iac(text.encode(), "bad.json")
    assert str(info.value).startswith("bad.json")


def test_empty_state_has_no_resources() -> None:
    doc = parse_iac(
        b'{"format_version": "1.0", "terraform_version": "1.9.0", "values": null}', "s.json"
    )
    assert doc.kind == "terraform-state"
    assert doc.resources == ()
