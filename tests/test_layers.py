"""One-way layers: the domain and formats run with Qt impossible to import."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    class BlockQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "pytestqt"):
                raise ImportError(f"Qt is blocked in this test: {name}")
            return None

    sys.meta_path.insert(0, BlockQt())
    import srm_desktop.domain, srm_desktop.formats
    modules = []
    for package in (srm_desktop.domain, srm_desktop.formats):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
            modules.append(info.name)
    import srm_desktop.cli

    from srm_desktop.domain.factory import new_project
    from srm_desktop.domain.provider import get_provider
    from srm_desktop.domain.validation import validate
    from srm_desktop.formats.csv_export import dumps_csv
    from srm_desktop.formats.project_file import dumps_project, loads_project

    aws = get_provider("aws")
    project = new_project("Qt-free", aws, ["ec2", "lambda:image"], ["Platform", "Security"])
    assert loads_project(dumps_project(project)) == project
    # No Application or Data owner team: their A's fall to Platform, said as two warnings.
    assert [f.code for f in validate(project, aws)] == ["role-without-team"] * 2
    assert dumps_csv(project, aws).count("\\n") == 1 + 2 * len(project.visible_areas) * 3
    assert not [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
    print(len(modules))
    """
)


def test_domain_formats_and_cli_work_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10  # the walk really imported the modules
