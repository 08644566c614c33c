"""Entry point of ``srm-desktop [FILE]``: the desktop editor."""

from __future__ import annotations

import gc
import os
import sys
import types
from collections.abc import Sequence
from typing import Any

_PLUGIN_LOADER = "pydantic.plugin._loader"


def prepare_start_up() -> None:
    """Start-up speed only, called before anything of the window is imported (deleting it
    changes nothing but speed).

    Python's cycle collector is paused until the window has painted
    (:func:`srm_desktop.ui.application.resume_cycle_collector` turns it back on): imports and
    opening a large file allocate hundreds of thousands of objects, none of them in garbage
    cycles, and the collector walked them all again and again. pydantic looks for plugins in
    every installed package's entry points when the first model is built; the app uses none
    (an explicit ``PYDANTIC_DISABLE_PLUGINS`` wins). Numbers: benchmarks/README.md.
    """
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_loader()


def _skip_plugin_loader() -> None:
    """With plugins disabled, pydantic's plugin loader answers "none" without looking, yet
    importing it imports ``importlib.metadata`` (email, zipfile, csv...: ~20 ms CPU) when the
    first model is built. While plugins are disabled as pydantic reads the setting, a stand-in
    answers the same; any other name asked of it loads the real loader, so a pydantic that
    uses more of it still works."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    if _PLUGIN_LOADER in sys.modules:
        return
    stand_in = types.ModuleType(_PLUGIN_LOADER)

    def get_plugins() -> tuple[()]:
        return ()

    def real(name: str) -> Any:
        if name.startswith("__"):  # the import system's probes (__path__...)
            raise AttributeError(name)
        if sys.modules.get(_PLUGIN_LOADER) is stand_in:
            del sys.modules[_PLUGIN_LOADER]
        import importlib

        return getattr(importlib.import_module(_PLUGIN_LOADER), name)

    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    stand_in.__getattr__ = real  # type: ignore[method-assign]
    sys.modules[_PLUGIN_LOADER] = stand_in


def main(argv: Sequence[str] | None = None) -> int:
    prepare_start_up()
    # Imported here so the headless CLI and the domain never pay for (or need) Qt.
    from srm_desktop.ui.application import run

    return run(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
