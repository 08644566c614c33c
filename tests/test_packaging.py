"""A normal (non-editable) `pip install .` ships the resources and every module."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("setuptools", reason="building the wheel needs setuptools (dev extra)")
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
            "--quiet", "-w", str(out),
        ],
        capture_output=True, text=True, check=False, cwd=build,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("srm_desktop-*.whl")
    return built


def test_wheel_contains_every_module_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "srm_desktop").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    data = {
        "srm_desktop/resources/" + p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*.toml")
    }
    assert data, "no data files found in resources/"
    assert data <= names, sorted(data - names)
    examples = {f"srm_desktop/examples/{p.name}" for p in (ROOT / "examples").glob("*.srm")}
    assert examples, "no examples found"
    assert examples <= names, sorted(examples - names)
    assert not [n for n in names if n.endswith(".bak")]  # the examples' backups stay home


def test_installed_wheel_loads_its_catalog_outside_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import srm_desktop;"
        "assert srm_desktop.__file__.startswith(sys.argv[1]), srm_desktop.__file__;"
        "from srm_desktop.domain.provider import get_provider;"
        "from srm_desktop.domain.resources import example_files;"
        "examples = example_files();"
        "assert examples and all(str(p).startswith(sys.argv[1]) for p in examples), examples;"
        "print(len(get_provider('aws').catalog.services))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(target)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 35
