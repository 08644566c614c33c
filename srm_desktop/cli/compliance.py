"""``srm export PROJECT -o OUT --as oscal|crm|ccm``: the compliance exports.

The kind and the target's type are checked before the project is read, so a mistyped ``--as``
costs nothing and writes nothing (one line, exit 2)."""

from __future__ import annotations

import argparse
from typing import TextIO

from srm_desktop.cli.common import EXIT_OK, open_project
from srm_desktop.domain.control_rollup import unmapped_areas
from srm_desktop.formats.compliance import Kind, check_target, export_compliance, parse_kind


def cmd_export_compliance(args: argparse.Namespace, out: TextIO) -> int:
    kind = parse_kind(args.kind)
    target: str = args.out
    check_target(kind, target)
    project, provider = open_project(args.project)
    if target == "-":
        from srm_desktop.formats.oscal import dumps_oscal

        out.write(dumps_oscal(project, provider))
        return EXIT_OK
    controls = export_compliance(kind, project, provider, target)
    framework = "CSA CCM v4.0" if kind is Kind.CCM else "NIST SP 800-53 Rev. 5"
    out.write(
        f"wrote {target}: {kind.label}, {controls} {framework} controls, "
        f"{len(project.services)} services\n"
    )
    missing = unmapped_areas(project)
    if missing:
        names = ", ".join(a.name for a in missing)
        out.write(f"note: no control maps to these areas of this project: {names}\n")
    return EXIT_OK
