"""The type map: resource types -> catalog services, plus the variant rules, from data.

``resources/<provider>/iac-types.toml`` is checked against the catalog when loaded: a rule or a
type that names a service or variant the catalog does not have would otherwise never match, and
the inventory would quietly fall back to a default nobody chose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from srm_desktop.domain.catalog import Catalog
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.resources import read_toml


@dataclass(frozen=True)
class Condition:
    """One test on the values at ``path`` (see the comment at the top of the rules section)."""

    path: tuple[str, ...]
    equals: frozenset[str] | None = None
    present: bool | None = None
    matches: re.Pattern[str] | None = None
    not_matches: re.Pattern[str] | None = None
    contains: str | None = None


@dataclass(frozen=True)
class TypeRule:
    """One rule of the IaC type map: resource types to a catalog service and variant (not the
    rule book's :class:`srm_desktop.domain.rules.Rule`)."""

    types: frozenset[str]
    service: str | None
    variant: str | None
    why: str
    when: tuple[Condition, ...] = ()
    default: bool = False
    sets: str | None = None


@dataclass(frozen=True, eq=False)
class TypeMap:
    provider: str
    services: dict[str, str]  # type -> service key
    ignore: dict[str, str]  # type -> reason
    ignore_prefixes: dict[str, str]  # type prefix -> reason
    joins_user: frozenset[str]
    rules: tuple[TypeRule, ...]

    def service_of(self, rtype: str) -> str | None:
        return self.services.get(rtype)

    def ignored(self, rtype: str) -> str | None:
        """Why ``rtype`` is left out of the inventory, or None when it is not."""
        if rtype in self.ignore:
            return self.ignore[rtype]
        for prefix, reason in self.ignore_prefixes.items():
            if rtype.startswith(prefix):
                return reason
        return None

    by_type: dict[str, tuple[TypeRule, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        out: dict[str, list[TypeRule]] = {}
        for rule in self.rules:
            for rtype in rule.types:
                out.setdefault(rtype, []).append(rule)
        object.__setattr__(self, "by_type", {k: tuple(v) for k, v in out.items()})

    def rules_for(self, rtype: str) -> tuple[TypeRule, ...]:
        """The rules for ``rtype``, in file order: the first that holds decides."""
        return self.by_type.get(rtype, ())


def _regex(value: Any, where: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    try:
        return re.compile(str(value), re.IGNORECASE)
    except re.error as exc:
        raise InputError(where, f"bad regular expression {value!r}: {exc}") from None


def _condition(data: Any, where: str) -> Condition:
    if not isinstance(data, dict) or not isinstance(data.get("path"), str):
        raise InputError(where, "a condition needs a path")
    known = {"path", "equals", "present", "matches", "not_matches", "contains"}
    if set(data) - known:
        raise InputError(where, f"unknown condition keys {sorted(set(data) - known)}")
    equals = data.get("equals")
    return Condition(
        path=tuple(data["path"].split(".")),
        equals=frozenset(str(v).lower() for v in equals) if equals is not None else None,
        present=data.get("present"),
        matches=_regex(data.get("matches"), where),
        not_matches=_regex(data.get("not_matches"), where),
        contains=data.get("contains"),
    )


def parse_type_map(data: dict[str, Any], catalog: Catalog, where: str) -> TypeMap:
    """Build and check a :class:`TypeMap` from the parsed TOML."""
    services: dict[str, str] = {}
    for key, table in data.get("services", {}).items():
        if catalog.get(key) is None:
            raise InputError(where, f"[services.{key}] is not a catalog service")
        for rtype in [*table.get("cloudformation", []), *table.get("terraform", [])]:
            if rtype in services:
                raise InputError(where, f"{rtype} is listed for {services[rtype]} and {key}")
            services[rtype] = key
    rules: list[TypeRule] = []
    for index, raw in enumerate(data.get("rules", [])):
        here = f"{where}: rules[{index}]"
        types = frozenset(raw.get("types", []))
        if not types:
            raise InputError(here, "a rule needs types")
        for rtype in types:
            if rtype not in services:
                raise InputError(here, f"type {rtype} is in no [services] table")
        service_key = raw.get("service")
        for rtype in types:
            key = service_key or services[rtype]
            service = catalog.get(key)
            if service is None:
                raise InputError(here, f"unknown service {key!r}")
            variant = raw.get("variant")
            if variant is not None and service.variant(variant) is None:
                raise InputError(here, f"service {key!r} has no variant {variant!r}")
        rules.append(
            TypeRule(
                types=types,
                service=service_key,
                variant=raw.get("variant"),
                why=str(raw.get("why", "")),
                when=tuple(_condition(c, here) for c in raw.get("when", [])),
                default=bool(raw.get("default", False)),
                sets=raw.get("sets"),
            )
        )
    return TypeMap(
        provider=catalog.provider,
        services=services,
        ignore=dict(data.get("ignore", {})),
        ignore_prefixes=dict(data.get("ignore_prefixes", {})),
        joins_user=frozenset(data.get("joins_user", [])),
        rules=tuple(rules),
    )


@cache
def load_type_map(provider: str = "aws") -> TypeMap:
    """The provider's type map, loaded and checked once per process."""
    catalog = get_provider(provider).catalog
    data = read_toml(provider, "iac-types.toml")
    return parse_type_map(data, catalog, f"resources/{provider}/iac-types.toml")
