"""Customer teams: how the customer's letters of a row are spread over several customer parties.

A project with one customer party gives it the customer's letters as they are. When the
architect splits the customer into teams, a *team template* -- area -> party -> letters, stored in
the project and editable -- says who is Responsible, Accountable, Consulted or Informed. The
spreading always keeps a row valid: if the template leaves the row without an A or an R (a team
was removed, a custom area has no entry), the first customer party takes the missing letter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from pydantic import Field

from srm_desktop.domain.base import FrozenModel
from srm_desktop.domain.raci import canonical, letters_of
from srm_desktop.domain.resources import read_toml
from srm_desktop.domain.text import Ident, Name

#: area id -> party id -> canonical letters (for a row the customer is accountable for)
TeamTemplate = Mapping[str, Mapping[str, str]]


class TeamRole(FrozenModel):
    """A kind of customer team the built-in template knows (Platform, Security...)."""

    key: Ident
    name: Name
    aliases: tuple[Name, ...] = ()

    def matches(self, team_name: str) -> bool:
        needle = " ".join(team_name.lower().split())
        return needle == self.name.lower() or needle in (a.lower() for a in self.aliases)


class DefaultTemplate(FrozenModel):
    """The built-in template by role (resources/team-template.toml)."""

    roles: tuple[TeamRole, ...] = Field(min_length=1)
    areas: Mapping[str, Mapping[str, str]]

    def role_for(self, team_name: str) -> TeamRole | None:
        return next((r for r in self.roles if r.matches(team_name)), None)

    def for_parties(self, parties: Sequence[tuple[str, str]]) -> dict[str, dict[str, str]]:
        """A project template for customer parties given as ``(party_id, name)``: each party
        whose name matches a role takes that role's letters; other parties get none."""
        role_of = {pid: self.role_for(name) for pid, name in parties}
        template: dict[str, dict[str, str]] = {}
        for area, by_role in self.areas.items():
            row = {
                pid: by_role[role.key]
                for pid, role in role_of.items()
                if role is not None and role.key in by_role
            }
            if row:
                template[area] = row
        return template


@cache
def default_template() -> DefaultTemplate:
    data = read_toml("team-template.toml")
    roles = tuple(
        TeamRole(key=key, name=value["name"], aliases=tuple(value.get("aliases", ())))
        for key, value in data.get("roles", {}).items()
    )
    return DefaultTemplate(roles=roles, areas=data.get("areas", {}))


def spread(
    customer_letters: str,
    customers: Sequence[str],
    template_row: Mapping[str, str] | None,
) -> list[str]:
    """Letters for each customer party (same order as ``customers``) for one row.

    ``customer_letters`` is what the customer side as a whole gets from the owner ("R/A", "I"
    or ""). With teams: an accountable customer gets the template's letters; an informed
    customer informs the team that the template makes accountable.
    """
    n = len(customers)
    if n == 0 or not customer_letters:
        return [""] * n
    if n == 1:
        return [customer_letters]
    row = template_row or {}
    if "A" not in letters_of(customer_letters):
        return _inform_accountable_team(customer_letters, customers, row)
    return _template_letters(customer_letters, customers, row)


def _inform_accountable_team(
    customer_letters: str, customers: Sequence[str], row: Mapping[str, str]
) -> list[str]:
    """A provider-owned row: the team that would be accountable is the one to tell."""
    accountable = [i for i, p in enumerate(customers) if "A" in row.get(p, "")]
    target = accountable[0] if accountable else 0
    return [customer_letters if i == target else "" for i in range(len(customers))]


def _template_letters(
    customer_letters: str, customers: Sequence[str], row: Mapping[str, str]
) -> list[str]:
    """An accountable customer: the template's letters, with exactly one A (the template's
    first, else the first team) and an R somewhere when the customer side is responsible."""
    out = [row.get(p, "") for p in customers]
    seen_a = False
    for i, value in enumerate(out):  # a template with two A's keeps the first
        if "A" in value:
            if seen_a:
                out[i] = canonical(letters_of(value) - {"A"})
            seen_a = True
    if not seen_a:
        out[0] = canonical(letters_of(out[0]) | {"A"})
    if "R" in letters_of(customer_letters) and not any("R" in v for v in out):
        out[0] = canonical(letters_of(out[0]) | {"R"})
    return out
