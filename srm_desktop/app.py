"""Entry point of ``srm-desktop [FILE]``: the desktop editor."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Imported here so the headless CLI and the domain never pay for (or need) Qt.
    from srm_desktop.ui.application import run

    return run(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
