"""``srm inventory`` and ``srm new --from``: the inventory read from infrastructure code.

Kept apart from ``cli.py`` so the command can grow without crowding it; ``cli.build_parser``
calls :func:`add_parser` for the ``inventory`` command and :func:`add_new_options` for
``new``'s ``--from``, and ``cmd_new`` calls :func:`apply_iac` when ``--from`` is given. Every
file is read and checked before anything is written: an unreadable or non-IaC file is one
:class:`InputError` (exit 2, one line naming the file) and leaves the project untouched.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.inventory_merge import MergeResult, merge_inventory
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.formats.iac.inventory import found_services
from srm_desktop.formats.iac.load import read_inventory
from srm_desktop.formats.iac.report import describe_documents, describe_inventory, describe_merge
from srm_desktop.formats.project_file import load_project, save_project

EXIT_OK = 0


def apply_iac(
    project: Project,
    provider: Provider,
    paths: Sequence[str],
    out: TextIO,
    project_path: Path | str | None = None,
) -> MergeResult:
    """Read ``paths``, print what was found and why, and merge it into ``project``.

    ``project_path`` is where the project is (or will be) saved: evidence names files relative
    to its folder.
    """
    base = Path(project_path).resolve().parent if project_path is not None else None
    documents, inventory = read_inventory(paths, provider, base)
    result = merge_inventory(
        project, provider, found_services(inventory), [d.source for d in documents]
    )
    lines = describe_documents(documents)
    lines += describe_inventory(inventory, provider.catalog)
    lines += describe_merge(result)
    out.write("\n".join(lines) + "\n")
    return result


def cmd_inventory(args: argparse.Namespace, out: TextIO) -> int:
    """``srm inventory PROJECT --from FILE... [-o OUT] [--dry-run]``."""
    project = load_project(args.project)
    try:
        provider = get_provider(project.provider)
    except InputError:
        raise InputError(
            args.project, f"unknown provider {project.provider!r}", "$.provider"
        ) from None
    target = args.out or args.project
    result = apply_iac(project, provider, args.sources, out, target)
    if args.dry_run:
        out.write("dry run: nothing written\n")
    elif result.project != project or target != args.project:
        save_project(result.project, target)
        out.write(f"wrote {target}: {len(result.project.services)} services\n")
    else:
        out.write(f"{target}: already up to date\n")
    return EXIT_OK


def add_new_options(parser: argparse.ArgumentParser) -> None:
    """``--from FILE`` (repeatable) for the ``new`` command; the value lands in ``from_files``."""
    parser.add_argument(
        "--from",
        dest="from_files",
        action="append",
        default=[],
        metavar="IAC_FILE",
        help="read the inventory from a CloudFormation/SAM template or `terraform show -json` "
        "output (repeat for more)",
    )


def add_parser(subparsers: Any) -> None:
    """Register ``srm inventory`` on the ``srm`` sub-command parsers."""
    p = subparsers.add_parser(
        "inventory", help="fill the service list from CloudFormation, SAM or Terraform JSON"
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "--from",
        dest="sources",
        action="append",
        required=True,
        metavar="FILE",
        help="a template or `terraform show -json` output (repeat for more)",
    )
    p.add_argument("-o", "--out", metavar="OUT", help="write here instead of in place")
    p.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    p.set_defaults(run=cmd_inventory)
