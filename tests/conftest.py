"""Shared fixtures: the AWS provider and small projects built the way users build them."""

from __future__ import annotations

import os
import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

import pytest

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider

TEAMS = ("Platform", "Security", "Application", "Data owner")


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
