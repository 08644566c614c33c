"""``srm report``: the readable report, as one HTML file or a PDF.

HTML needs nothing but the standard library. PDF goes through Qt's own printing
(``srm_desktop.render.pdf``), imported only on that path: ``srm report x.html`` never loads Qt,
and where PySide6 is missing the PDF path says so in one line (exit 2).
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path
from typing import TextIO

from srm_desktop.cli.common import EXIT_OK, open_project
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.project import Party, Project
from srm_desktop.formats.atomic import write_atomic
from srm_desktop.formats.report.html import report_html
from srm_desktop.formats.report.model import Report, build_report, find_party
from srm_desktop.formats.report.text import Paper

SUFFIXES = (".html", ".htm", ".pdf")


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.out)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            args.out,
            f"cannot write a report as {suffix or 'a file without extension'}: use .html or .pdf",
        )
    project, provider = open_project(args.project)
    party = _party(project, args.party) if args.party is not None else None
    paper: Paper = args.paper
    report = build_report(project, provider, party=party, customer_only=args.customer_only)
    if suffix == ".pdf":
        data = _pdf(report, paper, args.out)
    else:
        data = report_html(report, paper).encode("utf-8")
    write_atomic(target, data)
    scope = f" for {party.name}" if party is not None else ""
    out.write(f"wrote {args.out}: report{scope} of {report.services} services, {paper} landscape\n")
    return EXIT_OK


def _party(project: Project, name: str) -> Party:
    found = find_party(project, name)
    if found is not None:
        return found
    names = [p.name for p in project.parties]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
    hint = close or names
    raise InputError(
        "--party",
        f"no party called {name!r} in the project; "
        f"{'closest' if close else 'the parties are'}: {', '.join(hint)}",
    )


def _pdf(report: Report, paper: Paper, where: str) -> bytes:
    try:
        from srm_desktop.render.pdf import report_pdf
    except ImportError as exc:
        raise InputError(
            where, f"a PDF needs Qt (PySide6), which cannot be loaded here ({exc}); write .html"
        ) from None
    return report_pdf(report, paper)
