"""Shared fixtures: the AWS provider and small projects built the way users build them."""

from __future__ import annotations

import os
import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

import pytest

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider

TEAMS = ("Platform", "Security", "Application", "Data owner")

#: Real CloudFormation/SAM templates and Terraform JSON, shared between projects beside this one.
SHARED_IAC = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "iac"


class _BlockQt(MetaPathFinder):
    """With SRM_BLOCK_QT=1 (`make test` runs the core tests so), importing Qt fails: proof that
    the domain, the formats and the CLI need no Qt at all."""

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.split(".")[0] in ("PySide6", "shiboken6", "pytestqt"):
            raise ImportError(f"Qt is blocked for the core tests (SRM_BLOCK_QT=1): {fullname}")
        return None


if os.environ.get("SRM_BLOCK_QT") == "1":
    if any(m.startswith(("PySide6", "shiboken6")) for m in sys.modules):
        raise RuntimeError("SRM_BLOCK_QT=1 but Qt is already imported; run with -p no:pytest-qt")
    sys.meta_path.insert(0, _BlockQt())


@pytest.fixture(scope="session")
def iac_fixtures() -> Path:
    """The shared IaC fixtures folder (``../shared/fixtures/iac``); the test is skipped, with
    the path in the reason, when it is absent."""
    if not SHARED_IAC.is_dir():
        pytest.skip(f"shared IaC fixtures not found at {SHARED_IAC}")
    return SHARED_IAC


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
