"""Entry point of ``srm-desktop [FILE]``: the desktop editor."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence


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


def main(argv: Sequence[str] | None = None) -> int:
    prepare_start_up()
    # Imported here so the headless CLI and the domain never pay for (or need) Qt.
    from srm_desktop.ui.application import run

    return run(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
