"""The ``srm-desktop`` entry point's argument handling (the event loop itself is not run)."""

from __future__ import annotations

from srm_desktop.ui.application import run


def test_help_and_too_many_files(capsys) -> None:
    assert run(["--help"]) == 0
    assert "usage: srm-desktop" in capsys.readouterr().out
    assert run(["a.srm", "b.srm"]) == 2
    assert "at most one" in capsys.readouterr().err
