"""CloudFormation and SAM: the shared real templates, each variant rule, and hostile YAML."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.iac import cfn_yaml, reader
from srm_desktop.formats.iac.inventory import Inventory, build_inventory
from srm_desktop.formats.iac.mapping import load_type_map
from srm_desktop.formats.iac.reader import parse_iac, read_iac


def inventory_of(text: str, name: str = "t.yaml") -> Inventory:
    doc = parse_iac(textwrap.dedent(text).encode(), name)
    return build_inventory([doc], load_type_map("aws"), get_provider("aws").catalog)


def why(inv: Inventory, service: str, variant: str | None) -> str:
    finding = inv.find(service, variant)
    assert finding is not None, inv.keys
    return " / ".join(w for w, _ in finding.reasons)


# -- the real templates ------------------------------------------------------------------------

CFN_EXPECTED: dict[str, tuple[int, set[tuple[str, str | None]]]] = {
    "awscfn-templates__CloudFrontCustomOriginLambdaEdge_kms.yaml": (
        20,
        {
            ("ec2", "standard"), ("lambda", "zip"), ("elasticloadbalancing", None),
            ("s3", "sse-kms-cmk"), ("vpc", None), ("cloudfront", None), ("iam", None),
            ("kms", "aws-kms"),
        },
    ),
    "awscfn-templates__ECS_EC2LaunchType_private-vpc.json": (
        42,
        {
            ("autoscaling", None), ("ecs", "ec2"), ("elasticloadbalancing", None),
            ("vpc", None), ("privatelink", None), ("iam", None),
        },
    ),
    "awscfn-templates__EKS_template.yaml": (
        36, {("eks", "managed-node-groups"), ("vpc", None), ("iam", None)}
    ),
    "awscfn-templates__WebApp_webapp.json": (
        42,
        {
            ("lambda", "os-only"), ("dynamodb", "aws-owned-key"), ("s3", "sse-s3"),
            ("cloudfront", None), ("apigateway", "rest-public"), ("iam", None),
            ("cognito-idp", None), ("wafv2", None),
        },
    ),
    "bedrock-access-gateway__BedrockProxy_lambda-image_longform.yaml": (
        19, {("lambda", "image"), ("elasticloadbalancing", None), ("vpc", None), ("iam", None)}
    ),
    "serverless-patterns__cloudfront-apigw-rest-api-lambda-dynamodb-sam.yaml": (
        11,
        {
            ("lambda", "zip"), ("dynamodb", "aws-owned-key"), ("s3", "sse-s3"),
            ("cloudfront", None), ("apigateway", "rest-public"), ("iam", None),
            ("secretsmanager", "lambda-rotation"), ("wafv2", None),
        },
    ),
    "widdix__wordpress-ha-aurora.yaml": (
        52,
        {
            ("autoscaling", None), ("elasticloadbalancing", None), ("aurora", None),
            ("elasticfilesystem", "regional"), ("backup", None), ("vpc", None),
            ("cloudfront", None),
            ("route53", None), ("iam", None), ("wafv2", None), ("cloudwatch", None),
            ("logs", None),
        },
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CFN_EXPECTED))
def test_every_shared_template_parses_to_its_services_and_variants(
    name: str, iac_fixtures: Path
) -> None:
    count, expected = CFN_EXPECTED[name]
    doc = read_iac(iac_fixtures / "cfn" / name)
    written = [r for r in doc.resources if r.generated_by is None]
    assert len(written) == count  # the counts SOURCES.md states
    inv = build_inventory([doc], load_type_map("aws"), get_provider("aws").catalog)
    assert inv.keys == expected
    assert not inv.unknown
    assert not inv.ignored
    # nothing dropped: every resource is evidence of exactly one entry
    assert sum(len(f.evidence) for f in inv.findings) == len(doc.resources)


def test_shared_fixtures_folder_holds_no_template_the_tests_forgot(iac_fixtures: Path) -> None:
    assert {p.name for p in (iac_fixtures / "cfn").iterdir()} == set(CFN_EXPECTED)


def test_real_templates_put_supporting_resources_with_what_uses_them(iac_fixtures: Path) -> None:
    def evidence(name: str, service: str, variant: str | None) -> set[str]:
        inv = build_inventory(
            [read_iac(iac_fixtures / "cfn" / name)],
            load_type_map("aws"),
            get_provider("aws").catalog,
        )
        finding = inv.find(service, variant)
        assert finding is not None
        return {e.address for e in finding.evidence}

    ecs = evidence("awscfn-templates__ECS_EC2LaunchType_private-vpc.json", "ecs", "ec2")
    assert ecs == {"ECSCluster", "ContainerInstances"}  # user data says ECS_CLUSTER=
    eks = evidence("awscfn-templates__EKS_template.yaml", "eks", "managed-node-groups")
    assert eks == {"ControlPlane", "ManagedNodeGroup", "LaunchTemplate"}
    aurora = evidence("widdix__wordpress-ha-aurora.yaml", "aurora", None)
    assert aurora == {"DatabaseCluster", "DatabaseA", "DatabaseB", "DBSubnetGroup"}
    sam = evidence(
        "serverless-patterns__cloudfront-apigw-rest-api-lambda-dynamodb-sam.yaml", "iam", None
    )
    assert sam == {"SubmitFunctionRole (generated by SAM from SubmitFunction)"}


def test_real_templates_say_why_the_variant(iac_fixtures: Path) -> None:
    inv = build_inventory(
        [
            read_iac(
                iac_fixtures / "cfn" / "awscfn-templates__CloudFrontCustomOriginLambdaEdge_kms.yaml"
            )
        ],
        load_type_map("aws"),
        get_provider("aws").catalog,
    )
    assert "KMSMasterKeyID !GetAtt LoggingBucketKMSKey.Arn" in why(inv, "s3", "sse-kms-cmk")
    assert "default" in why(inv, "lambda", "zip")


# -- each variant rule ----------------------------------------------------------------------------


def test_lambda_package_type_image_zip_and_default() -> None:
    inv = inventory_of(
        """
        Resources:
          Img:
            Type: AWS::Lambda::Function
            Properties: {PackageType: Image, Code: {ImageUri: !Ref Uri}}
          Zip: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.12}}
          Perm: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !GetAtt Img.Arn}}
        """
    )
    assert inv.keys == {("lambda", "image"), ("lambda", "zip")}
    image = inv.find("lambda", "image")
    assert image is not None
    assert {e.address for e in image.evidence} == {"Img", "Perm"}
    assert why(inv, "lambda", "image") == "PackageType: Image"
    assert "default" in why(inv, "lambda", "zip")


def test_sam_globals_make_every_function_an_image() -> None:
    inv = inventory_of(
        """
        Transform: AWS::Serverless-2016-10-31
        Globals: {Function: {PackageType: Image}}
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              ImageUri: repo:tag
              Events:
                Get: {Type: Api, Properties: {Path: /, Method: get}}
                Tick: {Type: Schedule, Properties: {Schedule: rate(1 hour)}}
        """
    )
    assert inv.keys == {
        ("lambda", "image"), ("apigateway", "rest-public"), ("events", None), ("iam", None)
    }  # fmt: skip
    api = inv.find("apigateway", "rest-public")
    assert api is not None
    assert api.evidence[0].address.startswith("ServerlessRestApi")


@pytest.mark.parametrize(
    ("service_props", "variant"),
    [
        ("{LaunchType: FARGATE}", "fargate"),
        ("{LaunchType: EC2}", "ec2"),
        ("{CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]}", "fargate"),
        ("{CapacityProviderStrategy: [{CapacityProvider: !Ref AsgProvider}]}", "ec2"),
    ],
)
def test_ecs_launch_type_and_capacity_providers(service_props: str, variant: str) -> None:
    inv = inventory_of(
        f"""
        Resources:
          Cluster: {{Type: AWS::ECS::Cluster}}
          Svc: {{Type: AWS::ECS::Service, Properties: {service_props}}}
          Svc2: {{Type: AWS::ECS::Service, Properties: {{Cluster: !Ref Cluster}}}}
        """
    )
    # Svc2 states nothing: it takes the cluster's variant, which takes the file's other service.
    assert inv.keys == {("ecs", variant)}


def test_ecs_cluster_takes_the_variant_of_the_service_that_names_it() -> None:
    inv = inventory_of(
        """
        Resources:
          Cluster: {Type: AWS::ECS::Cluster}
          Task: {Type: AWS::ECS::TaskDefinition, Properties: {RequiresCompatibilities: [FARGATE]}}
          Svc:
            Type: AWS::ECS::Service
            Properties: {Cluster: !Ref Cluster, TaskDefinition: !Ref Task}
        """
    )
    assert inv.keys == {("ecs", "fargate")}
    assert "RequiresCompatibilities: FARGATE" in why(inv, "ecs", "fargate")


def test_ecs_cluster_capacity_providers_fargate() -> None:
    inv = inventory_of(
        """
        Resources:
          Cluster: {Type: AWS::ECS::Cluster, Properties: {CapacityProviders: [FARGATE]}}
        """
    )
    assert inv.keys == {("ecs", "fargate")}


def test_eks_node_groups_fargate_profiles_auto_mode_and_self_managed() -> None:
    inv = inventory_of(
        """
        Resources:
          Cluster: {Type: AWS::EKS::Cluster, Properties: {Name: c}}
          Nodes: {Type: AWS::EKS::Nodegroup, Properties: {ClusterName: !Ref Cluster}}
          Pods: {Type: AWS::EKS::FargateProfile, Properties: {ClusterName: !Ref Cluster}}
        """
    )
    assert inv.keys == {("eks", "managed-node-groups"), ("eks", "fargate")}
    auto = inventory_of(
        """
        Resources:
          Cluster: {Type: AWS::EKS::Cluster, Properties: {ComputeConfig: {Enabled: true}}}
        """
    )
    assert auto.keys == {("eks", "auto-mode")}
    selfm = inventory_of(
        """
        Resources:
          Cluster: {Type: AWS::EKS::Cluster}
          Nodes:
            Type: AWS::EC2::LaunchTemplate
            Properties:
              LaunchTemplateData:
                UserData: !Base64 {"Fn::Sub": "#!/bin/bash\\n/etc/eks/bootstrap.sh ${Cluster}"}
        """
    )
    assert selfm.keys == {("eks", "self-managed-nodes")}


def test_eks_cluster_alone_says_the_variant_is_a_default() -> None:
    inv = inventory_of("Resources: {C: {Type: AWS::EKS::Cluster}}")
    assert inv.keys == {("eks", "managed-node-groups")}
    assert "catalog's default" in why(inv, "eks", "managed-node-groups")


@pytest.mark.parametrize(
    ("encryption", "variant"),
    [
        ("{SSEAlgorithm: 'aws:kms', KMSMasterKeyID: !Ref Key}", "sse-kms-cmk"),
        (
            "{SSEAlgorithm: 'aws:kms:dsse', KMSMasterKeyID: arn:aws:kms:eu-west-1:1:key/x}",
            "sse-kms-cmk",
        ),
        ("{SSEAlgorithm: 'aws:kms', KMSMasterKeyID: alias/aws/s3}", "sse-kms-aws"),
        ("{SSEAlgorithm: 'aws:kms'}", "sse-kms-aws"),
        ("{SSEAlgorithm: AES256}", "sse-s3"),
    ],
)
def test_s3_bucket_encryption(encryption: str, variant: str) -> None:
    inv = inventory_of(
        f"""
        Resources:
          B:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault: {encryption}
          P: {{Type: AWS::S3::BucketPolicy, Properties: {{Bucket: !Ref B}}}}
        """
    )
    assert inv.keys == {("s3", variant)}


def test_s3_without_encryption_is_sse_s3_by_default() -> None:
    inv = inventory_of("Resources: {B: {Type: AWS::S3::Bucket}}")
    assert inv.keys == {("s3", "sse-s3")}
    assert "by default" in why(inv, "s3", "sse-s3").lower() or "SSE-S3" in why(inv, "s3", "sse-s3")


@pytest.mark.parametrize(
    ("sse", "variant"),
    [
        ("{SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref Key}", "customer-managed-key"),
        ("{SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: alias/aws/dynamodb}", "aws-managed-key"),
        ("{SSEEnabled: true}", "aws-managed-key"),
        ("{SSEEnabled: false}", "aws-owned-key"),
    ],
)
def test_dynamodb_sse_specification(sse: str, variant: str) -> None:
    inv = inventory_of(
        f"Resources: {{T: {{Type: AWS::DynamoDB::Table, Properties: {{SSESpecification: {sse}}}}}}}"
    )
    assert inv.keys == {("dynamodb", variant)}


@pytest.mark.parametrize(
    ("rtype", "engine", "key"),
    [
        ("AWS::RDS::DBInstance", "postgres", ("rds", "standard")),
        ("AWS::RDS::DBInstance", "custom-oracle-ee", ("rds", "custom")),
        ("AWS::RDS::DBInstance", "aurora-postgresql", ("aurora", None)),
        ("AWS::RDS::DBCluster", "aurora-mysql", ("aurora", None)),
        ("AWS::RDS::DBCluster", "mysql", ("rds", "standard")),
    ],
)
def test_rds_engine_and_custom(rtype: str, engine: str, key: tuple[str, str | None]) -> None:
    inv = inventory_of(f"Resources: {{D: {{Type: '{rtype}', Properties: {{Engine: {engine}}}}}}}")
    assert inv.keys == {key}
    assert engine in why(inv, *key)


def test_unknown_and_ignored_types_are_reported_not_dropped() -> None:
    inv = inventory_of(
        """
        Resources:
          Graph: {Type: AWS::GameLift::Fleet}
          Wait: {Type: AWS::CloudFormation::WaitConditionHandle}
          Thing: {Type: Custom::Seeder}
          Q: {Type: AWS::SQS::Queue, Properties: {KmsMasterKeyId: !Ref Key}}
        """
    )
    assert inv.keys == {("sqs", "sse-kms-cmk")}
    assert [(u.type, u.addresses) for u in inv.unknown] == [("AWS::GameLift::Fleet", ("Graph",))]
    assert {u.type for u in inv.ignored} == {
        "AWS::CloudFormation::WaitConditionHandle",
        "Custom::Seeder",
    }


def test_json_template_with_long_form_intrinsics() -> None:
    inv = inventory_of(
        '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", '
        '"Properties": {"PackageType": {"Fn::If": ["C", "Image", "Zip"]}}},'
        '"P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Fn"}}}}}',
        "t.json",
    )
    assert inv.keys == {("lambda", "zip")}  # an Fn::If decides nothing: the default, said so


# -- hostile and wrong input ----------------------------------------------------------------------


def refuse(text: str | bytes, name: str = "evil.yaml") -> str:
    data = text if isinstance(text, bytes) else textwrap.dedent(text).encode()
    with pytest.raises(InputError) as info:
        parse_iac(data, name)
    message = str(info.value)
    assert message.startswith(name)
    assert "\n" not in message
    return message


def test_alias_bomb_is_refused_before_anything_walks_it() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    lines += ["Resources: {R: {Type: AWS::S3::Bucket, Properties: {Tags: *a9}}}"]
    assert "billion laughs" in refuse("\n".join(lines))


def test_a_few_honest_aliases_are_fine() -> None:
    inv = inventory_of(
        """
        x-tags: &tags [{Key: team, Value: web}]
        Resources:
          A: {Type: AWS::S3::Bucket, Properties: {Tags: *tags}}
          B: {Type: AWS::S3::Bucket, Properties: {Tags: *tags}}
        """
    )
    assert inv.keys == {("s3", "sse-s3")}


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    message = refuse(f"Resources: !!python/object/apply:os.system ['touch {marker}']")
    assert "line 1" in message
    assert "python/object" in message
    assert not marker.exists()


def test_unknown_short_tag_is_refused_with_its_line() -> None:
    message = refuse("Resources:\n  R:\n    Type: !Evil x\n")
    assert "line 3" in message
    assert "!Evil" in message


def test_yaml_syntax_error_names_the_line() -> None:
    assert "line 4, column 4" in refuse("Resources:\n  R:\n    Type: [unclosed\n  S: 1\n")


def test_duplicate_keys_are_refused() -> None:
    message = refuse("Resources:\n  R: {Type: AWS::S3::Bucket}\n  R: {Type: AWS::SQS::Queue}\n")
    assert "twice" in message
    assert "line" in message


def test_deep_nesting_is_refused_not_a_crash() -> None:
    assert "nested too deeply" in refuse("a: " + "[" * 50_000 + "]" * 50_000, "deep.yaml")


def test_huge_template_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_TEMPLATE_BYTES", 1000)
    message = refuse("Resources: {B: {Type: AWS::S3::Bucket}}\n" + "# padding\n" * 200)
    assert "a template may have 1,000" in message


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("services:\n  web:\n    image: nginx\n", "docker-compose.yml"),
        ('{"name": "package", "version": "1.0.0"}', "package.json"),
        ("- just\n- a list\n", "list.yaml"),
        ("AWSTemplateFormatVersion: '2010-09-09'\n", "empty-template.yaml"),
        ("", "empty.yaml"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "picture.yaml"),
    ],
)
def test_non_iac_files_are_refused_naming_the_file(text: str | bytes, name: str) -> None:
    refuse(text, name)


def test_terraform_source_is_refused_with_advice(tmp_path: Path) -> None:
    main_tf = tmp_path / "main.tf"
    main_tf.write_text('resource "aws_s3_bucket" "b" {}\n')
    with pytest.raises(InputError, match="terraform show -json"):
        read_iac(main_tf)


def test_expanded_size_counts_shared_nodes_once_per_reference() -> None:
    loader = cfn_yaml.CfnLoader("a: &a [1, 2]\nb: [*a, *a, *a]\n")
    node = loader.get_single_node()
    assert node is not None
    # root + 2 keys + a(3) + b(1 + 3 * 3)
    assert cfn_yaml._expanded_size(node, "x") == 1 + 2 + 3 + 10


def test_type_map_covers_every_catalog_service() -> None:
    types = load_type_map("aws")
    catalog = get_provider("aws").catalog
    covered = set(types.services.values())
    assert {s.key for s in catalog.services} - covered == {"snowball", "artifact"}  # no IaC types
    for rtype in ("AWS::RDS::DBInstance", "aws_db_instance", "AWS::Serverless::Function"):
        assert types.service_of(rtype) is not None
    assert types.service_of("AWS::IAM::Role") == "iam"
    assert types.service_of("AWS::EC2::SecurityGroup") == "vpc"


REST = "AWS::ApiGateway::RestApi"
V2 = "AWS::ApiGatewayV2::Api"
SAM_API = "AWS::Serverless::Api"


@pytest.mark.parametrize(
    ("api", "variant", "reason"),
    [
        (f"{{Type: {REST}, Properties: {{EndpointConfiguration: {{Types: [PRIVATE]}}}}}}",
         "rest-private", "EndpointConfiguration.Types: PRIVATE"),
        (f"{{Type: {REST}, Properties: {{EndpointConfiguration: {{Types: [REGIONAL]}}}}}}",
         "rest-public", "EndpointConfiguration.Types: REGIONAL"),
        (f"{{Type: {REST}, Properties: {{Name: a}}}}", "rest-public", "edge-optimized"),
        (f"{{Type: {V2}, Properties: {{ProtocolType: HTTP}}}}", "http", "HTTP"),
        (f"{{Type: {V2}, Properties: {{ProtocolType: WEBSOCKET}}}}", "websocket", "WEBSOCKET"),
        (f"{{Type: {SAM_API}, Properties: {{EndpointConfiguration: {{Type: PRIVATE}}}}}}",
         "rest-private", "PRIVATE"),
        (f"{{Type: {SAM_API}, Properties: {{EndpointConfiguration: PRIVATE}}}}",
         "rest-private", "PRIVATE"),
        ("{Type: AWS::Serverless::HttpApi}", "http", "HTTP API"),
    ],
)  # fmt: skip
def test_api_gateway_type_and_endpoint_decide_the_variant(
    api: str, variant: str, reason: str
) -> None:
    # The stage names nothing but its API: it counts for the same variant, never the default.
    v2 = "V2" in api or "HttpApi" in api
    stage = "AWS::ApiGatewayV2::Stage" if v2 else "AWS::ApiGateway::Stage"
    ref = "ApiId" if v2 else "RestApiId"
    inv = inventory_of(
        f"""
        Resources:
          Api: {api}
          Stage: {{Type: {stage}, Properties: {{{ref}: !Ref Api, StageName: prod}}}}
        """
    )
    assert inv.keys == {("apigateway", variant)}
    assert reason in why(inv, "apigateway", variant)


def test_a_private_and_a_public_api_in_one_template_are_two_entries() -> None:
    inv = inventory_of(
        """
        Resources:
          Internal:
            Type: AWS::ApiGateway::RestApi
            Properties: {EndpointConfiguration: {Types: [PRIVATE]}, Policy: {}}
          InternalStage: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Internal}}
          Chat: {Type: AWS::ApiGatewayV2::Api, Properties: {ProtocolType: WEBSOCKET}}
          ChatRoute: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Chat}}
        """
    )
    assert inv.keys == {("apigateway", "rest-private"), ("apigateway", "websocket")}
    private = inv.find("apigateway", "rest-private")
    assert private is not None
    assert {e.address for e in private.evidence} == {"Internal", "InternalStage"}
