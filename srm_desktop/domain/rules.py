"""Ownership rules: category defaults refined by service and variant rules, each cited.

The rule book is data (``resources/<provider>/rules.toml``); this module only validates it and
answers one question fast: *which rule decides this (service, variant, area)?* Resolution goes
from most to least specific -- variant rule, service rule, category default -- so a rule file
reads like the reference it cites and never needs an ``if`` in code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any, Final

from pydantic import Field, PrivateAttr, ValidationError, model_validator

from srm_desktop.domain.base import FrozenModel
from srm_desktop.domain.catalog import Category
from srm_desktop.domain.raci import CANONICAL_VALUES
from srm_desktop.domain.text import Ident, LongText, Name

DERIVED: Final[str] = "derived"
#: A quote is evidence, not an excerpt: short enough to be fair use and to re-check at a glance.
MAX_QUOTE_WORDS: Final[int] = 25


class Owner(StrEnum):
    """Who owns an area for a service: the provider, the customer, both (shared), or nobody
    because the area does not exist for the service (not applicable: an EBS volume has no guest
    OS, a VPC no platform to patch)."""

    PROVIDER = "P"
    CUSTOMER = "C"
    SHARED = "S"
    NOT_APPLICABLE = "N"

    @property
    def label(self) -> str:
        return {"P": "Provider", "C": "Customer", "S": "Shared", "N": "Not applicable"}[self.value]

    @property
    def word(self) -> str:
        """The CSV's word for the owner (``../shared/DESIGN.md``)."""
        return {"P": "provider", "C": "customer", "S": "shared", "N": "n/a"}[self.value]

    @property
    def letter(self) -> str:
        """The short mark shown in the overview: P, C, S, or n/a (never a bare N, which a reader
        would take for "no")."""
        return "n/a" if self is Owner.NOT_APPLICABLE else self.value


class Sharing(StrEnum):
    """The two kinds of "shared" that an auditor tells apart (FedRAMP's customer responsibility
    matrix separates *configured by customer* from *shared*)."""

    #: The provider implements the control; the customer must switch it on, choose or configure
    #: it (RDS encryption at rest, S3 Block Public Access, ElastiCache TLS).
    CONFIGURE = "configure"
    #: Each side does part of the work (EKS upgrades: AWS the control plane, you the nodes).
    SPLIT = "split"

    @property
    def short(self) -> str:
        """Two words for a narrow column."""
        return {"configure": "you configure", "split": "both do part"}[self.value]

    @property
    def label(self) -> str:
        return {
            "configure": "the provider implements it, the customer configures it",
            "split": "each side does part of the work",
        }[self.value]


class Source(FrozenModel):
    """A page rules cite: its title and address (without an anchor; a rule adds its own)."""

    document: Name
    url: str = ""


def quote_words(text: str) -> int:
    """Words in a quote, as a reader counts them ("…" and dashes are not words)."""
    return sum(1 for word in text.split() if any(ch.isalnum() for ch in word))


class Citation(FrozenModel):
    """Why a rule says what it says, in a form anyone can re-check: the page (URL with its
    anchor), a verbatim quote of at most 25 words, and the day it was read. ``[derived]`` only
    where no page speaks, with the reasoning and the pages consulted."""

    document: str
    url: str = ""
    quote: str = ""
    read: str = ""
    reasoning: str = ""
    consulted: tuple[str, ...] = ()

    @property
    def derived(self) -> bool:
        return self.document == DERIVED

    @model_validator(mode="after")
    def _checkable(self) -> Citation:
        if self.derived:
            if not self.reasoning.strip():
                raise ValueError("a derived rule needs its reasoning")
            if not self.consulted:
                raise ValueError("a derived rule names the pages consulted")
            return self
        if not self.url.startswith("https://"):
            raise ValueError(f"a cited rule needs an https URL, found {self.url!r}")
        if not self.quote.strip():
            raise ValueError("a cited rule needs a verbatim quote")
        words = quote_words(self.quote)
        if words > MAX_QUOTE_WORDS:
            raise ValueError(f"quote has {words} words (at most {MAX_QUOTE_WORDS})")
        if not _is_date(self.read):
            raise ValueError(
                f"a cited rule needs the date it was read (YYYY-MM-DD), found {self.read!r}"
            )
        return self

    def __str__(self) -> str:
        if self.derived:
            return f"[derived] {self.reasoning}"
        return f"{self.document}: “{self.quote}” (read {self.read})"


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


class Rule(FrozenModel):
    """One decision: for services matching ``category`` / ``service`` (+ ``variant``), ``area``
    is owned by ``owner``; it says in two plain sentences what each side does, and why."""

    id: Ident
    area: Ident
    owner: Owner
    citation: Citation
    #: What AWS does here, for this service and variant (one or two sentences).
    provider_does: LongText
    #: What the customer does here (one or two sentences, addressed to "you").
    customer_does: LongText
    #: For a shared rule: which kind of sharing.
    sharing: Sharing | None = None
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
        if (self.owner is Owner.SHARED) != (self.sharing is not None):
            raise ValueError(
                f"rule {self.id!r}: a shared rule says which kind of sharing (configure or "
                "split), and only a shared rule does"
            )
        if not self.provider_does.strip() or not self.customer_does.strip():
            raise ValueError(f"rule {self.id!r} must say what AWS does and what the customer does")
        return self

    @property
    def owner_text(self) -> str:
        """The owner in words, with the kind of sharing: "Shared (each side does part of the
        work)"."""
        if self.sharing is not None:
            return f"{self.owner.label} ({self.sharing.label})"
        return self.owner.label


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
    #: The rule book's version, recorded in a project at auto-fill.
    version: str = ""
    raci: Mapping[Owner, RaciView] = Field(min_length=4)
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
    """Build a :class:`RuleBook` from the parsed rules file.

    Each ``[[rules]]`` entry names its scope (``category``, or ``service`` and maybe
    ``variant``), its owner, the two texts ``aws`` and ``customer``, and its evidence: ``source``
    (a key of ``[sources]``) with ``anchor``, ``quote`` and ``read``, or ``source = "derived"``
    with ``reasoning`` and ``consulted``.
    """
    provider = data.get("provider", "")
    sources = {k: Source.model_validate(v) for k, v in dict(data.get("sources", {})).items()}
    rules: list[Rule] = []
    for index, entry in enumerate(data.get("rules", [])):
        where = f"rules[{index}] ({entry.get('id', '?')})"
        try:
            rules.append(_rule(entry, sources))
        except (ValueError, KeyError) as exc:
            raise ValueError(f"{where}: {_problem(exc)}") from None
    raci = {Owner(k): RaciView.model_validate(v) for k, v in dict(data.get("raci", {})).items()}
    return RuleBook(
        provider=provider,
        version=str(data.get("version", "")),
        sources=sources,
        raci=raci,
        rules=tuple(rules),
    )


def _rule(entry: Mapping[str, Any], sources: Mapping[str, Source]) -> Rule:
    sharing = entry.get("sharing")
    return Rule(
        id=entry["id"],
        area=entry["area"],
        owner=Owner(entry["owner"]),
        sharing=Sharing(sharing) if sharing is not None else None,
        category=entry.get("category"),
        service=entry.get("service"),
        variant=entry.get("variant"),
        provider_does=entry.get("aws", ""),
        customer_does=entry.get("customer", ""),
        note=entry.get("note", ""),
        citation=_citation(entry, sources),
    )


def _citation(entry: Mapping[str, Any], sources: Mapping[str, Source]) -> Citation:
    source = entry.get("source")
    if source == DERIVED:
        return Citation(
            document=DERIVED,
            reasoning=entry.get("reasoning", ""),
            consulted=tuple(entry.get("consulted", ())),
        )
    if not isinstance(source, str) or source not in sources:
        raise ValueError(f"source {source!r} is not listed under [sources]")
    doc = sources[source]
    read = entry.get("read", "")
    return Citation(
        document=doc.document,
        url=doc.url + entry.get("anchor", ""),
        quote=entry.get("quote", ""),
        read=read.isoformat() if isinstance(read, date) else str(read),
    )


def _problem(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing {exc.args[0]!r}"
    if isinstance(exc, ValidationError):
        # pydantic's "1 validation error for Citation ... Value error, <ours> [type=...]": ours.
        return str(exc.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
    return str(exc)
