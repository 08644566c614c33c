"""Deriving rows from rules: the engine under auto-fill, reset-to-rule and every re-derivation.

A row depends only on (catalog service, variant, category override, area) once the project's
parties and team template are fixed, and a large estate has many entries of few kinds; so a
:class:`Deriver` computes each distinct row once and hands out the same tuple afterwards.
"""

from __future__ import annotations

from srm_desktop.domain.catalog import Category
from srm_desktop.domain.project import Project, Row, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner, Rule
from srm_desktop.domain.teams import spread


class Deriver:
    """Rows from rules for one project state (its parties and team template)."""

    def __init__(self, project: Project, provider: Provider) -> None:
        self.project = project
        self.provider = provider
        self._customer_ids = [project.parties[i].id for i in project.customer_parties]
        self._cache: dict[tuple[str, str | None, Category | None, str], Row | None] = {}
        self._lists: dict[
            tuple[str, ...], dict[tuple[str, str | None, Category | None], list[Row | None]]
        ] = {}
        # Letters depend only on (owner, area) once parties and template are fixed: a handful
        # of owners times the areas, where rows are kinds of entry times the areas.
        self._letters_memo: dict[tuple[Owner, str], tuple[str, ...]] = {}
        self._rule_rows: dict[tuple[str, str], Row] = {}

    def category(self, entry: ServiceEntry) -> Category | None:
        """The category that applies: the entry's override, the variant's, or the service's."""
        if entry.category is not None:
            return entry.category
        service = self.provider.catalog.get(entry.service)
        return service.category_for(entry.variant) if service is not None else None

    def rule(self, entry: ServiceEntry, area_id: str) -> Rule | None:
        category = self.category(entry)
        if category is None:
            return None
        if entry.category is not None:  # an explicit category: category defaults only
            return self.provider.rules.resolve(area_id, category)
        return self.provider.rules.resolve(area_id, category, entry.service, entry.variant)

    def row(self, entry: ServiceEntry, area_id: str) -> Row | None:
        """The rule-derived row, or None when no rule decides it (unknown service, custom area)."""
        key = (entry.service, entry.variant, entry.category, area_id)
        try:
            return self._cache[key]
        except KeyError:
            pass
        rule = self.rule(entry, area_id)
        result = None if rule is None else Row(rule.id, self._letters(rule.owner, area_id))
        self._cache[key] = result
        return result

    def _derive(self, entry: ServiceEntry, area_ids: tuple[str, ...]) -> list[Row | None]:
        """:meth:`row` for every area of one kind of entry, resolved in one pass."""
        category = self.category(entry)
        if category is None:
            return [None] * len(area_ids)
        rules = self.provider.rules
        if entry.category is not None:  # an explicit category: category defaults only
            decided = rules.resolve_all(area_ids, category)
        else:
            decided = rules.resolve_all(area_ids, category, entry.service, entry.variant)
        cache, by_rule = self._cache, self._rule_rows
        service, variant, explicit = entry.service, entry.variant, entry.category
        out: list[Row | None] = []
        for area_id, rule in zip(area_ids, decided, strict=True):
            key = (service, variant, explicit, area_id)
            row = cache.get(key)
            if row is None and rule is not None:
                # Kinds share most rules (category defaults): their rows are the same Row.
                row = by_rule.get((rule.id, area_id))
                if row is None:
                    row = Row(rule.id, self._letters(rule.owner, area_id))
                    by_rule[(rule.id, area_id)] = row
                cache[key] = row
            out.append(row)
        return out

    def rows_for(self, entry: ServiceEntry, area_ids: tuple[str, ...]) -> list[Row | None]:
        """:meth:`row` for every area of ``area_ids``, in order: one dictionary look-up per
        entry instead of one per row, for the loops that visit all 30,000 rows."""
        by_kind = self._lists.get(area_ids)
        if by_kind is None:
            by_kind = self._lists[area_ids] = {}
        kind = (entry.service, entry.variant, entry.category)
        found = by_kind.get(kind)
        if found is None:
            found = by_kind[kind] = self._derive(entry, area_ids)
        return found

    def known(self, entry: ServiceEntry) -> bool:
        return self.provider.catalog.get(entry.service) is not None

    def _letters(self, owner: Owner, area_id: str) -> tuple[str, ...]:
        found = self._letters_memo.get((owner, area_id))
        if found is None:
            found = self._letters_memo[(owner, area_id)] = self._spread(owner, area_id)
        return found

    def _spread(self, owner: Owner, area_id: str) -> tuple[str, ...]:
        project = self.project
        view = self.provider.rules.raci[owner]
        raci = [""] * len(project.parties)
        if project.provider_party is not None:
            raci[project.provider_party] = view.provider
        customer = spread(view.customer, self._customer_ids, project.team_template.get(area_id))
        for index, letters in zip(project.customer_parties, customer, strict=True):
            raci[index] = letters
        return tuple(raci)


def deriver_for(project: Project, provider: Provider) -> Deriver:
    """The :class:`Deriver` for ``project``'s structure and ``provider``, kept on the project and
    carried across cell edits (``Project.with_cells``), so its memos survive revalidation."""
    slot = project.derivers
    found = slot.get(provider.key)
    if not isinstance(found, Deriver) or found.provider is not provider:
        found = slot[provider.key] = Deriver(project, provider)
    return found
