"""The matrix seen control by control: what the compliance exports say about each control.

A control maps to one or more areas (:mod:`controls`); across the inventory each (service, area)
row has an effective owner and the rule's two texts. This module gathers those rows per control
and decides, in one place, the two verdicts the exports print (``docs/decisions.md``,
"Inheritance and CCM ownership"):

* **Can be inherited** (FedRAMP CRM): *Yes* when every applicable row is the provider's; *No*
  when every one is the customer's (or has no owner yet); *Partial* otherwise; *Not applicable*
  when no row applies (every row n/a, or no service in the inventory).
* **SSRM Control Ownership** (CSA CCM): the same rule in CSA's words: CSP-owned, CSC-owned,
  Shared CSP and CSC, or not applicable.

A row without an owner (no Accountable letter yet) counts as the customer's: nothing is
inherited that the matrix does not say the provider does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from srm_desktop.domain.areas import Area
from srm_desktop.domain.controls import ControlMappings, Framework, control_mappings
from srm_desktop.domain.layered import plain
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provenance import effective_owner, row_rationale, rule_of
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner

#: Service names listed before a text in a workbook cell; the rest are counted ("and 40 more"),
#: so a cell stays readable and under Excel's 32,767 characters for any inventory.
MAX_NAMES: Final[int] = 6

NO_OWNER_TEXT: Final[str] = (
    "No party is Accountable for this row yet: decide who owns it before relying on this control."
)


class Inheritance(StrEnum):
    """FedRAMP CRM's *Can be inherited* column."""

    YES = "Yes"
    PARTIAL = "Partial"
    NO = "No"
    NOT_APPLICABLE = "Not applicable"


class CcmOwnership(StrEnum):
    """CSA CCM v4's *SSRM Control Ownership* values."""

    CSP = "CSP-owned"
    CSC = "CSC-owned"
    SHARED = "Shared CSP and CSC"
    NOT_APPLICABLE = "Not applicable"


def inheritance(owners: Iterable[Owner | None]) -> Inheritance:
    """The CRM verdict for a control whose rows have ``owners`` (see the module docstring)."""
    seen = {o for o in owners if o is not Owner.NOT_APPLICABLE}
    if not seen:
        return Inheritance.NOT_APPLICABLE
    if seen == {Owner.PROVIDER}:
        return Inheritance.YES
    if seen <= {Owner.CUSTOMER, None}:
        return Inheritance.NO
    return Inheritance.PARTIAL


def ccm_ownership(owners: Iterable[Owner | None]) -> CcmOwnership:
    """The CCM verdict: the inheritance rule in CSA's words."""
    return {
        Inheritance.YES: CcmOwnership.CSP,
        Inheritance.NO: CcmOwnership.CSC,
        Inheritance.PARTIAL: CcmOwnership.SHARED,
        Inheritance.NOT_APPLICABLE: CcmOwnership.NOT_APPLICABLE,
    }[inheritance(owners)]


@dataclass(frozen=True)
class RowPart:
    """One (service, area) row as a control sees it."""

    entry: ServiceEntry
    area: Area
    owner: Owner | None
    #: What the provider does here (the rule's text, or the override's rationale).
    provider_text: str
    #: What the customer does here.
    customer_text: str
    #: The row's letters, one canonical value per party (``project.parties`` order).
    letters: tuple[str, ...]
    #: The rule's citation address, when it cites a page.
    citation_url: str = ""

    @property
    def applies(self) -> bool:
        return self.owner is not Owner.NOT_APPLICABLE

    @property
    def provider_part(self) -> bool:
        """The provider does something here that the customer inherits."""
        return self.owner in (Owner.PROVIDER, Owner.SHARED)

    @property
    def customer_part(self) -> bool:
        """The customer has something to do here (or has to decide who does)."""
        return self.owner in (Owner.CUSTOMER, Owner.SHARED, None)


@dataclass(frozen=True)
class ControlRollup:
    """One control and every row of the inventory it covers."""

    framework: Framework
    control_id: str
    title: str
    areas: tuple[Area, ...]
    parts: tuple[RowPart, ...]

    @property
    def inheritance(self) -> Inheritance:
        return inheritance(p.owner for p in self.parts)

    @property
    def ccm_ownership(self) -> CcmOwnership:
        return ccm_ownership(p.owner for p in self.parts)


class RowParts:
    """Each visible (service, area) row's :class:`RowPart`, built once and shared by every
    control that maps to the area (a 1,000-service estate has 23,000 of them)."""

    def __init__(self, project: Project, provider: Provider) -> None:
        self.project = project
        self.provider = provider
        self._overrides = plain(project.overrides)
        self._cache: dict[tuple[str, str], RowPart] = {}

    def get(self, entry: ServiceEntry, area: Area) -> RowPart:
        key = (entry.id, area.id)
        part = self._cache.get(key)
        if part is None:
            part = self._cache[key] = self._build(entry, area)
        return part

    def _build(self, entry: ServiceEntry, area: Area) -> RowPart:
        project = self.project
        row = project.row(entry.id, area.id)
        rule = rule_of(self.provider, row)
        owner = effective_owner(project, self.provider, entry.id, area.id)
        overridden = project.row_overridden(entry.id, area.id)
        rationale = row_rationale(project, entry.id, area.id, self._overrides) if overridden else ""
        if rule is not None and (not overridden or owner is rule.owner):
            note = f" Changed by hand: {rationale}" if rationale else ""
            provider_text = rule.provider_does + note
            customer_text = rule.customer_does + note
        else:
            provider_text = customer_text = (
                f"Set by hand: {rationale}" if rationale else "Set by hand, without a rationale."
            )
        if owner is None:
            customer_text = NO_OWNER_TEXT
        url = rule.citation.url if rule is not None and not rule.citation.derived else ""
        return RowPart(entry, area, owner, provider_text, customer_text, row.raci, url)


def rollup(
    project: Project,
    provider: Provider,
    framework: Framework,
    mappings: ControlMappings | None = None,
    parts: RowParts | None = None,
    tick: Callable[[], None] | None = None,
) -> list[ControlRollup]:
    """Every control of ``framework`` that a visible area of the project maps to, in catalog
    order, with the rows of every inventory entry for those areas. ``tick`` is called once per
    control (a GUI export's progress and Cancel)."""
    mappings = mappings or control_mappings()
    parts = parts or RowParts(project, provider)
    visible = {a.id: a for a in project.visible_areas}
    out: list[ControlRollup] = []
    for control_id, area_ids in mappings.areas_by_control(framework).items():
        areas = tuple(visible[a] for a in area_ids if a in visible)
        if tick is not None:
            tick()
        if not areas:
            continue
        rows = tuple(parts.get(entry, area) for entry in project.services for area in areas)
        out.append(
            ControlRollup(framework, control_id, mappings.title(framework, control_id), areas, rows)
        )
    return out


def unmapped_areas(project: Project, mappings: ControlMappings | None = None) -> list[Area]:
    """The project's visible areas no control maps to (areas added in this project)."""
    mappings = mappings or control_mappings()
    return [a for a in project.visible_areas if a.id not in mappings.areas]


def grouped_lines(
    parts: Sequence[RowPart],
    text_of: Callable[[RowPart], str],
    label_of: Callable[[RowPart], str] | None = None,
    max_names: int = MAX_NAMES,
) -> list[str]:
    """One line per distinct (area, text): "orders-db, users-db (Encryption at rest): text".

    FedRAMP asks a multi-service offering to prefix each responsibility with the service it
    belongs to; services that share a text share a line, so a 1,000-service estate gives a few
    lines per control, not a thousand. Past ``max_names`` names the rest are counted."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for part in parts:
        label = label_of(part) if label_of is not None else part.area.name
        groups.setdefault((part.area.id, label, text_of(part)), []).append(part.entry.name)
    lines: list[str] = []
    for (_area, label, text), names in groups.items():
        shown = ", ".join(names[:max_names])
        if len(names) > max_names:
            shown += f" and {len(names) - max_names} more"
        lines.append(f"{shown} ({label}): {text}")
    return lines
