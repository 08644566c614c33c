"""Rendering through Qt's own painting, without a window: the report's PDF.

The one package besides ``ui`` that may import PySide6, and only ``QtCore``/``QtGui`` (never
``QtWidgets``): it runs in the headless ``srm`` command under ``QT_QPA_PLATFORM=offscreen``,
creating a ``QGuiApplication`` when none exists. ``cli`` imports it lazily (only ``srm report
x.pdf`` loads Qt), ``ui`` at the export; ``domain`` and ``formats`` never (docs/decisions.md).
"""
