"""The inventory and the merge, as text an architect reads before signing off.

Shared by ``srm inventory``, ``srm new --from`` and (later) the GUI's import preview, so every
front end says the same thing: per service the variant decided and why, the resources behind it,
the types that map to nothing, and what changed in the project.
"""

from __future__ import annotations

from srm_desktop.domain.catalog import Catalog
from srm_desktop.domain.inventory_merge import EntryChange, MergeResult
from srm_desktop.formats.iac.inventory import Inventory
from srm_desktop.formats.iac.model import IacDocument


def describe_documents(documents: list[IacDocument]) -> list[str]:
    """One line per file read, then what the reader left out of it (``Fn::ForEach`` loops)."""
    lines: list[str] = []
    for d in documents:
        lines.append(f"read {d.source}: {d.kind}, {len(d.resources)} resources")
        lines += [f"  {note}" for note in d.notes]
    return lines


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def describe_inventory(inventory: Inventory, catalog: Catalog) -> list[str]:
    """Per service: the variant, why, and the resources (with their file when several)."""
    many = len(inventory.sources) > 1
    lines: list[str] = []
    for found in inventory.findings:
        service = catalog.get(found.service)
        name = service.name if service else found.service
        key = f"{found.service}:{found.variant}" if found.variant else found.service
        lines.append(f"{name} [{key}]: {_count(len(found.evidence), 'resource')}")
        for why, addresses in found.reasons:
            shown = ", ".join(addresses[:3]) + (
                f" and {len(addresses) - 3} more" if len(addresses) > 3 else ""
            )
            lines.append(f"  variant {found.variant}: {why} ({shown})")
        for e in found.evidence:
            lines.append(f"  {e.type}  {e.address}" + (f"  ({e.source})" if many else ""))
    if inventory.unknown:
        lines.append(
            "unknown types (in no catalog service; add the service by hand if it matters):"
        )
        for u in inventory.unknown:
            lines.append(f"  {u.source}  {u.type}  {', '.join(u.addresses)}")
    if inventory.ignored:
        lines.append("ignored types:")
        for u in inventory.ignored:
            lines.append(f"  {u.source}  {u.type} ×{len(u.addresses)}: {u.reason}")
    if not inventory.findings:
        lines.append("no resource maps to a catalog service")
    return lines


def _change(c: EntryChange) -> list[str]:
    key = f"{c.service}:{c.variant}" if c.variant else c.service
    marks = {
        "added": "+",
        "updated": "~",
        "variant": "~",
        "unchanged": "=",
        "removed": "-",
        "gone": "!",
    }
    if c.kind == "variant":
        was = f"{c.service}:{c.from_variant}" if c.from_variant else c.service
        key = f"{was} -> {key}"
    head = f"{marks[c.kind]} {c.kind} {c.name!r} [{key}]"
    if c.kind == "added":
        head += f": {_count(len(c.added), 'resource')}"
    elif c.kind in ("updated", "variant", "unchanged"):
        head += f": +{len(c.added)} -{len(c.removed)} resources"
    if c.note:
        head += f" ({c.note})"
    lines = [head]
    if c.kind != "added":
        lines += [f"    + {e.source}  {e.type}  {e.address}" for e in c.added]
        lines += [f"    - {e.source}  {e.type}  {e.address}" for e in c.removed]
    return lines


def describe_merge(result: MergeResult) -> list[str]:
    lines = ["changes to the project:"]
    for change in result.changes:
        lines += [f"  {line}" for line in _change(change)]
    if not result.changes:
        lines.append("  none")
    return lines
