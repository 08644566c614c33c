"""``srm diff``: what changed between two project files, or a file and its git revision.

Exit codes follow diff(1): 0 no differences, 1 differences, 2 bad input (one line on stderr,
nothing written). ``--textconv`` prints one file as line-oriented text for git's ``textconv``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from srm_desktop.cli.common import EXIT_FINDINGS, EXIT_OK, open_project
from srm_desktop.domain.diff import diff_projects
from srm_desktop.domain.errors import InputError
from srm_desktop.formats.diff_report import dump_text, dumps_csv, dumps_json, render_text
from srm_desktop.formats.git_revision import git_version


def cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    if args.textconv:
        if args.new is not None or args.git is not None:
            raise InputError("srm diff", "--textconv takes one file, without --git", "--textconv")
        project, provider = open_project(args.old)
        out.write(dump_text(project, provider))
        return EXIT_OK
    if args.git is not None:
        if args.new is not None:
            raise InputError("srm diff", "--git takes one file (compared with itself at REV)")
        new_label = args.old
        new, _ = open_project(args.old)
        old, _ = git_version(Path(args.old), args.git)
        old_label = f"{args.git}:{args.old}"
    else:
        if args.new is None:
            raise InputError("srm diff", "give two files (OLD NEW), or one file and --git REV")
        old_label, new_label = args.old, args.new
        old, _ = open_project(args.old)
        new, _ = open_project(args.new)
    diff = diff_projects(old, new)
    if args.format == "json":
        out.write(dumps_json(diff, old_label, new_label) + "\n")
    elif args.format == "csv":
        out.write(dumps_csv(diff))
    else:
        out.write(render_text(diff, old_label, new_label))
    return EXIT_OK if diff.empty else EXIT_FINDINGS
