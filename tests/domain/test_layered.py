"""LayeredMap (the overrides of an edited project) behaves exactly as the dict it replaces."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from srm_desktop.domain import edits, layered
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.layered import LayeredMap, plain, some_values
from srm_desktop.domain.project import Project


def _apply(model: dict[int, str], put: dict[int, str], remove: set[int]) -> None:
    """What the edits did with a copied dict: set ``put``, then pop ``remove``."""
    for key, value in put.items():
        model[key] = value
    for key in remove:
        model.pop(key, None)


def _check(layer: LayeredMap[int, str], model: dict[int, str]) -> None:
    assert len(layer) == len(model)
    assert list(layer) == list(model)  # the same iteration order, not only the same content
    assert list(layer.items()) == list(model.items())
    assert list(layer.values()) == list(model.values())
    assert layer == model
    assert model == layer
    assert plain(layer) == model
    assert set(model.values()) <= set(some_values(layer))  # a superset, for quick checks
    for key in range(-2, 60):
        assert (key in layer) == (key in model)
        assert layer.get(key) == model.get(key)
        assert layer.get(key, "default") == model.get(key, "default")
        if key in model:
            assert layer[key] == model[key]
        else:
            with pytest.raises(KeyError):
                layer[key]


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_match_a_copied_dict(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layered, "FOLD_MIN", 8)  # fold often, so folded maps are exercised too
    rng = random.Random(seed)
    model = {k: f"v{k}" for k in rng.sample(range(50), 20)}
    layer = LayeredMap.over(dict(model))
    history = [(layer, dict(model))]
    for step in range(60):
        put = {rng.randrange(50): f"s{step}.{i}" for i in range(rng.randrange(4))}
        remove = {rng.randrange(50) for _ in range(rng.randrange(3))}
        layer = layer.updated(put, remove)
        _apply(model, put, remove)
        _check(layer, model)
        history.append((layer, dict(model)))
    for old_layer, old_model in history:  # earlier versions never change
        _check(old_layer, old_model)


def test_a_removed_key_that_comes_back_goes_last_as_in_a_dict() -> None:
    layer = LayeredMap.over({1: "a", 2: "b", 3: "c"}).updated(remove={1}).updated({1: "again"})
    assert list(layer.items()) == [(2, "b"), (3, "c"), (1, "again")]


def test_no_change_is_the_same_map_and_equality_ignores_layering() -> None:
    base = {1: "a", 2: "b"}
    layer = LayeredMap.over(base)
    assert layer.updated() is layer
    assert layer.updated({3: "c"}).updated(remove={3}) == base
    assert layer.updated({1: "x"}) != base
    assert layer != {1: "a"}
    assert layer.flat() is base  # unchanged: the base itself, no copy


def test_updated_never_touches_the_shared_base() -> None:
    base = {1: "a", 2: "b"}
    LayeredMap.over(base).updated({1: "x", 3: "c"}, {2})
    assert base == {1: "a", 2: "b"}


def test_cell_edits_share_the_structure_lookups_and_equal_a_plain_copy(demo: Project) -> None:
    _ = demo.service_index, demo.party_index, demo.visible_areas  # built before the edit
    edited = edits.set_cells(demo, [CellChange("ec2", "guest-os", "customer", "R")], at="t")
    assert isinstance(edited.overrides, LayeredMap)
    assert edited.service_index is demo.service_index
    assert edited.party_index == {p.id: i for i, p in enumerate(edited.parties)}
    as_dict = replace(edited, overrides=dict(edited.overrides))
    assert as_dict == edited
    assert edited == as_dict
    undone = edits.restore_cells(
        edited, edits.snapshot_cells(demo, [("ec2", "guest-os", "customer")])
    )
    assert undone == demo
