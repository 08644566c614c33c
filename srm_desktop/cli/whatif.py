"""``srm whatif``: an entry switched to another service or variant, shown and never written."""

from __future__ import annotations

import argparse
from typing import TextIO

from srm_desktop.cli.common import EXIT_OK, open_project
from srm_desktop.domain.errors import EditError, InputError
from srm_desktop.domain.whatif import find_entry, resolve_target, what_if
from srm_desktop.formats.diff_report import render_what_if


def cmd_whatif(args: argparse.Namespace, out: TextIO) -> int:
    project, provider = open_project(args.project)
    try:
        entry = find_entry(project, args.entry)
    except EditError as exc:
        raise InputError("srm whatif", str(exc), "--entry") from None
    try:
        resolve_target(provider, args.to)
    except EditError as exc:
        raise InputError("srm whatif", str(exc), "--to") from None
    out.write(render_what_if(what_if(project, provider, entry.id, args.to), provider))
    return EXIT_OK
