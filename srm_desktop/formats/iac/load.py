"""Reading several IaC files into one inventory, and merging it into a project: the one
pipeline (read_inventory -> found_services -> merge_inventory) the CLI and the GUI share."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.inventory_merge import MergeResult, merge_inventory
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.iac.inventory import Inventory, build_inventory, found_services
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


@dataclass(frozen=True)
class InventoryImport:
    """What reading infrastructure code proposes: the files read, what was found in them (with
    reasons), and the project with the found services merged in."""

    documents: list[IacDocument]
    inventory: Inventory
    result: MergeResult

    def keeping_variants(
        self, project: Project, provider: Provider, entry_ids: Collection[str]
    ) -> MergeResult:
        """The merge again, with the variant changes of ``entry_ids`` declined (the entries keep
        the variant typed by the architect); the preview's tick boxes and ``--keep-variants``."""
        return merge_inventory(
            project,
            provider,
            found_services(self.inventory),
            [d.source for d in self.documents],
            keep_variants=entry_ids,
        )


def import_inventory(
    project: Project,
    provider: Provider,
    paths: Sequence[str | Path],
    project_path: Path | str | None = None,
) -> InventoryImport:
    """Read ``paths`` and merge what they hold into ``project``; nothing is written.

    ``project_path`` is where the project is (or will be) saved: the evidence names files
    relative to its folder.
    """
    base = Path(project_path).resolve().parent if project_path is not None else None
    documents, inventory = read_inventory(paths, provider, base)
    result = merge_inventory(
        project, provider, found_services(inventory), [d.source for d in documents]
    )
    return InventoryImport(documents, inventory, result)
