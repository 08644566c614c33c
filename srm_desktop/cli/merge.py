"""``srm merge BASE OURS THEIRS [-o OUT]``: the three-way merge, shaped as a git merge driver.

Git runs a merge driver as ``srm merge %O %A %B``: the ancestor, ours and theirs as temporary
files, the result expected in ours (``%A``), exit 0 for a clean merge and non-zero for a
conflict. So without ``-o`` the result replaces OURS. A conflicting merge still writes a valid
project -- ours in each conflict, the conflicts recorded (``domain/merge.py``) -- and exits 1;
bad input (a damaged, newer or foreign file, projects of different providers) exits 2 before
anything is written, so OURS stays byte-identical and git reports the merge as failed.

The window's lock is honoured on the file written, as the other in-place commands do: a window
with OURS open would overwrite the merge on its next save. Git hands the driver a temporary
copy (``.merge_file_*``), which no window has open, so a window open on the work-tree file --
or a stale lock -- never blocks ``git merge``; git then writes the result into the work tree,
where the window's outside-change watch notices it. No ``.bak`` is written: next to git's
temporary file it would be left behind in the work tree.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from srm_desktop.cli.common import EXIT_FINDINGS, EXIT_OK, check_unlocked, open_project
from srm_desktop.domain.change_set import visible
from srm_desktop.domain.conflict import conflict_place, conflict_summary
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.merge import MergeRefused, merge_projects
from srm_desktop.formats.project_file import save_project


def cmd_merge(args: argparse.Namespace, out: TextIO) -> int:
    paths = {"base": Path(args.base), "ours": Path(args.ours), "theirs": Path(args.theirs)}
    target = Path(args.out) if args.out else paths["ours"]
    base, _ = open_project(paths["base"])
    ours, provider = open_project(paths["ours"])
    theirs, _ = open_project(paths["theirs"])
    try:
        result = merge_projects(base, ours, theirs, provider)
    except MergeRefused as exc:
        raise InputError(str(paths[exc.side]), exc.problem) from None
    check_unlocked(target, args.force)
    save_project(result.project, target, backup=False)
    project = result.project
    for conflict in result.conflicts:
        where = conflict_place(project, conflict)
        line = f"conflict: {where}: {conflict_summary(conflict)}"
        out.write(f"{target}: {visible(line)}\n")  # a name's U+202E shown, not obeyed
    left = len(project.conflicts)
    earlier = left - len(result.conflicts)
    more = f" ({earlier} left from an earlier merge)" if earlier else ""
    if left:
        sys.stderr.write(
            f"{target}: merged with {left} conflict{'s' if left != 1 else ''}{more}; ours is "
            "kept in each: resolve them in the window (Problems: Take Ours / Take Theirs); "
            "srm validate lists them\n"
        )
        return EXIT_FINDINGS
    sys.stderr.write(f"{target}: merged cleanly\n")
    return EXIT_OK
