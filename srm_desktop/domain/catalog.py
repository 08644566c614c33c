"""The provider catalog: services, their category and the variants that move responsibilities."""

from __future__ import annotations

import difflib
from enum import StrEnum
from functools import cached_property

from pydantic import Field, StrictBool, model_validator

from srm_desktop.domain.base import FrozenModel
from srm_desktop.domain.text import Ident, LongText, Name
from srm_desktop.domain.words import words


class Category(StrEnum):
    """How much of the stack the provider runs (AWS Security Best Practices, 2016).

    The newer AWS guidance calls *container* "managed platform" and *abstracted* "serverless";
    :meth:`parse` accepts both names.
    """

    INFRASTRUCTURE = "infrastructure"
    CONTAINER = "container"
    ABSTRACTED = "abstracted"

    @property
    def label(self) -> str:
        return words().categories[self.value].label

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names :meth:`parse` accepts ("serverless" for abstracted)."""
        return _ALIASES.get(self, ())

    @classmethod
    def parse(cls, text: str) -> Category:
        key = text.strip().lower()
        for cat, names in _ALIASES.items():
            if key == cat.value or key in names:
                return cat
        raise ValueError(
            f"unknown category {text!r}: use infrastructure, container (managed platform) "
            "or abstracted (serverless)"
        )


_ALIASES = {
    Category.INFRASTRUCTURE: ("iaas",),
    Category.CONTAINER: ("managed platform", "managed-platform", "paas"),
    Category.ABSTRACTED: ("serverless", "saas"),
}


class Variant(FrozenModel):
    """A way of running a service that moves responsibilities (ECS on EC2 vs Fargate...)."""

    key: Ident
    name: Name
    description: LongText = ""
    aliases: tuple[Name, ...] = ()
    default: StrictBool = False
    #: A variant may change the whole category (EMR Serverless is abstracted, EMR on EC2 is not).
    category: Category | None = None


class CatalogService(FrozenModel):
    key: Ident
    name: Name
    category: Category
    aliases: tuple[Name, ...] = ()
    description: LongText = ""
    variants: tuple[Variant, ...] = ()

    @model_validator(mode="after")
    def _one_default(self) -> CatalogService:
        keys = [v.key for v in self.variants]
        if len(set(keys)) != len(keys):
            raise ValueError(f"service {self.key!r} lists a variant key twice")
        if sum(v.default for v in self.variants) > 1:
            raise ValueError(f"service {self.key!r} marks more than one variant as default")
        return self

    @property
    def default_variant(self) -> str | None:
        """The variant a new inventory entry gets: the one marked default, else the first."""
        for v in self.variants:
            if v.default:
                return v.key
        return self.variants[0].key if self.variants else None

    def variant(self, key: str | None) -> Variant | None:
        for v in self.variants:
            if v.key == key:
                return v
        return None

    def category_for(self, variant: str | None) -> Category:
        v = self.variant(variant)
        return v.category if v is not None and v.category is not None else self.category


class Catalog(FrozenModel):
    provider: Ident
    name: Name
    party_name: Name
    services: tuple[CatalogService, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> Catalog:
        seen: set[str] = set()
        for s in self.services:
            if s.key in seen:
                raise ValueError(f"service key {s.key!r} appears twice")
            seen.add(s.key)
        return self

    @cached_property
    def by_key(self) -> dict[str, CatalogService]:
        return {s.key: s for s in self.services}

    def get(self, key: str) -> CatalogService | None:
        return self.by_key.get(key)

    def resolve(self, text: str) -> tuple[CatalogService, str | None]:
        """Find a service by key, name or alias (case-insensitive), with its variant.

        ``"ecs"`` gives ECS and its default variant, ``"ecs:fargate"`` that variant, and an alias
        that belongs to a variant (``"fargate"``) gives its service and that variant. Raises
        :class:`LookupError` with a helpful message when nothing matches.
        """
        key, _, variant_text = text.strip().partition(":")
        needle = key.strip().lower()
        service: CatalogService | None = None
        variant: str | None = None
        for s in self.services:
            if needle in (s.key, s.name.lower()) or needle in (a.lower() for a in s.aliases):
                service = s
                break
        if service is None:
            for s in self.services:
                for v in s.variants:
                    if needle in (a.lower() for a in v.aliases):
                        service, variant = s, v.key
                        break
                if service is not None:
                    break
        if service is None:
            closest = self.closest(key)
            hint = f"; closest: {', '.join(closest)}" if closest else ""
            raise LookupError(f"no service {key.strip()!r} in the {self.provider} catalog{hint}")
        if variant_text:
            wanted = variant_text.strip().lower()
            for v in service.variants:
                if wanted == v.key or wanted in (a.lower() for a in v.aliases):
                    return service, v.key
            choices = ", ".join(v.key for v in service.variants) or "none"
            raise LookupError(
                f"service {service.key!r} has no variant {variant_text.strip()!r} "
                f"(variants: {choices})"
            )
        return service, variant if variant is not None else service.default_variant

    def search(self, text: str) -> list[CatalogService]:
        """Services whose key, name, alias or variant mentions ``text``; best matches first."""
        needle = text.strip().lower()
        if not needle:
            return list(self.services)
        scored: list[tuple[int, int, CatalogService]] = []
        for index, s in enumerate(self.services):
            names = [s.key, s.name.lower(), *(a.lower() for a in s.aliases)]
            names += [a.lower() for v in s.variants for a in (v.key, v.name, *v.aliases)]
            if needle in (s.key, s.name.lower()):
                score = 0
            elif any(n.startswith(needle) for n in names) or any(
                w.startswith(needle) for n in names for w in n.split()
            ):
                score = 1
            elif any(needle in n for n in names):
                score = 2
            else:
                continue
            scored.append((score, index, s))
        return [s for _, _, s in sorted(scored, key=lambda t: (t[0], t[1]))]

    def closest(self, text: str, limit: int = 5) -> list[str]:
        """The catalog names nearest to ``text``, as ``key`` or ``key:variant``, for "did you
        mean" messages: variants whose key or name contains it ("fargate" gives ECS, EKS and
        Batch on Fargate), then services the search finds, then near spellings of keys."""
        needle = text.strip().lower()
        if not needle:
            return []
        found: list[str] = []
        for s in self.services:
            for v in s.variants:
                if needle in (v.key, v.name.lower()) or needle in v.name.lower().split():
                    found.append(f"{s.key}:{v.key}")
        found += [s.key for s in self.search(needle)]
        words = {s.key: s.key for s in self.services}
        for s in self.services:
            words.setdefault(s.name.lower(), s.key)
            for alias in s.aliases:
                words.setdefault(alias.lower(), s.key)
        found += [words[w] for w in difflib.get_close_matches(needle, words, n=limit, cutoff=0.6)]
        return list(dict.fromkeys(found))[:limit]
