"""``--as oscal``: an OSCAL component definition that OSCAL tooling accepts and that says who does
what per 800-53 control.

The model check uses compliance-trestle's pydantic classes (a dev dependency); without trestle
those tests skip with the reason, the others still run."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.oscal import (
    NIST_800_53_R5_CATALOG,
    OSCAL_VERSION,
    component_definition,
    dumps_oscal,
    export_oscal,
)
from srm_desktop.formats.project_file import load_project

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.srm"))
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

trestle: ModuleType | None
try:
    from trestle.oscal import component as trestle
except ImportError:  # pragma: no cover - trestle is in the dev extra
    trestle = None

needs_trestle = pytest.mark.skipif(
    trestle is None,
    reason="compliance-trestle is not installed (pip install '.[dev]')",
)


def _doc(project: Project, provider: Provider) -> dict[str, Any]:
    document: dict[str, Any] = component_definition(project, provider, now=NOW)[
        "component-definition"
    ]
    return document


def _component(document: dict[str, Any], title: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in document["components"] if c["title"] == title)
    return found


def _requirement(component: dict[str, Any], control_id: str) -> dict[str, Any]:
    for implementation in component.get("control-implementations", []):
        for requirement in implementation["implemented-requirements"]:
            if requirement["control-id"] == control_id:
                found: dict[str, Any] = requirement
                return found
    raise AssertionError(f"{component['title']} does not implement {control_id}")


@needs_trestle
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_validates_with_trestles_model(path: Path, aws: Provider) -> None:
    assert trestle is not None
    project = load_project(path)
    data = json.loads(dumps_oscal(project, aws))
    model = trestle.ComponentDefinition.model_validate(data["component-definition"])
    assert model.metadata.oscal_version.root.root == OSCAL_VERSION
    # the provider plus one component per inventory entry
    assert model.components is not None
    assert len(model.components) == 1 + len(project.services)
    # and trestle writes it back out without loss of what we said
    again = json.loads(model.oscal_serialize_json(pretty=False, wrapped=False))
    assert again["uuid"] == data["component-definition"]["uuid"]


@needs_trestle
def test_hostile_names_still_validate(demo: Project, aws: Provider) -> None:
    assert trestle is not None
    renamed = edits.rename_party(demo, "customer", "=cmd|'/c calc'!A1  <script>")
    renamed = edits.update_service(renamed, aws, "ec2", name="web   fleet")
    data = component_definition(renamed, aws, now=NOW)["component-definition"]
    trestle.ComponentDefinition.model_validate(data)
    names = [p["name"] for p in data["metadata"]["parties"]]
    assert "=cmd|'/c calc'!A1 <script>" in names  # one line, kept as text
    assert _component(data, "web fleet")


def test_document_shape_roles_and_parties(teams_project: Project, aws: Provider) -> None:
    document = _doc(teams_project, aws)
    metadata = document["metadata"]
    assert metadata["oscal-version"] == OSCAL_VERSION == "1.1.2"
    assert [r["id"] for r in metadata["roles"]] == [
        "responsible",
        "accountable",
        "consulted",
        "informed",
    ]
    assert [p["name"] for p in metadata["parties"]] == [p.name for p in teams_project.parties]
    titles = [c["title"] for c in document["components"]]
    assert titles == ["Amazon Web Services", *(s.name for s in teams_project.services)]
    for component in document["components"]:
        for implementation in component.get("control-implementations", []):
            assert implementation["source"] == NIST_800_53_R5_CATALOG


def test_who_provides_and_who_is_responsible_per_control(demo: Project, aws: Provider) -> None:
    document = _doc(demo, aws)
    party_uuid = {p["name"]: p["uuid"] for p in document["metadata"]["parties"]}
    provider = _component(document, "Amazon Web Services")
    physical = _requirement(provider, "pe-3")
    # what AWS provides, prefixed by the services it covers
    assert "Amazon EC2" in physical["description"]
    assert "(Physical & environmental security): AWS secures" in physical["description"]
    inherited = {p["value"] for p in physical["props"] if p["name"] == "can-be-inherited"}
    assert inherited == {"yes"}

    ec2 = _component(document, "Amazon EC2")
    guest = _requirement(ec2, "si-2")  # flaw remediation: guest OS patching is yours on EC2
    assert "Guest operating system (Customer)." in guest["description"]
    assert "Customer responsibility: " in guest["description"]
    roles = {r["role-id"]: r["party-uuids"] for r in guest["responsible-roles"]}
    assert party_uuid["Customer"] in roles["accountable"]
    # on S3 AWS runs the operating system: the same control, the provider's
    s3 = _component(document, "Amazon S3")
    assert "Guest operating system (Provider)." in _requirement(s3, "si-2")["description"]
    # S3 takes no image of yours: the n/a row is left out, and with it component authenticity
    assert _requirement(ec2, "sr-11")
    with pytest.raises(AssertionError, match="does not implement sr-11"):
        _requirement(s3, "sr-11")


def test_uuids_are_stable_across_exports_and_unique(demo: Project, aws: Provider) -> None:
    first = dumps_oscal(demo, aws, now=NOW)
    assert dumps_oscal(demo, aws, now=NOW) == first
    found: list[str] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "uuid":
                    found.append(value)
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(json.loads(first))
    assert len(found) == len(set(found)) > 50
    assert all(uuid.UUID(u).version == 5 for u in found)
    # an edit changes the texts it touches, not the identities
    edited = edits.set_cells(demo, [CellChange("ec2", "iam", "aws", "C")], rationale="audit")
    again: list[str] = []
    found, collected = again, found
    collect(json.loads(dumps_oscal(edited, aws, now=NOW)))
    assert again == collected


def test_a_project_without_services_still_writes_the_provider(demo: Project, aws: Provider) -> None:
    empty = demo
    for entry in demo.services:
        empty, _removed = edits.remove_service(empty, entry.id)
    document = _doc(empty, aws)
    assert [c["title"] for c in document["components"]] == ["Amazon Web Services"]
    assert "control-implementations" not in document["components"][0]


def test_export_is_atomic(tmp_path: Path, demo: Project, aws: Provider) -> None:
    target = tmp_path / "cd.json"
    assert export_oscal(demo, aws, target, now=NOW) > 50
    assert json.loads(target.read_text(encoding="utf-8"))["component-definition"]
    assert [p.name for p in tmp_path.iterdir()] == ["cd.json"]
