"""Shared fixtures: the AWS provider and small projects built the way users build them."""

from __future__ import annotations

import pytest

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider

TEAMS = ("Platform", "Security", "Application", "Data owner")


@pytest.fixture(scope="session")
def aws() -> Provider:
    return get_provider("aws")


@pytest.fixture
def demo(aws: Provider) -> Project:
    """The issue's demo: EC2, RDS, S3 and Lambda with a single customer party."""
    return new_project("Demo", aws, ["ec2", "rds", "s3", "lambda"])


@pytest.fixture
def teams_project(aws: Provider) -> Project:
    return new_project(
        "Teams", aws, ["ec2", "rds", "s3:sse-kms-cmk", "lambda:image", "ecs:fargate"], TEAMS
    )
