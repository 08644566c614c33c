"""Provenance and ownership: where a cell's letters come from and who owns a row.

Every face of the product -- the matrix and overview in the app, the review workbook's Matrix and
Overview sheets, the CSV, the report -- answers the same three questions about a row, and they
must answer them the same way (a reviewer compares the app with the workbook in one meeting):

* **the rule's owner** (:func:`rule_owner`): what the rule book says, before anyone edits;
* **the effective owner** (:func:`effective_owner`): what the row says now -- the rule's owner
  while no cell of the row is overridden, otherwise read from the letters;
* **the source of a cell** (:func:`cell_source`): ``rule:<id>`` or ``manual``, the CSV's contract.

"Owner", unqualified, in the app, the workbook and the CSV means the effective owner
(``docs/decisions.md``); the rule's owner is shown beside the citation, where it explains the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from srm_desktop.domain.derive import deriver_for
from srm_desktop.domain.project import CellKey, Override, PartyKind, Project, Row
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import letters_of
from srm_desktop.domain.rules import Owner, Rule
from srm_desktop.domain.text import MAX_CELL_TEXT

MANUAL = "manual"


def rule_of(provider: Provider, row: Row) -> Rule | None:
    """The rule that derived ``row``, or None for a row no rule decides."""
    return provider.rules.get(row.rule) if row.rule else None


def rule_owner(project: Project, provider: Provider, service_id: str, area_id: str) -> Owner | None:
    """What the rule book says about the row, whatever its cells say now."""
    rule = rule_of(provider, project.row(service_id, area_id))
    return rule.owner if rule is not None else None


def owner_from_letters(project: Project, raci: tuple[str, ...]) -> Owner | None:
    """Read an owner from letters: both sides Responsible is shared; otherwise the side that is
    Accountable. A row with no letters at all has no owner (None)."""
    provider_letters: set[str] = set()
    customer_letters: set[str] = set()
    for party, value in zip(project.parties, raci, strict=True):
        target = provider_letters if party.kind is PartyKind.PROVIDER else customer_letters
        target |= letters_of(value)
    if "R" in provider_letters and "R" in customer_letters:
        return Owner.SHARED
    if "A" in provider_letters:
        return Owner.PROVIDER
    if "A" in customer_letters:
        return Owner.CUSTOMER
    return None


def effective_owner(
    project: Project, provider: Provider, service_id: str, area_id: str
) -> Owner | None:
    """Who owns the row as it stands: the rule's owner while no cell is overridden, otherwise
    read from the letters (:func:`owner_from_letters`). A not-applicable row keeps that owner
    while it holds no letters; given letters, it is owned like any other row."""
    row = project.row(service_id, area_id)
    rule = rule_of(provider, row)
    if rule is not None and not project.row_overridden(service_id, area_id):
        return rule.owner
    found = owner_from_letters(project, row.raci)
    # An n/a row overridden and emptied again is still not applicable, not "no owner".
    emptied = found is None and not any(row.raci)
    if emptied and rule is not None and rule.owner is Owner.NOT_APPLICABLE:
        return Owner.NOT_APPLICABLE
    return found


def owner_text(owner: Owner | None, rule: Rule | None) -> str:
    """The owner in a word or two, with the kind of sharing when the rule's sharing still
    applies ("Shared · you configure"): what the workbook's Owner column and the app show."""
    if owner is None:
        return ""
    if owner is Owner.SHARED and rule is not None and rule.sharing is not None:
        return f"{owner.label} · {rule.sharing.short}"
    return owner.label


def cell_source(
    project: Project,
    service_id: str,
    area_id: str,
    party_id: str,
    overrides: Mapping[CellKey, Override] | None = None,
) -> str:
    """``manual`` for an override or a row no rule decides, else ``rule:<id>``.

    ``overrides``: ``plain(project.overrides)``, taken once by a caller visiting every cell."""
    if overrides is None:
        overrides = project.overrides
    if (service_id, area_id, party_id) in overrides:
        return MANUAL
    rule = project.row(service_id, area_id).rule
    return f"rule:{rule}" if rule else MANUAL


def row_rationale(
    project: Project,
    service_id: str,
    area_id: str,
    overrides: Mapping[CellKey, Override] | None = None,
) -> str:
    """The row's override rationales as one text, named by party when they differ.

    The workbook's Rationale column shows it and the importer compares against it to tell a
    stakeholder's new text from ours, so both must build it here. A combination longer than an
    Excel cell holds is cut with :data:`CUT_MARKER` (:func:`fit_cell`): a project that
    validates always exports.
    ``overrides``: ``plain(project.overrides)``, taken once by a caller visiting every row."""
    return fit_cell(_joined(project, service_id, area_id, overrides))


def _joined(
    project: Project,
    service_id: str,
    area_id: str,
    overrides: Mapping[CellKey, Override] | None = None,
) -> str:
    if overrides is None:
        overrides = project.overrides
    found: dict[str, list[str]] = {}
    for party in project.parties:
        override = overrides.get((service_id, area_id, party.id))
        if override is not None and override.rationale.strip():
            found.setdefault(override.rationale, []).append(party.name)
    if len(found) == 1:
        return next(iter(found))
    return "\n".join(f"{', '.join(names)}: {text}" for text, names in found.items())


#: Ends a text cut to fit a cell; the importer compares with the same cut text, so a stakeholder
#: who leaves it alone changes nothing.
CUT_MARKER = " … (cut: see the project for the full text)"


def fit_cell(text: str) -> str:
    """``text``, or when it is longer than an Excel cell holds (each party's rationale fits,
    their combination may not), its start and :data:`CUT_MARKER`."""
    if len(text) <= MAX_CELL_TEXT:
        return text
    return text[: MAX_CELL_TEXT - len(CUT_MARKER)] + CUT_MARKER


def cut_rationales(project: Project) -> int:
    """How many rows' rationales an export cuts to fit a cell (what the export reports)."""
    shown = {a.id for a in project.visible_areas}
    rows = {(sid, aid) for sid, aid, _ in project.overrides if aid in shown}
    return sum(1 for sid, aid in rows if len(_joined(project, sid, aid)) > MAX_CELL_TEXT)


def overridden_party_names(
    project: Project,
    service_id: str,
    area_id: str,
    overrides: Mapping[CellKey, Override] | None = None,
) -> list[str]:
    """The names of the parties whose cell in the row is overridden, in column order."""
    if overrides is None:
        overrides = project.overrides
    return [p.name for p in project.parties if (service_id, area_id, p.id) in overrides]


@dataclass(frozen=True)
class CellExplanation:
    """Everything the Details panel, a tooltip or ``srm explain`` says about one cell."""

    letters: str
    rule: Rule | None
    #: The letters the rule gives this cell (what Reset to Rule would restore).
    rule_letters: str
    override: Override | None
    rule_owner: Owner | None
    effective_owner: Owner | None

    @property
    def source(self) -> str:
        if self.override is not None or self.rule is None:
            return MANUAL
        return f"rule:{self.rule.id}"


def explain_cell(project: Project, provider: Provider, key: CellKey) -> CellExplanation:
    """Why the cell ``key`` holds what it holds."""
    sid, aid, pid = key
    row = project.row(sid, aid)
    rule = rule_of(provider, row)
    derived = deriver_for(project, provider).row(project.service(sid), aid)
    index = project.party_index[pid]
    return CellExplanation(
        letters=row.raci[index],
        rule=rule,
        rule_letters=derived.raci[index] if derived is not None else "",
        override=project.overrides.get(key),
        rule_owner=rule.owner if rule is not None else None,
        effective_owner=effective_owner(project, provider, sid, aid),
    )
