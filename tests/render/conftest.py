"""The renderer's tests run inside pytest-qt's ``QApplication`` (``ensure_app`` finds it): a
``QGuiApplication`` of their own would stop the GUI tests that follow from making theirs."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _application(qapp: object) -> object:
    return qapp
