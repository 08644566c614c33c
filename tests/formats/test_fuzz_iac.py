"""Fuzzing the IaC readers: CloudFormation JSON and YAML, Terraform JSON (issue 12).

Random documents, random templates with hostile logical ids and types, and byte-mutated real
fixtures go through the whole pipeline (read, classify, merge, report). The only exception
allowed is :class:`InputError`, every message is one line, no input takes long, and whatever is
accepted merges idempotently (a second import of the same file changes nothing).
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.inventory_merge import merge_inventory
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.iac.inventory import build_inventory, found_services
from srm_desktop.formats.iac.mapping import load_type_map
from srm_desktop.formats.iac.reader import parse_iac
from srm_desktop.formats.iac.report import describe_documents, describe_inventory, describe_merge

from ..conftest import SHARED_IAC

PROVIDER = get_provider("aws")
TYPES = load_type_map("aws")
PROJECT = new_project("Fuzz", PROVIDER, ["ec2", "s3"], ["Platform"])
# The shared real templates and plans when present (the seed stands in when they are not).
FIXTURES = sorted(
    p.read_bytes() for p in SHARED_IAC.rglob("*.*") if p.suffix in (".json", ".yaml")
) or [b"Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {PackageType: Image}}\n"]
# CPU seconds (not wall time: the suite shares the machine); a real template takes milliseconds.
SLOW = 3.0

_TYPES = [*sorted(TYPES.services)[:40], "AWS::GameLift::Fleet", "Custom::Thing", "aws_s3_bucket"]
texts = st.text(max_size=12)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=25,
)
logical_ids = st.text(min_size=1, max_size=20) | st.sampled_from(
    ["B\n", "B\r", "B | x", "B\\", "Fn::ForEach::L", "B\u2028", "B\ud800", "variant", "B\x00"]
)
properties = st.dictionaries(
    st.sampled_from(["PackageType", "BucketEncryption", "Engine", "X"]), documents, max_size=3
)


@st.composite
def templates(draw: st.DrawFn) -> dict[str, Any]:
    resources = draw(
        st.dictionaries(
            logical_ids,
            st.fixed_dictionaries(
                {"Type": st.sampled_from(_TYPES) | texts}, optional={"Properties": properties}
            )
            | documents,
            min_size=1,
            max_size=6,
        )
    )
    out: dict[str, Any] = {"Resources": resources}
    if draw(st.booleans()):
        out["Transform"] = draw(
            st.sampled_from(["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"])
        )
    return out


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    resource = st.fixed_dictionaries(
        {
            "address": st.text(max_size=30) | st.sampled_from(['a.b["x\\ny"]', "a.b | c"]),
            "type": st.sampled_from(["aws_s3_bucket", "aws_lambda_function", "variant"]) | texts,
        },
        optional={"mode": st.sampled_from(["managed", "data"]), "values": documents},
    )
    module = st.fixed_dictionaries({"resources": st.lists(resource, max_size=5)})
    key = draw(st.sampled_from(["planned_values", "values"]))
    return {"format_version": "1.2", key: {"root_module": draw(module)}}


def _pipeline(data: bytes, name: str) -> None:
    """Everything an import does with a file; only InputError may escape."""
    start = time.process_time()
    refused = ""
    try:
        doc = parse_iac(data, name)
    except InputError as exc:
        refused = str(exc)
    assert time.process_time() - start < SLOW
    if refused:
        assert "\n" not in refused, refused
        assert "\r" not in refused, refused
        assert "sys.set_int_max_str_digits" not in refused
        return
    inventory = build_inventory([doc], TYPES, PROVIDER.catalog)
    found = found_services(inventory)
    first = merge_inventory(PROJECT, PROVIDER, found, [name])
    again = merge_inventory(first.project, PROVIDER, found, [name])
    assert again.project == first.project, "a second import of the same file changed the project"
    lines = describe_documents([doc]) + describe_inventory(inventory, PROVIDER.catalog)
    lines += describe_merge(first)
    assert all("\n" not in line for line in lines)
    assert time.process_time() - start < SLOW


# Bounded for the everyday suite; a long hunt: SRM_FUZZ_EXAMPLES=20000.
FUZZ = settings(
    max_examples=int(os.environ.get("SRM_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(documents)
def test_random_json_documents(doc: Any) -> None:
    _pipeline(json.dumps(doc).encode(), "random.json")


@FUZZ
@given(documents)
def test_random_yaml_documents(doc: Any) -> None:
    _pipeline(yaml.safe_dump(doc).encode(), "random.yaml")


@FUZZ
@given(templates(), st.booleans())
def test_random_templates_with_hostile_ids(template: dict[str, Any], as_yaml: bool) -> None:
    if as_yaml:
        _pipeline(
            yaml.safe_dump(template, allow_unicode=True).encode("utf-8", "surrogatepass"), "t.yaml"
        )
    else:
        _pipeline(json.dumps(template).encode(), "t | x.json")


@FUZZ
@given(plans())
def test_random_terraform_json(plan: dict[str, Any]) -> None:
    _pipeline(json.dumps(plan).encode(), "plan.json")


@FUZZ
@given(
    st.sampled_from(FIXTURES),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 3), st.binary(max_size=4)), max_size=6
    ),
)
def test_mutated_fixtures(seed: bytes, edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(seed)
    for at, cut, insert in edits:
        at %= len(data) + 1
        data[at : at + cut] = insert
    name = "fixture.json" if seed.lstrip()[:1] == b"{" else "fixture.yaml"
    _pipeline(bytes(data), name)
