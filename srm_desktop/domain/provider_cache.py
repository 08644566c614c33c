"""The provider's rule book, catalog and areas, validated once and kept as JSON in the user's cache.

Parsing ``rules.toml`` (~300 KB of cited evidence) with the pure-Python ``tomllib`` and validating
every rule costs ~100 ms, on the way to the first painted window. :func:`get_provider` does that
once, then writes what it validated here; the next start reads it back with :mod:`json` and
``model_construct`` (no second validation: it is this program's own output for exactly these
inputs). The cache is a convenience, never a source of truth:

* it is keyed by a hash of the resource files' bytes, the app and pydantic versions and the
  source of the modules that define the models, so an edited rule file or model rebuilds it;
* anything wrong with it (missing, unreadable, stale, truncated, edited, of another shape) makes
  :func:`load` return ``None`` and the caller builds from the TOML files as before; failing to
  write it (read-only home, full disk) is silent;
* it is JSON, not pickle: reading it never runs code from a user-writable folder.

``SRM_CACHE_DIR`` chooses the folder (tests point it at a temporary one); otherwise
``$XDG_CACHE_HOME/srm-desktop`` or ``~/.cache/srm-desktop`` (``%LOCALAPPDATA%`` on Windows,
``~/Library/Caches`` on macOS).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final, TypeVar

import pydantic

from srm_desktop import __version__
from srm_desktop.domain.areas import Area
from srm_desktop.domain.catalog import Catalog, CatalogService, Category, Variant
from srm_desktop.domain.rules import Citation, Owner, RaciView, Rule, RuleBook, Sharing, Source

#: Bumped whenever the layout below changes.
FORMAT: Final[int] = 1
_APP: Final[str] = "srm-desktop"


def cache_dir() -> Path | None:
    """Where the cache lives, or ``None`` when no home folder can be found."""
    chosen = os.environ.get("SRM_CACHE_DIR")
    if chosen:
        return Path(chosen)
    try:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA")
            return Path(base) / _APP / "cache" if base else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / _APP
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base_path = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
        return base_path / _APP
    except (RuntimeError, OSError):  # no home folder
        return None


def cache_key(inputs: Iterable[bytes]) -> str:
    """A hash of the exact inputs: the resource files' bytes, the versions, the models' source."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{pydantic.VERSION}\0".encode())
    for chunk in inputs:
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    for module in _MODEL_MODULES:
        digest.update(_module_source(module))
    return digest.hexdigest()


_MODEL_MODULES: Final[tuple[str, ...]] = (
    "srm_desktop.domain.base",
    "srm_desktop.domain.text",
    "srm_desktop.domain.areas",
    "srm_desktop.domain.catalog",
    "srm_desktop.domain.rules",
    "srm_desktop.domain.provider",
    "srm_desktop.domain.provider_cache",
)


def _module_source(name: str) -> bytes:
    module = sys.modules.get(name)
    path = getattr(module, "__file__", None)
    if not path:
        return name.encode()
    try:
        return Path(path).read_bytes()
    except OSError:  # frozen or zipped: the app version alone keys the cache
        return name.encode()


def _path(provider: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"provider-{provider}.json"


def load(provider: str, key: str) -> tuple[Catalog, RuleBook, tuple[Area, ...]] | None:
    """The cached catalog, rule book and areas for ``key``, or ``None`` (never raises)."""
    path = _path(provider)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if (
            not isinstance(header, dict)
            or header.get("format") != FORMAT
            or header.get("key") != key
            or header.get("sha256") != hashlib.sha256(body).hexdigest()
        ):
            return None
        data = json.loads(body)
        return _catalog(data["catalog"]), _rulebook(data["rules"]), _areas(data["areas"])
    except Exception:  # any problem at all means "build from the TOML files"
        return None


def store(
    provider: str, key: str, catalog: Catalog, rules: RuleBook, areas: tuple[Area, ...]
) -> None:
    """Write the validated data for ``key``; a failure is silent (the next start rebuilds)."""
    path = _path(provider)
    if path is None:
        return
    try:
        payload = {
            "catalog": catalog.model_dump(mode="json"),
            "rules": rules.model_dump(mode="json"),
            "areas": [a.model_dump(mode="json") for a in areas],
        }
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(json.dumps(header).encode("ascii") + b"\n" + body)
            os.replace(tmp, path)  # readers see the old file or the new one, never half of one
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # a cache that cannot be written is no error
        pass


# -- rebuilding the models from what store() wrote (no validation: it already passed) ----------

_set = object.__setattr__
M = TypeVar("M", bound=pydantic.BaseModel)


def _construct(cls: type[M], values: dict[str, Any]) -> M:
    """``cls.model_construct(**values)`` for a model without private attributes or a
    ``model_post_init``, given every field (as ``model_dump`` writes them) -- at a third of the
    cost, which matters for ~1,100 objects. Another set of keys is an error (then the caller
    rebuilds from the TOML files)."""
    if values.keys() != cls.model_fields.keys():
        raise ValueError(f"{cls.__name__}: fields {sorted(values)}")
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


def _category(value: str | None) -> Category | None:
    return None if value is None else Category(value)


def _areas(items: list[dict[str, Any]]) -> tuple[Area, ...]:
    return tuple(_construct(Area, a) for a in items)


def _catalog(data: dict[str, Any]) -> Catalog:
    services = []
    for s in data["services"]:
        variants = []
        for v in s["variants"]:
            v["aliases"] = tuple(v["aliases"])
            v["category"] = _category(v["category"])
            variants.append(_construct(Variant, v))
        s["category"] = Category(s["category"])
        s["aliases"] = tuple(s["aliases"])
        s["variants"] = tuple(variants)
        services.append(_construct(CatalogService, s))
    data["services"] = tuple(services)
    return _construct(Catalog, data)


def _rulebook(data: dict[str, Any]) -> RuleBook:
    sources = {k: _construct(Source, v) for k, v in _mapping(data["sources"]).items()}
    raci = {Owner(k): _construct(RaciView, v) for k, v in _mapping(data["raci"]).items()}
    rules = []
    for r in data["rules"]:
        c = r["citation"]
        c["consulted"] = tuple(c["consulted"])
        r["citation"] = _construct(Citation, c)
        r["owner"] = Owner(r["owner"])
        sharing = r["sharing"]
        r["sharing"] = None if sharing is None else Sharing(sharing)
        r["category"] = _category(r["category"])
        rules.append(_construct(Rule, r))
    # model_construct runs RuleBook.model_post_init, which builds the private lookup tables.
    return RuleBook.model_construct(
        **{**data, "sources": sources, "raci": raci, "rules": tuple(rules)}
    )


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value
