"""``srm new``, ``catalog``, ``autofill`` and ``validate``: the commands that need only the domain
and the project file (no openpyxl, no YAML; ``new --from`` loads the IaC readers when asked)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from srm_desktop.cli.common import EXIT_FINDINGS, EXIT_OK, check_unlocked, open_project
from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.change_set import visible
from srm_desktop.domain.errors import InputError, SrmError
from srm_desktop.domain.factory import (
    PROPERTIES,
    name_problem,
    new_project,
    property_problem,
    with_properties,
)
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.validation import error_count, has_errors, validate
from srm_desktop.formats.project_file import save_project


def cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.out)
    if target.exists() and not args.force:
        raise InputError(str(target), "already exists; use --force to replace it")
    for flag, values in (("--name", [args.name]), ("--team", args.team)):
        for value in values:  # the loader's rules, before anything is built or written
            problem = name_problem(value)
            if problem is not None:
                raise InputError("srm new", f"{value!r}: {problem}", flag)
    if target.exists():
        check_unlocked(target, args.force)
    provider = get_provider(args.provider)
    try:
        project = new_project(args.name, provider, args.service, args.team)
    except SrmError as exc:
        raise InputError("srm new", str(exc)) from None
    if args.from_files:  # every file is read before anything is written
        from srm_desktop.cli.inventory import apply_iac

        project = apply_iac(project, provider, args.from_files, out, target).project
    save_project(project, target)
    findings = validate(project, provider)
    errors = error_count(findings)
    out.write(
        f"created {target}: {len(project.services)} services × {len(project.visible_areas)} "
        f"areas × {len(project.parties)} parties = {project.cell_count} cells; "
        f"{errors} errors, {len(findings) - errors} warnings\n"
    )
    return EXIT_OK


def cmd_set(args: argparse.Namespace, out: TextIO) -> int:
    """``srm set PROJECT [--name N] [--description D] [--owner O] [--review R]``: the project's
    properties, checked as the loader checks them; without a flag, prints them."""
    changes = {f: getattr(args, f) for f in PROPERTIES if getattr(args, f) is not None}
    for field, value in changes.items():  # the loader's rules, before the file is even read
        problem = property_problem(field, value)
        if problem is not None:
            raise InputError("srm set", f"{_short(value)}: {problem}", f"--{field}")
    path = Path(args.project)
    project, _provider = open_project(path)
    if not changes:
        for field in PROPERTIES:
            out.write(f"{field}: {_short(getattr(project, field), 0)}\n")
        return EXIT_OK
    updated = with_properties(project, changes)
    if updated is project:
        out.write(f"{path}: nothing changed\n")
        return EXIT_OK
    check_unlocked(path, args.force)
    save_project(updated, path)
    for field in PROPERTIES:
        old, new = getattr(project, field), getattr(updated, field)
        if old != new:
            out.write(f"{path}: {field}: {_short(old)} -> {_short(new)}\n")
    return EXIT_OK


def _short(value: str, limit: int = 60) -> str:
    """A property on one line: quoted, line breaks shown as \\n, cut at ``limit`` (0: whole)."""
    text = repr(value)
    return text if not limit or len(text) <= limit else text[: limit - 4] + "...'"


def cmd_catalog(args: argparse.Namespace, out: TextIO) -> int:
    provider = get_provider(args.provider)
    for service in provider.catalog.services:
        variants = ",".join(v.key for v in service.variants)
        out.write(f"{service.key}\t{service.name}\t{service.category.value}\t{variants}\n")
    return EXIT_OK


def cmd_autofill(args: argparse.Namespace, out: TextIO) -> int:
    project, provider = open_project(args.project)
    for note in project.migration_notes:
        sys.stderr.write(f"{args.project}: opened from an older version: {note}\n")
    if args.dry_run:
        from srm_desktop.domain.rule_update import pending_update
        from srm_desktop.formats.diff_report import render_rule_update

        out.write(render_rule_update(pending_update(project, provider), args.project))
        out.write("dry run: nothing written\n")
        return EXIT_OK
    filled, report = autofill(project, provider)
    target = args.out or args.project
    # An older file is rewritten at the current schema even when no cell changed.
    if filled is not project or target != args.project or project.migration_notes:
        check_unlocked(Path(target), args.force)
        save_project(filled, target)
    out.write(f"{target}: {report.summary()}\n")
    if project.rule_book and filled.rule_book != project.rule_book:
        out.write(f"{target}: rule book {project.rule_book} → {filled.rule_book}\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    project, provider = open_project(args.project)
    for note in project.migration_notes:  # an older file: what opening it changed, once
        sys.stderr.write(f"{args.project}: opened from an older version: {note}\n")
    findings = validate(project, provider)
    for finding in findings:
        out.write(visible(finding.describe(project)) + "\n")  # a name's U+202E shown, not obeyed
    errors = error_count(findings)
    warnings = len(findings) - errors
    rows = len(project.services) * len(project.visible_areas)
    sys.stderr.write(f"{args.project}: {rows} rows checked, {errors} errors, {warnings} warnings\n")
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK
