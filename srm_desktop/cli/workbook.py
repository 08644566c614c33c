"""``srm export`` and ``srm import``: the review workbook (openpyxl) and the flat CSV.

The workbook package is imported only by the ``.xlsx`` paths, so ``export -o x.csv`` stays light."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from srm_desktop.cli.common import EXIT_OK, check_unlocked, open_project
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.provenance import cut_rationales
from srm_desktop.formats.atomic import write_atomic
from srm_desktop.formats.csv_export import dumps_csv
from srm_desktop.formats.project_file import save_project


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    if getattr(args, "kind", None) is not None:
        if getattr(args, "since", None) is not None:
            raise InputError(args.out, "--since adds a sheet to the review workbook, not to --as")
        from srm_desktop.cli.compliance import cmd_export_compliance

        return cmd_export_compliance(args, out)
    project, provider = open_project(args.project)
    target: str = args.out
    suffix = Path(target).suffix.lower()
    since = None
    if args.since is not None:
        if suffix != ".xlsx":
            raise InputError(target, "--since adds a sheet to the review workbook: use .xlsx")
        from srm_desktop.domain.diff import diff_projects

        old, _old_provider = open_project(args.since)
        since = (diff_projects(old, project), Path(args.since).name)
    if target == "-" or suffix == ".csv":
        text = dumps_csv(project, provider)
        if target == "-":
            out.write(text)
        else:
            write_atomic(Path(target), text.encode("utf-8"))
            out.write(f"wrote {target}: {project.cell_count} cells\n")
        return EXIT_OK
    if suffix == ".xlsx":
        from srm_desktop.formats.workbook import export_workbook

        export_workbook(project, provider, target, since=since)
        out.write(
            f"wrote {target}: {len(project.services)} services × "
            f"{len(project.visible_areas)} areas × {len(project.parties)} parties\n"
        )
        if since is not None:
            out.write(f"Changes sheet: since {since[1]}: {since[0].summary().text()}\n")
        cut = cut_rationales(project)
        if cut:
            out.write(
                f"note: {cut} rows' rationales were longer than an Excel cell holds and were "
                "cut, marked “(cut: see the project for the full text)”\n"
            )
        return EXIT_OK
    raise InputError(
        target, f"cannot export to {suffix or 'a file without extension'}: use .xlsx or .csv"
    )


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    project, provider = open_project(args.project)
    from srm_desktop.formats.workbook import read_change_set

    changes = read_change_set(project, provider, args.workbook).with_findings(project, provider)
    for line in changes.describe(project):
        out.write(line + "\n")
    out.write(changes.summary() + "\n")
    skip = bool(getattr(args, "skip_errors", False))
    if changes.blocking or (changes.has_errors and not skip):
        hint = "" if changes.blocking else " (--skip-errors applies the readable changes)"
        raise InputError(
            args.workbook,
            f"{len(changes.errors)} errors in the change set (listed above); nothing applied"
            + hint,
        )
    if args.dry_run:
        out.write("dry run: nothing written\n")
        return EXIT_OK
    if not changes.changes:
        out.write("nothing to apply\n")
        return EXIT_OK
    target = args.out or args.project
    check_unlocked(Path(target), args.force)
    save_project(changes.apply(project, skip_errors=skip), target)
    skipped = f", skipped {len(changes.errors)} errors" if changes.has_errors else ""
    out.write(f"applied {len(changes.changes)} changes to {target}{skipped}\n")
    return EXIT_OK
