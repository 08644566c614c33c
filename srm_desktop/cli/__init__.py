"""The headless ``srm`` command: a contract other tools build on (see DESIGN.md).

Exit codes: 0 success; 1 validation errors (``validate``); 2 bad input or usage, with one line
on stderr naming the file and the problem, and nothing written. ``import`` also exits 2 when the
change set has errors (cells it cannot read, rows or parties it cannot match): the workbook is
bad input, the change set is printed so the user can fix it, and nothing is applied.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

from srm_desktop import __version__
from srm_desktop.cli.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK
from srm_desktop.domain.errors import SrmError
from srm_desktop.domain.provider import PROVIDERS

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_OK", "build_parser", "main"]

Command = Callable[[argparse.Namespace, TextIO], int]


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (plus the usage), exit 2 -- argparse's own, made consistent."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def _lazy(module: str, name: str) -> Command:
    """The command ``name`` of ``srm_desktop.cli.<module>``, imported only when it runs.

    Each command loads only what it uses: ``validate`` never imports openpyxl or YAML.
    """

    def run(args: argparse.Namespace, out: TextIO) -> int:
        command: Command = getattr(importlib.import_module(f"srm_desktop.cli.{module}"), name)
        return command(args, out)

    return run


def _add_force(parser: argparse.ArgumentParser) -> None:
    """``--force``: the commands that write a project in place refuse while a window has it
    open (``cli.common.check_unlocked``) unless told to."""
    parser.add_argument(
        "--force", action="store_true", help="write even while a window has the file open"
    )


def _add_new_options(parser: argparse.ArgumentParser) -> None:
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


def _add_inventory_parser(subparsers: Any) -> None:
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
    _add_force(p)
    p.add_argument(
        "--keep-variants",
        action="store_true",
        help="an entry you typed with another variant than the code shows keeps yours "
        "(default: it takes the code's, keeping its overrides)",
    )
    p.set_defaults(run=_lazy("inventory", "cmd_inventory"))


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
    _add_new_options(p)
    p.add_argument(
        "--force",
        action="store_true",
        help="replace OUT if it exists (even while a window has it open)",
    )
    p.set_defaults(run=_lazy("project", "cmd_new"))

    _add_inventory_parser(sub)

    p = sub.add_parser("catalog", help="list the provider's services")
    p.add_argument("--provider", default="aws", choices=PROVIDERS)
    p.set_defaults(run=_lazy("project", "cmd_catalog"))

    p = sub.add_parser(
        "explain",
        help="per area: owner, what AWS does, what you do, and the page that says so",
    )
    p.add_argument("service", metavar="KEY[:VARIANT]", help="a catalog key, name or alias")
    p.add_argument("--provider", default="aws", choices=PROVIDERS)
    p.set_defaults(run=_lazy("explain", "cmd_explain"))

    p = sub.add_parser("autofill", help="re-apply the rules (manual overrides kept)")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("-o", "--out", metavar="OUT", help="write here instead of in place")
    p.add_argument(
        "--dry-run", action="store_true", help="list what would change, by rule; write nothing"
    )
    _add_force(p)
    p.set_defaults(run=_lazy("project", "cmd_autofill"))

    p = sub.add_parser(
        "set",
        help="show or set the project's properties (name, description, owner, review)",
        description="Without a flag, prints the properties. Each value is checked as the "
        "project file is (exit 2, nothing written); the file is rewritten in place.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--name", help="the workload's name (1-200 characters, one line)")
    p.add_argument("--description", help="what the matrix covers (may be several lines)")
    p.add_argument("--owner", help="the person or team accountable for the matrix ('' clears)")
    p.add_argument(
        "--review", help="where the review stands, e.g. 'v1.3 reviewed 2026-11-30' ('' clears)"
    )
    _add_force(p)
    p.set_defaults(run=_lazy("project", "cmd_set"))

    p = sub.add_parser("validate", help="check the matrix; exit 1 on errors")
    p.add_argument("project", metavar="PROJECT")
    p.set_defaults(run=_lazy("project", "cmd_validate"))

    p = sub.add_parser(
        "export",
        help="write the review workbook (.xlsx), a flat CSV, or a compliance export (--as)",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "-o",
        "--out",
        required=True,
        metavar="OUT.xlsx|OUT.csv",
        help="target file (.xlsx or .csv), or - for CSV on stdout",
    )
    p.add_argument(
        "--since",
        metavar="OLD.srm",
        help="add a Changes sheet: what changed since this version (the last review's)",
    )
    p.add_argument(
        "--as",
        dest="kind",
        metavar="oscal|crm|ccm",
        help="a compliance export instead: OSCAL component definition (.json, or - for stdout), "
        "FedRAMP-style customer responsibility matrix (.xlsx) or CSA CCM SSRM workbook (.xlsx)",
    )
    p.set_defaults(run=_lazy("workbook", "cmd_export"))

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
    _add_force(p)
    p.add_argument(
        "--skip-errors",
        action="store_true",
        help="apply the readable changes and leave the cells with errors as they are",
    )
    p.set_defaults(run=_lazy("workbook", "cmd_import"))
    _add_merge_parser(sub)
    _add_change_parsers(sub)

    _add_report_parser(sub)
    return parser


def _add_merge_parser(subparsers: Any) -> None:
    """Register ``srm merge`` (a git merge driver: ``srm merge %O %A %B``)."""
    p = subparsers.add_parser(
        "merge",
        help="three-way merge of projects (a git merge driver); exit 1 on conflicts",
        description="Merges THEIRS into OURS with BASE as the common ancestor and writes the "
        "result into OURS (git's %O %A %B), or into OUT. Conflicts keep ours and are recorded "
        "in the project (srm validate reports them); exit 0 clean, 1 conflicts, 2 bad input "
        "(nothing written).",
    )
    p.add_argument("base", metavar="BASE")
    p.add_argument("ours", metavar="OURS")
    p.add_argument("theirs", metavar="THEIRS")
    p.add_argument("-o", "--out", metavar="OUT", help="write here instead of into OURS")
    _add_force(p)
    p.set_defaults(run=_lazy("merge", "cmd_merge"))


def _add_change_parsers(sub: Any) -> None:
    """``srm diff`` and ``srm whatif``: what changed, and what would."""
    p = sub.add_parser(
        "diff",
        help="what changed between two projects (exit 0 none, 1 differences, 2 bad input)",
        description="Entries, parties, areas and every cell whose letters, owner, source or "
        "rationale changed, old → new. With --git REV, compares FILE with itself at a git "
        "revision; with --textconv, prints FILE as text for git's textconv.",
    )
    p.add_argument("old", metavar="OLD.srm")
    p.add_argument("new", metavar="NEW.srm", nargs="?")
    p.add_argument("--git", metavar="REV", help="compare OLD.srm with the file at git revision REV")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument(
        "--textconv", action="store_true", help="print one file as line-oriented text (for git)"
    )
    p.set_defaults(run=_lazy("diff", "cmd_diff"))

    p = sub.add_parser(
        "whatif",
        help="what switching one entry to another service or variant would change (writes nothing)",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--entry", required=True, metavar="NAME", help="the entry's name (or id)")
    p.add_argument(
        "--to", required=True, metavar="KEY[:VARIANT]", help="a catalog key, name or alias"
    )
    p.set_defaults(run=_lazy("whatif", "cmd_whatif"))


def _add_report_parser(subparsers: Any) -> None:
    """Register ``srm report``: the readable report (HTML, or PDF through Qt's printing)."""
    p = subparsers.add_parser(
        "report",
        help="write the readable report: one HTML file or a PDF",
        description="Title page, the model in five lines, the owner heat map, what each party "
        "owns, overrides, open findings, sources and sign-off lines.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("-o", "--out", required=True, metavar="OUT.html|OUT.pdf", help="target file")
    p.add_argument("--party", metavar="NAME", help="limit the per-party part to this party")
    p.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="paper, landscape (default a4)"
    )
    p.add_argument(
        "--customer-only",
        action="store_true",
        help="leave out of the heat map the areas the provider owns for every service",
    )
    p.set_defaults(run=_lazy("report", "cmd_report"))


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Command = args.run
    stream = out or sys.stdout
    if stream is None:  # started with stdout closed (`>&-`): say so instead of crashing later
        sys.stderr.write("srm: standard output is closed: nothing done\n")
        return EXIT_BAD_INPUT
    try:
        return run(args, stream)
    except SrmError as exc:
        sys.stderr.write(f"srm: {_one_line(str(exc))}\n")
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
            f"srm: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
            "(set SRM_DEBUG=1 for details)\n"
        )
        return EXIT_BAD_INPUT


def _one_line(text: str) -> str:
    """The one-line contract: any run of whitespace (line breaks included) is one space."""
    return " ".join(text.split())
