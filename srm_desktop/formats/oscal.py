"""``srm export --as oscal``: the matrix as an OSCAL 1.1 component definition (JSON).

OSCAL tooling (GRC platforms, compliance-trestle, FedRAMP's automation) has controls but no
per-service RACI; this file gives it ours. Its shape:

* **metadata**: the project; one OSCAL *role* per RACI letter (``responsible``, ``accountable``,
  ``consulted``, ``informed``) and one OSCAL *party* per project party (organization), so each
  implemented requirement can say which party is Responsible, Accountable... for it.
* **components**: one for the provider (what it provides, control by control, across the
  inventory) and one per inventory entry (``type: service``). Each has one control
  implementation whose ``source`` is NIST's SP 800-53 Rev. 5 catalog, with an implemented
  requirement per mapped control: the description says, area by area, what the provider does and
  what the customer does (the rule texts, ``domain/control_rollup.py``), ``responsible-roles``
  names the parties by letter, and a property in our namespace carries the row's owner and the
  CRM inheritance verdict.

Every UUID is a UUID 5 of the project id and the names of what it identifies, so exporting the
same project twice gives the same UUIDs and a diff shows only what changed. The model is
validated with compliance-trestle's pydantic classes in the tests (tests/formats/test_oscal.py);
the export itself needs only the standard library.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from srm_desktop import __version__
from srm_desktop.domain.control_rollup import (
    ControlRollup,
    RowPart,
    RowParts,
    grouped_lines,
    inheritance,
    rollup,
)
from srm_desktop.domain.controls import Framework, control_mappings, oscal_id
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import Letter, letters_of
from srm_desktop.formats.atomic import write_atomic

OSCAL_VERSION: Final[str] = "1.1.2"
NIST_800_53_R5_CATALOG: Final[str] = (
    "https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/"
    "json/NIST_SP-800-53_rev5_catalog.json"
)
#: The namespace of our own properties (OSCAL requires one for names it does not define).
NAMESPACE: Final[str] = "https://srm-desktop.invalid/ns/oscal"
_UUID_ROOT: Final[uuid.UUID] = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)

ROLE_IDS: Final[dict[Letter, str]] = {
    Letter.R: "responsible",
    Letter.A: "accountable",
    Letter.C: "consulted",
    Letter.I: "informed",
}


def stable_uuid(project: Project, *names: str) -> str:
    """A UUID 5 of the project id and ``names``: the same on every export of the project."""
    return str(uuid.uuid5(_UUID_ROOT, "/".join((project.id, *names))))


def one_line(text: str, fallback: str) -> str:
    """OSCAL titles and names are one line without outer spaces."""
    return " ".join(text.split()) or fallback


def component_definition(
    project: Project, provider: Provider, *, now: datetime | None = None
) -> dict[str, Any]:
    """The document as plain JSON data (``{"component-definition": {...}}``)."""
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    parts = RowParts(project, provider)
    controls = rollup(project, provider, Framework.NIST, parts=parts)
    writer = _Writer(project, provider, parts)
    components = [writer.provider_component(controls)]
    components += [writer.service_component(entry, controls) for entry in project.services]
    document: dict[str, Any] = {
        "uuid": stable_uuid(project, "component-definition"),
        "metadata": writer.metadata(when),
        "components": [c for c in components if c is not None],
    }
    if not document["components"]:
        del document["components"]
    return {"component-definition": document}


def dumps_oscal(project: Project, provider: Provider, *, now: datetime | None = None) -> str:
    data = component_definition(project, provider, now=now)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def export_oscal(
    project: Project, provider: Provider, path: Path | str, *, now: datetime | None = None
) -> int:
    """Write the component definition atomically (no half-written file on failure); returns
    how many 800-53 controls the provider and the services implement between them."""
    data = component_definition(project, provider, now=now)
    write_atomic(Path(path), (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    return len(
        {
            requirement["control-id"]
            for component in data["component-definition"].get("components", [])
            for implementation in component.get("control-implementations", [])
            for requirement in implementation["implemented-requirements"]
        }
    )


class _Writer:
    def __init__(self, project: Project, provider: Provider, parts: RowParts) -> None:
        self.project = project
        self.parts = parts
        self.provider = provider
        self.party_uuids = [stable_uuid(project, "party", p.id) for p in project.parties]
        self.provider_index = project.provider_party
        self.mappings = control_mappings()

    def metadata(self, when: datetime) -> dict[str, Any]:
        project = self.project
        roles = [
            {"id": role, "title": letter.name + " – " + letter.meaning.split(":")[0]}
            for letter, role in ROLE_IDS.items()
        ]
        parties = [
            {
                "uuid": self.party_uuids[i],
                "type": "organization",
                "name": one_line(party.name, party.id),
                "props": [
                    _prop("party-kind", party.kind.value),
                    _prop("party-id", party.id),
                ],
            }
            for i, party in enumerate(project.parties)
        ]
        metadata: dict[str, Any] = {
            "title": one_line(f"{project.name}: shared responsibility", "Shared responsibility"),
            "last-modified": when.isoformat().replace("+00:00", "Z"),
            "version": project.rule_book or "1",
            "oscal-version": OSCAL_VERSION,
            "props": [
                _prop("project-id", project.id),
                _prop("tool", f"srm-desktop {__version__}"),
                _prop("mappings-version", self.mappings.version or "unversioned"),
            ],
            "roles": roles,
        }
        if parties:
            metadata["parties"] = parties
        if project.description.strip():
            metadata["remarks"] = project.description
        return metadata

    # -- the provider ------------------------------------------------------------------------

    def provider_component(self, controls: Sequence[ControlRollup]) -> dict[str, Any] | None:
        requirements = []
        for control in controls:
            provided = [p for p in control.parts if p.provider_part]
            if not provided:
                continue
            lines = grouped_lines(provided, lambda p: p.provider_text)
            requirements.append(
                self._requirement(
                    ("provider", control.control_id),
                    control,
                    "\n".join(lines),
                    provided,
                    only_provider=True,
                )
            )
        name = self.provider.catalog.name
        component: dict[str, Any] = {
            "uuid": stable_uuid(self.project, "component", "provider"),
            "type": "service",
            "title": one_line(name, "Cloud service provider"),
            "description": (
                f"What {name} provides for the services of this inventory, control by control: "
                "the parts of each control the customer inherits."
            ),
            "props": [_prop("component-role", "provider")],
        }
        if requirements:
            component["control-implementations"] = [
                self._implementation(("provider",), requirements, f"What {name} provides.")
            ]
        return component

    # -- one inventory entry -------------------------------------------------------------------

    def service_component(
        self, entry: ServiceEntry, controls: Sequence[ControlRollup]
    ) -> dict[str, Any]:
        requirements = []
        for control in controls:
            parts = [self.parts.get(entry, area) for area in control.areas]
            parts = [p for p in parts if p.applies]
            if not parts:
                continue
            requirements.append(
                self._requirement(
                    ("service", entry.id, control.control_id),
                    control,
                    "\n".join(_area_lines(parts, self.provider.catalog.name)),
                    parts,
                )
            )
        service = self.provider.catalog.get(entry.service)
        kind = service.name if service is not None else entry.service
        described = [f"Catalog service: {kind}" + (f" ({entry.variant})" if entry.variant else "")]
        if entry.environment.strip():
            described.append(f"Environment: {entry.environment.strip()}")
        if entry.notes.strip():
            described.append(entry.notes.strip())
        component: dict[str, Any] = {
            "uuid": stable_uuid(self.project, "component", "service", entry.id),
            "type": "service",
            "title": one_line(entry.name, entry.id),
            "description": "\n".join(described),
            "props": [
                _prop("component-role", "inventory-entry"),
                _prop("service-id", entry.id),
                _prop("catalog-service", entry.service),
            ],
        }
        if requirements:
            component["control-implementations"] = [
                self._implementation(
                    ("service", entry.id),
                    requirements,
                    f"Who does what for {one_line(entry.name, entry.id)}, per NIST SP 800-53 "
                    "Rev. 5 control.",
                )
            ]
        return component

    # -- shared pieces -----------------------------------------------------------------------

    def _implementation(
        self, names: tuple[str, ...], requirements: list[dict[str, Any]], description: str
    ) -> dict[str, Any]:
        return {
            "uuid": stable_uuid(self.project, "implementation", *names),
            "source": NIST_800_53_R5_CATALOG,
            "description": description,
            "implemented-requirements": requirements,
        }

    def _requirement(
        self,
        names: tuple[str, ...],
        control: ControlRollup,
        description: str,
        parts: Sequence[RowPart],
        *,
        only_provider: bool = False,
    ) -> dict[str, Any]:
        verdict = inheritance(p.owner for p in parts)
        requirement: dict[str, Any] = {
            "uuid": stable_uuid(self.project, "requirement", *names),
            "control-id": oscal_id(control.control_id),
            "description": description or "No text.",
            "props": [
                _prop("can-be-inherited", verdict.value.lower().replace(" ", "-")),
                *(_prop("responsibility-area", a.id) for a in _areas(parts)),
            ],
        }
        roles = self._roles(parts, only_provider)
        if roles:
            requirement["responsible-roles"] = roles
        links = sorted({p.citation_url for p in parts if p.citation_url})
        if links:
            requirement["links"] = [{"href": url, "rel": "reference"} for url in links[:20]]
        return requirement

    def _roles(self, parts: Sequence[RowPart], only_provider: bool) -> list[dict[str, Any]]:
        holders: dict[Letter, set[int]] = {letter: set() for letter in Letter}
        seen: set[tuple[str, ...]] = set()
        for part in parts:
            if part.letters in seen:
                continue
            seen.add(part.letters)
            for index, value in enumerate(part.letters):
                if only_provider and index != self.provider_index:
                    continue
                for letter in letters_of(value):
                    holders[Letter(letter)].add(index)
        return [
            {
                "role-id": ROLE_IDS[letter],
                "party-uuids": [self.party_uuids[i] for i in sorted(held)],
            }
            for letter, held in holders.items()
            if held
        ]


def _areas(parts: Iterable[RowPart]) -> list[Any]:
    seen: dict[str, Any] = {}
    for part in parts:
        seen.setdefault(part.area.id, part.area)
    return list(seen.values())


def _area_lines(parts: Sequence[RowPart], provider_name: str) -> list[str]:
    """Per area of one service: its owner, what the provider does, what the customer does."""
    lines: list[str] = []
    for part in parts:
        owner = part.owner.label if part.owner is not None else "No owner yet"
        lines.append(f"{part.area.name} ({owner}).")
        if part.provider_part:
            lines.append(f"{provider_name} provides: {part.provider_text}")
        if part.customer_part:
            lines.append(f"Customer responsibility: {part.customer_text}")
    return lines


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NAMESPACE, "value": one_line(value, "-")}


__all__ = [
    "NIST_800_53_R5_CATALOG",
    "OSCAL_VERSION",
    "component_definition",
    "dumps_oscal",
    "export_oscal",
    "stable_uuid",
]
