"""Schema migrations for project files, run on the raw dict before strict validation.

``MIGRATIONS[n]`` turns a schema-``n`` document into a schema-``n+1`` one. Migrations work on
plain dicts (never on the current models, which only know the newest schema), run in order, and
each has a fixture in ``tests/formats/fixtures/`` with a test of its own.

Schema 1 is the first released format; schema 2 brings rule book v2's areas
(:func:`_rule_book_v2`). A migration may leave notes for the user under :data:`MIGRATION_NOTES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from srm_desktop.domain.errors import InputError

FORMAT_ID: Final[str] = "srm-desktop/project"
SCHEMA_VERSION: Final[int] = 2
#: Where a migration leaves its human-readable notes in the document; the loader takes them out
#: before validation and hands them to the project (``Project.migration_notes``).
MIGRATION_NOTES: Final[str] = "_migration_notes"

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


class NewerSchemaError(InputError):
    """A file written by a newer version of the app: refused, and never to be written over
    (the window offers no ``.bak`` for it: the file is fine, the app is old)."""

    def __init__(self, source: str, version: int, current: int) -> None:
        super().__init__(
            source,
            f"written by a newer SRM Desktop (schema {version}; this version reads up to "
            f"{current}); update SRM Desktop to open it -- the file was not changed",
        )
        self.version = version


def migrate(raw: Any, source: str, current: int = SCHEMA_VERSION) -> dict[str, Any]:
    """Check the format id and version of ``raw`` and bring it up to ``current``."""
    if not isinstance(raw, dict):
        raise InputError(source, f"expected a JSON object at the top, found {_kind(raw)}", "$")
    fmt = raw.get("format")
    if fmt != FORMAT_ID:
        found = "no 'format' key" if fmt is None else f"format {fmt!r}"
        raise InputError(source, f"not an SRM Desktop project ({found}; expected {FORMAT_ID!r})")
    version = raw.get("schema_version")
    if version is None:
        raise InputError(source, "missing 'schema_version'", "$.schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputError(
            source, f"schema_version must be a whole number, found {version!r}", "$.schema_version"
        )
    if version > current:
        raise NewerSchemaError(source, version, current)
    if version < 1:
        raise InputError(source, f"schema_version {version} does not exist", "$.schema_version")
    doc = raw
    while version < current:
        step = MIGRATIONS.get(version)
        if step is None:
            raise InputError(source, f"no migration from schema {version} to {version + 1}")
        try:
            doc = step(dict(doc))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(
                source, f"cannot migrate from schema {version}: {type(exc).__name__}: {exc}"
            ) from None
        version += 1
        doc["schema_version"] = version
    return doc


def _kind(value: Any) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


# -- schema 1 -> 2: rule book v2 ---------------------------------------------------------------
# Frozen copies of the two area lists: a migration must do the same thing forever, whatever the
# current resources/areas.toml says.

#: The schema-1 default areas: (name, definition), to tell a default from a user's edit.
_V1_AREAS: Final[dict[str, tuple[str, str]]] = {
    "physical": (
        "Physical & environmental security",
        "Facilities, physical access, power and cooling, media destruction.",
    ),
    "network-infra": (
        "Network infrastructure",
        "The provider's backbone, edge locations and physical network devices.",
    ),
    "virtualization": ("Virtualization layer", "Hypervisor and the isolation between tenants."),
    "host-os": ("Host operating system", "Operating system of the provider's physical hosts."),
    "guest-os": (
        "Guest operating system",
        "Operating system inside the instance, node or image: patching and hardening.",
    ),
    "platform": (
        "Platform & application management",
        "Runtime, middleware, database engine and other managed software: versions and patches.",
    ),
    "network-config": (
        "Network configuration",
        "VPC, subnets, routing, endpoints and public exposure.",
    ),
    "firewall": ("Firewall configuration", "Security groups, network ACLs and WAF rules."),
    "iam": (
        "Identity & access management",
        "IAM, platform and application identities, keys and policies.",
    ),
    "app-security": (
        "Application security",
        "Customer code and dependencies, application-level authentication, secrets.",
    ),
    "client-encryption": (
        "Client-side encryption & data integrity",
        "Encrypting data before it reaches the service; authenticating its integrity.",
    ),
    "server-encryption": (
        "Server-side encryption (at rest)",
        "Encryption of stored data by the service, and who controls the keys.",
    ),
    "traffic-protection": (
        "Network traffic protection (in transit)",
        "TLS, integrity and endpoint identity for data in transit.",
    ),
    "customer-data": (
        "Customer data",
        "Ownership, classification and retention of the data put into the service.",
    ),
    "logging": (
        "Logging, monitoring & service configuration",
        "Audit and access logs, metrics, alarms, and the service's own settings.",
    ),
    "backup": (
        "Backup, resilience & disaster recovery",
        "Backups, multi-AZ and multi-region design, restore testing.",
    ),
}

#: The rule book v2 areas, as the migration writes them.
_V2_AREAS: Final[dict[str, dict[str, str]]] = {
    "physical": {
        "id": "physical",
        "name": "Physical & environmental security",
        "group": "Infrastructure",
        "definition": (
            "Data-centre facilities, physical access, power and environmental controls, and "
            "destruction of storage media."
        ),
    },
    "network-infra": {
        "id": "network-infra",
        "name": "Network infrastructure",
        "group": "Infrastructure",
        "definition": (
            "The provider's backbone, edge locations and physical network devices that carry "
            "traffic between and into Regions."
        ),
    },
    "virtualization": {
        "id": "virtualization",
        "name": "Virtualization layer",
        "group": "Infrastructure",
        "definition": (
            "The hypervisor and the isolation of one tenant's workloads from another's on shared "
            "hardware."
        ),
    },
    "host-os": {
        "id": "host-os",
        "name": "Host operating system",
        "group": "Infrastructure",
        "definition": (
            "The operating system of the physical hosts that run the virtualization layer and the"
            " provider's services."
        ),
    },
    "guest-os": {
        "id": "guest-os",
        "name": "Guest operating system",
        "group": "Compute & platform",
        "definition": (
            "The operating system on the instances or nodes that run the workload: patching, "
            "hardening and configuration."
        ),
    },
    "workload-image": {
        "id": "workload-image",
        "name": "Workload image & supply chain",
        "group": "Compute & platform",
        "definition": (
            "AMIs, container images, function packages, base images and third-party dependencies "
            "that the customer builds and ships."
        ),
    },
    "platform": {
        "id": "platform",
        "name": "Platform patching",
        "group": "Compute & platform",
        "definition": (
            "Applying security patches within a version to the runtime, middleware, database "
            "engine or agent that runs the workload."
        ),
    },
    "version-lifecycle": {
        "id": "version-lifecycle",
        "name": "Version lifecycle",
        "group": "Compute & platform",
        "definition": (
            "Choosing engine, runtime or platform versions, performing major upgrades and leaving"
            " deprecated versions before end of support."
        ),
    },
    "network-config": {
        "id": "network-config",
        "name": "Network configuration & exposure",
        "group": "Network",
        "definition": (
            "VPCs, subnets, routing, endpoints and public exposure, including function URLs, "
            "endpoint types, Block Public Access and resource-policy exposure."
        ),
    },
    "firewall": {
        "id": "firewall",
        "name": "Firewall & traffic filtering",
        "group": "Network",
        "definition": (
            "Security groups, network ACLs, WAF rules and network firewall rules that allow or "
            "block traffic."
        ),
    },
    "iam": {
        "id": "iam",
        "name": "Identity & access management",
        "group": "Identity & application",
        "definition": (
            "IAM users, roles and policies, the permissions in resource policies, and the "
            "identities applications use."
        ),
    },
    "app-security": {
        "id": "app-security",
        "name": "Application security",
        "group": "Identity & application",
        "definition": (
            "The customer's code and its dependencies, application-level authentication and "
            "authorization, and secrets handling in code."
        ),
    },
    "client-encryption": {
        "id": "client-encryption",
        "name": "Client-side encryption & integrity",
        "group": "Data protection",
        "definition": "Encrypting and integrity-protecting data before it is sent to the service.",
    },
    "server-encryption": {
        "id": "server-encryption",
        "name": "Encryption at rest",
        "group": "Data protection",
        "definition": (
            "Encryption of stored data by the service: whether it is on, and which mode is chosen."
        ),
    },
    "key-management": {
        "id": "key-management",
        "name": "Key management",
        "group": "Data protection",
        "definition": (
            "Who holds and controls the keys: key policies, rotation, deletion, custody, and key "
            "availability and durability."
        ),
    },
    "traffic-protection": {
        "id": "traffic-protection",
        "name": "Encryption in transit",
        "group": "Data protection",
        "definition": (
            "TLS on endpoints and connections: enabling and enforcing it, TLS policy, and the "
            "certificates presented."
        ),
    },
    "customer-data": {
        "id": "customer-data",
        "name": "Customer data",
        "group": "Data protection",
        "definition": (
            "Ownership, classification, retention and residency of the data the customer puts in "
            "the service."
        ),
    },
    "logging": {
        "id": "logging",
        "name": "Logging & monitoring",
        "group": "Operations",
        "definition": (
            "Audit and access logs, metrics and alarms: enabling them, retaining them and "
            "reviewing them."
        ),
    },
    "configuration": {
        "id": "configuration",
        "name": "Configuration management",
        "group": "Operations",
        "definition": (
            "The service's own settings, hardening baselines and detection of configuration drift"
            " (for example with AWS Config)."
        ),
    },
    "vulnerability-management": {
        "id": "vulnerability-management",
        "name": "Vulnerability management",
        "group": "Operations",
        "definition": (
            "Finding and fixing vulnerabilities: scanning images, instances and code, and "
            "remediating the findings."
        ),
    },
    "incident-response": {
        "id": "incident-response",
        "name": "Incident response",
        "group": "Operations",
        "definition": (
            "Detecting, investigating and responding to security events, including forensics."
        ),
    },
    "resilience": {
        "id": "resilience",
        "name": "Service resilience",
        "group": "Operations",
        "definition": (
            "The availability and durability design of the service itself: Availability Zones and"
            " built-in replication."
        ),
    },
    "backup": {
        "id": "backup",
        "name": "Backup & disaster recovery",
        "group": "Operations",
        "definition": (
            "The customer's backups, retention, cross-Region copies, restore testing and "
            "disaster-recovery plans."
        ),
    },
}

#: A v1 area whose meaning v2 split in two: (the area that keeps the id, the new one beside it).
#: The old row keeps its overrides: the id carries the area's main meaning (patching, encryption,
#: logging, backup, the guest OS); the note asks the user to check the ones that belong next door.
_SPLITS: Final[dict[str, str]] = {
    "guest-os": "workload-image",
    "platform": "version-lifecycle",
    "server-encryption": "key-management",
    "logging": "configuration",
    "backup": "resilience",
}

#: Where each new area goes: after this one (in v2 order), else at the end.
_AFTER: Final[dict[str, str]] = {
    "workload-image": "guest-os",
    "version-lifecycle": "platform",
    "key-management": "server-encryption",
    "configuration": "logging",
    "vulnerability-management": "configuration",
    "incident-response": "vulnerability-management",
    "resilience": "incident-response",
}


def _rule_book_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2: the areas of rule book v2, a ``rule_book`` stamp, and a note of what moved.

    - Default areas the user did not rename or redefine take v2's name and definition; the
      ``optional`` flag (which read as "logging and backup may be skipped") is dropped.
    - The seven new areas are inserted beside the area they were split from; rows for them are
      derived when the file is opened (``fill_missing_rows``), existing rows are kept as they are.
    - Overrides stay on their row; where that row's meaning was split, the note names them.
    """
    notes: list[str] = []
    areas = [dict(a) for a in doc.get("areas", [])]
    taken = {a.get("id") for a in areas}
    renamed: list[str] = []
    for area in areas:
        area.pop("optional", None)
        old = _V1_AREAS.get(area.get("id", ""))
        new = _V2_AREAS.get(area.get("id", ""))
        if old is None or new is None:
            continue
        if (area.get("name"), area.get("definition")) == old and old != (
            new["name"],
            new["definition"],
        ):
            area["name"], area["definition"] = new["name"], new["definition"]
            if old[0] != new["name"]:
                renamed.append(f"“{old[0]}” → “{new['name']}”")
    added: list[str] = []
    for area_id, anchor in _AFTER.items():
        if area_id in taken:
            notes.append(f"kept your own area {area_id!r}; rule book v2 has an area of that id")
            continue
        ids = [a.get("id") for a in areas]
        at = ids.index(anchor) + 1 if anchor in ids else len(areas)
        areas.insert(at, dict(_V2_AREAS[area_id]))
        taken.add(area_id)
        added.append(_V2_AREAS[area_id]["name"])
    doc["areas"] = areas
    _spread_template(doc)
    doc.setdefault("rule_book", "")
    if added:
        notes.append(
            f"rule book v2 added {len(added)} areas, filled from the rules: {', '.join(added)}"
        )
    if renamed:
        notes.append("areas renamed: " + "; ".join(renamed))
    notes += _split_notes(doc)
    doc.setdefault(MIGRATION_NOTES, []).extend(notes)
    return doc


#: Which team template row a new area starts from in a project split into teams: the half of a
#: split area goes to the team that held the whole; the two new operations rows follow logging.
_TEMPLATE_FROM: Final[dict[str, str]] = {
    "workload-image": "guest-os",
    "version-lifecycle": "platform",
    "key-management": "server-encryption",
    "configuration": "logging",
    "vulnerability-management": "logging",
    "incident-response": "logging",
    "resilience": "backup",
}


def _spread_template(doc: dict[str, Any]) -> None:
    """A project split into teams gets template rows for the new areas, so the new rows go to
    the team that held the area they came from (without one, the first team would take them)."""
    template = doc.get("team_template")
    if not isinstance(template, dict) or not template:
        return
    for area_id, source in _TEMPLATE_FROM.items():
        if area_id not in template and isinstance(template.get(source), dict):
            template[area_id] = dict(template[source])


def _split_notes(doc: dict[str, Any]) -> list[str]:
    """One line per split area holding overrides: which cells stayed, and where to look."""
    names = {a.get("id"): a.get("name", a.get("id")) for a in doc.get("areas", [])}
    held: dict[str, list[str]] = {}
    for row in doc.get("matrix", []):
        if not isinstance(row, list) or len(row) < 3 or not isinstance(row[-1], dict):
            continue
        service_id, area_id = row[0], row[1]
        if area_id in _SPLITS:
            held.setdefault(area_id, []).extend(f"{service_id}/{party}" for party in row[-1])
    out = []
    for area_id, cells in held.items():
        shown = ", ".join(cells[:6]) + (f" and {len(cells) - 6} more" if len(cells) > 6 else "")
        out.append(
            f"{len(cells)} override(s) stayed on {names.get(area_id)} ({shown}); its meaning "
            f"was split with {names.get(_SPLITS[area_id])}: check they belong where they are"
        )
    return out


MIGRATIONS[1] = _rule_book_v2
