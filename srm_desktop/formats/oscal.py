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
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    data: dict[str, Any] = json.loads(dumps_oscal(project, provider, now=now))
    return data


def dumps_oscal(project: Project, provider: Provider, *, now: datetime | None = None) -> str:
    """The document as JSON text: indented, except that each implemented requirement is one
    line, so a re-export diffs line by line and a 1,000-service estate is written at C speed
    (``json`` only uses its C encoder without ``indent``)."""
    return "".join(_Writer(project, provider).chunks(now))


def export_oscal(
    project: Project,
    provider: Provider,
    path: Path | str,
    *,
    now: datetime | None = None,
    tick: Callable[[], None] | None = None,
) -> int:
    """Write the component definition atomically (no half-written file on failure); returns
    how many 800-53 controls the provider and the services implement between them. ``tick`` is
    called per control and per service (it may raise to cancel)."""
    writer = _Writer(project, provider, tick)
    write_atomic(Path(path), b"".join(chunk.encode("utf-8") for chunk in writer.chunks(now)))
    return len(writer.controls)


def oscal_bytes(project: Project, provider: Provider, *, now: datetime | None = None) -> bytes:
    """What :func:`export_oscal` writes (the benchmark times it)."""
    return b"".join(chunk.encode("utf-8") for chunk in _Writer(project, provider).chunks(now))


#: A component: its fields but the control implementation, the implementation's fields but its
#: requirements, and the requirements, each already JSON text.
_Component = tuple[dict[str, Any], dict[str, Any] | None, list[str]]


class _Writer:
    def __init__(
        self, project: Project, provider: Provider, tick: Callable[[], None] | None = None
    ) -> None:
        self.project = project
        self.tick = tick
        self.parts = RowParts(project, provider)
        self.provider = provider
        self.party_uuids = [stable_uuid(project, "party", p.id) for p in project.parties]
        self.provider_index = project.provider_party
        self.mappings = control_mappings()
        #: The 800-53 controls some component implements.
        self.controls: set[str] = set()
        #: A requirement's JSON after its uuid, by what it says: services built from the same
        #: rules say the same, and a 1,000-service estate has ~70 distinct texts per control.
        self._bodies: dict[tuple[Any, ...], str] = {}

    def chunks(self, now: datetime | None) -> Iterator[str]:
        when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        project = self.project
        controls = rollup(project, self.provider, Framework.NIST, parts=self.parts, tick=self.tick)
        head = {
            "uuid": stable_uuid(project, "component-definition"),
            "metadata": self.metadata(when),
        }
        text = json.dumps({"component-definition": head}, indent=2, ensure_ascii=False)
        yield text[: -len("\n  }\n}")] + ',\n    "components": [\n'
        # Component by component: only one service's requirements exist at a time.
        last = len(project.services) - 1
        yield from _component_lines(self.provider_component(controls), last=last < 0)
        for index, entry in enumerate(project.services):
            if self.tick is not None:
                self.tick()
            yield from _component_lines(self.service_component(entry, controls), index == last)
        yield "    ]\n  }\n}\n"

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

    def provider_component(self, controls: Sequence[ControlRollup]) -> _Component:
        requirements = []
        for control in controls:
            provided = [p for p in control.parts if p.provider_part]
            if not provided:
                continue
            requirements.append(
                self._requirement(("provider", control.control_id), control, provided, True)
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
        implementation = self._implementation(("provider",), f"What {name} provides.")
        return component, implementation if requirements else None, requirements

    # -- one inventory entry -------------------------------------------------------------------

    def service_component(
        self, entry: ServiceEntry, controls: Sequence[ControlRollup]
    ) -> _Component:
        requirements = []
        for control in controls:
            parts = [self.parts.get(entry, area) for area in control.areas]
            parts = [p for p in parts if p.applies]
            if not parts:
                continue
            requirements.append(
                self._requirement(("service", entry.id, control.control_id), control, parts)
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
        implementation = self._implementation(
            ("service", entry.id),
            f"Who does what for {one_line(entry.name, entry.id)}, per NIST SP 800-53 Rev. 5 "
            "control.",
        )
        return component, implementation if requirements else None, requirements

    # -- shared pieces -----------------------------------------------------------------------

    def _implementation(self, names: tuple[str, ...], description: str) -> dict[str, Any]:
        return {
            "uuid": stable_uuid(self.project, "implementation", *names),
            "source": NIST_800_53_R5_CATALOG,
            "description": description,
        }

    def _requirement(
        self,
        names: tuple[str, ...],
        control: ControlRollup,
        parts: Sequence[RowPart],
        only_provider: bool = False,
    ) -> str:
        """One implemented requirement as one line of JSON."""
        self.controls.add(control.control_id)
        key = (
            control.control_id,
            only_provider,
            tuple(
                (p.area.id, p.owner, p.provider_text, p.customer_text, p.letters, p.citation_url)
                for p in parts
            ),
        )
        body = self._bodies.get(key)
        if body is None:
            body = self._bodies[key] = self._body(control, parts, only_provider)
        return f'{{"uuid":"{stable_uuid(self.project, "requirement", *names)}",{body}'

    def _body(self, control: ControlRollup, parts: Sequence[RowPart], only_provider: bool) -> str:
        if only_provider:
            description = "\n".join(grouped_lines(parts, lambda p: p.provider_text))
        else:
            description = "\n".join(_area_lines(parts, self.provider.catalog.name))
        verdict = inheritance(p.owner for p in parts)
        requirement: dict[str, Any] = {
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
        return json.dumps(requirement, ensure_ascii=False, separators=(",", ":"))[1:]

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


def _component_lines(component: _Component, last: bool) -> Iterator[str]:
    """A component: its fields on one line, then one line per implemented requirement."""
    fields, implementation, requirements = component
    head = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    comma = "" if last else ","
    if implementation is None:
        yield f"      {head}{comma}\n"
        return
    inner = json.dumps(implementation, ensure_ascii=False, separators=(",", ":"))
    yield (
        f'      {head[:-1]},"control-implementations":[\n'
        f'        {inner[:-1]},"implemented-requirements":[\n'
    )
    yield ",\n".join(f"          {r}" for r in requirements)
    yield f"\n        ]}}\n      ]}}{comma}\n"


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
