"""A provider's built-in knowledge: its catalog, its rule book and the default areas.

Loaded once per process from ``resources/`` and validated on load: a broken data file names
itself and the problem instead of producing a wrong matrix later. What passed is cached as JSON
in the user's cache folder, keyed by a hash of the files' bytes (:mod:`.provider_cache`), so a
later start skips parsing and validating ~370 KB of TOML.
"""

from __future__ import annotations

from functools import cache

from pydantic import ValidationError

from srm_desktop.domain import provider_cache
from srm_desktop.domain.areas import Area
from srm_desktop.domain.base import FrozenModel
from srm_desktop.domain.catalog import Catalog, Category
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.resources import read_toml, root
from srm_desktop.domain.rules import RuleBook, rulebook_from_data

PROVIDERS: tuple[str, ...] = ("aws",)


class Provider(FrozenModel):
    key: str
    catalog: Catalog
    rules: RuleBook
    areas: tuple[Area, ...]

    @property
    def party_name(self) -> str:
        return self.catalog.party_name


@cache
def default_areas() -> tuple[Area, ...]:
    data = read_toml("areas.toml")
    try:
        return tuple(Area.model_validate(a) for a in data.get("areas", []))
    except ValidationError as exc:
        raise InputError("resources/areas.toml", _first_error(exc)) from None


@cache
def get_provider(key: str) -> Provider:
    """The provider's bundle; raises :class:`InputError` for an unknown key or a broken file."""
    if key not in PROVIDERS:
        raise InputError("--provider", f"unknown provider {key!r} (known: {', '.join(PROVIDERS)})")
    digest = _resources_key(key)
    cached = provider_cache.load(key, digest) if digest is not None else None
    if cached is not None:
        catalog, rules, areas = cached
        return Provider.model_construct(key=key, catalog=catalog, rules=rules, areas=areas)
    provider = _build_provider(key)
    if digest is not None:
        provider_cache.store(key, digest, provider.catalog, provider.rules, provider.areas)
    return provider


def _resources_key(key: str) -> str | None:
    """The cache key of the files :func:`_build_provider` reads, or ``None`` if one is
    unreadable (then the TOML path reports it)."""
    try:
        base = root()
        files = [base / key / "catalog.toml", base / key / "rules.toml", base / "areas.toml"]
        return provider_cache.cache_key(f.read_bytes() for f in files)
    except OSError:
        return None


def _build_provider(key: str) -> Provider:
    catalog_data = read_toml(key, "catalog.toml")
    rules_data = read_toml(key, "rules.toml")
    try:
        catalog = Catalog.model_validate(catalog_data)
    except ValidationError as exc:
        raise InputError(f"resources/{key}/catalog.toml", _first_error(exc)) from None
    try:
        rules = rulebook_from_data(rules_data)
    except (ValidationError, ValueError, KeyError) as exc:
        problem = _first_error(exc) if isinstance(exc, ValidationError) else str(exc)
        raise InputError(f"resources/{key}/rules.toml", problem) from None
    areas = default_areas()
    _check_references(key, catalog, rules, areas)
    return Provider(key=key, catalog=catalog, rules=rules, areas=areas)


def _check_references(key: str, catalog: Catalog, rules: RuleBook, areas: tuple[Area, ...]) -> None:
    """Every rule must point at a real area, service and variant: a typo would silently never
    match, and the matrix would fall back to the category default without anyone noticing."""
    area_ids = {a.id for a in areas}
    where = f"resources/{key}/rules.toml"
    for rule in rules.rules:
        if rule.area not in area_ids:
            raise InputError(where, f"rule {rule.id!r} names unknown area {rule.area!r}")
        if rule.service is None:
            continue
        service = catalog.get(rule.service)
        if service is None:
            raise InputError(where, f"rule {rule.id!r} names unknown service {rule.service!r}")
        if rule.variant is not None and service.variant(rule.variant) is None:
            raise InputError(
                where, f"rule {rule.id!r} names unknown variant {rule.service}:{rule.variant}"
            )
    for area in area_ids:
        missing = [c.value for c in Category if rules.resolve(area, c) is None]
        if missing:
            raise InputError(where, f"no default for area {area!r} in {', '.join(missing)}")


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    return f"{loc}: {err['msg']}" if loc else str(err["msg"])
