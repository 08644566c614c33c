"""Reading several IaC files into one inventory: shared by the CLI and the GUI."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.iac.inventory import Inventory, build_inventory
from srm_desktop.formats.iac.mapping import load_type_map
from srm_desktop.formats.iac.model import IacDocument
from srm_desktop.formats.iac.reader import read_iac, source_label


def read_inventory(
    paths: Sequence[str | Path], provider: Provider, base: Path | None = None
) -> tuple[list[IacDocument], Inventory]:
    """Read every file (all of them, before anything else happens) and build the inventory.

    Files are named relative to ``base`` (the project's folder) in the evidence, so the notes
    stay valid on another machine and a re-import from another directory matches them.
    """
    documents = [read_iac(path, source_label(path, base)) for path in paths]
    labels = [d.source for d in documents]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise InputError(duplicates[0], "given twice with --from")
    inventory = build_inventory(documents, load_type_map(provider.key), provider.catalog)
    return documents, inventory
