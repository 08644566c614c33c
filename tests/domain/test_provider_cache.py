"""The provider's validated JSON cache (srm_desktop.domain.provider_cache): the same Provider as
the TOML path, and never a reason to fail."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from srm_desktop.domain import provider as provider_module
from srm_desktop.domain import provider_cache
from srm_desktop.domain.catalog import Category
from srm_desktop.domain.provider import Provider, get_provider


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SRM_CACHE_DIR", str(folder))
    get_provider.cache_clear()
    yield folder / "provider-aws.json"
    get_provider.cache_clear()


def _from_toml() -> Provider:
    return provider_module._build_provider("aws")


def _fresh(monkeypatch: pytest.MonkeyPatch, *, toml_allowed: bool) -> Provider:
    """get_provider as a new process would run it; with ``toml_allowed=False`` it must come from
    the cache."""
    get_provider.cache_clear()
    if not toml_allowed:
        with monkeypatch.context() as m:

            def refuse(key: str) -> Provider:
                raise AssertionError("read the TOML files although the cache was valid")

            m.setattr(provider_module, "_build_provider", refuse)
            return get_provider("aws")
    return get_provider("aws")


def test_the_cached_provider_equals_the_toml_one(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _fresh(monkeypatch, toml_allowed=True)
    assert cache.is_file()
    cached = _fresh(monkeypatch, toml_allowed=False)
    expected = _from_toml()
    assert cached is not built
    assert cached == expected
    assert cached.rules.rules == expected.rules.rules
    assert cached.rules.sources == expected.rules.sources
    assert cached.rules.raci == expected.rules.raci
    assert cached.rules.version == expected.rules.version
    assert cached.rules.version
    assert cached.catalog == expected.catalog
    assert cached.areas == expected.areas
    assert cached.model_dump() == expected.model_dump()
    # the same Python types, not just equal values: enums, tuples, nested models
    assert type(cached.rules.rules[0].owner) is type(expected.rules.rules[0].owner)
    assert isinstance(cached.catalog.services, tuple)
    assert cached.catalog.services[0].category in Category


def test_the_cached_rule_book_keeps_its_lookup_tables(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh(monkeypatch, toml_allowed=True)
    cached = _fresh(monkeypatch, toml_allowed=False).rules
    expected = _from_toml().rules
    for rule in expected.rules:
        assert cached.get(rule.id) == rule
        if rule.category is not None:
            assert cached.resolve(rule.area, rule.category) == rule
    catalog = _from_toml().catalog
    areas = [a.id for a in _from_toml().areas]
    for service in catalog.services:
        for variant in (None, *(v.key for v in service.variants)):
            category = service.category_for(variant)
            assert cached.resolve_all(areas, category, service.key, variant) == (
                expected.resolve_all(areas, category, service.key, variant)
            )


def _rewrite(path: Path, header: dict[str, object], body: bytes) -> None:
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


@pytest.mark.parametrize(
    "damage",
    [
        "stale key",
        "other format",
        "truncated",
        "garbage",
        "empty",
        "checksum mismatch",
        "wrong shape, right checksum",
        "bad enum, right checksum",
        "missing field, right checksum",
    ],
)
def test_a_stale_or_damaged_cache_is_ignored_and_rewritten(
    cache: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    _fresh(monkeypatch, toml_allowed=True)
    good = cache.read_bytes()
    head, _, body = good.partition(b"\n")
    header = json.loads(head)
    data = json.loads(body)

    def with_body(new: object) -> None:
        raw = json.dumps(new).encode()
        import hashlib

        _rewrite(cache, {**header, "sha256": hashlib.sha256(raw).hexdigest()}, raw)

    if damage == "stale key":
        _rewrite(cache, {**header, "key": "0" * 64}, body)
    elif damage == "other format":
        _rewrite(cache, {**header, "format": 0}, body)
    elif damage == "truncated":
        cache.write_bytes(good[: len(good) // 2])
    elif damage == "garbage":
        cache.write_bytes(b"\x00\xff not json at all")
    elif damage == "empty":
        cache.write_bytes(b"")
    elif damage == "checksum mismatch":
        _rewrite(cache, header, body.replace(b'"P"', b'"C"', 1))
    elif damage == "wrong shape, right checksum":
        with_body({"catalog": [], "rules": 3})
    elif damage == "bad enum, right checksum":
        data["rules"]["rules"][0]["owner"] = "X"
        with_body(data)
    elif damage == "missing field, right checksum":
        del data["rules"]["rules"][0]["citation"]
        with_body(data)
    provider = _fresh(monkeypatch, toml_allowed=True)
    assert provider == _from_toml()
    assert cache.read_bytes() == good  # rewritten from the TOML files
    assert _fresh(monkeypatch, toml_allowed=False) == provider


def test_a_cache_folder_that_cannot_be_written_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SRM_CACHE_DIR", str(blocker / "cache"))
    get_provider.cache_clear()
    try:
        assert get_provider("aws") == _from_toml()
        assert not (blocker / "cache").exists()
    finally:
        get_provider.cache_clear()


def test_the_key_follows_the_bytes_of_every_input() -> None:
    key = provider_cache.cache_key
    assert key([b"a", b"b"]) == key([b"a", b"b"])
    assert key([b"a", b"b"]) != key([b"a", b"c"])
    assert key([b"ab", b""]) != key([b"a", b"b"])


def test_the_default_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SRM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    folder = provider_cache.cache_dir()
    import sys

    if sys.platform.startswith("linux"):
        assert folder == Path("/somewhere/cache/srm-desktop")
    monkeypatch.setenv("SRM_CACHE_DIR", "/elsewhere")
    assert provider_cache.cache_dir() == Path("/elsewhere")
