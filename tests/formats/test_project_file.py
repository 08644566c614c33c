from __future__ import annotations

import difflib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.formats.project_file import (
    dumps_project,
    load_project,
    loads_project,
    save_project,
)

from ..conftest import TEAMS


def test_save_then_load_is_identity(teams_project: Project, tmp_path) -> None:
    edited = edits.set_cells(
        teams_project,
        [CellChange("ec2", "iam", "security", "R/A")],
        author="Ana Lopez",
        rationale="Security runs IAM Identity Center — «centrally»",
    )
    path = tmp_path / "teams.srm"
    save_project(edited, path)
    assert load_project(path) == edited


def test_output_is_deterministic_and_git_friendly(teams_project: Project) -> None:
    first = dumps_project(teams_project)
    assert first == dumps_project(loads_project(first))
    text = first.decode("utf-8")
    assert text.endswith("}\n")
    assert "\r" not in text
    assert text.startswith('{\n  "format": "srm-desktop/project",\n  "schema_version": 2,\n')
    # one matrix row per line
    rows = [line for line in text.splitlines() if line.startswith('    ["')]
    assert len(rows) == len(teams_project.services) * len(teams_project.areas)


def test_one_cell_edit_is_one_small_hunk(teams_project: Project) -> None:
    before = dumps_project(teams_project).decode().splitlines()
    key = ("rds", "guest-os", "platform")
    edited = edits.set_cells(teams_project, [CellChange(*key, "R")], rationale="DBA", at="t")
    after = dumps_project(edited).decode().splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    # the row's letters and the override that explains them change together, on one line
    assert changed == [
        '-    ["rds", "guest-os", "aws.rds.standard.guest-os", "R/A", "I", "", "", ""],',
        '+    ["rds", "guest-os", "aws.rds.standard.guest-os", "R/A", "R", "", "", "", '
        ""
        '{"platform": {"rationale": "DBA", "author": "", "at": "t"}}],',
    ]


_names = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cc"]), min_size=1, max_size=40
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=_names,
    services=st.lists(
        st.sampled_from(["ec2", "rds", "s3:sse-c", "lambda:image", "eks:fargate", "sqs"]),
        max_size=5,
    ),
    teams=st.sampled_from([(), TEAMS[:2], TEAMS]),
    rationale=st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
)
def test_round_trip_property(
    name: str, services: list[str], teams: tuple[str, ...], rationale: str
) -> None:
    provider = get_provider("aws")
    project = new_project(name, provider, services, teams)
    if project.services:
        sid = project.services[0].id
        pid = project.parties[-1].id
        try:
            project = edits.set_cells(
                project, [CellChange(sid, "iam", pid, "C")], rationale=rationale, at="t"
            )
        except ValueError:  # control characters are refused when entered, which is the point
            return
    data = dumps_project(project)
    loaded = loads_project(data)
    assert loaded == project
    assert dumps_project(loaded) == data


# -- bad files: each is one clear InputError naming the place ------------------------------


def _valid(aws: Provider) -> dict:
    return json.loads(dumps_project(new_project("Demo", aws, ["ec2", "s3"])))


def _bytes(doc: dict) -> bytes:
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema_version=99), "newer SRM Desktop (schema 99"),
        (
            lambda d: d.update(schema_version="1"),
            "$.schema_version: schema_version must be a whole",
        ),
        (lambda d: d.pop("schema_version"), "$.schema_version: missing 'schema_version'"),
        (lambda d: d.update(format="something-else"), "not an SRM Desktop project"),
        (lambda d: d.update(name=42), "$.name: Input should be a valid string, found 42"),
        (lambda d: d.update(colour="blue"), "$.colour: unknown key"),
        (
            lambda d: d["services"][0].update(name="web\x00fleet"),
            "$.services[0].name: Value error, contains the control character U+0000",
        ),
        (
            lambda d: d["services"][1].update(id="ec2"),
            "$.services[1].id: service id 'ec2' is used twice",
        ),
        (
            lambda d: d["matrix"][3].__setitem__(0, "ghost"),
            '$.matrix[3][0]: unknown service "ghost"',
        ),
        (lambda d: d["matrix"][3].__setitem__(1, "ghost"), '$.matrix[3][1]: unknown area "ghost"'),
        (lambda d: d["matrix"][3].__setitem__(4, "X"), "$.matrix[3][4]: 'X' is not RACI letters"),
        (lambda d: d["matrix"][3].append("R"), "$.matrix[3]: a matrix row is [service, area, rule"),
        (lambda d: d["matrix"].append(list(d["matrix"][0])), "second row for ec2 / physical"),
        (lambda d: d["matrix"][2].append({"ops": {}}), "$.matrix[2][5].ops: unknown party 'ops'"),
        (
            lambda d: d["matrix"][2].append({"aws": {"why": 1}}),
            "$.matrix[2][5].aws.why: unknown key",
        ),
        (
            lambda d: d["matrix"][2].append({"aws": {"rationale": 1}}),
            "$.matrix[2][5].aws.rationale: Input should be a valid string",
        ),
        (
            lambda d: d["team_template"].update(iam={"aws": "R"}),
            "$.team_template.iam.aws: 'aws' is not a customer party",
        ),
        (
            lambda d: d["parties"][1].update(kind="provider"),
            "$.parties[1].kind: more than one provider party",
        ),
        (
            lambda d: d["areas"][0].update(hidden="yes"),
            "$.areas[0].hidden: Input should be a valid boolean",
        ),
    ],
)
def test_bad_documents_name_the_json_path(aws: Provider, mutate, message: str) -> None:
    doc = _valid(aws)
    mutate(doc)
    with pytest.raises(InputError) as err:
        loads_project(_bytes(doc), "demo.srm")
    text = str(err.value)
    assert text.startswith("demo.srm: ")
    assert message in text
    assert "\n" not in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file is empty"),
        (b"   \n", "file is empty"),
        (b'{"format": "srm-desktop/project", "schema', "line 1, column 35: Unterminated string"),
        (b"\xef\xbb\xbf{}", "byte-order mark"),
        (b'{"a": NaN}', "NaN is not valid JSON"),
        (b'{"a": -Infinity}', "-Infinity is not valid JSON"),
        (b'{"a": 1, "a": 2}', "key 'a' appears twice"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"name": "\xff"}', "not UTF-8: byte 0xff at offset 10"),
        (b"[1, 2]", "$: expected a JSON object at the top, found an array"),
        (b"\xff\xfe{\x00}\x00", "UTF-16"),
    ],
)
def test_bad_bytes_give_one_clear_line(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        loads_project(data, "x.srm")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_lone_surrogates_in_names_are_refused(aws: Provider) -> None:
    doc = _valid(aws)
    raw = _bytes(doc).replace(b'"name": "Demo"', b'"name": "De\\ud800mo"')
    with pytest.raises(InputError, match=r"\$\.name: contains a lone surrogate"):
        loads_project(raw, "x.srm")


def test_huge_strings_are_refused_where_excel_could_not_hold_them(aws: Provider) -> None:
    doc = _valid(aws)
    doc["services"][0]["notes"] = "n" * 40_000
    with pytest.raises(InputError, match=r"\$\.services\[0\]\.notes: String should have at most"):
        loads_project(_bytes(doc), "x.srm")


def test_missing_matrix_rows_are_filled_as_empty_for_validation(aws: Provider) -> None:
    doc = _valid(aws)
    doc["matrix"] = doc["matrix"][1:]
    project = loads_project(_bytes(doc), "x.srm")
    assert project.row("ec2", "physical").raci == ("", "")


def test_reading_a_missing_file_or_folder(tmp_path) -> None:
    with pytest.raises(InputError, match=r"nope\.srm: no such file"):
        load_project(tmp_path / "nope.srm")
    with pytest.raises(InputError, match="is a folder"):
        load_project(tmp_path)


def test_one_recipe_opens_and_saves_for_the_cli_and_the_window(tmp_path, aws: Provider) -> None:
    from srm_desktop.formats.project_file import open_project, read_project, save_project

    project = new_project("Recipe", aws, ["ec2"])
    path = tmp_path / "recipe.srm"
    written = save_project(project, path)
    assert written == path.read_bytes()
    assert open_project(path) == (project, aws)
    assert read_project(path).data == written
    path.write_bytes(written.replace(b'"provider": "aws"', b'"provider": "ibm"'))
    with pytest.raises(InputError) as err:
        open_project(path)
    assert str(err.value) == f"{path}: $.provider: unknown provider 'ibm'"
