"""Roles of the team template that no team has, and who takes them (F11).

The built-in template (``resources/team-template.toml``) speaks of roles: Platform, Security,
Application, Data owner. A team takes a role by its name ("App" is Application). When no team
has a role, its letters go nowhere and its A falls to the first customer party
(``teams.spread``): with Platform, Security and App, *Customer data* is Platform's to sign off,
and nobody said so. This module names those roles, the areas they cover and who holds their A
now, and gives a role to a party the user picks.

The choice is kept where the derivation reads it: the project's team template (area -> party
-> letters), which the project file stores and every auto-fill re-reads. So it survives saving,
reopening and re-filling without a key of its own, and an old file reads as it always did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import NamedTuple

from srm_desktop.domain.edits import set_team_template
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import canonical, letters_of
from srm_desktop.domain.team_view import has_teams
from srm_desktop.domain.teams import TeamRole, default_template


class RoleGap(NamedTuple):
    """A role of the built-in template that no team is named for."""

    role: TeamRole
    #: (area id, the role's letters there) for the project's visible areas, in its order.
    areas: tuple[tuple[str, str], ...]
    #: The customer-side party that holds the role's A now (the most areas), None if the role
    #: has no A.
    taken_by: str | None
    #: The role's A areas where the template names no one, so the fallback takes the A.
    fallen: tuple[str, ...]

    @property
    def by_fallback(self) -> bool:
        """Whether some of the role's A comes by fallback rather than by anyone's choice."""
        return bool(self.fallen)

    @property
    def accountable_areas(self) -> tuple[str, ...]:
        return tuple(a for a, letters in self.areas if "A" in letters_of(letters))


def _role_keys_by_name(project: Project) -> dict[str, set[str]]:
    """Customer-side party id -> the role keys its name matches."""
    template = default_template()
    out: dict[str, set[str]] = {}
    for i in project.customer_parties:
        party = project.parties[i]
        role = template.role_for(party.name)
        out[party.id] = {role.key} if role is not None else set()
    return out


def has_role(project: Project, party_id: str) -> bool:
    """Whether the party's name gives it a role of its own (Platform, "App"...): then letters
    it takes by fallback are another role's, worth a warning; a party named for no role
    ("Customer") standing for the rest of the customer is what the user asked for."""
    return default_template().role_for(project.party(party_id).name) is not None


def role_gaps(project: Project) -> list[RoleGap]:
    """The roles no customer team is named for, once the customer is split into teams."""
    if not has_teams(project):
        return []
    template = default_template()
    named = set().union(*_role_keys_by_name(project).values())
    first = project.parties[project.customer_parties[0]].id
    customer = {project.parties[i].id for i in project.customer_parties}
    gaps = []
    for role in template.roles:
        if role.key in named:
            continue
        areas = tuple(
            (area.id, template.areas[area.id][role.key])
            for area in project.visible_areas
            if role.key in template.areas.get(area.id, {})
        )
        holders: Counter[str] = Counter()
        fallen = []
        for area_id, letters in areas:
            if "A" not in letters_of(letters):
                continue
            row = project.team_template.get(area_id, {})
            holder = next(
                (p for p, v in row.items() if p in customer and "A" in letters_of(v)), None
            )
            if holder is None:
                fallen.append(area_id)
            holders[holder or first] += 1
        taken = holders.most_common(1)[0][0] if holders else None
        gaps.append(RoleGap(role, areas, taken, tuple(fallen)))
    return gaps


def assign_role(
    project: Project, provider: Provider, role_key: str, party_id: str | None
) -> Project:
    """The project with ``party_id`` taking the role's letters in the team template (and its A,
    from whoever held it), or with the role given back to the fallback (``None``): letters a
    party held only as the role's stand-in are taken away from it; its own role's stay."""
    template = default_template()
    if not any(r.key == role_key for r in template.roles):
        raise EditError(f"no team role {role_key!r}")
    if party_id is not None and not project.party(party_id).customer_side:
        raise EditError(f"{project.party(party_id).name} is not on the customer's side")
    own = _role_keys_by_name(project)
    rows = {area: dict(row) for area, row in project.team_template.items()}
    for area in project.areas:
        role_letters = template.areas.get(area.id, {}).get(role_key)
        if role_letters is None:
            continue
        rows[area.id] = _with_role(
            rows.get(area.id, {}), template.areas[area.id], own, role_letters, party_id
        )
    return set_team_template(project, provider, {a: r for a, r in rows.items() if r})


def _with_role(
    row: Mapping[str, str],
    by_role: Mapping[str, str],
    own: Mapping[str, set[str]],
    role_letters: str,
    party_id: str | None,
) -> dict[str, str]:
    """One template row after the role moves to ``party_id``: a party that held the role's
    letters its own roles do not give it (a stand-in) is left with its own roles' letters;
    a party holding none of them keeps its row as the user made it."""
    moving = letters_of(role_letters)
    out: dict[str, str] = {}
    for pid, value in row.items():
        if pid == party_id:
            continue
        kept = frozenset().union(
            *(letters_of(by_role[k]) for k in own.get(pid, ()) if k in by_role)
        )
        held = letters_of(value)
        if held & (moving - kept):  # it stood in for the role here: its own letters only
            out[pid] = _tidy((held - (moving - kept)) | kept)
        else:
            out[pid] = value
    if party_id is not None:
        out[party_id] = _tidy(letters_of(row.get(party_id, "")) | moving)
    return {p: v for p, v in out.items() if v}


def _tidy(letters: frozenset[str]) -> str:
    """Letters as one assignment reads: who does or signs off is not also consulted or told,
    and who is consulted is not also told ("A", not "A/C"; "C", not "C/I")."""
    if letters & {"R", "A"}:
        letters -= {"C", "I"}
    elif "C" in letters:
        letters -= {"I"}
    return canonical(letters)
