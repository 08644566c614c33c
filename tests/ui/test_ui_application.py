"""The ``srm-desktop`` entry point's argument handling (the event loop itself is not run)."""

from __future__ import annotations

import os
import subprocess
import sys

from srm_desktop.ui.application import run


def test_help_and_too_many_files(capsys) -> None:
    assert run(["--help"]) == 0
    assert "usage: srm-desktop" in capsys.readouterr().out
    assert run(["a.srm", "b.srm"]) == 2
    assert "at most one" in capsys.readouterr().err


_STARTUP = """
import sys, tempfile
from PySide6.QtCore import QSettings
from srm_desktop.ui.application import create_app
app = create_app([])
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
from srm_desktop.ui.main_window import MainWindow
window = MainWindow()
print(window.acts.export_workbook.isEnabled(), window.acts.import_workbook.isEnabled())
print(sorted(window.workbook.droppable_suffixes()))
print(" ".join(sorted(sys.modules)))
"""


def test_the_window_opens_without_the_workbook_and_iac_stacks() -> None:
    """openpyxl, PyYAML, the dialogs, the Teams tab's view and the autosave worker load when
    first used, not for the first paint; the workbook actions are still offered (and a
    dropped .xlsx still accepted) when installed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", _STARTUP], capture_output=True, text=True, env=env, check=True
    ).stdout.splitlines()
    assert out[0] == "True True"
    assert out[1] == "['.srm', '.xlsx']"
    loaded = set(out[2].split())
    assert "srm_desktop.ui.main_window" in loaded
    for deferred in (
        "openpyxl",
        "yaml",
        "srm_desktop.formats.workbook",
        "srm_desktop.formats.iac",
        "srm_desktop.ui.dialogs.areas",
        "srm_desktop.ui.dialogs.catalog_picker",
        "srm_desktop.domain.catalog_search",
        "srm_desktop.ui.start_page",
        "srm_desktop.ui.team_view",  # the Teams tab's view: built when the tab is first shown
        "concurrent.futures",  # the autosave worker: started by the first recovery copy
        "srm_desktop.domain.inventory_merge",  # the IaC merge: the inventory only marks its lines
        "srm_desktop.domain.change_set",  # a workbook import's proposal
    ):
        assert deferred not in loaded


def test_the_cycle_collector_comes_back_after_start_up(qapp, monkeypatch) -> None:
    """The entry point pauses the cycle collector for start-up (speed only); once the event
    loop has had its turn it is on again, and a collector that was never paused is left
    alone."""
    import gc

    from PySide6.QtCore import QCoreApplication

    from srm_desktop.app import prepare_start_up
    from srm_desktop.ui.application import resume_cycle_collector

    assert gc.isenabled()
    resume_cycle_collector()  # not paused: nothing to do, nothing frozen
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "mine")  # restored after the test
    prepare_start_up()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "mine"  # an explicit setting wins
    try:
        assert not gc.isenabled()
        resume_cycle_collector()
        assert not gc.isenabled()  # not before the event loop runs
        for _ in range(5):
            QCoreApplication.processEvents()
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


_ENTRY_START = """
import sys
from srm_desktop.app import prepare_start_up
prepare_start_up()
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.provider import get_provider
project = new_project("Shop", get_provider("aws"))
from pydantic import BaseModel
class Checked(BaseModel):
    n: int
assert Checked.model_validate({"n": "3"}).n == 3  # models built and checked as usual
print("importlib.metadata" in sys.modules)
from srm_desktop.ui.application import create_app
app = create_app([])
table = sys.modules["shibokensupport.feature"].pyside_feature_dict
print(table.get("srm_desktop.domain.project"), table.get("pydantic"))
from pydantic.plugin._loader import get_plugins, _plugins  # another name: the real loader
print(list(get_plugins()), _plugins, "importlib.metadata" in sys.modules)
"""


def test_the_entry_point_skips_the_plugin_scan_and_pyside6_source_reads(tmp_path) -> None:
    """Start-up speed: with pydantic's plugins disabled (the entry point's default), the
    first model is built without importing ``importlib.metadata``, and the modules loaded
    before PySide6 are not read again by its import hook; anything else asked of pydantic's
    plugin loader is the real one's answer. An explicit plugin setting is left alone."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SRM_CACHE_DIR": str(tmp_path)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    out = subprocess.run(
        [sys.executable, "-c", _ENTRY_START], capture_output=True, text=True, env=env, check=True
    ).stdout.splitlines()
    assert out == ["False", "-1 -1", "[] None True"]
    env["PYDANTIC_DISABLE_PLUGINS"] = "some-plugin"
    out = subprocess.run(
        [sys.executable, "-c", _ENTRY_START], capture_output=True, text=True, env=env, check=True
    ).stdout.splitlines()
    assert out[0] == "True"  # pydantic's own loader, which reads the entry points
