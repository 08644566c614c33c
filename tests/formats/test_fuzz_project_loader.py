"""Fuzzing the project loader: whatever the bytes, only InputError may escape (never a crash,
never another exception type, never a hang)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats import project_file
from srm_desktop.formats.project_file import dumps_project, loads_project

VALID: dict[str, Any] = json.loads(
    dumps_project(
        new_project("Fuzz", get_provider("aws"), ["ec2", "s3:sse-kms-cmk"], ["Platform", "Data"])
    )
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


PATHS = _paths(VALID)[1:]


def _try(data: bytes) -> None:
    message = ""
    try:
        result = loads_project(data, "fuzz.srm")
    except InputError as exc:
        message = str(exc)
    else:
        assert isinstance(result, Project)
        _fast_agrees_with_checked(data, result)
        return
    assert "\n" not in message
    assert message.startswith("fuzz.srm")


def _fast_agrees_with_checked(data: bytes, result: Project) -> None:
    """Whatever the fast path accepts, the checked path builds identically."""
    try:
        fast = project_file._loads_fast(data, "fuzz.srm")
    except project_file._NOT_FAST:
        return
    assert fast == result == project_file._loads_checked(data, "fuzz.srm")


def test_fast_and_checked_paths_build_the_same_examples() -> None:
    for path in sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.srm")):
        data = path.read_bytes()
        fast = project_file._loads_fast(data, path.name)
        assert fast == project_file._loads_checked(data, path.name)
        assert dumps_project(fast) == data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _try(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3))
def test_valid_document_with_nodes_replaced(mutations: list[tuple[tuple[Any, ...], Any]]) -> None:
    doc = json.loads(json.dumps(VALID))
    for path, value in mutations:
        node = doc
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    _try(json.dumps(doc).encode())


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=len(json.dumps(VALID)) - 1), st.binary(max_size=3))
def test_truncated_and_spliced_files(cut: int, junk: bytes) -> None:
    data = json.dumps(VALID).encode()
    _try(data[:cut] + junk)
