"""Fuzzing the project loader: whatever the bytes, only InputError may escape (never a crash,
never another exception type, never a hang)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_desktop.domain.edits import CellChange, set_cells
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


# -- files in the app's own layout: one matrix row per line (the line-by-line fast path) --------

_LAID_OUT = dumps_project(
    set_cells(
        new_project("Fuzz", get_provider("aws"), ["ec2", "s3:sse-kms-cmk"], ["Platform", "Data"]),
        [CellChange("ec2", "guest-os", "platform", "C"), CellChange("s3", "physical", "data", "R")],
        author="me",
        rationale='told "why" \\ here',
        at="2026-01-01T00:00:00Z",
    )
).decode()
_LINES = _LAID_OUT.split("\n")
_line_text = st.text(alphabet=' "[]{},:\\\n\t\x00aé0-ARCI/', max_size=12)
_line_edit = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, len(_LINES) - 1), _line_text),
    st.tuples(st.just("splice"), st.integers(0, len(_LINES) - 1), st.integers(0, 200), _line_text),
    st.tuples(
        st.just("cut"), st.integers(0, len(_LINES) - 1), st.integers(0, 200), st.integers(1, 9)
    ),
    st.tuples(st.just("delete"), st.integers(0, len(_LINES) - 1)),
    st.tuples(st.just("repeat"), st.integers(0, len(_LINES) - 1)),
)


def test_the_apps_layout_takes_the_line_path() -> None:
    data = _LAID_OUT.encode()
    fast = project_file._loads_lines(data, "fuzz.srm")
    assert fast == project_file._loads_checked(data, "fuzz.srm")
    assert len(fast.overrides) == 2
    assert dumps_project(fast) == data


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line_edit, min_size=1, max_size=3))
def test_the_apps_layout_edited_line_by_line(edits: list[tuple[Any, ...]]) -> None:
    """Rows, separators, brackets and the lines around the matrix changed, cut, repeated or
    removed: whatever the line path accepts, the checked path builds identically."""
    lines = list(_LINES)
    for edit in edits:
        what, i = edit[0], min(edit[1], len(lines) - 1)
        if what == "replace":
            lines[i] = edit[2]
        elif what == "splice":
            lines[i] = lines[i][: edit[2]] + edit[3] + lines[i][edit[2] :]
        elif what == "cut":
            lines[i] = lines[i][: edit[2]] + lines[i][edit[2] + edit[3] :]
        elif what == "delete" and len(lines) > 1:
            del lines[i]
        elif what == "repeat":
            lines.insert(i, lines[i])
    data = "\n".join(lines).encode()
    _try(data)
    try:
        lined = project_file._loads_lines(data, "fuzz.srm")
    except project_file._NOT_FAST:
        return
    assert lined == project_file._loads_checked(data, "fuzz.srm")
