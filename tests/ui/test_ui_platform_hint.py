"""When Qt's platform plugin cannot load (on Linux: the xcb plugin's system libraries, or no
display), ``srm-desktop`` says in one line what to install instead of only Qt's message."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from srm_desktop.ui.application import PLATFORM_HINT, platform_failure_hint


def test_the_hint_answers_qts_platform_messages_only() -> None:
    fatal = "This application failed to start because no Qt platform plugin could be initialized."
    assert platform_failure_hint(fatal) == PLATFORM_HINT
    assert platform_failure_hint('Could not load the Qt platform plugin "xcb" in ""') is not None
    assert platform_failure_hint("QFont::setPointSize: Point size <= 0") is None
    assert "libxcb-cursor0" in PLATFORM_HINT
    assert "\n" not in PLATFORM_HINT


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_srm_desktop_prints_the_hint_when_xcb_cannot_start() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"  # no display: the plugin cannot start, whatever is installed
    result = subprocess.run(
        [sys.executable, "-m", "srm_desktop.app"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert PLATFORM_HINT in result.stderr.splitlines()
