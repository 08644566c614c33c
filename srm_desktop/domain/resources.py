"""Finding the data files in ``resources/``.

The top-level ``resources/`` folder is installed as the package ``srm_desktop.resources``
(see pyproject.toml), so ``importlib.resources`` finds it after a normal ``pip install .`` as well
as in an editable checkout. Reading goes through :class:`importlib.abc.Traversable`, which also
works from a zip.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from srm_desktop.domain.errors import InputError

_PACKAGE = "srm_desktop.resources"
_EXAMPLES = "srm_desktop.examples"


def root() -> Traversable:
    """The resources folder, wherever the package was installed."""
    try:
        return resources.files(_PACKAGE)
    except ModuleNotFoundError:  # running from a source tree that was never installed
        return Path(__file__).resolve().parents[2] / "resources"


def read_toml(*parts: str) -> dict[str, Any]:
    """Parse a TOML data file below the resources root; a broken file names itself and the line."""
    node = root()
    for part in parts:
        node = node / part
    name = "resources/" + "/".join(parts)
    try:
        return tomllib.loads(node.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(name, "missing from the installation") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(name, f"not valid TOML: {exc}") from None


def example_files() -> list[Path]:
    """The shipped example projects (``*.srm``), sorted by name.

    The top-level ``examples/`` folder is installed as ``srm_desktop.examples`` (see
    pyproject.toml), found like the resources; a checkout that was never installed reads the
    folder itself. Only examples on disk are listed (the window opens files by path)."""
    try:
        folder: Traversable = resources.files(_EXAMPLES)
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parents[2] / "examples"
    try:
        found = [Path(str(node)) for node in folder.iterdir() if node.name.endswith(".srm")]
    except OSError:
        return []
    return sorted((p for p in found if p.is_file()), key=lambda p: p.name)
