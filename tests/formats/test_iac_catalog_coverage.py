"""The type map against the grown catalog: every service with IaC types has them, the network
services that used to be folded into ``vpc`` have their own, and the new variant rules decide."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest

from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.resources import read_toml
from srm_desktop.formats.iac.inventory import Inventory, build_inventory
from srm_desktop.formats.iac.mapping import load_type_map
from srm_desktop.formats.iac.reader import parse_iac

#: Catalog services that neither CloudFormation nor the Terraform AWS provider can create.
NO_IAC_TYPES = {"snowball", "artifact"}


def cfn(text: str) -> Inventory:
    doc = parse_iac(textwrap.dedent(text).encode(), "t.yaml")
    return build_inventory([doc], load_type_map("aws"), get_provider("aws").catalog)


def tf(*resources: dict[str, Any]) -> Inventory:
    data = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": list(resources)}},
    }
    doc = parse_iac(json.dumps(data).encode(), "plan.json")
    return build_inventory([doc], load_type_map("aws"), get_provider("aws").catalog)


def res(address: str, values: dict[str, Any]) -> dict[str, Any]:
    rtype, name = address.split(".")
    return {"address": address, "mode": "managed", "type": rtype, "name": name, "values": values}


def evidence(inv: Inventory, service: str, variant: str | None) -> set[str]:
    finding = inv.find(service, variant)
    assert finding is not None, sorted(inv.keys, key=str)
    return {e.address for e in finding.evidence}


def test_every_catalog_service_with_iac_types_is_covered() -> None:
    types = load_type_map("aws")
    catalog = get_provider("aws").catalog
    covered = set(types.services.values())
    keys = {s.key for s in catalog.services}
    assert keys - covered == NO_IAC_TYPES
    # the services without types still have their (empty) table, saying why in a comment
    tables = read_toml("aws", "iac-types.toml")["services"]
    assert keys <= set(tables)
    for key in NO_IAC_TYPES:
        assert tables[key] == {"cloudformation": [], "terraform": []}


def test_type_map_lists_only_known_shapes_of_names() -> None:
    for rtype in load_type_map("aws").services:
        if rtype.startswith("AWS::"):
            assert len(rtype.split("::")) == 3, rtype
        else:
            assert rtype.startswith("aws_"), rtype
            assert rtype == rtype.lower(), rtype


@pytest.mark.parametrize(
    ("rtype", "service"),
    [
        ("AWS::EC2::TransitGateway", "transit-gateway"),
        ("AWS::EC2::TransitGatewayAttachment", "transit-gateway"),
        ("aws_ec2_transit_gateway_vpc_attachment", "transit-gateway"),
        ("AWS::EC2::VPNConnection", "site-to-site-vpn"),
        ("AWS::EC2::CustomerGateway", "site-to-site-vpn"),
        ("aws_vpn_gateway", "site-to-site-vpn"),
        ("AWS::EC2::VPCEndpoint", "privatelink"),
        ("aws_vpc_endpoint_service", "privatelink"),
        ("AWS::DirectConnect::Connection", "directconnect"),
        ("aws_dx_gateway", "directconnect"),
        ("AWS::ImageBuilder::ImagePipeline", "imagebuilder"),
        ("AWS::EC2::VPC", "vpc"),
        ("aws_security_group", "vpc"),
    ],
)
def test_network_types_moved_out_of_vpc(rtype: str, service: str) -> None:
    assert load_type_map("aws").service_of(rtype) == service


def test_cloudformation_template_with_new_services_and_variants() -> None:
    inv = cfn(
        """
        Resources:
          Tgw: {Type: AWS::EC2::TransitGateway}
          TgwAttach:
            Type: AWS::EC2::TransitGatewayVpcAttachment
            Properties: {TransitGatewayId: !Ref Tgw, VpcId: !Ref Vpc}
          Vpc: {Type: AWS::EC2::VPC}
          Cgw: {Type: AWS::EC2::CustomerGateway}
          Vpn: {Type: AWS::EC2::VPNConnection, Properties: {CustomerGatewayId: !Ref Cgw}}
          S3Endpoint: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: !Ref Vpc}}
          Dx: {Type: AWS::DirectConnect::Connection}
          Express: {Type: AWS::S3Express::DirectoryBucket}
          ExpressPolicy: {Type: AWS::S3Express::BucketPolicy, Properties: {Bucket: !Ref Express}}
          Imported: {Type: AWS::KMS::Key, Properties: {Origin: EXTERNAL}}
          ImportedAlias: {Type: AWS::KMS::Alias, Properties: {TargetKeyId: !Ref Imported}}
          Hybrid:
            Type: AWS::EKS::Cluster
            Properties:
              RemoteNetworkConfig: {RemoteNodeNetworks: [{Cidrs: [10.80.0.0/16]}]}
          OnPrem: {Type: AWS::ECS::Service, Properties: {LaunchType: EXTERNAL}}
          GoFn: {Type: AWS::Lambda::Function, Properties: {Runtime: provided.al2023}}
          Pinned:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.13
              RuntimeManagementConfig: {UpdateRuntimeOn: Manual, RuntimeVersionArn: !Ref Arn}
          OnDeploy:
            Type: AWS::Serverless::Function
            Properties: {RuntimeManagementConfig: {UpdateRuntimeOn: FunctionUpdate}}
          Cert: {Type: AWS::CertificateManager::Certificate, Properties: {DomainName: x.example}}
          Dir: {Type: AWS::DirectoryService::SimpleAD}
          Guard: {Type: AWS::Shield::Protection}
          App:
            Type: AWS::AppRunner::Service
            Properties:
              SourceConfiguration: {ImageRepository: {ImageIdentifier: public.ecr.aws/x/y:1}}
          Files: {Type: AWS::EFS::FileSystem, Properties: {AvailabilityZoneName: eu-west-1a}}
          Docs: {Type: AWS::DocDB::DBCluster}
          Graph: {Type: AWS::Neptune::DBCluster}
          Agent: {Type: AWS::Bedrock::Agent}
        """
    )
    assert inv.keys == {
        ("vpc", None), ("transit-gateway", None), ("site-to-site-vpn", None),
        ("privatelink", None), ("directconnect", None), ("s3", "express-one-zone"),
        ("kms", "external"), ("eks", "hybrid-nodes"), ("ecs", "anywhere"),
        ("lambda", "os-only"), ("lambda", "zip-manual"), ("lambda", "zip-function-update"),
        ("acm", "amazon-issued"), ("ds", "simple-ad"), ("shield", "advanced"),
        ("apprunner", "image"), ("elasticfilesystem", "one-zone"), ("docdb", None),
        ("neptune", None), ("bedrock", None),
    }  # fmt: skip
    assert not inv.unknown
    assert evidence(inv, "s3", "express-one-zone") == {"Express", "ExpressPolicy"}
    assert evidence(inv, "kms", "external") == {"Imported", "ImportedAlias"}
    assert evidence(inv, "transit-gateway", None) == {"Tgw", "TgwAttach"}
    assert evidence(inv, "site-to-site-vpn", None) == {"Cgw", "Vpn"}


@pytest.mark.parametrize(
    ("properties", "variant"),
    [
        ("{Origin: AWS_CLOUDHSM}", "cloudhsm"),
        ("{Origin: EXTERNAL_KEY_STORE}", "external-key-store"),
        ("{Origin: AWS_KMS}", "aws-kms"),
        ("{}", "aws-kms"),
    ],
)
def test_kms_key_origin(properties: str, variant: str) -> None:
    inv = cfn(f"Resources: {{K: {{Type: AWS::KMS::Key, Properties: {properties}}}}}")
    assert inv.keys == {("kms", variant)}


@pytest.mark.parametrize(
    ("task_compat", "variant"),
    [("[MANAGED_INSTANCES]", "managed-instances"), ("[EXTERNAL]", "anywhere"), ("[EC2]", "ec2")],
)
def test_ecs_task_definition_compatibilities(task_compat: str, variant: str) -> None:
    inv = cfn(
        "Resources: {T: {Type: AWS::ECS::TaskDefinition, "
        f"Properties: {{RequiresCompatibilities: {task_compat}}}}}}}"
    )
    assert inv.keys == {("ecs", variant)}


def test_ecs_managed_instances_capacity_provider_and_lambda_managed_instances() -> None:
    inv = cfn(
        """
        Resources:
          Cp:
            Type: AWS::ECS::CapacityProvider
            Properties: {ManagedInstancesProvider: {InfrastructureRoleArn: !GetAtt Role.Arn}}
          Asg:
            Type: AWS::ECS::CapacityProvider
            Properties: {AutoScalingGroupProvider: {AutoScalingGroupArn: !Ref Group}}
          LambdaCp: {Type: AWS::Lambda::CapacityProvider}
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.13
              CapacityProviderConfig:
                LambdaManagedInstancesCapacityProviderConfig:
                  CapacityProviderArn: !GetAtt LambdaCp.Arn
        """
    )
    assert inv.keys == {
        ("ecs", "managed-instances"),
        ("ecs", "ec2"),
        ("lambda", "managed-instances"),
    }
    assert evidence(inv, "lambda", "managed-instances") == {"LambdaCp", "Fn"}


def test_eks_outposts_batch_on_eks_emr_custom_ami_and_beanstalk_custom_ami() -> None:
    inv = cfn(
        """
        Resources:
          Local:
            Type: AWS::EKS::Cluster
            Properties: {OutpostConfig: {OutpostArns: [arn:aws:outposts:eu-west-1:1:outpost/op-1]}}
          Ce:
            Type: AWS::Batch::ComputeEnvironment
            Properties: {EksConfiguration: {EksClusterArn: !GetAtt Eks.Arn}}
          Emr: {Type: AWS::EMR::Cluster, Properties: {CustomAmiId: ami-0123456789abcdef0}}
          Env:
            Type: AWS::ElasticBeanstalk::Environment
            Properties:
              OptionSettings:
                - {Namespace: "aws:autoscaling:launchconfiguration", OptionName: ImageId,
                   Value: ami-0123456789abcdef0}
          Notebook: {Type: AWS::SageMaker::NotebookInstance}
        """
    )
    assert inv.keys == {
        ("eks", "outposts"),
        ("batch", "eks"),
        ("elasticmapreduce", "custom-ami"),
        ("elasticbeanstalk", "custom-ami"),
        ("sagemaker", "notebook-instances"),
    }


def test_terraform_plan_with_new_services_and_variants() -> None:
    fn_arn = "arn:aws:lambda:eu-west-1:111122223333:function:pinned"
    inv = tf(
        res("aws_ec2_transit_gateway.hub", {}),
        res("aws_vpn_connection.office", {"type": "ipsec.1"}),
        res("aws_customer_gateway.office", {"bgp_asn": "65000"}),
        res("aws_dx_connection.dc", {"bandwidth": "1Gbps"}),
        res("aws_vpc_endpoint.s3", {"service_name": "com.amazonaws.eu-west-1.s3"}),
        res("aws_acm_certificate.imported", {"private_key": "-----BEGIN PRIVATE KEY-----"}),
        res("aws_acm_certificate.requested", {"domain_name": "x.example"}),
        res("aws_kms_key.hsm", {"custom_key_store_id": "cks-1234567890abcdef0"}),
        res("aws_kms_external_key.byok", {}),
        res("aws_lambda_function.go", {"runtime": "provided.al2023", "package_type": "Zip"}),
        res(
            "aws_lambda_function.pinned",
            {"runtime": "python3.13", "package_type": "Zip", "arn": fn_arn},
        ),
        res(
            "aws_lambda_runtime_management_config.pinned",
            {"function_name": fn_arn, "update_runtime_on": "Manual"},
        ),
        res("aws_ecs_service.edge", {"launch_type": "EXTERNAL"}),
        res(
            "aws_ecs_capacity_provider.mi",
            {"managed_instances_provider": [{"infrastructure_role_arn": "arn:aws:iam::1:role/r"}]},
        ),
        res(
            "aws_eks_cluster.hybrid",
            {"remote_network_config": [{"remote_node_networks": [{"cidrs": ["10.80.0.0/16"]}]}]},
        ),
        res("aws_s3_directory_bucket.fast", {"bucket": "fast--euw1-az1--x-s3"}),
        res("aws_efs_file_system.one", {"availability_zone_name": "eu-west-1a"}),
        res("aws_efs_file_system.regional", {"availability_zone_name": "(known after apply)"}),
        res("aws_directory_service_directory.corp", {"type": "ADConnector"}),
        res("aws_shield_protection.alb", {}),
        res(
            "aws_apprunner_service.web",
            {"source_configuration": [{"code_repository": [{"repository_url": "https://x"}]}]},
        ),
        res("aws_neptune_cluster.graph", {}),
        res("aws_securityhub_account.main", {}),
    )
    assert inv.keys == {
        ("transit-gateway", None), ("site-to-site-vpn", None), ("directconnect", None),
        ("privatelink", None), ("acm", "imported"), ("acm", "amazon-issued"),
        ("kms", "cloudhsm"), ("kms", "external"), ("lambda", "os-only"),
        ("lambda", "zip-manual"), ("ecs", "anywhere"), ("ecs", "managed-instances"),
        ("eks", "hybrid-nodes"), ("s3", "express-one-zone"), ("elasticfilesystem", "one-zone"),
        ("elasticfilesystem", "regional"), ("ds", "ad-connector"), ("shield", "advanced"),
        ("apprunner", "source-code"), ("neptune", None), ("securityhub", None),
    }  # fmt: skip
    assert not inv.unknown
    # the separate runtime management resource decides the function it names
    assert evidence(inv, "lambda", "zip-manual") == {
        "aws_lambda_function.pinned",
        "aws_lambda_runtime_management_config.pinned",
    }
    finding = inv.find("lambda", "zip-manual")
    assert finding is not None
    assert any("update_runtime_on = Manual" in why for why, _ in finding.reasons)


def test_every_rule_type_and_variant_is_in_the_catalog() -> None:
    # load_type_map refuses such a rule; this says which one when someone edits the file
    raw = read_toml("aws", "iac-types.toml")
    catalog = get_provider("aws").catalog
    types = load_type_map("aws")
    for rule in raw["rules"]:
        for rtype in rule["types"]:
            service = catalog.get(rule.get("service") or types.services[rtype])
            assert service is not None
            if "variant" in rule:
                assert service.variant(rule["variant"]) is not None, rule
