"""The headless ``srm`` command: a contract other tools build on (see DESIGN.md).

Exit codes: 0 success; 1 validation errors (``validate``); 2 bad input or usage, with one line
on stderr naming the file and the problem, and nothing written. ``import`` also exits 2 when the
change set has errors (cells it cannot read, rows or parties it cannot match): the workbook is
bad input, the change set is printed so the user can fix it, and nothing is applied.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from srm_desktop import __version__, cli_inventory
from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.errors import InputError, SrmError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import PROVIDERS, Provider, get_provider
from srm_desktop.domain.validation import Severity, validate
from srm_desktop.formats.atomic import write_atomic
from srm_desktop.formats.csv_export import dumps_csv
from srm_desktop.formats.project_file import load_project, save_project
from srm_desktop.formats.workbook import export_workbook, read_change_set

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (plus the usage), exit 2 -- argparse's own, made consistent."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def _open(path: str) -> tuple[Project, Provider]:
    project = load_project(path)
    try:
        provider = get_provider(project.provider)
    except InputError:
        raise InputError(path, f"unknown provider {project.provider!r}", "$.provider") from None
    return project, provider


def cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.out)
    if target.exists() and not args.force:
        raise InputError(str(target), "already exists; use --force to replace it")
    provider = get_provider(args.provider)
    try:
        project = new_project(args.name, provider, args.service, args.team)
    except SrmError as exc:
        raise InputError("srm new", str(exc)) from None
    if args.from_files:  # every file is read before anything is written
        project = cli_inventory.apply_iac(project, provider, args.from_files, out, target).project
    save_project(project, target)
    findings = validate(project, provider)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    out.write(
        f"created {target}: {len(project.services)} services × {len(project.visible_areas)} "
        f"areas × {len(project.parties)} parties = {project.cell_count} cells; "
        f"{errors} errors, {len(findings) - errors} warnings\n"
    )
    return EXIT_OK


def cmd_catalog(args: argparse.Namespace, out: TextIO) -> int:
    provider = get_provider(args.provider)
    for service in provider.catalog.services:
        variants = ",".join(v.key for v in service.variants)
        out.write(f"{service.key}\t{service.name}\t{service.category.value}\t{variants}\n")
    return EXIT_OK


def cmd_autofill(args: argparse.Namespace, out: TextIO) -> int:
    project, provider = _open(args.project)
    filled, report = autofill(project, provider)
    target = args.out or args.project
    if filled is not project or target != args.project:
        save_project(filled, target)
    out.write(f"{target}: {report.summary()}\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    project, provider = _open(args.project)
    findings = validate(project, provider)
    for finding in findings:
        out.write(finding.describe(project) + "\n")
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    rows = len(project.services) * len(project.visible_areas)
    sys.stderr.write(f"{args.project}: {rows} rows checked, {errors} errors, {warnings} warnings\n")
    return EXIT_FINDINGS if errors else EXIT_OK


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    project, provider = _open(args.project)
    target: str = args.out
    suffix = Path(target).suffix.lower()
    if target == "-" or suffix == ".csv":
        text = dumps_csv(project, provider)
        if target == "-":
            out.write(text)
        else:
            write_atomic(Path(target), text.encode("utf-8"))
            out.write(f"wrote {target}: {project.cell_count} cells\n")
        return EXIT_OK
    if suffix == ".xlsx":
        export_workbook(project, provider, target)
        out.write(
            f"wrote {target}: {len(project.services)} services × "
            f"{len(project.visible_areas)} areas × {len(project.parties)} parties\n"
        )
        return EXIT_OK
    raise InputError(
        target, f"cannot export to {suffix or 'a file without extension'}: use .xlsx or .csv"
    )


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    project, provider = _open(args.project)
    changes = read_change_set(project, provider, args.workbook)
    for line in changes.describe(project):
        out.write(line + "\n")
    out.write(changes.summary() + "\n")
    if changes.has_errors:
        raise InputError(
            args.workbook,
            f"{len(changes.errors)} errors in the change set (listed above); nothing applied",
        )
    if args.dry_run:
        out.write("dry run: nothing written\n")
        return EXIT_OK
    if not changes.changes:
        out.write("nothing to apply\n")
        return EXIT_OK
    target = args.out or args.project
    save_project(changes.apply(project), target)
    out.write(f"applied {len(changes.changes)} changes to {target}\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="srm",
        description="Shared responsibility matrices, headless. "
        "Exit codes: 0 ok, 1 validation errors, 2 bad input.",
    )
    parser.add_argument("--version", action="version", version=f"srm {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("new", help="create an auto-filled project")
    p.add_argument("out", metavar="OUT.srm")
    p.add_argument("--name", required=True, help="the workload's name")
    p.add_argument("--provider", default="aws", choices=PROVIDERS)
    p.add_argument(
        "--service",
        action="append",
        default=[],
        metavar="KEY[:VARIANT]",
        help="add an inventory entry (key, name or alias; repeat for more)",
    )
    p.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="NAME",
        help="split the customer into teams (default: one 'Customer' party)",
    )
    cli_inventory.add_new_options(p)
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(run=cmd_new)

    cli_inventory.add_parser(sub)

    p = sub.add_parser("catalog", help="list the provider's services")
    p.add_argument("--provider", default="aws", choices=PROVIDERS)
    p.set_defaults(run=cmd_catalog)

    p = sub.add_parser("autofill", help="re-apply the rules (manual overrides kept)")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("-o", "--out", metavar="OUT", help="write here instead of in place")
    p.set_defaults(run=cmd_autofill)

    p = sub.add_parser("validate", help="check the matrix; exit 1 on errors")
    p.add_argument("project", metavar="PROJECT")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("export", help="write the review workbook (.xlsx) or a flat CSV")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "-o",
        "--out",
        required=True,
        metavar="OUT.xlsx|OUT.csv",
        help="target file (.xlsx or .csv), or - for CSV on stdout",
    )
    p.set_defaults(run=cmd_export)

    p = sub.add_parser(
        "import",
        help="read a reviewed workbook; print its change set and apply it",
        description="Prints every change (service, area, party: old -> new) and every problem "
        "(sheet!cell, value, what is wrong). Applies nothing when there are errors (exit 2).",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("workbook", metavar="WORKBOOK.xlsx")
    p.add_argument("-o", "--out", metavar="OUT", help="write here instead of in place")
    p.add_argument("--dry-run", action="store_true", help="print the change set, write nothing")
    p.set_defaults(run=cmd_import)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        return run(args, out or sys.stdout)
    except SrmError as exc:
        sys.stderr.write(f"srm: {exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("srm: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: still one line, never a traceback, unless asked for
        if os.environ.get("SRM_DEBUG"):
            raise
        sys.stderr.write(
            f"srm: internal error: {type(exc).__name__}: {exc} (set SRM_DEBUG=1 for details)\n"
        )
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
