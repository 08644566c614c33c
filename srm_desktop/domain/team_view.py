"""What is ours, per party: the rows a party is Responsible or Accountable for (and, apart, the
ones it is Consulted or Informed on), and the load of every party as counts.

The question a security lead asks first is "what does my team still own?" (F10): the matrix
answers it only cell by cell. This module answers it from the project alone, so the window's
Teams tab, the report and the tests read the same lists. Two shapes, both cheap to keep current
after an edit in a 1,000-service estate:

* :func:`team_groups` lists one party's rows by service; :func:`team_item` answers for one row,
  so a view updates the rows an edit touched instead of listing the estate again;
* :class:`Tally` counts every party's letters once, and :meth:`Tally.moved` adjusts the counts
  for the rows an edit touched (subtract the rows as they were, add them as they are).

Areas where the customer side is Accountable only because the team template names no one are
the silent fallback of F11: :func:`fallback_areas` names them and who takes the A instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from srm_desktop.domain.layered import plain
from srm_desktop.domain.project import Party, PartyKind, Project, Row
from srm_desktop.domain.provenance import rule_of
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import letters_of
from srm_desktop.domain.rules import Rule

#: The letters of the main list ("what is ours") and of the second one.
RESPONSIBLE_OR_ACCOUNTABLE = frozenset("RA")
CONSULTED_OR_INFORMED = frozenset("CI")
#: A customer team holding more than this share of the customer side's A's is flagged: one team
#: accountable for most of the estate is a review finding, not a fact to hide in a count.
CROWDED_SHARE = 0.5


class TeamItem(NamedTuple):
    """One row a party holds letters in."""

    service_id: str
    area_id: str
    #: The party's letters in the row ("R/A").
    letters: str
    #: What the rule says the party's side does here: the customer's text for a customer-side
    #: party, the provider's for the provider ("" when no rule decides the row).
    does: str
    #: Whether the party's cell is a manual override, and its rationale.
    overridden: bool
    rationale: str


class ServiceGroup(NamedTuple):
    service_id: str
    items: tuple[TeamItem, ...]


def holds(letters: str, wanted: frozenset[str]) -> bool:
    """Whether canonical ``letters`` ("R/A") hold any of ``wanted``."""
    return not wanted.isdisjoint(letters_of(letters)) if letters else False


def team_item(
    project: Project,
    provider: Provider,
    party_id: str,
    service_id: str,
    area_id: str,
    wanted: frozenset[str] = RESPONSIBLE_OR_ACCOUNTABLE,
) -> TeamItem | None:
    """The row as the party's list shows it, or None when the party holds none of ``wanted``
    there (or the area is hidden)."""
    if project.area(area_id).hidden:
        return None
    row = project.row(service_id, area_id)
    return _item(
        project, provider, party_id, project.party_index[party_id], service_id, area_id, row, wanted
    )


def _item(
    project: Project,
    provider: Provider,
    party_id: str,
    index: int,
    service_id: str,
    area_id: str,
    row: Row,
    wanted: frozenset[str],
) -> TeamItem | None:
    letters = row.raci[index]
    if not holds(letters, wanted):
        return None
    rule = rule_of(provider, row)
    override = project.overrides.get((service_id, area_id, party_id))
    return TeamItem(
        service_id=service_id,
        area_id=area_id,
        letters=letters,
        does=_side_text(rule, project.parties[index].customer_side),
        overridden=override is not None,
        rationale=override.rationale if override is not None else "",
    )


def _side_text(rule: Rule | None, customer_side: bool) -> str:
    if rule is None:
        return ""
    return rule.customer_does if customer_side else rule.provider_does


def team_groups(
    project: Project,
    provider: Provider,
    party_id: str,
    wanted: frozenset[str] = RESPONSIBLE_OR_ACCOUNTABLE,
) -> list[ServiceGroup]:
    """Every row the party holds any of ``wanted`` in, by service (inventory order), areas in
    the project's order; services where it holds none are left out.

    The same as :func:`team_item` on every row (a test holds them together), with what repeats
    asked once: whether a letter string holds ``wanted`` and a rule's text, by value; a
    1,000-service estate has a few dozen of each and ~15,000 rows per party."""
    index = project.party_index[party_id]
    customer_side = project.parties[index].customer_side
    overrides = plain(project.overrides)
    held: dict[str, bool] = {}
    texts: dict[str | None, str] = {}
    area_ids = [a.id for a in project.visible_areas]
    groups = []
    for entry in project.services:
        by_area = project.rows.get(entry.id)
        if not by_area:
            continue
        items = []
        sid = entry.id
        for aid in area_ids:
            row = by_area.get(aid)
            letters = row.raci[index] if row is not None else ""
            if not letters:
                continue  # most cells of a large estate: nothing more to ask
            holds_it = held.get(letters)
            if holds_it is None:
                holds_it = held[letters] = holds(letters, wanted)
            if not holds_it:
                continue
            assert row is not None
            does = texts.get(row.rule)
            if does is None:
                rule = rule_of(provider, row)
                does = texts[row.rule] = _side_text(rule, customer_side)
            override = overrides.get((sid, aid, party_id))
            items.append(
                TeamItem(
                    sid,
                    aid,
                    letters,
                    does,
                    override is not None,
                    override.rationale if override is not None else "",
                )
            )
        if items:
            groups.append(ServiceGroup(sid, tuple(items)))
    return groups


# -- the load per party --------------------------------------------------------------------------


class PartyLoad(NamedTuple):
    """How many visible rows a party holds each letter in."""

    party: Party
    responsible: int
    accountable: int
    consulted: int
    informed: int


class AreaGap(NamedTuple):
    """An area the team template gives no customer team the A for (F11's silent fallback)."""

    area_id: str
    #: The customer-side party that takes the A instead (the first customer party).
    taken_by: str
    #: Visible rows of the area where the customer side is Accountable now.
    rows: int


class TeamLoad(NamedTuple):
    parties: tuple[PartyLoad, ...]
    gaps: tuple[AreaGap, ...]
    #: Customer parties Accountable for more than :data:`CROWDED_SHARE` of the customer side's
    #: A's, with their share (0..1).
    crowded: tuple[tuple[str, float], ...]


_LETTERS = "RACI"


@dataclass
class Tally:
    """Letter counts per party over the visible rows, kept current edit by edit.

    ``letters[i]`` counts R, A, C and I of party ``i``; ``customer_a`` counts, per area, the
    rows where a customer-side party is Accountable (what :class:`AreaGap` reports)."""

    letters: list[list[int]]
    customer_a: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, project: Project) -> Tally:
        """Count the project's visible rows. Rows repeat (entries of a kind share them), so
        each distinct (area, row) is counted once and weighed by how often it occurs."""
        tally = cls([[0] * len(_LETTERS) for _ in project.parties])
        customer = _customer_mask(project)
        area_ids = [a.id for a in project.visible_areas]
        seen: Counter[tuple[str, Row | None]] = Counter()
        for entry in project.services:
            by_area = project.rows.get(entry.id, {})
            seen.update(zip(area_ids, map(by_area.get, area_ids), strict=True))
        for (area_id, row), n in seen.items():
            if row is not None:
                tally._count(row.raci, area_id, customer, n)
        return tally

    def moved(self, before: Project, after: Project, rows: Iterable[tuple[str, str]]) -> None:
        """Adjust for ``rows`` (service, area) changed from ``before`` to ``after``: both with
        the same parties and areas (cell edits; anything else is a new :meth:`of`)."""
        customer = _customer_mask(after)
        hidden = {a.id for a in after.areas if a.hidden}
        for sid, aid in set(rows):
            if aid in hidden:
                continue
            if sid in before.service_index:
                self._count(before.row(sid, aid).raci, aid, customer, -1)
            if sid in after.service_index:
                self._count(after.row(sid, aid).raci, aid, customer, 1)

    def _count(
        self, raci: Sequence[str], area_id: str, customer: Sequence[bool], sign: int
    ) -> None:
        customer_a = False
        for i, value in enumerate(raci):
            if not value:
                continue
            counts = self.letters[i]
            for letter in letters_of(value):
                counts[_LETTERS.index(letter)] += sign
            if customer[i] and "A" in value:
                customer_a = True
        if customer_a:
            self.customer_a[area_id] += sign

    def load(self, project: Project) -> TeamLoad:
        parties = tuple(
            PartyLoad(party, *counts)
            for party, counts in zip(project.parties, self.letters, strict=True)
        )
        gaps = tuple(
            AreaGap(area_id, taken_by, self.customer_a[area_id])
            for area_id, taken_by in fallback_areas(project)
            if self.customer_a[area_id] > 0  # an area the customer never holds: no one to name
        )
        return TeamLoad(parties, gaps, crowded(parties))


def _customer_mask(project: Project) -> list[bool]:
    return [p.customer_side for p in project.parties]


def team_load(project: Project) -> TeamLoad:
    """Every party's counts, the areas without an accountable team and the crowded teams."""
    return Tally.of(project).load(project)


def crowded(parties: Sequence[PartyLoad]) -> tuple[tuple[str, float], ...]:
    """Customer parties holding more than :data:`CROWDED_SHARE` of the customer parties' A's,
    when there are at least two customer parties (a lone customer holds them all, rightly)."""
    customers = [p for p in parties if p.party.kind is PartyKind.CUSTOMER]
    total = sum(p.accountable for p in customers)
    if len(customers) < 2 or not total:
        return ()
    return tuple(
        (p.party.id, p.accountable / total)
        for p in customers
        if p.accountable / total > CROWDED_SHARE
    )


def has_teams(project: Project) -> bool:
    """Whether the customer is split into teams: two customer parties or more (a customer and
    the partner acting for it are not teams; the partner holds what overrides give it)."""
    return sum(p.kind is PartyKind.CUSTOMER for p in project.parties) > 1


def fallback_areas(project: Project) -> list[tuple[str, str]]:
    """(area id, party id) for each visible area whose template row makes no customer-side
    party Accountable: there the first customer party takes the A (``teams.spread``) without
    anyone having said so. Empty when the customer is not split into teams."""
    if not has_teams(project):
        return []
    first = project.parties[project.customer_parties[0]].id
    out = []
    for area in project.visible_areas:
        row = project.team_template.get(area.id, {})
        if not any("A" in letters_of(v) for v in row.values()):
            out.append((area.id, first))
    return out


# -- short names and colour slots (the Overview by accountable team) ---------------------------


#: Control, bidi and zero-width characters (``change_set.visible`` shows them as ⟨U+XXXX⟩,
#: too long for a mark of three characters).
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def short_names(parties: Sequence[Party]) -> dict[str, str]:
    """A mark of at most three characters per party, unique in the project, for a narrow
    cell: a short name as it is ("AWS", "App"), initials of a longer one ("Northwind Managed
    Services" -> "NMS"), else its first letters ("Platform" -> "Pl", "Pla" on a clash)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for party in parties:
        # Made of what a reader sees: a bidi control in a mark would reverse the cell's text.
        name = _UNSEEN.sub("", party.name) or "?"
        for mark in _marks(name):
            if mark.casefold() not in taken:
                break
        else:
            mark = next(
                f"{name[:2]}{n}" for n in range(2, 1000) if f"{name[:2]}{n}".casefold() not in taken
            )
        taken.add(mark.casefold())
        out[party.id] = mark
    return out


def _marks(name: str) -> list[str]:
    words = [w for w in name.split() if w[:1].isalnum()]
    if len(name) <= 3:
        return [name]
    marks = []
    if len(words) > 1:
        marks.append("".join(w[0] for w in words[:3]).upper())
    word = words[0] if words else name
    marks += [word[:2].capitalize(), word[:3].capitalize()]
    return marks


def colour_slots(project: Project) -> dict[str, int | None]:
    """Party id -> its place among the customer-side parties' colours (column order), or None
    for the provider party (it takes the provider's owner colour)."""
    slots: dict[str, int | None] = {}
    n = 0
    for party in project.parties:
        if party.customer_side:
            slots[party.id] = n
            n += 1
        else:
            slots[party.id] = None
    return slots


def accountable_party(row: Row) -> int | None:
    """The index of the first party Accountable in the row, or None."""
    return next((i for i, v in enumerate(row.raci) if v and "A" in v), None)
