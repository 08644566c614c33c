"""`srm diff`: two files, a file and its git revision, git's textconv; exit codes like diff(1)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.project import ServiceEntry
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.diff_report import CSV_COLUMNS
from srm_desktop.formats.project_file import load_project, save_project
from tests.cli_helpers import new_project, run

REPO = Path(__file__).resolve().parents[1]


def _edited(path: Path, target: Path) -> Path:
    """The next version of ``path``: an override with a reason, an entry renamed, one added."""
    aws = get_provider("aws")
    project = load_project(path)
    project = edits.set_cells(
        project,
        [edits.CellChange("ec2", "guest-os", "customer", "R")],
        rationale="AWS-managed AMI pipeline",
    )
    project = edits.set_cells(project, [edits.CellChange("ec2", "guest-os", "aws", "A")])
    project = edits.update_service(project, aws, "rds", name="orders database")
    project = edits.add_service(
        project, aws, ServiceEntry(id="thumbs", name="thumbnails", service="lambda")
    )
    save_project(project, target, backup=False)
    return target


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old = new_project(tmp_path, "ec2", "rds")
    return old, _edited(old, tmp_path / "new.srm")


def test_same_content_is_exit_0(tmp_path: Path) -> None:
    old = new_project(tmp_path, "ec2")
    copy = tmp_path / "copy.srm"
    copy.write_bytes(old.read_bytes())
    code, out = run("diff", str(old), str(copy))
    assert code == 0
    assert "no differences" in out


def test_text_groups_by_service_with_old_new_source_and_rationale(
    versions: tuple[Path, Path],
) -> None:
    old, new = versions
    code, out = run("diff", str(old), str(new))
    assert code == 1
    lines = out.splitlines()
    assert lines[:2] == [f"--- {old}", f"+++ {new}"]
    ec2 = lines.index("~ Amazon EC2")
    assert lines[ec2 + 1 :][:3] == [
        "  Guest operating system: owner Customer → Provider",
        "  Guest operating system · AWS: — → A (rule → manual)",
        "  Guest operating system · Customer: R/A → R (rule → manual: “AWS-managed AMI pipeline”)",
    ]
    assert "~ Amazon RDS — orders database" in lines
    assert "    name: “Amazon RDS” → “orders database”" in lines
    assert any(line.startswith("+ AWS Lambda — thumbnails  (lambda, added: ") for line in lines)
    assert lines[-1].startswith("entries: 1 added, 1 changed; 2 cells changed in 1 row")


def test_csv_has_the_documented_columns_one_line_per_change(
    versions: tuple[Path, Path],
) -> None:
    code, out = run("diff", *map(str, versions), "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    cells = [r for r in rows if r["kind"] == "cell"]
    assert {(r["entry_id"], r["area_id"], r["party_id"], r["old"], r["new"]) for r in cells} == {
        ("ec2", "guest-os", "aws", "", "A"),
        ("ec2", "guest-os", "customer", "R/A", "R"),
    }
    customer = next(r for r in cells if r["party_id"] == "customer")
    assert customer["old_source"] == "rule:aws.ec2.guest-os"
    assert customer["new_source"] == "manual"
    assert customer["new_rationale"] == "AWS-managed AMI pipeline"
    assert {(r["kind"], r["change"], r["entry_id"]) for r in rows if r["kind"] == "entry"} == {
        ("entry", "changed", "rds"),
        ("entry", "added", "thumbs"),
    }


def test_json_is_one_document_with_summary_and_rows(versions: tuple[Path, Path]) -> None:
    code, out = run("diff", *map(str, versions), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert (doc["format"], doc["version"], doc["differences"]) == ("srm-diff", 1, True)
    assert doc["summary"]["cells_changed"] == 2
    assert doc["summary"]["entries_added"] == 1
    [row] = doc["rows"]
    assert (row["entry_id"], row["area_id"], row["old_owner"], row["new_owner"]) == (
        "ec2",
        "guest-os",
        "customer",
        "provider",
    )
    assert {c["party_id"] for c in row["cells"]} == {"aws", "customer"}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"format": "srm-desktop/project", "schema_version": 7}', "newer SRM Desktop"),
        (b'{"format": "srm-desktop/project", "schema_v', ""),
        (b"name,service\nweb,ec2\n", ""),
    ],
    ids=["newer-schema", "damaged", "not-a-project"],
)
def test_bad_input_is_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, problem: str
) -> None:
    good = new_project(tmp_path, "ec2")
    bad = tmp_path / "bad.srm"
    bad.write_bytes(content)
    before = sorted(p.name for p in tmp_path.iterdir())
    for argv in (("diff", str(good), str(bad)), ("diff", str(bad), str(good))):
        code, out = run(*argv)
        assert code == 2
        assert out == ""
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert str(bad) in err
        assert problem in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_usage_mistakes_are_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = new_project(tmp_path, "ec2")
    for argv in (
        ("diff", str(good)),
        ("diff", str(good), str(good), "--git", "HEAD"),
        ("diff", str(good), "--textconv", "--git", "HEAD"),
    ):
        assert run(*argv)[0] == 2
        assert capsys.readouterr().err.count("\n") == 1


# -- git -------------------------------------------------------------------------------------


def _git_env(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ana Architect",
        "GIT_AUTHOR_EMAIL": "ana@example.com",
        "GIT_COMMITTER_NAME": "Ana Architect",
        "GIT_COMMITTER_EMAIL": "ana@example.com",
        "PYTHONPATH": str(REPO),
    }
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding ``demo.srm`` (EC2 and RDS) at HEAD, and a sub-folder."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "matrices").mkdir(parents=True)
    for key, value in _git_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    new_project(root / "matrices", "ec2", "rds")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "first review")
    return root


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def test_diff_against_a_git_revision(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = repo / "matrices" / "demo.srm"
    monkeypatch.chdir(repo)  # a relative path, from elsewhere than the file's folder
    assert run("diff", "matrices/demo.srm", "--git", "HEAD")[0] == 0
    _edited(path, path)
    code, out = run("diff", "matrices/demo.srm", "--git", "HEAD")
    assert code == 1
    assert out.splitlines()[:2] == ["--- HEAD:matrices/demo.srm", "+++ matrices/demo.srm"]
    assert "  Guest operating system · AWS: — → A (rule → manual)" in out


@pytest.mark.parametrize(
    ("revision", "problem"),
    [("no-such-branch", "no-such-branch"), ("--output=x", "not a git revision")],
)
def test_an_unknown_revision_is_exit_2(
    repo: Path, capsys: pytest.CaptureFixture[str], revision: str, problem: str
) -> None:
    code, out = run("diff", str(repo / "matrices" / "demo.srm"), f"--git={revision}")
    assert (code, out) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert problem in err


def test_a_file_git_does_not_hold_at_the_revision_is_exit_2(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = repo / "matrices" / "other.srm"
    other.write_bytes((repo / "matrices" / "demo.srm").read_bytes())
    assert run("diff", str(other), "--git", "HEAD")[0] == 2
    assert "other.srm" in capsys.readouterr().err


def test_a_file_outside_any_repository_or_without_git_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    path = new_project(lonely, "ec2")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    if shutil.which("git") is not None:
        assert run("diff", str(path), "--git", "HEAD")[0] == 2
        assert "not a git repository" in capsys.readouterr().err
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert run("diff", str(path), "--git", "HEAD")[0] == 2
    assert "git, which is not installed" in capsys.readouterr().err


def test_textconv_makes_git_diff_show_changed_rows(repo: Path) -> None:
    """The README's setup, for real: `.gitattributes` and `git config diff.srm.textconv`."""
    (repo / ".gitattributes").write_text("*.srm diff=srm\n")
    command = f"{sys.executable} -m srm_desktop.cli diff --textconv"
    _git(repo, "config", "diff.srm.textconv", command)
    _git(repo, "config", "diff.srm.xfuncname", "^== .*$")
    path = repo / "matrices" / "demo.srm"
    _edited(path, path)
    out = _git(repo, "diff", "--", "matrices/demo.srm")
    changed = [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert "-  Guest operating system: Customer | AWS — | Customer R/A" in changed
    assert "+  Guest operating system: Provider | AWS A | Customer R" in changed
    assert "+      Customer: manual, “AWS-managed AMI pipeline”" in changed
    hunks = [line for line in out.splitlines() if line.startswith("@@")]
    assert any(h.endswith("@@ == Amazon EC2 [ec2:standard] (id ec2)") for h in hunks)
    assert any(line.startswith("+== AWS Lambda — thumbnails [lambda") for line in changed)
    assert not any('"matrix"' in line for line in changed)  # the JSON itself is not shown


def test_textconv_prints_one_file(tmp_path: Path) -> None:
    path = new_project(tmp_path, "s3")
    code, out = run("diff", str(path), "--textconv")
    assert code == 0
    assert out.startswith("project: Demo (aws, rule book aws ")
    assert "== Amazon S3 [s3:" in out


# -- whatif ------------------------------------------------------------------------------------


def test_whatif_prints_cells_counts_and_sentences_and_writes_nothing(tmp_path: Path) -> None:
    path = new_project(tmp_path, "ec2", "rds")
    before = path.read_bytes()
    code, out = run("whatif", str(path), "--entry", "Amazon EC2", "--to", "ecs:fargate")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "What if Amazon EC2 (ec2:standard) were ecs:fargate?"
    assert "  Platform patching: owner Customer → Provider" in lines
    assert "  Platform patching · AWS: — → R/A (rule aws.ecs.fargate.platform)" in lines
    assert any(line.startswith("  Customer ") and "→" in line for line in lines)
    assert any(line.startswith("Customer stops owning guest operating system") for line in lines)
    assert lines[-1].endswith("would change; nothing written.")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.srm"]


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("--entry", "Amazon EC3", "--entry: no entry 'Amazon EC3' in the project; closest: "),
        ("--to", "lamda", "--to: no service 'lamda' in the aws catalog; closest: lambda"),
        ("--to", "ecs:fargot", "has no variant 'fargot' (variants: ec2, fargate"),
    ],
)
def test_whatif_unknown_entry_or_target_is_exit_2_naming_the_closest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str, expected: str
) -> None:
    path = new_project(tmp_path, "ec2")
    argv = {"--entry": "Amazon EC2", "--to": "lambda", flag: value}
    code, out = run("whatif", str(path), *(x for kv in argv.items() for x in kv))
    assert (code, out) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert expected in err


# -- rule-book updates -----------------------------------------------------------------------


def _stale_file(folder: Path) -> Path:
    """A project an older rule book filled: EC2's guest OS was AWS's then."""
    from dataclasses import replace

    from srm_desktop.domain.project import Row

    path = new_project(folder, "ec2", "rds")
    project = load_project(path)
    rows = {sid: dict(by_area) for sid, by_area in project.rows.items()}
    rows["ec2"]["guest-os"] = Row("aws.ec2.guest-os", ("R/A", "I"))
    save_project(
        replace(project.with_cells(rows=rows), rule_book="aws 2026.01.15"), path, backup=False
    )
    return path


def test_autofill_dry_run_lists_the_update_by_rule_and_writes_nothing(tmp_path: Path) -> None:
    path = _stale_file(tmp_path)
    before = path.read_bytes()
    code, out = run("autofill", str(path), "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}: The rule book was updated (aws 2026.01.15 → aws ")
    assert "2 cells in 1 row would change" in lines[0]
    rule = lines.index("rule aws.ec2.guest-os — Guest operating system: Customer")
    assert lines[rule + 1 : rule + 4] == [
        "  Amazon EC2: owner Provider → Customer",
        "  Amazon EC2 · AWS: R/A → —",
        "  Amazon EC2 · Customer: I → R/A",
    ]
    assert lines[rule + 4].startswith("  source: Amazon EC2 User Guide")
    assert lines[-1] == "dry run: nothing written"
    assert path.read_bytes() == before


def test_validate_says_a_stale_rule_book_once_and_opening_rewrites_nothing(
    tmp_path: Path,
) -> None:
    path = _stale_file(tmp_path)
    before = path.read_bytes()
    code, out = run("validate", str(path))
    assert code == 0
    assert out.splitlines() == [
        "warning: filled by rule book aws 2026.01.15, the current one is aws "
        f"{get_provider('aws').rules.version}: re-filling would change 2 cells in 1 row that "
        "no override holds; review them with `srm autofill PROJECT --dry-run`"
    ]
    assert run("diff", str(path), str(path))[0] == 0
    assert path.read_bytes() == before
    code, out = run("autofill", str(path))  # asked for: applied and stamped
    assert code == 0
    assert out.splitlines()[-1].startswith(f"{path}: rule book aws 2026.01.15 → aws ")
    assert run("validate", str(path))[1] == ""


# -- export --since ----------------------------------------------------------------------------


def test_export_since_adds_the_changes_sheet(
    versions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    old, new = versions
    out_path = tmp_path / "review.xlsx"
    code, out = run("export", str(new), "-o", str(out_path), "--since", str(old))
    assert code == 0
    assert "Changes sheet: since demo.srm: entries: 1 added, 1 changed; 2 cells changed" in out
    sheet = openpyxl.load_workbook(out_path)["Changes"]
    assert sheet["A1"].value == "Demo: what changed since demo.srm"
    # --since is for the workbook; a CSV has no sheets: refused, nothing written.
    code, out = run("export", str(new), "-o", str(tmp_path / "x.csv"), "--since", str(old))
    assert (code, out) == (2, "")
    assert "use .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
    bad = tmp_path / "bad.srm"
    bad.write_text("{}")
    assert run("export", str(new), "-o", str(tmp_path / "y.xlsx"), "--since", str(bad))[0] == 2
    assert not (tmp_path / "y.xlsx").exists()


def test_difftool_runs_srm_diff_on_the_two_versions(repo: Path) -> None:
    """The README's `git difftool` setup, for real."""
    srm = f"{sys.executable} -m srm_desktop.cli"
    _git(repo, "config", "difftool.srm.cmd", f'{srm} diff "$LOCAL" "$REMOTE"')
    path = repo / "matrices" / "demo.srm"
    _edited(path, path)
    out = _git(repo, "difftool", "-y", "-t", "srm", "--", "matrices/demo.srm")
    assert "  Guest operating system · AWS: — → A (rule → manual)" in out
    assert out.splitlines()[1] == "+++ matrices/demo.srm"


def test_text_shows_bidirectional_controls_in_names(tmp_path: Path) -> None:
    """A name that reorders text ("Trojan source") is shown with its control, not obeyed."""
    old = new_project(tmp_path, "ec2")
    aws = get_provider("aws")
    project = edits.update_service(load_project(old), aws, "ec2", name="Edge\u202eNDC")
    save_project(project, tmp_path / "new.srm", backup=False)
    for argv in (
        ("diff", str(old), str(tmp_path / "new.srm")),
        ("diff", str(tmp_path / "new.srm"), "--textconv"),
    ):
        out = run(*argv)[1]
        assert "Edge⟨U+202E⟩NDC" in out
        assert "\u202e" not in out


def test_whatif_aligns_the_counts_of_names_shown_with_their_controls(tmp_path: Path) -> None:
    """A party name with a bidi control prints as ⟨U+202E⟩; the counts still line up."""
    path = new_project(tmp_path, "ec2")
    assert run("set", str(path), "--name", "Demo")[0] == 0
    text = path.read_text(encoding="utf-8").replace(
        '"name": "Customer"', '"name": "Cust\\u202eomer"'
    )
    path.write_text(text, encoding="utf-8")
    code, out = run("whatif", str(path), "--entry", "Amazon EC2", "--to", "ecs:fargate")
    assert code == 0
    rows = [
        line
        for line in out.splitlines()
        if "→" in line and line.startswith("  ") and line.rstrip()[-1].isdigit() and "·" not in line
    ]
    arrows = {line.index("→") for line in rows}
    assert len(rows) >= 2, out
    assert len(arrows) == 1, rows
    assert "Cust⟨U+202E⟩omer" in out
