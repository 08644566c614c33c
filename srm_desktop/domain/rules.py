"""Ownership rules: category defaults refined by service and variant rules, each cited.

The rule book is data (``resources/<provider>/rules.toml``); this module only validates it and
answers one question fast: *which rule decides this (service, variant, area)?* Resolution goes
from most to least specific -- variant rule, service rule, category default -- so a rule file
reads like the reference it cites and never needs an ``if`` in code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, Final

from pydantic import Field, PrivateAttr, model_validator

from srm_desktop.domain.base import FrozenModel
from srm_desktop.domain.catalog import Category
from srm_desktop.domain.raci import CANONICAL_VALUES
from srm_desktop.domain.text import Ident, LongText, Name

DERIVED: Final[str] = "derived"


class Owner(StrEnum):
    """Who owns an area for a service: provider, customer, or shared (each side for its layer)."""

    PROVIDER = "P"
    CUSTOMER = "C"
    SHARED = "S"

    @property
    def label(self) -> str:
        return {"P": "Provider", "C": "Customer", "S": "Shared"}[self.value]

    @property
    def word(self) -> str:
        """The CSV's word for the owner (``../shared/DESIGN.md``)."""
        return {"P": "provider", "C": "customer", "S": "shared"}[self.value]


class Source(FrozenModel):
    """A document a rule cites."""

    document: Name
    url: str = ""


class Citation(FrozenModel):
    """Why a rule says what it says: a document and section, or ``[derived]`` with reasoning."""

    document: str
    section: str = ""
    url: str = ""
    reasoning: str = ""

    @property
    def derived(self) -> bool:
        return self.document == DERIVED

    def __str__(self) -> str:
        if self.derived:
            return f"[derived] {self.reasoning}"
        text = f"{self.document}, “{self.section}”" if self.section else self.document
        return f"{text} [derived: {self.reasoning}]" if self.reasoning else text


class Rule(FrozenModel):
    """One decision: for services matching ``category`` / ``service`` (+ ``variant``), ``area``
    is owned by ``owner``."""

    id: Ident
    area: Ident
    owner: Owner
    citation: Citation
    category: Category | None = None
    service: Ident | None = None
    variant: Ident | None = None
    note: LongText = ""

    @model_validator(mode="after")
    def _scope(self) -> Rule:
        if (self.category is None) == (self.service is None):
            raise ValueError(f"rule {self.id!r} must name exactly one of category or service")
        if self.variant is not None and self.service is None:
            raise ValueError(f"rule {self.id!r} names a variant without a service")
        return self


class RaciView(FrozenModel):
    """The letters the provider and the customer side get for one owner."""

    provider: str
    customer: str

    @model_validator(mode="after")
    def _canonical(self) -> RaciView:
        for value in (self.provider, self.customer):
            if value not in CANONICAL_VALUES:
                raise ValueError(f"{value!r} is not canonical RACI letters (e.g. 'R/A', 'I')")
        return self


class RuleBook(FrozenModel):
    provider: Ident
    sources: Mapping[str, Source]
    raci: Mapping[Owner, RaciView] = Field(min_length=3)
    rules: tuple[Rule, ...]

    _by_variant: dict[tuple[str, str, str], Rule] = PrivateAttr(default_factory=dict)
    _by_service: dict[tuple[str, str], Rule] = PrivateAttr(default_factory=dict)
    _by_category: dict[tuple[Category, str], Rule] = PrivateAttr(default_factory=dict)
    _by_id: dict[str, Rule] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        for rule in self.rules:
            if rule.id in self._by_id:
                raise ValueError(f"rule id {rule.id!r} appears twice")
            self._by_id[rule.id] = rule
            if rule.category is not None:
                self._claim(self._by_category, (rule.category, rule.area), rule)
            elif rule.variant is not None:
                assert rule.service is not None  # checked by Rule._scope
                self._claim(self._by_variant, (rule.service, rule.variant, rule.area), rule)
            else:
                assert rule.service is not None
                self._claim(self._by_service, (rule.service, rule.area), rule)

    @staticmethod
    def _claim(slot: dict[Any, Rule], key: tuple[Any, ...], rule: Rule) -> None:
        if key in slot:
            raise ValueError(f"rules {slot[key].id!r} and {rule.id!r} decide the same cell")
        slot[key] = rule

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def resolve(
        self,
        area: str,
        category: Category,
        service: str | None = None,
        variant: str | None = None,
    ) -> Rule | None:
        """The rule deciding ``area``; ``service=None`` means "category defaults only"."""
        if service is not None:
            if variant is not None:
                hit = self._by_variant.get((service, variant, area))
                if hit is not None:
                    return hit
            hit = self._by_service.get((service, area))
            if hit is not None:
                return hit
        return self._by_category.get((category, area))

    def resolve_all(
        self,
        areas: Sequence[str],
        category: Category,
        service: str | None = None,
        variant: str | None = None,
    ) -> list[Rule | None]:
        """:meth:`resolve` for each of ``areas``, in order. One call per kind of entry: the
        private tables are fetched once (each fetch goes through pydantic's ``__getattr__``),
        where one call per area fetched them thirty times over."""
        by_category = self._by_category
        if service is None:
            return [by_category.get((category, a)) for a in areas]
        by_service = self._by_service
        if variant is None:
            return [by_service.get((service, a)) or by_category.get((category, a)) for a in areas]
        by_variant = self._by_variant
        return [
            by_variant.get((service, variant, a))
            or by_service.get((service, a))
            or by_category.get((category, a))
            for a in areas
        ]


def rulebook_from_data(data: Mapping[str, Any]) -> RuleBook:
    """Build a :class:`RuleBook` from the parsed rules file, expanding the defaults table.

    ``[defaults.<area>]`` holds one owner per category and a source; it becomes three rules with
    ids ``<provider>.default.<category>.<area>``.
    """
    provider = data.get("provider", "")
    sources = {k: Source.model_validate(v) for k, v in dict(data.get("sources", {})).items()}

    def cite(entry: Mapping[str, Any], where: str, category: str | None = None) -> Citation:
        source = entry.get("source")
        derived = dict(entry.get("derived", {}))
        reasoning = entry.get("reasoning", "")
        if category is not None:
            reasoning = derived.get(category, "")
        if source == DERIVED:
            if not reasoning:
                raise ValueError(f"{where}: a derived rule needs its reasoning")
            return Citation(document=DERIVED, reasoning=reasoning)
        if source not in sources:
            raise ValueError(f"{where}: source {source!r} is not listed under [sources]")
        doc = sources[source]
        return Citation(
            document=doc.document,
            section=entry.get("section", ""),
            url=doc.url,
            reasoning=reasoning,
        )

    rules: list[Rule] = []
    for area, entry in dict(data.get("defaults", {})).items():
        for category in Category:
            owner = entry.get(category.value)
            if owner is None:
                raise ValueError(f"defaults.{area}: no owner for category {category.value!r}")
            rules.append(
                Rule(
                    id=f"{provider}.default.{category.value}.{area}",
                    area=area,
                    owner=Owner(owner),
                    category=category,
                    citation=cite(entry, f"defaults.{area}", category.value),
                )
            )
    for index, entry in enumerate(data.get("rules", [])):
        where = f"rules[{index}] ({entry.get('id', '?')})"
        rules.append(
            Rule(
                id=entry["id"],
                area=entry["area"],
                owner=Owner(entry["owner"]),
                service=entry.get("service"),
                variant=entry.get("variant"),
                note=entry.get("note", ""),
                citation=cite(entry, where),
            )
        )
    raci = {Owner(k): RaciView.model_validate(v) for k, v in dict(data.get("raci", {})).items()}
    return RuleBook(provider=provider, sources=sources, raci=raci, rules=tuple(rules))
