"""From resources to an inventory: per (service, variant), the resources that are its evidence.

Each resource is decided in turn by:

1. the variant rules of its type (``PackageType: Image``, an S3 customer key...);
2. ``sets`` rules (Terraform's separate S3 encryption resource decides its bucket);
3. its neighbours, for resources no rule decides: a Lambda permission goes with the function it
   names, an EKS cluster with the node group that names it;
4. the resource that uses it, for the ``joins_user`` types: a launch template counts for the EKS
   node group or Auto Scaling group that launches it, a DB subnet group for its Aurora cluster;
5. otherwise another resource of the same service in the file, or the catalog's default variant
   -- and the reason says so, so the architect knows it was not read from the code.

Types that map to nothing are listed as *unknown* (or *ignored*, with the reason the type map
gives), never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from srm_desktop.domain.catalog import Catalog
from srm_desktop.domain.inventory_merge import EvidenceLine, FoundService
from srm_desktop.formats.iac.mapping import TypeMap
from srm_desktop.formats.iac.model import IacDocument, Resource
from srm_desktop.formats.iac.variants import Decision, decide

MAX_PASSES = 8  # neighbour chains in real templates are one or two links long


@dataclass(frozen=True)
class Evidence:
    """One resource behind an inventory entry."""

    source: str
    type: str
    address: str
    why: str = ""
    #: How the variant was decided: "rule" (this resource's own settings), "default" (the rule
    #: or catalog default for "nothing said"), "derived" (from a neighbour), "" (no variants).
    how: str = ""


@dataclass(frozen=True)
class FoundEntry:
    """One inventory entry's worth: a service and variant, and the resources that show it."""

    service: str
    variant: str | None
    evidence: tuple[Evidence, ...]

    @property
    def reasons(self) -> list[tuple[str, list[str]]]:
        """Why this variant: each distinct reason with the resources it comes from.

        The resources whose own settings decided come first; without any, the default's reason.
        """
        pool: list[Evidence] = []
        for how in ("rule", "default", "derived"):
            pool = pool or [e for e in self.evidence if e.how == how and e.why]
        out: dict[str, list[str]] = {}
        for e in pool:
            out.setdefault(e.why, []).append(e.address)
        return list(out.items())

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.source for e in self.evidence))


@dataclass(frozen=True)
class Unmapped:
    """Resources of one type that are not in the inventory: unknown, or ignored with a reason."""

    source: str
    type: str
    addresses: tuple[str, ...]
    reason: str = ""


@dataclass(frozen=True)
class Inventory:
    sources: tuple[str, ...]
    findings: tuple[FoundEntry, ...]
    unknown: tuple[Unmapped, ...] = ()
    ignored: tuple[Unmapped, ...] = ()

    def find(self, service: str, variant: str | None = None) -> FoundEntry | None:
        return next(
            (f for f in self.findings if f.service == service and f.variant == variant), None
        )

    @property
    def keys(self) -> set[tuple[str, str | None]]:
        """Every (service, variant) found: what tests and summaries compare."""
        return {(f.service, f.variant) for f in self.findings}


class _Classifier:
    """Decides every resource of one document (see the module docstring for the order)."""

    def __init__(self, doc: IacDocument, types: TypeMap, catalog: Catalog) -> None:
        self.doc = doc
        self.types = types
        self.catalog = catalog
        self.by_address = {r.address: r for r in doc.resources}
        self.users: dict[str, list[str]] = {}
        for r in doc.resources:
            for ref in sorted(r.refs):
                self.users.setdefault(ref, []).append(r.address)
        self.decided: dict[str, tuple[Decision, str]] = {}  # address -> (decision, how)
        self.pending: list[Resource] = []
        self.joiners: list[Resource] = []
        self.bare: dict[str, Decision | None] = {}  # type -> decision without properties

    def decide(self, r: Resource) -> Decision | None:
        """:func:`decide`, once per type for the (many) resources without properties."""
        if r.properties:
            return decide(r, self.types)
        if r.type not in self.bare:
            self.bare[r.type] = decide(r, self.types)
        return self.bare[r.type]

    def has_variants(self, service: str) -> bool:
        entry = self.catalog.get(service)
        return entry is not None and bool(entry.variants)

    def run(self, mapped: Sequence[Resource]) -> dict[str, tuple[Decision, str]]:
        for r in mapped:
            decision = self.decide(r)
            service = self.types.service_of(r.type)
            assert service is not None
            if decision is not None and not (decision.default and r.type in self.types.joins_user):
                self.decided[r.address] = (decision, _how(decision))
            elif r.type in self.types.joins_user:
                self.joiners.append(r)
            elif not self.has_variants(service):
                self.decided[r.address] = (Decision(service, None, ""), "")
            else:
                self.pending.append(r)
        self._apply_sets()
        self._resolve_pending()
        self._join_users()
        self._resolve_pending()
        self._fall_back()
        return self.decided

    def _apply_sets(self) -> None:
        settled: set[str] = set()
        for address, (decision, _) in list(self.decided.items()):
            if decision.sets is None:
                continue
            for ref in sorted(self.by_address[address].refs):
                target = self.by_address.get(ref)
                current = self.decided.get(ref)
                if target is None or target.type != decision.sets:
                    continue
                if current is None or current[0].default:
                    why = f"{decision.why} (from {address})"
                    self.decided[ref] = (replace(decision, why=why, sets=None), "rule")
                    settled.add(ref)
        if settled:
            self.pending = [p for p in self.pending if p.address not in settled]

    def _neighbours(self, r: Resource) -> list[str]:
        return sorted(r.refs) + self.users.get(r.address, [])

    def _resolve_pending(self) -> None:
        for _ in range(MAX_PASSES):
            progress = False
            still: list[Resource] = []
            for r in self.pending:
                service = self.types.service_of(r.type)
                near = [
                    (a, self.decided[a][0])
                    for a in self._neighbours(r)
                    if a in self.decided and self.decided[a][0].service == service
                ]
                near.sort(key=lambda pair: pair[1].default)  # read from code before defaults
                if near:
                    address, decision = near[0]
                    why = f"as {address}: {decision.why}" if decision.why else f"as {address}"
                    self.decided[r.address] = (replace(decision, why=why, sets=None), "derived")
                    progress = True
                else:
                    still.append(r)
            self.pending = still
            if not progress:
                return

    def _join_users(self) -> None:
        for r in self.joiners:
            users = [a for a in self.users.get(r.address, []) if a in self.decided]
            if users:
                decision = self.decided[users[0]][0]
                self.decided[r.address] = (
                    replace(decision, why=f"used by {users[0]}", sets=None),
                    "derived",
                )
                continue
            service = self.types.service_of(r.type)
            assert service is not None
            own = self.decide(r)
            if own is not None:
                self.decided[r.address] = (own, _how(own))
            elif not self.has_variants(service):
                self.decided[r.address] = (Decision(service, None, ""), "")
            else:
                self.pending.append(r)

    def _fall_back(self) -> None:
        # Per service, the first resource whose own settings decided (what falls back here is
        # "derived" or "default", so this does not change while the loop runs).
        ruled: dict[str, tuple[str, Decision]] = {}
        for a, (d, how) in self.decided.items():
            if how == "rule":
                ruled.setdefault(d.service, (a, d))
        for r in self.pending:
            service = self.types.service_of(r.type)
            assert service is not None
            if service in ruled:
                address, decision = ruled[service]
                why = f"the file's other {service} resource {address}: {decision.why}"
                self.decided[r.address] = (replace(decision, why=why, sets=None), "derived")
                continue
            entry = self.catalog.get(service)
            assert entry is not None
            why = "nothing in the file states the variant: the catalog's default"
            decision = Decision(service, entry.default_variant, why, default=True)
            self.decided[r.address] = (decision, "default")
        self.pending = []


def _how(decision: Decision) -> str:
    return "default" if decision.default else "rule"


def _unmapped(source: str, groups: dict[str, list[str]], reasons: dict[str, str]) -> list[Unmapped]:
    return [
        Unmapped(source, rtype, tuple(addresses), reasons.get(rtype, ""))
        for rtype, addresses in sorted(groups.items())
    ]


def build_inventory(
    documents: Iterable[IacDocument], types: TypeMap, catalog: Catalog
) -> Inventory:
    """Classify every resource of every document; one FoundEntry per (service, variant)."""
    docs = list(documents)
    grouped: dict[tuple[str, str | None], list[Evidence]] = {}
    unknown: list[Unmapped] = []
    ignored: list[Unmapped] = []
    for doc in docs:
        mapped: list[Resource] = []
        unknown_here: dict[str, list[str]] = {}
        ignored_here: dict[str, list[str]] = {}
        reasons: dict[str, str] = {}
        for r in doc.resources:
            reason = types.ignored(r.type)
            if reason is not None:
                ignored_here.setdefault(r.type, []).append(r.label)
                reasons[r.type] = reason
            elif types.service_of(r.type) is None:
                unknown_here.setdefault(r.type, []).append(r.label)
            else:
                mapped.append(r)
        decided = _Classifier(doc, types, catalog).run(mapped)
        for r in mapped:
            decision, how = decided[r.address]
            evidence = Evidence(doc.source, r.type, r.label, decision.why, how)
            grouped.setdefault((decision.service, decision.variant), []).append(evidence)
        unknown += _unmapped(doc.source, unknown_here, {})
        ignored += _unmapped(doc.source, ignored_here, reasons)
    order = {s.key: i for i, s in enumerate(catalog.services)}

    def sort_key(key: tuple[str, str | None]) -> tuple[int, int]:
        service = catalog.get(key[0])
        variants = [v.key for v in service.variants] if service else []
        return order.get(key[0], len(order)), variants.index(key[1]) if key[1] in variants else -1

    entries = tuple(
        FoundEntry(service, variant, tuple(grouped[(service, variant)]))
        for service, variant in sorted(grouped, key=sort_key)
    )
    return Inventory(tuple(d.source for d in docs), entries, tuple(unknown), tuple(ignored))


def found_services(inventory: Inventory) -> list[FoundService]:
    """The inventory as the domain's merge takes it (evidence lines and reasons per file)."""
    out = []
    for found in inventory.findings:
        reasons: list[tuple[str, str]] = []
        for why, addresses in found.reasons:
            named = set(addresses)
            sources = dict.fromkeys(e.source for e in found.evidence if e.address in named)
            for source in sources:
                shown = ", ".join(addresses[:3]) + (" …" if len(addresses) > 3 else "")
                reasons.append((source, f"{found.variant}: {why} ({shown})"))
        evidence = tuple(EvidenceLine(e.source, e.type, e.address) for e in found.evidence)
        if found.variant is None:
            reasons = []
        out.append(FoundService(found.service, found.variant, evidence, tuple(reasons)))
    return out
