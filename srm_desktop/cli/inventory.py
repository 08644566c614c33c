"""``srm inventory`` and ``srm new --from``: the inventory read from infrastructure code.

The parser options live in ``srm_desktop.cli`` (so building the parser never imports the IaC
readers); this module is imported only by ``srm inventory`` and by ``srm new --from``, which calls
:func:`apply_iac`. Every file is read and checked before anything is written: an unreadable or
non-IaC file is one :class:`InputError` (exit 2, one line naming the file) and leaves the project
untouched.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from srm_desktop.cli.common import EXIT_OK, check_unlocked, open_project
from srm_desktop.domain.inventory_merge import MergeResult
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.iac.load import import_inventory
from srm_desktop.formats.iac.report import describe_documents, describe_inventory, describe_merge
from srm_desktop.formats.project_file import save_project


def apply_iac(
    project: Project,
    provider: Provider,
    paths: Sequence[str],
    out: TextIO,
    project_path: Path | str | None = None,
    keep_variants: bool = False,
) -> MergeResult:
    """Read ``paths``, print what was found and why, and merge it into ``project``.

    ``project_path`` is where the project is (or will be) saved: evidence names files relative
    to its folder. An entry typed with another variant than the code shows gets the code's
    variant ("~ variant" in the report) unless ``keep_variants``.
    """
    found = import_inventory(project, provider, paths, project_path)
    result = found.result
    if keep_variants and result.variant_offers:
        offered = [c.entry_id for c in result.variant_offers]
        result = found.keeping_variants(project, provider, offered)
    lines = describe_documents(found.documents)
    lines += describe_inventory(found.inventory, provider.catalog)
    lines += describe_merge(result)
    out.write("\n".join(lines) + "\n")
    return result


def cmd_inventory(args: argparse.Namespace, out: TextIO) -> int:
    """``srm inventory PROJECT --from FILE... [-o OUT] [--dry-run]``."""
    project, provider = open_project(args.project)
    target = args.out or args.project
    keep = bool(getattr(args, "keep_variants", False))
    result = apply_iac(project, provider, args.sources, out, target, keep)
    if args.dry_run:
        out.write("dry run: nothing written\n")
    elif result.project != project or target != args.project:
        check_unlocked(Path(target), args.force)
        save_project(result.project, target)
        out.write(f"wrote {target}: {len(result.project.services)} services\n")
    else:
        out.write(f"{target}: already up to date\n")
    return EXIT_OK
